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

}  // namespace schemasync
