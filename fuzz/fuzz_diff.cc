// libFuzzer target: the differ and planner on two schemas at once. The input is two desired-SQL
// texts separated by a line "-- desired --": the first plays the live database, the second the
// desired state. No pair may crash the differ, and every plan must reverse.
#include <cstddef>
#include <cstdint>
#include <string>

#include "schemasync/model.h"
#include "schemasync/parse.h"
#include "schemasync/plan.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  const std::string separator = "\n-- desired --\n";
  size_t at = text.find(separator);
  std::string live_sql = at == std::string::npos ? text : text.substr(0, at);
  std::string desired_sql = at == std::string::npos ? "" : text.substr(at + separator.size());
  auto live = schemasync::ParseDesired(live_sql, "live.sql");
  auto desired = schemasync::ParseDesired(desired_sql, "desired.sql");
  if (!live.ok() || !desired.ok()) return 0;
  auto plan = schemasync::BuildPlan(*live, *desired);
  if (plan.ok()) (void)plan->Reverse();
  auto back = schemasync::BuildPlan(*desired, *live);
  if (back.ok()) (void)back->Reverse();
  return 0;
}
