// Plan -> database: serialized by an advisory lock, bounded by lock and statement timeouts,
// transactional steps in one transaction.
#pragma once

#include <functional>
#include <string>

#include "schemasync/database.h"
#include "schemasync/plan.h"
#include "schemasync/result.h"

namespace schemasync {

struct ApplyOptions {
  int lock_timeout_ms = 5000;       // per statement: fail fast instead of queueing behind locks
  int statement_timeout_ms = 0;     // 0: none
  int apply_lock_wait_ms = 60000;   // how long a second apply waits for the first
  // Called before each step (index from 0, total); may be empty.
  std::function<void(size_t, size_t, const Step&)> on_step;
};

// Applies the steps. On failure of a transactional step nothing of the transactional part
// remains; the error names the step, its SQL and the server's message.
Status Apply(Database& db, const Plan& plan, const ApplyOptions& options);

}  // namespace schemasync
