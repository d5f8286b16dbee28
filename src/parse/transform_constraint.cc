// Constraint nodes -> model Constraint (desired DDL and pg_get_constraintdef text alike).
#include "parse/normalize.h"
#include "parse/transform.h"
#include "util/quote.h"

namespace schemasync::parse {

QualifiedName NameOf(const PgQuery__RangeVar* rv) {
  std::string schema = rv->schemaname && *rv->schemaname ? rv->schemaname : "public";
  return {schema, rv->relname};
}

QualifiedName NameOfList(PgQuery__Node* const* names, size_t n) {
  if (n == 1) return {"public", StringOf(names[0])};
  if (n >= 2) return {StringOf(names[n - 2]), StringOf(names[n - 1])};
  return {};
}

std::vector<std::string> StringList(PgQuery__Node* const* items, size_t n) {
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) out.push_back(StringOf(items[i]));
  return out;
}

std::vector<std::string> NameParts(const PgQuery__Node* arg) {
  if (!arg) return {};
  switch (arg->node_case) {
    case PG_QUERY__NODE__NODE_TYPE_NAME: return StringList(arg->type_name->names, arg->type_name->n_names);
    case PG_QUERY__NODE__NODE_LIST: return StringList(arg->list->items, arg->list->n_items);
    case PG_QUERY__NODE__NODE_STRING: return {StringOf(arg)};
    default: return {};
  }
}

std::string CatalogName(const std::vector<std::string>& parts) {
  if (parts.size() == 1 || (parts.size() == 2 && parts[0] == "pg_catalog")) return QuoteIdent(parts.back());
  return QuoteIdent(parts[parts.size() - 2]) + "." + QuoteIdent(parts.back());
}

std::string CollationOf(const PgQuery__CollateClause* c) {
  if (!c) return "";
  auto names = StringList(c->collname, c->n_collname);
  return names.empty() ? "" : names.back();
}

namespace {
char ActionCode(const char* s, char fallback) { return s && *s ? s[0] : fallback; }
}  // namespace

Result<Constraint> TransformConstraint(const PgQuery__Constraint* c, const std::string& column) {
  Constraint m;
  m.name = c->conname ? c->conname : "";
  m.deferrable = c->deferrable;
  m.deferred = c->initdeferred;
  m.validated = !c->skip_validation;
  m.nulls_not_distinct = c->nulls_not_distinct;
  m.include = StringList(c->including, c->n_including);
  // WITH (...) of a key's index (pg_get_constraintdef prints it the same way). The tablespace of
  // its index (USING INDEX TABLESPACE) is placement, not schema: not compared, as pg_dump
  // --no-tablespaces does.
  TRY_ASSIGN(m.options, RelOptions(c->options, c->n_options));
  switch (c->contype) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
    case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
      m.kind = c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY ? ConstraintKind::kPrimaryKey
                                                                  : ConstraintKind::kUnique;
      m.columns = StringList(c->keys, c->n_keys);
      if (m.columns.empty() && !column.empty()) m.columns = {column};
      if (c->indexname && *c->indexname) {
        return MakeError(ErrorKind::kUnsupported, "constraint USING INDEX is not supported; write the key columns");
      }
      break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK: {
      m.kind = ConstraintKind::kCheck;
      m.no_inherit = c->is_no_inherit;
      TRY_ASSIGN(m.expr, MakeExpr(c->raw_expr));
      break;
    }
    case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
      m.kind = ConstraintKind::kForeignKey;
      m.columns = StringList(c->fk_attrs, c->n_fk_attrs);
      if (m.columns.empty() && !column.empty()) m.columns = {column};
      m.ref_table = NameOf(c->pktable);
      m.ref_columns = StringList(c->pk_attrs, c->n_pk_attrs);
      m.match = ActionCode(c->fk_matchtype, 's');
      m.on_update = ActionCode(c->fk_upd_action, 'a');
      m.on_delete = ActionCode(c->fk_del_action, 'a');
      if (c->n_fk_del_set_cols) {
        return MakeError(ErrorKind::kUnsupported, "ON DELETE SET NULL/DEFAULT (columns) is not supported");
      }
      break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION: {
      m.kind = ConstraintKind::kExclude;
      m.method = c->access_method && *c->access_method ? c->access_method : "btree";
      for (size_t i = 0; i < c->n_exclusions; ++i) {
        const PgQuery__Node* pair = c->exclusions[i];
        if (pair->node_case != PG_QUERY__NODE__NODE_LIST || pair->list->n_items != 2) {
          return MakeError(ErrorKind::kUnsupported, "malformed EXCLUDE element");
        }
        const PgQuery__Node* elem = pair->list->items[0];
        const PgQuery__Node* ops = pair->list->items[1];
        Expr text;
        TRY_ASSIGN(text, TransformIndexElem(elem->index_elem));
        std::vector<std::string> op = StringList(ops->list->items, ops->list->n_items);
        if (op.size() == 2 && op[0] == "pg_catalog") op.erase(op.begin());
        std::string opname = op.size() == 1 ? op[0] : "OPERATOR(" + op[0] + "." + op[1] + ")";
        m.elements.push_back({text.text + " WITH " + opname, text.key + " WITH " + opname});
      }
      if (c->where_clause) TRY_ASSIGN(m.where, MakeExpr(c->where_clause));
      break;
    }
    default:
      return MakeError(ErrorKind::kUnsupported, "constraint type is not supported");
  }
  return m;
}

}  // namespace schemasync::parse
