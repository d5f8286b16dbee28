// A second connection for the catalog read: part of the read runs there, in the snapshot of the
// main connection's transaction, while the main connection reads the rest (Introspect: the
// tables and what hangs off them on the main one; the views, types, functions, triggers,
// grants, owners, ... here). The two are CPU-bound server processes on different cores.
//
// The live views come first there (pg_get_viewdef): printing a view opens every relation it
// reads (ruleutils.c, set_relation_column_names), and a backend that has not opened a relation
// yet builds its relation cache entry first: ~0.35 ms a table, a third of a second at 1,000
// views over 1,000 tables. The desired views' probe (CanonicalizeViews) opens the same relations
// to compile the same queries: run on the backend that printed the live views, it finds them
// built. So the views take one warm-up instead of two.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "schemasync/database.h"
#include "schemasync/result.h"

namespace schemasync {

class SideConnection {
 public:
  // Starts connecting with `connect` on a thread of its own.
  explicit SideConnection(std::function<Result<Database>()> connect);
  ~SideConnection();  // withdraws what has not started, waits for what has
  SideConnection(const SideConnection&) = delete;
  SideConnection& operator=(const SideConnection&) = delete;

  // Hands `work` to the side, to run in `snapshot` (pg_export_snapshot() of the caller's open
  // REPEATABLE READ transaction, which must stay open until Finish() returns). False when the
  // side cannot take it (it failed to connect, or was closed): do the work yourself.
  bool Offer(std::string snapshot, std::function<Status(Database&)> work);
  // The offered work's end, waited for (the side connecting first, if it still is): Ok once it
  // ran and succeeded; where the side could not connect, or the work failed, the error says
  // why: then do the work yourself. Call it before ending the transaction the snapshot came from.
  Status Finish();
  // No offer will come (the catalog read is over, or never started): Connection() need not
  // wait for one.
  void Close();

  // The side's connection once it has done its work or been closed, for more work of the
  // caller's; null where it could not connect. Waits for one of the two (from another thread
  // than the one that offers and closes).
  Database* Connection();

  struct State;  // opaque: the thread's connection and the hand-over

 private:
  std::unique_ptr<State> state_;
};

}  // namespace schemasync
