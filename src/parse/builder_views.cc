// CREATE VIEW / CREATE MATERIALIZED VIEW -> model View.
#include "parse/builder.h"
#include "parse/transform.h"

namespace schemasync::parse {
namespace {

// Relations a query reads, for ordering: every RangeVar in it (CTE names included; they simply
// match nothing).
std::vector<QualifiedName> ReadRelations(const PgQuery__Node* query) {
  std::vector<QualifiedName> out;
  WalkNodes(const_cast<ProtobufCMessage*>(&query->base), [&](PgQuery__Node* n) {
    if (n->node_case == PG_QUERY__NODE__NODE_RANGE_VAR) out.push_back(NameOf(n->range_var));
  });
  return out;
}


}  // namespace

Status Builder::CreateView(const PgQuery__ViewStmt* s) {
  View v;
  v.name = NameOf(s->view);
  if (s->n_aliases || s->n_options || s->with_check_option != PG_QUERY__VIEW_CHECK_OPTION__NO_CHECK_OPTION) {
    return MakeError(ErrorKind::kUnsupported, "view column lists, options and CHECK OPTION are not supported");
  }
  TRY_ASSIGN(v.query, DeparseStmt(s->query));
  v.depends_on = ReadRelations(s->query);
  v.canonical = false;
  if (schema_.views.count(v.name) && !s->replace) {
    return MakeError(ErrorKind::kSyntax, "relation \"" + v.name.Display() + "\" already exists");
  }
  Taken(v.name.schema).insert(v.name.name);
  schema_.views[v.name] = v;
  return Ok();
}

Status Builder::CreateMatView(const PgQuery__CreateTableAsStmt* s) {
  View v;
  v.name = NameOf(s->into->rel);
  v.materialized = true;
  v.canonical = false;
  if (s->into->n_col_names || s->into->n_options || s->into->skip_data) {
    return MakeError(ErrorKind::kUnsupported, "materialized view column lists, options and WITH NO DATA are not supported");
  }
  TRY_ASSIGN(v.query, DeparseStmt(s->query));
  v.depends_on = ReadRelations(s->query);
  Taken(v.name.schema).insert(v.name.name);
  schema_.views[v.name] = v;
  return Ok();
}

}  // namespace schemasync::parse
