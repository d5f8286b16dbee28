// CREATE FUNCTION / PROCEDURE and CREATE TRIGGER -> model (desired DDL and the server's
// pg_get_functiondef / pg_get_triggerdef text alike).
#include <algorithm>

#include "parse/normalize.h"
#include "parse/transform.h"
#include "util/quote.h"

namespace schemasync::parse {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), ::tolower);
  return s;
}

std::string ArgText(const PgQuery__Node* n) {
  if (!n) return "";
  if (n->node_case == PG_QUERY__NODE__NODE_STRING) return n->string->sval;
  if (n->node_case == PG_QUERY__NODE__NODE_INTEGER) return std::to_string(n->integer->ival);
  if (n->node_case == PG_QUERY__NODE__NODE_FLOAT) return n->float_->fval;
  if (n->node_case == PG_QUERY__NODE__NODE_BOOLEAN) return n->boolean->boolval ? "true" : "false";
  if (n->node_case == PG_QUERY__NODE__NODE_TYPE_NAME) return CanonicalTypeName(n->type_name);
  if (n->node_case == PG_QUERY__NODE__NODE_LIST) {
    std::vector<std::string> parts;
    for (size_t i = 0; i < n->list->n_items; ++i) parts.push_back(ArgText(n->list->items[i]));
    return Join(parts, "|");
  }
  auto e = NormalizeExprNode(n);
  return e.ok() ? e.value() : "?";
}

}  // namespace

Result<Function> TransformCreateFunction(const PgQuery__CreateFunctionStmt* s) {
  Function f;
  f.name = NameOfList(s->funcname, s->n_funcname);
  f.procedure = s->is_procedure;
  std::vector<std::string> identity, args, table_cols, out_types;
  for (size_t i = 0; i < s->n_parameters; ++i) {
    const PgQuery__FunctionParameter* p = s->parameters[i]->function_parameter;
    std::string type = CanonicalTypeName(p->arg_type);
    std::string name = p->name ? p->name : "";
    std::string mode;
    switch (p->mode) {
      case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_OUT: mode = "OUT"; break;
      case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_INOUT: mode = "INOUT"; break;
      case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_VARIADIC: mode = "VARIADIC"; break;
      case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_TABLE: mode = "TABLE"; break;
      default: mode = "IN";  // FUNC_PARAM_DEFAULT: no mode written means IN
    }
    if (mode == "TABLE") {
      table_cols.push_back(QuoteIdent(name) + " " + type);
      continue;
    }
    // Procedures take OUT arguments into their identity too (PostgreSQL 14+).
    if (mode != "OUT" || f.procedure) identity.push_back((mode == "VARIADIC" ? "VARIADIC " : "") + type);
    if (mode == "OUT" || mode == "INOUT") out_types.push_back(type);
    std::string arg = mode + " " + (name.empty() ? "" : QuoteIdent(name) + " ") + type;
    if (p->defexpr) {
      std::string d;
      TRY_ASSIGN(d, NormalizeExprNode(p->defexpr));
      arg += " DEFAULT " + d;
    }
    args.push_back(arg);
  }
  f.identity = Join(identity, ", ");
  std::string returns;
  if (!table_cols.empty()) {
    returns = "TABLE(" + Join(table_cols, ", ") + ")";
  } else if (s->return_type) {
    returns = (s->return_type->setof ? "SETOF " : "") + CanonicalTypeName(s->return_type);
  } else if (!f.procedure && !out_types.empty()) {
    // No RETURNS with OUT parameters: the result is the one OUT type, or record for several
    // (interpret_function_parameter_list), as pg_get_functiondef then prints it.
    returns = out_types.size() == 1 ? out_types[0] : "record";
  }
  f.interface_key = returns + " (" + Join(args, ", ") + ")";
  // Options in a fixed order, with PostgreSQL's defaults left out as pg_get_functiondef does.
  std::string language, body, volatility = "volatile", parallel = "unsafe", cost, rows;
  bool strict = false, definer = false, leakproof = false, window = false;
  std::vector<std::string> sets;
  for (size_t i = 0; i < s->n_options; ++i) {
    const PgQuery__DefElem* d = s->options[i]->def_elem;
    std::string opt = d->defname;
    if (opt == "language") language = Lower(ArgText(d->arg));
    else if (opt == "as") body = ArgText(d->arg);
    else if (opt == "volatility") volatility = Lower(ArgText(d->arg));
    else if (opt == "strict") strict = d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN && d->arg->boolean->boolval;
    else if (opt == "security") definer = d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN && d->arg->boolean->boolval;
    else if (opt == "leakproof") leakproof = d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN && d->arg->boolean->boolval;
    else if (opt == "window") window = true;
    else if (opt == "parallel") parallel = Lower(ArgText(d->arg));
    else if (opt == "cost") cost = ArgText(d->arg);
    else if (opt == "rows") rows = ArgText(d->arg);
    else if (opt == "set") {
      const PgQuery__Node* a = d->arg;
      if (a && a->node_case == PG_QUERY__NODE__NODE_VARIABLE_SET_STMT) {
        std::vector<std::string> vals;
        for (size_t j = 0; j < a->variable_set_stmt->n_args; ++j) {
          std::string v = ArgText(a->variable_set_stmt->args[j]);
          if (v.size() >= 2 && v.front() == '\'' && v.back() == '\'') v = v.substr(1, v.size() - 2);
          vals.push_back(v);
        }
        sets.push_back(Lower(a->variable_set_stmt->name) + "=" + Join(vals, ","));
      }
    } else {
      return MakeError(ErrorKind::kUnsupported, "function option " + opt + " is not supported");
    }
  }
  bool c_like = language == "c" || language == "internal";
  if (cost == (c_like ? "1" : "100")) cost.clear();
  if (rows == "1000" || (s->return_type && !s->return_type->setof && table_cols.empty())) rows.clear();
  std::sort(sets.begin(), sets.end());
  if (s->sql_body) {
    // RETURN expr: the expression, normalized as any other (pg_get_functiondef qualifies names
    // and adds parentheses). BEGIN ATOMIC: libpg_query cannot deparse it.
    const PgQuery__Node* sb = s->sql_body;
    Result<std::string> text = sb->node_case == PG_QUERY__NODE__NODE_RETURN_STMT && sb->return_stmt->returnval
                                   ? NormalizeExprNode(sb->return_stmt->returnval)
                                   : DeparseExpr(sb);
    body = "sql_body:" + (text.ok() ? text.value() : "?");
  }
  f.key = std::string(f.procedure ? "PROCEDURE " : "FUNCTION ") + f.interface_key + " LANGUAGE " + language +
          " " + volatility + (strict ? " STRICT" : "") + (definer ? " SECURITY DEFINER" : "") +
          (leakproof ? " LEAKPROOF" : "") + (window ? " WINDOW" : "") + " PARALLEL " + parallel +
          (cost.empty() ? "" : " COST " + cost) + (rows.empty() ? "" : " ROWS " + rows) + " SET " + Join(sets, ";") +
          " AS " + body;
  return f;
}

Result<Trigger> TransformCreateTrigger(const PgQuery__CreateTrigStmt* s, const PgQuery__Node* stmt) {
  Trigger t;
  t.name = s->trigname;
  t.table = NameOf(s->relation);
  // CREATE CONSTRAINT TRIGGER too: pg_get_triggerdef prints it the same way (with DEFERRABLE /
  // INITIALLY DEFERRED when set); its pg_constraint row (contype t) comes and goes with it.
  // The key: the statement deparsed with its parts spelled one way. pg_get_triggerdef prints
  // EXECUTE FUNCTION, qualifies only what search_path does not show, and no OR REPLACE.
  TRY_ASSIGN(t.create_sql, DeparseStmt(stmt));
  auto reparsed = ParseTree::Parse(t.create_sql);
  auto& rt = std::get<ParseTree>(reparsed);
  PgQuery__CreateTrigStmt* c = rt->stmts[0]->stmt->create_trig_stmt;
  c->replace = false;
  if (c->relation->schemaname && std::string(c->relation->schemaname) == "public") c->relation->schemaname[0] = 0;
  if (c->n_funcname == 2 && (StringOf(c->funcname[0]) == "public" || StringOf(c->funcname[0]) == "pg_catalog")) {
    FreeNode(c->funcname[0]);
    c->funcname[0] = c->funcname[1];
    c->n_funcname = 1;
  }
  NormalizeTree(&rt->base);
  TRY_ASSIGN(t.key, Deparse(rt.get()));
  return t;
}

}  // namespace schemasync::parse
