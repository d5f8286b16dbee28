// Names of step kinds and hazards (step_kind.h).
#include "schemasync/step_kind.h"

namespace schemasync {

std::string_view Name(StepKind k) {
  switch (k) {
#define SCHEMASYNC_NAME(e, s) \
  case StepKind::e:           \
    return s;
    SCHEMASYNC_STEP_KINDS(SCHEMASYNC_NAME)
#undef SCHEMASYNC_NAME
  }
  return "unknown";
}

std::string_view Name(Hazard h) {
  switch (h) {
#define SCHEMASYNC_NAME(e, s) \
  case Hazard::e:             \
    return s;
    SCHEMASYNC_HAZARDS(SCHEMASYNC_NAME)
#undef SCHEMASYNC_NAME
  }
  return "unknown";
}

std::optional<StepKind> StepKindNamed(std::string_view name) {
#define SCHEMASYNC_MATCH(e, s) \
  if (name == s) return StepKind::e;
  SCHEMASYNC_STEP_KINDS(SCHEMASYNC_MATCH)
#undef SCHEMASYNC_MATCH
  return std::nullopt;
}

std::vector<std::string> HazardNames() {
  std::vector<std::string> out;
#define SCHEMASYNC_LIST(e, s) out.emplace_back(s);
  SCHEMASYNC_HAZARDS(SCHEMASYNC_LIST)
#undef SCHEMASYNC_LIST
  return out;
}

}  // namespace schemasync
