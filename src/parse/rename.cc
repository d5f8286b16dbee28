// Column renames in expression text (see rename.h).
#include "parse/rename.h"

#include <functional>
#include <variant>

#include "parse/normalize.h"
#include "parse/pg_tree.h"
#include "parse/uses.h"
#include "util/quote.h"

namespace schemasync::parse {
namespace {

// The text of `expr` with the column renamed, or "" when it holds a subquery.
Result<std::string> RenamedText(const std::string& expr, const std::string& from, const std::string& to) {
  auto parsed = ParseTree::Parse("SELECT " + expr);
  if (!std::holds_alternative<ParseTree>(parsed)) return MakeError(ErrorKind::kSyntax, "cannot parse expression: " + expr);
  ParseTree& tree = std::get<ParseTree>(parsed);
  bool subquery = false;
  WalkMessages(&tree.get()->base, [&](ProtobufCMessage* m) {
    if (m->descriptor == &pg_query__sub_link__descriptor) subquery = true;
    if (m->descriptor != &pg_query__column_ref__descriptor) return;
    auto* cr = reinterpret_cast<PgQuery__ColumnRef*>(m);
    if (!cr->n_fields) return;
    PgQuery__Node* last = cr->fields[cr->n_fields - 1];
    if (last->node_case != PG_QUERY__NODE__NODE_STRING || !last->string->sval || from != last->string->sval) return;
    SetString(last->string->sval, to);
  });
  if (subquery) return std::string();
  std::string text;
  TRY_ASSIGN(text, Deparse(tree.get()));
  if (text.rfind("SELECT ", 0) != 0) return MakeError(ErrorKind::kSyntax, "cannot deparse expression: " + expr);
  return text.substr(7);
}

// A name list ([schema,] name) of a function or type: renamed to `to` when it names `from` (a
// name without a schema is taken as public's). Whether it did.
bool RenameQualified(PgQuery__Node** names, size_t n, const QualifiedName& from, const std::string& to) {
  if (n == 0 || n > 2) return false;
  PgQuery__Node* last = names[n - 1];
  if (last->node_case != PG_QUERY__NODE__NODE_STRING || !last->string->sval || from.name != last->string->sval) return false;
  const std::string schema = n == 2 && names[0]->node_case == PG_QUERY__NODE__NODE_STRING ? names[0]->string->sval : "public";
  if (schema != from.schema) return false;
  SetString(last->string->sval, to);
  return true;
}

// Renames calls of `from` in the tree (FuncCall names, CREATE TRIGGER's function): whether any.
bool RenameCalls(ParseTree& tree, const QualifiedName& from, const std::string& to) {
  bool changed = false;
  WalkMessages(&tree.get()->base, [&](ProtobufCMessage* m) {
    if (m->descriptor == &pg_query__func_call__descriptor) {
      auto* fc = reinterpret_cast<PgQuery__FuncCall*>(m);
      changed |= RenameQualified(fc->funcname, fc->n_funcname, from, to);
    } else if (m->descriptor == &pg_query__create_trig_stmt__descriptor) {
      auto* ct = reinterpret_cast<PgQuery__CreateTrigStmt*>(m);
      changed |= RenameQualified(ct->funcname, ct->n_funcname, from, to);
    }
  });
  return changed;
}

// Renames type names `from` in the tree (TypeName nodes: casts, arguments, results).
bool RenameTypeNames(ParseTree& tree, const QualifiedName& from, const std::string& to) {
  bool changed = false;
  WalkMessages(&tree.get()->base, [&](ProtobufCMessage* m) {
    if (m->descriptor != &pg_query__type_name__descriptor) return;
    auto* tn = reinterpret_cast<PgQuery__TypeName*>(m);
    changed |= RenameQualified(tn->names, tn->n_names, from, to);
  });
  return changed;
}

// `text` (an expression when `expression`, else a statement) through `rename`; "" when nothing
// changed.
Result<std::string> Respelled(const std::string& text, bool expression, const std::function<bool(ParseTree&)>& rename) {
  auto parsed = ParseTree::Parse(expression ? "SELECT " + text : text);
  if (!std::holds_alternative<ParseTree>(parsed)) return MakeError(ErrorKind::kSyntax, "cannot parse: " + text);
  ParseTree& tree = std::get<ParseTree>(parsed);
  if (!rename(tree)) return std::string();
  std::string out;
  TRY_ASSIGN(out, Deparse(tree.get()));
  if (!expression) return out;
  if (out.rfind("SELECT ", 0) != 0) return MakeError(ErrorKind::kSyntax, "cannot deparse expression: " + text);
  return out.substr(7);
}

}  // namespace

Result<Expr> RenameType(const Expr& e, const QualifiedName& from, const std::string& to) {
  if (e.empty() || e.text.find(from.name) == std::string::npos) return e;
  std::string text;
  TRY_ASSIGN(text, Respelled(e.text, true, [&](ParseTree& t) { return RenameTypeNames(t, from, to); }));
  if (text.empty()) return e;
  return MakeExprFromText(text);
}

Result<std::string> RenameTypeInStatement(const std::string& sql, const QualifiedName& from, const std::string& to) {
  if (sql.find(from.name) == std::string::npos) return sql;
  std::string out;
  TRY_ASSIGN(out, Respelled(sql, false, [&](ParseTree& t) { return RenameTypeNames(t, from, to); }));
  return out.empty() ? sql : out;
}

Result<Expr> RenameFunction(const Expr& e, const QualifiedName& from, const std::string& to) {
  if (e.empty() || e.text.find(from.name) == std::string::npos) return e;
  auto text = Respelled(e.text, true, [&](ParseTree& t) { return RenameCalls(t, from, to); });
  if (!text.ok() || text->empty()) return e;
  return MakeExprFromText(*text);
}

Result<std::string> RenameFunctionInStatement(const std::string& sql, const QualifiedName& from, const std::string& to) {
  if (sql.find(from.name) == std::string::npos) return sql;
  std::string out;
  TRY_ASSIGN(out, Respelled(sql, false, [&](ParseTree& t) { return RenameCalls(t, from, to); }));
  return out.empty() ? sql : out;
}

Result<Expr> RenameColumn(const Expr& e, const std::string& from, const std::string& to) {
  if (e.empty()) return e;
  auto columns = ColumnsOfExpr(e.text);
  if (std::find(columns.begin(), columns.end(), from) == columns.end()) return e;
  std::string text;
  TRY_ASSIGN(text, RenamedText(e.text, from, to));
  if (text.empty()) return e;
  return MakeExprFromText(text);
}

namespace {

// An index element "(expr) rest" with `f` applied to its expression; `e` itself otherwise.
Result<Expr> MapIndexExpression(const Expr& e, const std::function<Result<Expr>(const Expr&)>& f) {
  if (e.text.empty() || e.text[0] != '(') return e;
  // The parenthesized expression is the longest balanced prefix.
  size_t depth = 0, end = 0;
  bool quoted = false;
  for (size_t i = 0; i < e.text.size(); ++i) {
    char c = e.text[i];
    if (c == '\'') quoted = !quoted;
    if (quoted) continue;
    if (c == '(') ++depth;
    if (c == ')' && --depth == 0) {
      end = i;
      break;
    }
  }
  if (end == 0) return e;
  Expr inner;
  TRY_ASSIGN(inner, MakeExprFromText(e.text.substr(1, end - 1)));
  Expr renamed;
  TRY_ASSIGN(renamed, f(inner));
  if (renamed.key == inner.key) return e;
  const std::string rest = e.text.substr(end + 1);
  return Expr{"(" + renamed.text + ")" + rest, "(" + renamed.key + ")" + rest};
}

}  // namespace

Result<Expr> RenameColumnInIndexElement(const Expr& e, const std::string& from, const std::string& to) {
  // TransformIndexElem's shape: a quoted column or "(expr)", then COLLATE / opclass / DESC.
  const std::string col = QuoteIdent(from);
  auto head_is_column = [&](const std::string& s) { return s.rfind(col, 0) == 0 && (s.size() == col.size() || s[col.size()] == ' '); };
  if (head_is_column(e.text) && head_is_column(e.key)) {
    return Expr{QuoteIdent(to) + e.text.substr(col.size()), QuoteIdent(to) + e.key.substr(col.size())};
  }
  return MapIndexExpression(e, [&](const Expr& inner) { return RenameColumn(inner, from, to); });
}

Result<Expr> RenameFunctionInIndexElement(const Expr& e, const QualifiedName& from, const std::string& to) {
  return MapIndexExpression(e, [&](const Expr& inner) { return RenameFunction(inner, from, to); });
}

Result<Expr> RenameTypeInIndexElement(const Expr& e, const QualifiedName& from, const std::string& to) {
  return MapIndexExpression(e, [&](const Expr& inner) { return RenameType(inner, from, to); });
}

Result<std::string> RenameRelationInStatement(const std::string& sql, const QualifiedName& from, const QualifiedName& to) {
  auto parsed = ParseTree::Parse(sql);
  if (!std::holds_alternative<ParseTree>(parsed)) return MakeError(ErrorKind::kSyntax, "cannot parse: " + sql);
  ParseTree& tree = std::get<ParseTree>(parsed);
  bool changed = false;
  WalkMessages(&tree.get()->base, [&](ProtobufCMessage* m) {
    if (m->descriptor != &pg_query__range_var__descriptor) return;
    auto* rv = reinterpret_cast<PgQuery__RangeVar*>(m);
    const std::string schema = rv->schemaname && *rv->schemaname ? rv->schemaname : "public";
    if (!rv->relname || from.name != rv->relname || schema != from.schema) return;
    SetString(rv->relname, to.name);
    changed = true;
  });
  if (!changed) return sql;
  return Deparse(tree.get());
}

}  // namespace schemasync::parse
