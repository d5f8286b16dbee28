// PostgreSQL's own spelling of the desired views' queries.
//
// A view's definition is stored as a parse tree and printed back by pg_get_viewdef (ruleutils.c)
// with columns qualified, `*` expanded and casts made explicit; no text rewrite of the user's
// query reproduces that faithfully. So each desired query is compiled by the live server as a
// temporary view, inside a transaction that is rolled back: nothing is left behind, and the
// desired and live definitions are then compared in the same spelling. A query that does not
// compile against the live schema (it reads objects the plan has yet to create) keeps its own
// text and so compares as changed, which is right: it will be created.
#include <map>
#include <regex>
#include <tuple>
#include <unordered_map>

#include "catalog/probes.h"
#include "schemasync/catalog.h"
#include "schemasync/parse.h"
#include "util/quote.h"

namespace schemasync {

Status CanonicalizeViews(Database& db, Schema& desired) {
  std::vector<std::string> creates;
  std::vector<View*> views;
  for (auto& [name, v] : desired.views) {
    if (v.canonical) continue;  // already spelled by the server (the desired files' reader)
    std::vector<std::string> columns;
    for (const auto& c : v.columns) columns.push_back(QuoteIdent(c));
    std::string column_list = columns.empty() ? "" : " (" + Join(columns, ", ") + ")";
    creates.push_back("CREATE TEMPORARY VIEW schemasync_canonical" + column_list + " AS " + v.query);
    views.push_back(&v);
  }
  std::vector<std::optional<std::string>> answers;
  TRY_ASSIGN(answers, RunViewProbes(db, creates));
  for (size_t i = 0; i < views.size(); ++i) {
    if (!answers[i]) continue;
    views[i]->query = std::move(*answers[i]);
    views[i]->canonical = true;
  }
  return Ok();
}

Status CanonicalizeLiterals(Database& db, Schema& desired) {
  // The catalog keeps a typed constant as a value and prints it in the type's output spelling
  // (interval '1 hour' -> '01:00:00'::interval; DEFAULT '2026-1-1' on a date -> '2026-01-01').
  // Ask the server for that spelling of each typed literal of the desired expressions: a first
  // pass collects them, one batch of probes spells them all, a second pass respells.
  std::map<std::pair<std::string, std::string>, std::optional<std::string>> spelled;
  bool asking = true;
  LiteralSpeller spell = [&](const std::string& literal, const std::string& typmod_type) -> std::optional<std::string> {
    // The stored constant is of the base type: the length coercion (numeric(6,2)) is a
    // separate step that the catalog keeps apart, so '1.5' stays 1.5.
    static const std::regex kTypmod(R"(\(\d+(,\d+)?\))");
    std::string type = std::regex_replace(typmod_type, kTypmod, "");
    auto key = std::make_pair(literal, type);
    if (asking) {
      spelled.emplace(key, std::nullopt);
      return std::nullopt;
    }
    auto it = spelled.find(key);
    return it == spelled.end() ? std::nullopt : it->second;
  };
  // The same expression text on many tables (one policy on every table) is respelled once. An
  // expression's text and key are interned: their addresses stand for their contents, and the
  // memo is keyed by them rather than by copies of the texts (100,000 expressions at 10,000
  // tables, each looked up twice).
  using Memo = std::tuple<const std::string*, const std::string*, std::string_view>;
  struct MemoHash {
    size_t operator()(const Memo& m) const {
      size_t h = std::hash<const void*>()(std::get<0>(m));
      h = h * 31 + std::hash<const void*>()(std::get<1>(m));
      return h * 31 + std::hash<std::string_view>()(std::get<2>(m));
    }
  };
  std::unordered_map<Memo, std::optional<std::string>, MemoHash> respelled;
  auto respell = [&](Expr& e, std::string_view bare_type) {
    if (e.empty()) return;
    // (a column's type lives in the desired schema, unchanged here; the others are literals)
    Memo memo{&e.text.str(), &e.key.str(), bare_type};
    if (asking) {
      if (respelled.emplace(memo, std::nullopt).second) (void)RespellLiterals(e, std::string(bare_type), spell);
      return;
    }
    auto& done = respelled[memo];
    if (!done) {
      auto key = RespellLiterals(e, std::string(bare_type), spell);
      done = key.ok() ? key.value() : e.key.str();
    }
    e.key = *done;
  };
  auto each = [&] {
    for (auto& [name, t] : desired.tables) {
      for (auto& c : t.columns) {
        respell(c.default_expr, c.type);
        respell(c.generated, c.type);
      }
      for (auto& [cn, c] : t.constraints) {
        respell(c.expr, "");
        respell(c.where, "");
      }
      for (auto& [pn, p] : t.policies) {
        respell(p.using_expr, "");
        respell(p.check_expr, "");
      }
    }
    for (auto& [name, ix] : desired.indexes) respell(ix.where, "");
    for (auto& [name, pub] : desired.publications) {
      for (auto& [t, m] : pub.tables) respell(m.where, "");  // publication row filters
    }
  };
  each();
  if (spelled.empty()) return Ok();
  std::vector<Probe> probes;
  for (const auto& [key, out] : spelled) {
    probes.push_back({"", "SELECT (" + QuoteLiteral(key.first) + "::" + key.second + ")::text"});
  }
  std::vector<std::optional<Rows>> answers;
  TRY_ASSIGN(answers, RunProbes(db, probes));
  size_t i = 0;
  for (auto& [key, out] : spelled) {
    const auto& a = answers[i++];
    if (a && a->size() == 1 && !a->IsNull(0, 0)) out = a->Get(0, 0);
  }
  asking = false;
  respelled.clear();
  each();
  return Ok();
}

Status CanonicalizePartitionBounds(Database& db, Schema& desired) {
  // A bound's literals are stored in the key type's output spelling ('2026-02-01' becomes
  // '2026-02-01 00:00:00+00' for timestamptz). Let the server spell them: a temporary partitioned
  // table with the parent's columns and key, and a temporary partition with the desired bound.
  std::vector<Probe> probes;
  std::vector<Table*> partitions;
  for (auto& [name, t] : desired.tables) {
    if (!t.IsPartition() || t.partition_bound == "DEFAULT") continue;
    auto parent = desired.tables.find(t.partition_of);
    if (parent == desired.tables.end() || parent->second.partition_by.empty()) continue;
    probes.push_back({"CREATE TEMPORARY TABLE schemasync_probe (" + ProbeColumns(parent->second.columns) + ") PARTITION BY " +
                          parent->second.partition_by + "; CREATE TEMPORARY TABLE schemasync_probe_part PARTITION OF "
                          "schemasync_probe " + t.partition_bound,
                      "SELECT pg_catalog.pg_get_expr(c.relpartbound, c.oid) FROM pg_catalog.pg_class c "
                      "WHERE c.oid = 'pg_temp.schemasync_probe_part'::pg_catalog.regclass"});
    partitions.push_back(&t);
  }
  std::vector<std::optional<Rows>> answers;
  TRY_ASSIGN(answers, RunProbes(db, probes));
  for (size_t i = 0; i < partitions.size(); ++i) {
    if (!answers[i] || answers[i]->size() != 1) continue;
    auto canonical = CanonicalPartitionBound(answers[i]->Get(0, 0));
    if (canonical.ok()) partitions[i]->partition_bound = canonical.value();
  }
  return Ok();
}

}  // namespace schemasync

namespace schemasync {

Status CanonicalizeChecks(Database& db, const Schema& live, Schema& desired) {
  // Only the mismatches cost a round trip: a schema in sync sends nothing here.
  std::vector<std::pair<Table*, std::vector<Constraint*>>> work;
  for (auto& [name, t] : desired.tables) {
    auto lt = live.tables.find(name);
    if (lt == live.tables.end() || t.IsPartition() || !t.inherits.empty()) continue;
    std::vector<Constraint*> checks;
    for (auto& [cn, c] : t.constraints) {
      auto lc = lt->second.constraints.find(cn);
      if (c.kind == ConstraintKind::kCheck && lc != lt->second.constraints.end() &&
          lc->second.kind == ConstraintKind::kCheck && !(lc->second.expr == c.expr)) {
        checks.push_back(&c);
      }
    }
    if (!checks.empty()) work.push_back({&t, checks});
  }
  if (work.empty()) return Ok();
  std::vector<Probe> probes;
  for (auto& [t, checks] : work) {
    // The table's desired columns on a temporary table, each CHECK added to it (NOT VALID: no
    // rows to read), then printed back by the server.
    std::string sql = "CREATE TEMPORARY TABLE schemasync_check_probe (" + ProbeColumns(t->columns) + ")";
    for (const Constraint* c : checks) {
      sql += "; ALTER TABLE schemasync_check_probe ADD CONSTRAINT " + QuoteIdent(c->name) + " CHECK (" + c->expr.text +
             ") NOT VALID";
    }
    probes.push_back({sql, "SELECT conname::text, pg_catalog.pg_get_constraintdef(oid) FROM pg_catalog.pg_constraint "
                           "WHERE conrelid = 'pg_temp.schemasync_check_probe'::pg_catalog.regclass"});
  }
  std::vector<std::optional<Rows>> answers;
  TRY_ASSIGN(answers, RunProbes(db, probes));
  for (size_t w = 0; w < work.size(); ++w) {
    Table* t = work[w].first;
    const auto& defs = answers[w];
    const Table& lt = live.tables.at(t->name);
    for (size_t i = 0; defs && i < defs->size(); ++i) {
      auto own = t->constraints.find(defs->Get(i, 0));
      auto theirs = lt.constraints.find(defs->Get(i, 0));
      if (own == t->constraints.end() || theirs == lt.constraints.end()) continue;
      std::string def = defs->Get(i, 1);
      if (def.size() > 10 && def.compare(def.size() - 10, 10, " NOT VALID") == 0) def.resize(def.size() - 10);
      auto parsed = ParseConstraintDef(t->name, own->first, def);
      if (parsed.ok() && parsed->expr == theirs->second.expr) own->second.expr.key = theirs->second.expr.key;
    }
  }
  return Ok();
}

}  // namespace schemasync
