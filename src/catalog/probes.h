// Server-side probes: statements run and undone on the live server, to read back how PostgreSQL
// itself spells something (a view's query, a typed literal, a partition bound, a CHECK).
//
// All probes of a call go to the server in a fixed number of round trips, whatever their number:
// a temporary PL/pgSQL function runs each one in its own subtransaction, reads its rows, then
// raises to roll the subtransaction back (PL/pgSQL keeps the variables assigned in a block whose
// exception it catches; the locks and catalog rows of the block go). So 10,000 views cost what
// one does in latency, and no probe's locks pile up in the transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "schemasync/database.h"
#include "schemasync/model.h"

namespace schemasync {

struct Probe {
  std::string setup;  // statements run first, in the probe's subtransaction; may be empty
  std::string query;  // the rows read back; every column must be text (cast in the query)
};

// "a integer, b text COLLATE \"C\"": the definitions of a temporary table standing for a table of
// these columns in a probe (to print its CHECKs, a partition bound, a row filter against them).
std::string ProbeColumns(const std::vector<Column>& columns);

// One entry per probe, in order: its rows, or nullopt when its setup or query failed (an error
// of the probe is an answer, not a failure of the call). Runs in its own transaction, rolled
// back: call it outside one. A server without PL/pgSQL, or a role without TEMP, is served one
// round trip per probe instead.
Result<std::vector<std::optional<Rows>>> RunProbes(Database& db, const std::vector<Probe>& probes);

// For each `CREATE ... VIEW schemasync_canonical ...` statement (a temporary view), in order:
// pg_get_viewdef of the view it made, or nullopt where it failed. RunProbes' way (a
// subtransaction each, one round trip for all, rolled back), with less work per view.
Result<std::vector<std::optional<std::string>>> RunViewProbes(Database& db, const std::vector<std::string>& creates);

}  // namespace schemasync
