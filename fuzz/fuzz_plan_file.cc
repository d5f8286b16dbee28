// libFuzzer target: the plan-file decoder (apply --plan / revert --plan read files from
// anywhere). No input may crash it, and whatever decodes must encode and decode to itself.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "schemasync/plan_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto decoded = schemasync::DecodePlanFile(text);
  if (!decoded.ok()) return 0;
  (void)decoded->plan.Reverse();
  (void)decoded->UnverifiedSet();
  auto again = schemasync::DecodePlanFile(schemasync::EncodePlanFile(*decoded));
  if (!again.ok() || !(*again == *decoded)) std::abort();  // the round trip must be exact
  return 0;
}
