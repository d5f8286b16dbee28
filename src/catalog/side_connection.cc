// A second connection for the catalog read (see side_connection.h).
#include "schemasync/side_connection.h"

#include <condition_variable>
#include <mutex>
#include <optional>

#include "util/quote.h"
#include "util/threads.h"

namespace schemasync {

struct SideConnection::State {
  enum class Stage {
    kIdle,       // nothing offered yet
    kOffered,    // work waiting for the side to connect
    kRunning,    // the side runs it
    kDone,       // it ran: `outcome`
    kWithdrawn,  // the caller took it back, or the side cannot run it
  };
  std::mutex mu;
  std::condition_variable changed;
  Stage stage = Stage::kIdle;
  std::string snapshot;
  std::function<Status(Database&)> work;
  Status outcome = Ok();
  std::optional<Database> db;  // set by the thread once connected (under `mu`); used by others after Join
  std::unique_ptr<util::BigStackThread> thread;

  // Runs on the side's thread.
  void Run(const std::function<Result<Database>()>& connect) {
    auto connected = connect();
    std::unique_lock lock(mu);
    if (!connected.ok()) {
      if (stage == Stage::kOffered) outcome = connected.error();
      stage = Stage::kWithdrawn;
      changed.notify_all();
      return;
    }
    db.emplace(std::move(*connected));
    changed.notify_all();  // (no one waits for the connection itself: Finish waits for the work)
    changed.wait(lock, [&] { return stage != Stage::kIdle; });
    if (stage != Stage::kOffered) return;  // withdrawn before anything was offered
    stage = Stage::kRunning;
    lock.unlock();
    Status st = RunInSnapshot();
    lock.lock();
    outcome = st;
    stage = Stage::kDone;
    changed.notify_all();
  }

  Status RunInSnapshot() {
    Database& d = *db;
    TRY(d.Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
    Status st = d.Exec("SET TRANSACTION SNAPSHOT " + QuoteLiteral(snapshot));
    if (st.ok()) st = work(d);
    Status ended = d.Exec(st.ok() ? "COMMIT" : "ROLLBACK");
    if (!st.ok()) return st;
    return ended;
  }

  // The caller's side of a withdrawal: what has not started never will.
  void WithdrawUnstarted() {
    std::lock_guard lock(mu);
    if (stage == Stage::kIdle || stage == Stage::kOffered) {
      stage = Stage::kWithdrawn;
      changed.notify_all();
    }
  }
};

SideConnection::SideConnection(std::function<Result<Database>()> connect) : state_(std::make_unique<State>()) {
  State* s = state_.get();
  s->thread = std::make_unique<util::BigStackThread>([s, connect = std::move(connect)] { s->Run(connect); });
  if (!s->thread->started()) s->stage = State::Stage::kWithdrawn;  // no thread: the caller does it all
}

SideConnection::~SideConnection() {
  state_->WithdrawUnstarted();
  state_->thread->Join();
}

bool SideConnection::Offer(std::string snapshot, std::function<Status(Database&)> work) {
  std::lock_guard lock(state_->mu);
  if (state_->stage != State::Stage::kIdle) return false;
  state_->snapshot = std::move(snapshot);
  state_->work = std::move(work);
  state_->stage = State::Stage::kOffered;
  state_->changed.notify_all();
  return true;
}

Status SideConnection::Finish() {
  std::unique_lock lock(state_->mu);
  using Stage = State::Stage;
  if (state_->stage == Stage::kIdle) {  // nothing offered
    state_->stage = Stage::kWithdrawn;
    state_->changed.notify_all();
    return MakeError(ErrorKind::kCatalog, "nothing was offered to the side connection");
  }
  // Offered: the side runs it once connected, or gives it back if it cannot connect. Both
  // connections were opened at the same moment to the same server: waiting for the side's costs
  // no more than the main one took, and the run does the same work in the same statements
  // however the two threads happen to interleave.
  state_->changed.wait(lock, [&] { return state_->stage == Stage::kDone || state_->stage == Stage::kWithdrawn; });
  if (state_->stage == Stage::kWithdrawn) {
    return state_->outcome.ok() ? MakeError(ErrorKind::kCatalog, "the side connection did not run it") : state_->outcome;
  }
  return state_->outcome;
}

void SideConnection::Close() {
  std::lock_guard lock(state_->mu);
  if (state_->stage == State::Stage::kIdle) {
    state_->stage = State::Stage::kWithdrawn;
    state_->changed.notify_all();
  }
}

Database* SideConnection::Connection() {
  {
    // Wait until the catalog read has used the side or closed it (or the side gave up).
    std::unique_lock lock(state_->mu);
    using Stage = State::Stage;
    state_->changed.wait(lock, [&] { return state_->stage == Stage::kDone || state_->stage == Stage::kWithdrawn; });
  }
  state_->thread->Join();
  return state_->db ? &*state_->db : nullptr;
}

}  // namespace schemasync
