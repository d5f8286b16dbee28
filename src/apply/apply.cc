// Applying a plan (see apply.h).
#include "schemasync/apply.h"

#include "util/quote.h"

namespace schemasync {
namespace {

// One advisory lock key per database for every schemasync apply.
constexpr const char* kLockKey = "pg_catalog.hashtext('schemasync apply')";

Error StepError(size_t i, size_t n, const Step& s, const Error& e, int lock_timeout_ms) {
  std::string hint;
  if (e.message.find("lock timeout") != std::string::npos) {
    hint = "\n  hint: another transaction holds a lock on this object; the step gave up after " +
           std::to_string(lock_timeout_ms / 1000.0).substr(0, 4) +
           "s instead of queueing (and blocking every query behind it). Retry when it is done, or raise --lock-timeout.";
  }
  return MakeError(ErrorKind::kApply, "step " + std::to_string(i + 1) + " of " + std::to_string(n) + " (" + s.kind +
                                          " " + s.object + ") failed: " + e.message + "\n  SQL: " + s.sql + hint);
}

}  // namespace

Result<ApplyLock> ApplyLock::Acquire(Database& db, int wait_ms) {
  Rows previous;
  TRY_ASSIGN(previous, db.Query("SELECT pg_catalog.current_setting('lock_timeout')"));
  TRY(db.Exec("SET lock_timeout = " + std::to_string(wait_ms)));
  auto r = db.Exec(std::string("SELECT pg_catalog.pg_advisory_lock(") + kLockKey + ")");
  TRY(db.Exec("SET lock_timeout = " + QuoteLiteral(previous.Get(0, 0))));
  if (!r.ok()) {
    return MakeError(ErrorKind::kApply, "another schemasync apply is running on this database; waited " +
                                            std::to_string(wait_ms / 1000) + "s for it: " + r.error().message);
  }
  return ApplyLock(&db);
}

ApplyLock::~ApplyLock() {
  if (db_) (void)db_->Exec(std::string("SELECT pg_catalog.pg_advisory_unlock(") + kLockKey + ")");
}

Status Apply(Database& db, const Plan& plan, const ApplyOptions& options) {
  const size_t n = plan.steps.size();
  TRY(db.Exec("SET lock_timeout = " + std::to_string(options.lock_timeout_ms)));
  TRY(db.Exec("SET statement_timeout = " + std::to_string(options.statement_timeout_ms)));
  // Steps run in plan order. Each run of transactional steps is one transaction; a step that
  // refuses a transaction block (ALTER TYPE ... ADD VALUE whose value later steps use, CREATE
  // INDEX CONCURRENTLY) runs on its own. The planner puts those first or last, so a plan has
  // one transaction between them.
  size_t committed_alone = 0;
  for (size_t i = 0; i < n;) {
    const Step& first = plan.steps[i];
    if (!first.transactional) {
      if (options.on_step) options.on_step(i, n, first);
      if (auto r = db.Exec(first.sql); !r.ok()) return StepError(i, n, first, r.error(), options.lock_timeout_ms);
      ++committed_alone;
      ++i;
      continue;
    }
    TRY(db.Exec("BEGIN"));
    for (; i < n && plan.steps[i].transactional; ++i) {
      const Step& s = plan.steps[i];
      if (options.on_step) options.on_step(i, n, s);
      if (auto r = db.Exec(s.sql); !r.ok()) {
        (void)db.Exec("ROLLBACK");
        Error e = StepError(i, n, s, r.error(), options.lock_timeout_ms);
        if (committed_alone) {
          e.message += "\n  note: the transaction was rolled back; " + std::to_string(committed_alone) +
                       " earlier step(s) that cannot run inside a transaction stay applied, and the next apply "
                       "continues from there";
        }
        return e;
      }
    }
    if (auto r = db.Exec("COMMIT"); !r.ok()) return MakeError(ErrorKind::kApply, "commit failed: " + r.error().message);
  }
  return Ok();
}

}  // namespace schemasync
