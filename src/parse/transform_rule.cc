// CREATE RULE -> model, alike for the desired SQL and the server's pg_get_ruledef text.
#include <cstdlib>
#include <cstring>

#include "parse/normalize.h"
#include "parse/transform.h"

namespace schemasync::parse {

Result<Rule> TransformRuleStmt(const PgQuery__Node* stmt, const QualifiedName* on) {
  const PgQuery__RuleStmt* s = stmt->rule_stmt;
  if (s->event == PG_QUERY__CMD_TYPE__CMD_SELECT) {
    return MakeError(ErrorKind::kUnsupported, "ON SELECT rules are how views are made: write CREATE VIEW instead");
  }
  Rule r;
  r.name = s->rulename ? s->rulename : "";
  r.table = on ? *on : NameOf(s->relation);
  // Deparsed and read again, to change the copy: no OR REPLACE (a rule is one definition), and
  // the table `on` when given.
  std::string text;
  TRY_ASSIGN(text, DeparseStmt(stmt));
  auto reparsed = ParseTree::Parse(text);
  if (!std::holds_alternative<ParseTree>(reparsed)) return MakeError(ErrorKind::kSyntax, "cannot read back: " + text);
  auto& rt = std::get<ParseTree>(reparsed);
  PgQuery__RuleStmt* c = rt->stmts[0]->stmt->rule_stmt;
  c->replace = false;
  if (on) {
    SetString(c->relation->schemaname, on->schema);
    SetString(c->relation->relname, on->name);
  }
  TRY_ASSIGN(r.create_sql, Deparse(rt.get()));
  // The key: pg_get_ruledef qualifies the table always, names in the actions where search_path
  // does not show them; public is the default search_path's.
  if (c->relation->schemaname && std::string(c->relation->schemaname) == "public") SetString(c->relation->schemaname, "");
  NormalizeTree(&rt->base);
  TRY_ASSIGN(r.key, Deparse(rt.get()));
  return r;
}

}  // namespace schemasync::parse
