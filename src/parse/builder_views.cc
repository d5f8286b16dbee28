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

void Builder::RememberViewReads(const QualifiedName& view, const PgQuery__Node* query) {
  WalkNodes(const_cast<ProtobufCMessage*>(&query->base), [&](PgQuery__Node* n) {
    if (n->node_case == PG_QUERY__NODE__NODE_RANGE_VAR) {
      const PgQuery__RangeVar* rv = n->range_var;
      view_refs_.push_back({view, NameOf(rv), rv->schemaname && *rv->schemaname, Where(rv->location)});
    } else if (n->node_case == PG_QUERY__NODE__NODE_COMMON_TABLE_EXPR && n->common_table_expr->ctename) {
      view_ctes_.insert({view, n->common_table_expr->ctename});
    }
  });
}

Status Builder::CreateView(const PgQuery__ViewStmt* s) {
  View v;
  v.name = NameOf(s->view);
  if (s->n_aliases || s->n_options || s->with_check_option != PG_QUERY__VIEW_CHECK_OPTION__NO_CHECK_OPTION) {
    return MakeError(ErrorKind::kUnsupported, "view column lists, options and CHECK OPTION are not supported");
  }
  TRY_ASSIGN(v.query, DeparseStmt(s->query));
  v.depends_on = ReadRelations(s->query);
  RememberViewReads(v.name, s->query);
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
  RememberViewReads(v.name, s->query);
  Taken(v.name.schema).insert(v.name.name);
  schema_.views[v.name] = v;
  return Ok();
}

}  // namespace schemasync::parse
