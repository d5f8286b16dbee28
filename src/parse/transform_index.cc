// CREATE INDEX -> model Index (desired DDL and pg_get_indexdef text alike).
#include "parse/normalize.h"
#include "parse/transform.h"
#include "util/quote.h"

namespace schemasync::parse {
namespace {

std::string DottedName(PgQuery__Node* const* names, size_t n) {
  std::vector<std::string> parts = StringList(names, n);
  if (parts.size() == 2 && (parts[0] == "pg_catalog" || parts[0] == "public")) parts.erase(parts.begin());
  std::vector<std::string> quoted;
  for (const auto& p : parts) quoted.push_back(QuoteIdent(p));
  return Join(quoted, ".");
}

// FigureColname()-style name of an index expression, as transformIndexStmt assigns it.
std::string FigureName(const PgQuery__Node* n) {
  if (!n) return "expr";
  switch (n->node_case) {
    case PG_QUERY__NODE__NODE_FUNC_CALL:
      return StringOf(n->func_call->funcname[n->func_call->n_funcname - 1]);
    case PG_QUERY__NODE__NODE_COLUMN_REF:
      return StringOf(n->column_ref->fields[n->column_ref->n_fields - 1]);
    case PG_QUERY__NODE__NODE_TYPE_CAST: {
      std::string inner = FigureName(n->type_cast->arg);
      if (inner != "expr") return inner;
      const PgQuery__TypeName* t = n->type_cast->type_name;
      return StringOf(t->names[t->n_names - 1]);
    }
    case PG_QUERY__NODE__NODE_CASE_EXPR:
      return "case";
    case PG_QUERY__NODE__NODE_COALESCE_EXPR:
      return "coalesce";
    default:
      return "expr";
  }
}

}  // namespace

Result<Expr> TransformIndexElem(const PgQuery__IndexElem* e) {
  Expr out;
  std::string text;
  if (e->name && *e->name) {
    out.text = out.key = QuoteIdent(e->name);
  } else {
    Expr expr;
    TRY_ASSIGN(expr, MakeExpr(e->expr));
    out.text = "(" + expr.text + ")";
    out.key = "(" + expr.key + ")";
  }
  if (e->n_collation) text += " COLLATE " + DottedName(e->collation, e->n_collation);
  if (e->n_opclass) text += " " + DottedName(e->opclass, e->n_opclass);
  if (e->n_opclassopts) return MakeError(ErrorKind::kUnsupported, "operator class options are not supported");
  bool desc = e->ordering == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
  if (e->ordering == PG_QUERY__SORT_BY_DIR__SORTBY_USING) {
    return MakeError(ErrorKind::kUnsupported, "index ordering USING is not supported");
  }
  if (desc) text += " DESC";
  // NULLS LAST is the default for ASC, NULLS FIRST for DESC; pg_get_indexdef prints only the
  // non-default one.
  if (e->nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST && !desc) text += " NULLS FIRST";
  if (e->nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST && desc) text += " NULLS LAST";
  out.text += text;
  out.key += text;
  return out;
}

Result<Index> TransformIndexStmt(const PgQuery__IndexStmt* stmt) {
  Index ix;
  ix.table = NameOf(stmt->relation);
  ix.name = {ix.table.schema, stmt->idxname ? stmt->idxname : ""};
  ix.unique = stmt->unique;
  ix.nulls_not_distinct = stmt->nulls_not_distinct;
  if (stmt->access_method && *stmt->access_method) ix.method = stmt->access_method;
  for (size_t i = 0; i < stmt->n_index_params; ++i) {
    Expr elem;
    TRY_ASSIGN(elem, TransformIndexElem(stmt->index_params[i]->index_elem));
    ix.elements.push_back(elem);
  }
  for (size_t i = 0; i < stmt->n_index_including_params; ++i) {
    ix.include.push_back(QuoteIdent(stmt->index_including_params[i]->index_elem->name));
  }
  if (stmt->where_clause) TRY_ASSIGN(ix.where, MakeExpr(stmt->where_clause));
  TRY_ASSIGN(ix.options, RelOptions(stmt->options, stmt->n_options));
  if (stmt->table_space && *stmt->table_space) return MakeError(ErrorKind::kUnsupported, "TABLESPACE is not supported");
  return ix;
}

std::vector<std::string> IndexColumnNames(const PgQuery__IndexStmt* stmt) {
  std::vector<std::string> names;
  for (size_t i = 0; i < stmt->n_index_params; ++i) {
    const PgQuery__IndexElem* e = stmt->index_params[i]->index_elem;
    if (e->indexcolname && *e->indexcolname) names.push_back(e->indexcolname);
    else if (e->name && *e->name) names.push_back(e->name);
    else names.push_back(FigureName(e->expr));
  }
  for (size_t i = 0; i < stmt->n_index_including_params; ++i) {
    names.push_back(stmt->index_including_params[i]->index_elem->name);
  }
  return names;
}

}  // namespace schemasync::parse
