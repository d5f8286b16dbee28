// The server's spelling of desired rules (pg_get_ruledef) and range operator classes.
#include "schemasync/catalog.h"
#include "schemasync/parse.h"
#include "util/quote.h"

namespace schemasync {

Status CanonicalizeRanges(Database& db, Schema& desired) {
  for (auto& [name, r] : desired.ranges) {
    if (r.opclass.empty()) continue;
    // RangeType::opclass is "name" (pg_catalog) or "schema.name", quoted: to_regnamespace and
    // the name compared through quote_ident keep that one spelling.
    size_t dot = r.opclass.find("\".");
    if (dot == std::string::npos && r.opclass.front() != '"') dot = r.opclass.find('.');
    else if (dot != std::string::npos) ++dot;
    std::string schema = dot == std::string::npos ? "pg_catalog" : r.opclass.substr(0, dot);
    std::string opc = dot == std::string::npos ? r.opclass : r.opclass.substr(dot + 1);
    Rows rows;
    TRY_ASSIGN(rows, db.Query("SELECT o.opcdefault FROM pg_catalog.pg_opclass o JOIN pg_catalog.pg_am a ON a.oid = o.opcmethod "
                              "JOIN pg_catalog.pg_namespace n ON n.oid = o.opcnamespace WHERE a.amname = 'btree' "
                              "AND pg_catalog.quote_ident(o.opcname) = " + QuoteLiteral(opc) +
                              " AND pg_catalog.quote_ident(n.nspname) = " + QuoteLiteral(schema)));
    // Several rows: operator classes of one name for different types; the one of the subtype
    // is the default when any default one has the name (the name is the type's *_ops).
    for (size_t i = 0; i < rows.size(); ++i) {
      if (rows.Get(i, 0) == "t") r.opclass.clear();
    }
  }
  return Ok();
}

Status CanonicalizeRules(Database& db, Schema& desired) {
  if (desired.rules.empty()) return Ok();
  TRY(db.Exec("BEGIN"));
  int n = 0;
  for (auto& [key, rule] : desired.rules) {
    const QualifiedName temp{"pg_temp", "schemasync_rule_" + std::to_string(n++)};
    TRY(db.Exec("SAVEPOINT canonical"));
    // The copy has the table's columns (what OLD and NEW read); the rule on it names every other
    // relation as the desired rule does, and pg_get_ruledef prints it as it would the real one's.
    Result<Rule> onto = ParseRuleDef(rule.create_sql, &temp);
    bool made = onto.ok() && db.Exec("CREATE TEMPORARY TABLE " + temp.Sql() + " (LIKE " + rule.table.Sql() + ")").ok() &&
                db.Exec(onto->create_sql).ok();
    if (made) {
      auto def = db.Query("SELECT pg_catalog.pg_get_ruledef(r.oid) FROM pg_catalog.pg_rewrite r WHERE r.ev_class = " +
                          QuoteLiteral(temp.Sql()) + "::regclass AND r.rulename = " + QuoteLiteral(rule.name));
      if (def.ok() && def->size() == 1) {
        auto back = ParseRuleDef(def->Get(0, 0), &rule.table);
        if (back.ok()) {
          rule.key = back->key;
          rule.canonical = true;
        }
      }
    }
    TRY(db.Exec("ROLLBACK TO SAVEPOINT canonical"));
    TRY(db.Exec("RELEASE SAVEPOINT canonical"));
  }
  return db.Exec("ROLLBACK");
}

}  // namespace schemasync
