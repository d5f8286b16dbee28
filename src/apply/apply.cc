// Applying a plan (see apply.h).
#include "schemasync/apply.h"

#include <algorithm>
#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <pg_query.h>

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

bool IsConcurrentIndexBuild(const Step& s) {
  return !s.transactional && s.sql.find("INDEX CONCURRENTLY") != std::string::npos && !s.reverse_sql.empty();
}

// The statements of a step's SQL, each as written. A step outside a transaction runs them one
// by one: sent as one string they would form an implicit transaction block, which CREATE INDEX
// CONCURRENTLY refuses (PreventInTransactionBlock). Text the parser rejects goes as it is (the
// server then reports the error).
std::vector<std::string> Statements(const std::string& sql) {
  PgQuerySplitResult split = pg_query_split_with_parser(sql.c_str());
  std::vector<std::string> out;
  if (!split.error) {
    for (int k = 0; k < split.n_stmts; ++k) {
      out.push_back(sql.substr(split.stmts[k]->stmt_location, split.stmts[k]->stmt_len));
    }
  }
  pg_query_free_split_result(split);
  if (out.empty()) out.push_back(sql);
  return out;
}

Status ExecEach(Database& db, const std::string& sql) {
  for (const auto& statement : Statements(sql)) TRY(db.Exec(statement));
  return Ok();
}

}  // namespace

Result<ApplyLock> ApplyLock::Acquire(Database& db, int wait_ms) {
  // Poll with pg_try_advisory_lock from the client instead of waiting inside
  // pg_advisory_lock(): a statement blocked on the lock holds a snapshot, and the first apply's
  // CREATE INDEX CONCURRENTLY waits for every older snapshot to go away (WaitForOlderSnapshots)
  // while that statement waits for the first apply: a deadlock. Between polls this session has
  // no transaction open, so nothing waits for it.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(wait_ms);
  for (int attempt = 0;; ++attempt) {
    Rows r;
    TRY_ASSIGN(r, db.Query(std::string("SELECT pg_catalog.pg_try_advisory_lock(") + kLockKey + ")"));
    if (r.Get(0, 0) == "t") return ApplyLock(&db);
    if (std::chrono::steady_clock::now() >= deadline) {
      return MakeError(ErrorKind::kApply, "another schemasync apply is running on this database; waited " +
                                              std::to_string(wait_ms / 1000) + "s for it (raise --wait to wait longer)");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min(50 + 50 * attempt, 500)));
  }
}

ApplyLock::~ApplyLock() {
  if (db_) (void)db_->Exec(std::string("SELECT pg_catalog.pg_advisory_unlock(") + kLockKey + ")");
}

namespace {

std::string StepLine(size_t i, const Step& s) { return "    step " + std::to_string(i + 1) + ": " + s.kind + " " + s.object + "\n"; }

// The error of a failed apply. Without anything committed the database is as it was; otherwise
// the message says exactly which steps are in and which are not, and that apply resumes (it
// plans from the database as it is: the committed steps are no longer part of the difference).
Error Failure(const Plan& plan, const std::vector<size_t>& committed, Error e, bool left_over = false) {
  if (committed.empty() && !left_over) {
    e.message += "\n  nothing was changed: the database is as it was before this apply";
    return e;
  }
  std::string done, not_done;
  std::set<size_t> in(committed.begin(), committed.end());
  for (size_t i = 0; i < plan.steps.size(); ++i) (in.count(i) ? done : not_done) += StepLine(i, plan.steps[i]);
  e.kind = ErrorKind::kPartialApply;
  if (done.empty()) done = "    (none)\n";
  e.message += "\n  PARTIALLY APPLIED: " + std::to_string(committed.size()) + " of " + std::to_string(plan.steps.size()) +
               " step(s) were committed before the failure and stay applied:\n" + done +
               "  not applied (the failed step and those after it, or rolled back with it):\n" + not_done;
  if (left_over) {
    e.message += "  the failed CREATE INDEX CONCURRENTLY left an INVALID index behind (it could not be dropped now); "
                 "the next apply drops and rebuilds it\n";
  }
  e.message += "  fix the cause, then run apply again: it plans from what is now in the database and resumes";
  return e;
}

}  // namespace

Status Apply(Database& db, const Plan& plan, const ApplyOptions& options) {
  const size_t n = plan.steps.size();
  TRY(db.Exec("SET lock_timeout = " + std::to_string(options.lock_timeout_ms)));
  TRY(db.Exec("SET statement_timeout = " + std::to_string(options.statement_timeout_ms)));
  // Steps run in plan order. Each run of transactional steps is one transaction; a step that
  // refuses a transaction block (ALTER TYPE ... ADD VALUE whose value later steps use, CREATE
  // INDEX CONCURRENTLY) runs on its own, statement by statement, and so does a step that needs a
  // transaction of its own (the second half of an online change: VALIDATE CONSTRAINT). A plan
  // of plain changes is one transaction; an online one commits its catalog changes first.
  std::vector<size_t> committed;
  for (size_t i = 0; i < n;) {
    const Step& first = plan.steps[i];
    if (!first.transactional) {
      if (options.on_step) options.on_step(i, n, first);
      if (auto r = ExecEach(db, first.sql); !r.ok()) {
        Error e = StepError(i, n, first, r.error(), options.lock_timeout_ms);
        bool left_over = false;
        if (IsConcurrentIndexBuild(first)) {
          // A failed CREATE INDEX CONCURRENTLY leaves its catalog entry behind, INVALID (its first
          // phase commits). Its inverse drops it; 42704 (undefined_object): none was made.
          auto undo = ExecEach(db, first.reverse_sql);
          left_over = !undo.ok() && undo.error().sqlstate != "42704";
          e.message += undo.ok() ? "\n  the INVALID index it left was dropped" : "";
        }
        return Failure(plan, committed, std::move(e), left_over);
      }
      committed.push_back(i);
      ++i;
      continue;
    }
    if (auto r = db.Exec("BEGIN"); !r.ok()) return Failure(plan, committed, r.error());
    size_t begin = i;
    // A step of its own transaction ends the run before it and runs alone.
    for (; i < n && plan.steps[i].transactional && (i == begin || !plan.steps[i].own_transaction); ++i) {
      const Step& s = plan.steps[i];
      if (options.on_step) options.on_step(i, n, s);
      if (auto r = db.Exec(s.sql); !r.ok()) {
        (void)db.Exec("ROLLBACK");
        Error e = StepError(i, n, s, r.error(), options.lock_timeout_ms);
        e.message += "\n  the transaction (steps " + std::to_string(begin + 1) + " to " + std::to_string(i + 1) +
                     ") was rolled back";
        return Failure(plan, committed, std::move(e));
      }
      if (s.own_transaction) {
        ++i;
        break;
      }
    }
    if (auto r = db.Exec("COMMIT"); !r.ok()) {
      return Failure(plan, committed, MakeError(ErrorKind::kApply, "commit failed: " + r.error().message));
    }
    for (size_t k = begin; k < i; ++k) committed.push_back(k);
  }
  return Ok();
}

}  // namespace schemasync
