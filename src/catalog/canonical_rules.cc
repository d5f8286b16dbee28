// The server's spelling of desired rules (pg_get_ruledef) and range operator classes.
#include "catalog/probes.h"
#include "schemasync/catalog.h"
#include "schemasync/parse.h"
#include "util/quote.h"

namespace schemasync {

Status CanonicalizeRanges(Database& db, Schema& desired) {
  std::vector<Probe> probes;
  std::vector<RangeType*> ranges;
  for (auto& [name, r] : desired.ranges) {
    if (r.opclass.empty()) continue;
    // RangeType::opclass is "name" (pg_catalog) or "schema.name", quoted: to_regnamespace and
    // the name compared through quote_ident keep that one spelling.
    size_t dot = r.opclass.find("\".");
    if (dot == std::string::npos && r.opclass.front() != '"') dot = r.opclass.find('.');
    else if (dot != std::string::npos) ++dot;
    std::string schema = dot == std::string::npos ? "pg_catalog" : r.opclass.substr(0, dot);
    std::string opc = dot == std::string::npos ? r.opclass : r.opclass.substr(dot + 1);
    probes.push_back({"", "SELECT o.opcdefault::text FROM pg_catalog.pg_opclass o JOIN pg_catalog.pg_am a ON a.oid = o.opcmethod "
                          "JOIN pg_catalog.pg_namespace n ON n.oid = o.opcnamespace WHERE a.amname = 'btree' "
                          "AND pg_catalog.quote_ident(o.opcname) = " + QuoteLiteral(opc) +
                          " AND pg_catalog.quote_ident(n.nspname) = " + QuoteLiteral(schema)});
    ranges.push_back(&r);
  }
  std::vector<std::optional<Rows>> answers;
  TRY_ASSIGN(answers, RunProbes(db, probes));
  for (size_t i = 0; i < ranges.size(); ++i) {
    if (!answers[i]) return MakeError(ErrorKind::kCatalog, "cannot read the operator classes of range " + ranges[i]->opclass);
    // Several rows: operator classes of one name for different types; the one of the subtype
    // is the default when any default one has the name (the name is the type's *_ops).
    for (size_t row = 0; row < answers[i]->size(); ++row) {
      if (answers[i]->Get(row, 0) == "true") ranges[i]->opclass.clear();
    }
  }
  return Ok();
}

Status CanonicalizeRules(Database& db, Schema& desired) {
  // The copy has the table's columns (what OLD and NEW read); the rule on it names every other
  // relation as the desired rule does, and pg_get_ruledef prints it as it would the real one's.
  const QualifiedName temp{"pg_temp", "schemasync_rule"};
  std::vector<Probe> probes;
  std::vector<Rule*> rules;
  for (auto& [key, rule] : desired.rules) {
    Result<Rule> onto = ParseRuleDef(rule.create_sql, &temp);
    if (!onto.ok()) continue;
    probes.push_back({"CREATE TEMPORARY TABLE " + temp.Sql() + " (LIKE " + rule.table.Sql() + "); " + onto->create_sql,
                      "SELECT pg_catalog.pg_get_ruledef(r.oid) FROM pg_catalog.pg_rewrite r WHERE r.ev_class = " +
                          QuoteLiteral(temp.Sql()) + "::pg_catalog.regclass AND r.rulename = " + QuoteLiteral(rule.name)});
    rules.push_back(&rule);
  }
  std::vector<std::optional<Rows>> answers;
  TRY_ASSIGN(answers, RunProbes(db, probes));
  for (size_t i = 0; i < rules.size(); ++i) {
    if (!answers[i] || answers[i]->size() != 1) continue;
    auto back = ParseRuleDef(answers[i]->Get(0, 0), &rules[i]->table);
    if (!back.ok()) continue;
    rules[i]->key = back->key;
    rules[i]->canonical = true;
  }
  return Ok();
}

}  // namespace schemasync
