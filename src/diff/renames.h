// Renames the desired SQL asks for (`-- schemasync:renamed-from old`, Schema::renamed_from):
// ALTER ... RENAME steps, and the live schema as it reads once they ran, which the differ then
// compares with the desired one (so the renamed object keeps its rows and is not dropped).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "schemasync/model.h"
#include "schemasync/plan.h"
#include "schemasync/result.h"

namespace schemasync::diff {

struct Renamed {
  Schema live;                        // the live schema after the renames
  std::vector<Step> steps;            // one ALTER ... RENAME each, with its inverse
  std::vector<std::string> warnings;  // annotations that rename nothing, and why
};

// None when the desired schema has no annotation (the live schema is used as it is).
Result<std::optional<Renamed>> PendingRenames(const Schema& live, const Schema& desired);

// "column s.t.a is dropped and column s.t.b added with the same type: if it is a rename, ...":
// for each table on both sides whose dropped and added columns pair up by type.
std::vector<std::string> RenameHints(const Schema& live, const Schema& desired);

}  // namespace schemasync::diff
