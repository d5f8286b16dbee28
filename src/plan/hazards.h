// What running each step does to a database serving traffic: the lock it takes on a relation
// that already exists, what it holds it for, and the hazards that follow. A relation the plan
// creates has no readers or writers yet: its steps take none.
#pragma once

#include <vector>

#include "schemasync/model.h"
#include "schemasync/plan.h"

namespace schemasync::plan {

// Adds hazards (blocks_writes, blocks_reads, index_build, index_dropped, validation_scan,
// table_rewrite, authz_change, backfill) and Step::lock to `steps`, a plan from `live` to
// `desired`; and the same of each step's inverse as revert runs it on `desired`
// (Step::reverse_hazards, Step::reverse_lock).
void AssessHazards(std::vector<Step>& steps, const Schema& live, const Schema& desired);

}  // namespace schemasync::plan
