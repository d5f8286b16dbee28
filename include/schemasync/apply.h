// Plan -> database: serialized by an advisory lock, bounded by lock and statement timeouts,
// transactional steps in one transaction, the others after it, one by one.
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
  // Called before each step (index from 0, total); may be empty.
  std::function<void(size_t, size_t, const Step&)> on_step;
};

// Holds the per-database advisory lock that serializes schemasync applies; released on
// destruction (or when the session ends).
class ApplyLock {
 public:
  // Waits up to wait_ms for a concurrent apply to finish (polling, with no transaction open
  // meanwhile, so that the other apply's CREATE INDEX CONCURRENTLY never waits for this one);
  // then fails naming the wait.
  static Result<ApplyLock> Acquire(Database& db, int wait_ms);
  ApplyLock(ApplyLock&& o) noexcept : db_(o.db_) { o.db_ = nullptr; }
  ApplyLock& operator=(ApplyLock&&) = delete;
  ~ApplyLock();

 private:
  explicit ApplyLock(Database* db) : db_(db) {}
  Database* db_;
};

// Applies the steps: the transactional ones in one transaction (any failure rolls all of them
// back; the error names the step, its SQL and the server's message), the others on their own
// before or after it. A failure before anything was committed is ErrorKind::kApply (the
// database is as it was); after some steps were committed it is ErrorKind::kPartialApply, whose
// message lists the committed steps and the rest (the next apply resumes: it plans from what is
// there). A non-transactional step that fails leaves what it built for the next run to redo.
Status Apply(Database& db, const Plan& plan, const ApplyOptions& options);

}  // namespace schemasync
