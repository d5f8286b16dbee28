// libFuzzer target: the desired-SQL front end (parse, build, normalize, function-body checks)
// and the differ over what it builds. No input may crash any of them.
#include <cstddef>
#include <cstdint>
#include <string>

#include "schemasync/model.h"
#include "schemasync/parse.h"
#include "schemasync/plan.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto desired = schemasync::ParseDesired(text, "fuzz.sql");
  if (desired.ok()) {
    const schemasync::Schema empty;
    (void)schemasync::Fingerprint(*desired);
    (void)schemasync::BuildPlan(empty, *desired);     // create everything
    (void)schemasync::BuildPlan(*desired, empty);     // drop everything
    (void)schemasync::BuildPlan(*desired, *desired);  // nothing to do
  }
  // The catalog helpers take the server's DDL text through the same normalizer.
  if (size < 4096) {
    (void)schemasync::ParseExpression(text);
    (void)schemasync::ParseIndexDef(text);
    (void)schemasync::ParseConstraintDef({"public", "t"}, "c", text);
    (void)schemasync::ParseTriggerDef(text);
    (void)schemasync::CanonicalPartitionKey(text);
    (void)schemasync::CanonicalPartitionBound(text);
  }
  return 0;
}
