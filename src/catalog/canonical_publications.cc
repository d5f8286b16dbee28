// The server's spelling of the desired publications' row filters. pg_get_expr prints prqual
// with the casts and the literals parse analysis gave it (at > '2020-01-01' on a timestamptz is
// (at > '2020-01-01 00:00:00+00'::timestamp with time zone)), which no text rule can know. A
// filter that differs from the live one is compiled as a CHECK of a temporary table with the
// desired columns (the same expression deparser prints it), in a rolled-back transaction.
#include "catalog/probes.h"
#include "schemasync/catalog.h"
#include "schemasync/parse.h"
#include "util/quote.h"

namespace schemasync {

Status CanonicalizePublicationFilters(Database& db, const Schema& live, Schema& desired) {
  // Only the mismatches cost a round trip: a schema in sync sends nothing here.
  std::map<QualifiedName, std::vector<std::pair<Expr*, const Expr*>>> work;  // table -> (desired, live)
  for (auto& [name, p] : desired.publications) {
    auto lp = live.publications.find(name);
    if (lp == live.publications.end()) continue;
    for (auto& [t, m] : p.tables) {
      auto lm = lp->second.tables.find(t);
      if (m.where.empty() || lm == lp->second.tables.end() || lm->second.where.empty() || m.where == lm->second.where) continue;
      if (!desired.tables.count(t)) continue;
      work[t].push_back({&m.where, &lm->second.where});
    }
  }
  if (work.empty()) return Ok();
  std::vector<Probe> probes;
  for (auto& [name, filters] : work) {
    const Table& t = desired.tables.at(name);
    std::string sql = "CREATE TEMPORARY TABLE schemasync_filter_probe (" + ProbeColumns(t.columns) + ")";
    for (size_t i = 0; i < filters.size(); ++i) {
      sql += "; ALTER TABLE schemasync_filter_probe ADD CONSTRAINT " + QuoteIdent("f" + std::to_string(i)) + " CHECK (" +
             filters[i].first->text + ") NOT VALID";
    }
    probes.push_back({sql, "SELECT conname::text, pg_catalog.pg_get_expr(conbin, conrelid) FROM pg_catalog.pg_constraint "
                           "WHERE conrelid = 'pg_temp.schemasync_filter_probe'::pg_catalog.regclass"});
  }
  std::vector<std::optional<Rows>> answers;
  TRY_ASSIGN(answers, RunProbes(db, probes));
  size_t w = 0;
  for (auto& [name, filters] : work) {
    const auto& defs = answers[w++];
    for (size_t r = 0; defs && r < defs->size(); ++r) {
      size_t i = std::stoul(defs->Get(r, 0).substr(1));
      if (i >= filters.size()) continue;
      auto parsed = ParseExpression(defs->Get(r, 1));
      if (parsed.ok() && *parsed == *filters[i].second) filters[i].first->key = filters[i].second->key;
    }
  }
  return Ok();
}

}  // namespace schemasync
