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


// A view's WITH (...) options: those PostgreSQL's view reloptions know (view_relopt_tab), the
// values as written (transformRelOptions keeps the text); check_option only local or cascaded.
Result<std::vector<std::string>> ViewOptions(PgQuery__Node* const* items, size_t n) {
  std::vector<std::string> options;
  TRY_ASSIGN(options, RelOptions(items, n));
  for (const auto& o : options) {
    std::string name = o.substr(0, o.find('=')), value = o.substr(o.find('=') + 1);
    if (name == "check_option" && value != "local" && value != "cascaded") {
      return MakeError(ErrorKind::kSyntax, "invalid value for check_option \"" + value + "\": use local or cascaded");
    }
    if (name != "check_option" && name != "security_barrier" && name != "security_invoker") {
      return MakeError(ErrorKind::kSyntax, "unrecognized parameter \"" + name +
                                               "\" for a view (it takes check_option, security_barrier, security_invoker)");
    }
  }
  return options;
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
  v.columns = StringList(s->aliases, s->n_aliases);
  TRY_ASSIGN(v.options, ViewOptions(s->options, s->n_options));
  // DefineView: WITH [CASCADED | LOCAL] CHECK OPTION is the check_option reloption, appended.
  if (s->with_check_option != PG_QUERY__VIEW_CHECK_OPTION__NO_CHECK_OPTION) {
    std::erase_if(v.options, [](const std::string& o) { return o.rfind("check_option=", 0) == 0; });
    v.options.push_back(s->with_check_option == PG_QUERY__VIEW_CHECK_OPTION__LOCAL_CHECK_OPTION ? "check_option=local"
                                                                                                : "check_option=cascaded");
  }
  TRY_ASSIGN(v.query, DeparseStmt(s->query));
  v.depends_on = ReadRelations(s->query);
  RememberViewReads(v.name, s->query);
  v.canonical = false;
  if (schema_.views.count(v.name) && !s->replace) {
    return MakeError(ErrorKind::kSyntax, "relation \"" + v.name.Display() + "\" already exists");
  }
  Taken(v.name.schema).insert(v.name.name);
  Created('r', v.name);
  NoteRename(ObjectRef::Of(ObjectKind::kView, v.name.schema, v.name.name));
  schema_.views[v.name] = v;
  return Ok();
}

Status Builder::CreateMatView(const PgQuery__CreateTableAsStmt* s) {
  View v;
  v.name = NameOf(s->into->rel);
  v.materialized = true;
  v.canonical = false;
  // Storage parameters as a table's; the tablespace is left alone (not managed).
  v.columns = StringList(s->into->col_names, s->into->n_col_names);
  TRY_ASSIGN(v.options, RelOptions(s->into->options, s->into->n_options));
  v.populated = !s->into->skip_data;
  TRY_ASSIGN(v.query, DeparseStmt(s->query));
  v.depends_on = ReadRelations(s->query);
  RememberViewReads(v.name, s->query);
  Taken(v.name.schema).insert(v.name.name);
  Created('r', v.name);
  NoteRename(ObjectRef::Of(ObjectKind::kView, v.name.schema, v.name.name));
  schema_.views[v.name] = v;
  return Ok();
}

}  // namespace schemasync::parse
