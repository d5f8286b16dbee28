// What running each step does to a database serving traffic: the lock it takes on a relation
// that already exists, what it holds it for, and the hazards that follow. A relation the plan
// creates has no readers or writers yet: its steps take none.
#pragma once

#include <vector>

#include "schemasync/model.h"
#include "schemasync/plan.h"

namespace schemasync::plan {

// Adds hazards (blocks_writes, blocks_reads, index_build, index_dropped, validation_scan,
// table_rewrite, authz_change) and Step::lock to `steps`, a plan from `live`.
void AssessHazards(std::vector<Step>& steps, const Schema& live);

}  // namespace schemasync::plan
