// Expression and type-name normalization (see normalize.h).
#include "parse/normalize.h"

#include <cstdlib>
#include <cstring>
#include <map>
#include <unordered_map>
#include <vector>

#include "schemasync/timing.h"
#include "util/quote.h"

namespace schemasync::parse {
namespace {

bool IsConstLike(const PgQuery__Node* n) {
  if (!n) return false;
  switch (n->node_case) {
    case PG_QUERY__NODE__NODE_A_CONST:
      return true;
    case PG_QUERY__NODE__NODE_TYPE_CAST:
      return IsConstLike(n->type_cast->arg);
    case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
      for (size_t i = 0; i < n->a_array_expr->n_elements; ++i) {
        if (!IsConstLike(n->a_array_expr->elements[i])) return false;
      }
      return true;
    default:
      return false;
  }
}

std::string LastName(PgQuery__Node** names, size_t n) { return n ? StringOf(names[n - 1]) : ""; }

bool IsTextLikeType(const PgQuery__TypeName* t) {
  std::string last = LastName(t->names, t->n_names);
  return last == "text" || last == "varchar" || last == "bpchar";
}

// Replaces *node by its own child, freeing what is left of the old node.
void ReplaceWithChild(PgQuery__Node* node, PgQuery__Node** child_slot) {
  PgQuery__Node* child = *child_slot;
  *child_slot = nullptr;
  auto* old = static_cast<PgQuery__Node*>(malloc(sizeof(PgQuery__Node)));
  *old = *node;    // the wrapper, now without its child
  *node = *child;  // the node takes the child's content
  free(child);     // the child's shell
  FreeNode(old);
}

PgQuery__Node* CopyNode(const PgQuery__Node* n) {
  std::vector<uint8_t> buf(pg_query__node__get_packed_size(n));
  pg_query__node__pack(n, buf.data());
  return pg_query__node__unpack(nullptr, buf.size(), buf.data());
}

// A binary operator expression "l op r" taking ownership of both operands.
PgQuery__Node* MakeOp(const char* op, PgQuery__Node* l, PgQuery__Node* r) {
  PgQuery__Node* name = MakeStringNode(op);
  auto* e = static_cast<PgQuery__AExpr*>(malloc(sizeof(PgQuery__AExpr)));
  pg_query__a__expr__init(e);
  e->kind = PG_QUERY__A__EXPR__KIND__AEXPR_OP;
  e->n_name = 1;
  e->name = static_cast<PgQuery__Node**>(malloc(sizeof(PgQuery__Node*)));
  e->name[0] = name;
  e->lexpr = l;
  e->rexpr = r;
  e->location = -1;
  auto* node = static_cast<PgQuery__Node*>(malloc(sizeof(PgQuery__Node)));
  pg_query__node__init(node);
  node->node_case = PG_QUERY__NODE__NODE_A_EXPR;
  node->a_expr = e;
  return node;
}

// Drops a leading "pg_catalog" or "public" from a dotted name list.
void StripDefaultSchema(size_t* n, PgQuery__Node*** names) {
  if (*n < 2) return;
  std::string first = StringOf((*names)[0]);
  if (first != "pg_catalog" && first != "public") return;
  FreeNode((*names)[0]);
  for (size_t i = 1; i < *n; ++i) (*names)[i - 1] = (*names)[i];
  --*n;
}

void NormalizeNode(PgQuery__Node* n) {
  switch (n->node_case) {
    case PG_QUERY__NODE__NODE_TYPE_CAST: {
      PgQuery__TypeCast* tc = n->type_cast;
      // ruleutils.c (get_const_expr) prints every non-trivial constant with an explicit
      // ::type that parse analysis inferred ('pending'::order_status, (0)::numeric,
      // 'x'::character varying); the user writes the bare literal. Constants compare bare.
      // The same holds for the implicit coercions parse analysis adds to columns and to SQL
      // value functions ((status)::text = 'a'::text, (qty)::numeric * price,
      // (CURRENT_USER)::text): ruleutils prints them, the user never wrote them. (A cast the
      // user did write on a bare column compares equal to none: an accepted blind spot.)
      bool strip = IsConstLike(tc->arg) ||
                   (tc->arg && (tc->arg->node_case == PG_QUERY__NODE__NODE_COLUMN_REF ||
                                tc->arg->node_case == PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION) &&
                    tc->type_name && tc->type_name->n_array_bounds == 0);
      if (strip) ReplaceWithChild(n, &tc->arg);
      return;
    }
    case PG_QUERY__NODE__NODE_A_CONST: {
      // Numbers print as quoted literals once cast ('-1'::integer): compare all constants
      // as their text.
      PgQuery__AConst* c = n->a_const;
      std::string text;
      if (c->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
        text = std::to_string(c->ival->ival);
        protobuf_c_message_free_unpacked(&c->ival->base, nullptr);
      } else if (c->val_case == PG_QUERY__A__CONST__VAL_FVAL) {
        text = c->fval->fval;
        protobuf_c_message_free_unpacked(&c->fval->base, nullptr);
      } else {
        return;
      }
      auto* s = static_cast<PgQuery__String*>(malloc(sizeof(PgQuery__String)));
      pg_query__string__init(s);
      s->sval = DupString(text);
      c->val_case = PG_QUERY__A__CONST__VAL_SVAL;
      c->sval = s;
      return;
    }
    case PG_QUERY__NODE__NODE_A_EXPR: {
      PgQuery__AExpr* e = n->a_expr;
      if (e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_IN && e->rexpr &&
          e->rexpr->node_case == PG_QUERY__NODE__NODE_LIST) {
        // transformAExprIn turns "x IN (a, b)" into the ScalarArrayOpExpr that ruleutils prints
        // as "x = ANY (ARRAY[a, b])" ("<> ALL" for NOT IN).
        std::string op = LastName(e->name, e->n_name);
        PgQuery__List* list = e->rexpr->list;
        auto* arr = static_cast<PgQuery__AArrayExpr*>(malloc(sizeof(PgQuery__AArrayExpr)));
        pg_query__a__array_expr__init(arr);
        arr->n_elements = list->n_items;
        arr->elements = list->items;
        arr->location = -1;
        list->n_items = 0;
        list->items = nullptr;
        FreeNode(e->rexpr);
        auto* node = static_cast<PgQuery__Node*>(malloc(sizeof(PgQuery__Node)));
        pg_query__node__init(node);
        node->node_case = PG_QUERY__NODE__NODE_A_ARRAY_EXPR;
        node->a_array_expr = arr;
        e->rexpr = node;
        e->kind = op == "=" ? PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY : PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL;
      } else if ((e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN ||
                  e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN) &&
                 e->rexpr && e->rexpr->node_case == PG_QUERY__NODE__NODE_LIST && e->rexpr->list->n_items == 2) {
        // transformAExprBetween expands "a BETWEEN x AND y" into "a >= x AND a <= y" (NOT:
        // "a < x OR a > y"), which is what the catalog keeps.
        bool neg = e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN;
        PgQuery__Node* lo = e->rexpr->list->items[0];
        PgQuery__Node* hi = e->rexpr->list->items[1];
        e->rexpr->list->n_items = 0;
        PgQuery__Node* a1 = e->lexpr;
        PgQuery__Node* a2 = CopyNode(a1);
        e->lexpr = nullptr;
        auto* b = static_cast<PgQuery__BoolExpr*>(malloc(sizeof(PgQuery__BoolExpr)));
        pg_query__bool_expr__init(b);
        b->boolop = neg ? PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR : PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR;
        b->n_args = 2;
        b->args = static_cast<PgQuery__Node**>(malloc(2 * sizeof(PgQuery__Node*)));
        b->args[0] = MakeOp(neg ? "<" : ">=", a1, lo);
        b->args[1] = MakeOp(neg ? ">" : "<=", a2, hi);
        b->location = -1;
        auto* old = static_cast<PgQuery__Node*>(malloc(sizeof(PgQuery__Node)));
        *old = *n;
        FreeNode(old);
        pg_query__node__init(n);
        n->node_case = PG_QUERY__NODE__NODE_BOOL_EXPR;
        n->bool_expr = b;
        return;
      } else if (e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_LIKE ||
                 e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_ILIKE) {
        // LIKE / ILIKE are the operators ~~ / ~~* after parse analysis; ruleutils prints those.
        e->kind = PG_QUERY__A__EXPR__KIND__AEXPR_OP;
      }
      StripDefaultSchema(&e->n_name, &e->name);
      return;
    }
    case PG_QUERY__NODE__NODE_BOOL_EXPR: {
      // ruleutils parenthesizes nested AND/OR; the grammar (makeAndExpr) flattens chains.
      PgQuery__BoolExpr* b = n->bool_expr;
      if (b->boolop == PG_QUERY__BOOL_EXPR_TYPE__NOT_EXPR) return;
      std::vector<PgQuery__Node*> args;
      bool changed = false;
      for (size_t i = 0; i < b->n_args; ++i) {
        PgQuery__Node* a = b->args[i];
        if (a->node_case == PG_QUERY__NODE__NODE_BOOL_EXPR && a->bool_expr->boolop == b->boolop) {
          for (size_t j = 0; j < a->bool_expr->n_args; ++j) args.push_back(a->bool_expr->args[j]);
          a->bool_expr->n_args = 0;
          free(a->bool_expr->args);
          a->bool_expr->args = nullptr;
          FreeNode(a);
          changed = true;
        } else {
          args.push_back(a);
        }
      }
      if (!changed) return;
      free(b->args);
      b->args = static_cast<PgQuery__Node**>(malloc(sizeof(PgQuery__Node*) * args.size()));
      for (size_t i = 0; i < args.size(); ++i) b->args[i] = args[i];
      b->n_args = args.size();
      return;
    }
    case PG_QUERY__NODE__NODE_FUNC_CALL:
      // ruleutils qualifies a function only when it is not visible in search_path.
      StripDefaultSchema(&n->func_call->n_funcname, &n->func_call->funcname);
      return;
    case PG_QUERY__NODE__NODE_TYPE_NAME:
      StripDefaultSchema(&n->type_name->n_names, &n->type_name->names);
      return;
    default:
      return;
  }
}

}  // namespace

void NormalizeTree(ProtobufCMessage* tree) {
  // Type modifiers (varchar(20)) stay as they are: do not descend into TypeName messages.
  WalkNodes(tree, [](PgQuery__Node* n) { NormalizeNode(n); }, &pg_query__type_name__descriptor);
  // TypeName inside TypeCast is a message field, not a Node: strip its schema too.
  WalkNodes(tree, [](PgQuery__Node* n) {
    if (n->node_case == PG_QUERY__NODE__NODE_TYPE_CAST && n->type_cast->type_name) {
      StripDefaultSchema(&n->type_cast->type_name->n_names, &n->type_cast->type_name->names);
    }
  });
}

namespace {

Result<std::string> NormalizeExprTextUncached(std::string_view expr) {
  auto parsed = ParseTree::Parse("SELECT " + std::string(expr));
  if (auto* f = std::get_if<ParseFailure>(&parsed)) {
    std::string shown(expr.substr(0, 200));  // a generated expression can be megabytes long
    if (expr.size() > shown.size()) shown += "...";
    return MakeError(ErrorKind::kSyntax, f->message + " in expression: " + shown);
  }
  ParseTree& t = std::get<ParseTree>(parsed);
  NormalizeTree(&t->base);
  auto text = Deparse(t.get());
  if (!text.ok()) return text;
  std::string s = text.value();
  if (s.rfind("SELECT ", 0) == 0) s = s.substr(7);
  return s;
}

}  // namespace

Result<std::string> NormalizeExprText(std::string_view expr) {
  timing::Scope phase(timing::Phase::kNormalize);
  // The same text normalizes the same way: one policy or CHECK written on 10,000 tables, or
  // read back from them, is parsed and deparsed once. (Errors are not kept: they end the run.)
  thread_local std::unordered_map<std::string, std::string> cache;  // per thread: no lock
  auto hit = cache.find(std::string(expr));
  if (hit != cache.end()) return hit->second;
  auto key = NormalizeExprTextUncached(expr);
  if (key.ok()) cache.emplace(std::string(expr), key.value());
  return key;
}

Result<std::string> NormalizeExprNode(const PgQuery__Node* node) {
  auto text = DeparseExpr(node);
  if (!text.ok()) return text;
  return NormalizeExprText(text.value());
}

Result<Expr> MakeExpr(const PgQuery__Node* node) {
  timing::Scope phase(timing::Phase::kNormalize);
  Expr e;
  TRY_ASSIGN(e.text, DeparseExpr(node));
  TRY_ASSIGN(e.key, NormalizeExprText(e.text));
  return e;
}

Result<Expr> MakeExprFromText(std::string_view text) {
  Expr e;
  e.text = std::string(text);
  TRY_ASSIGN(e.key, NormalizeExprText(text));
  return e;
}

std::string CanonicalTypeName(std::string_view schema, std::string_view name,
                              const std::vector<int>& typmods, int array_dims) {
  // format_type.c's special spellings of the built-in types (format_type_extended).
  static const std::map<std::string, std::string> kBuiltin = {
      {"int4", "integer"}, {"int", "integer"}, {"integer", "integer"},
      {"int2", "smallint"}, {"smallint", "smallint"}, {"int8", "bigint"}, {"bigint", "bigint"},
      {"float4", "real"}, {"real", "real"}, {"float8", "double precision"},
      {"bool", "boolean"}, {"boolean", "boolean"}, {"varchar", "character varying"},
      {"bpchar", "character"}, {"varbit", "bit varying"}, {"decimal", "numeric"},
      {"numeric", "numeric"}, {"bit", "bit"}};
  std::string out;
  bool builtin_schema = schema.empty() || schema == "pg_catalog";
  std::string mods;
  if (!typmods.empty()) {
    mods = "(";
    for (size_t i = 0; i < typmods.size(); ++i) mods += (i ? "," : "") + std::to_string(typmods[i]);
    mods += ")";
  }
  std::string n(name);
  if (builtin_schema && n == "interval") {
    // intervaltypmodout: the field mask (INTERVAL_MASK bits of datetime.h), then (precision).
    static const std::map<int, std::string> kFields = {
        {4, " year"}, {2, " month"}, {8, " day"}, {1024, " hour"}, {2048, " minute"}, {4096, " second"},
        {6, " year to month"}, {1032, " day to hour"}, {3080, " day to minute"}, {7176, " day to second"},
        {3072, " hour to minute"}, {7168, " hour to second"}, {6144, " minute to second"}};
    out = "interval";
    if (!typmods.empty() && kFields.count(typmods[0])) out += kFields.at(typmods[0]);
    if (typmods.size() > 1) out += "(" + std::to_string(typmods[1]) + ")";
    for (int i = 0; i < (array_dims ? 1 : 0); ++i) out += "[]";
    return out;
  }
  if (builtin_schema && (n == "numeric" || n == "decimal") && typmods.size() == 1) {
    mods = "(" + std::to_string(typmods[0]) + ",0)";  // numeric(p) is numeric(p,0)
  }
  if (builtin_schema && (n == "timestamptz" || n == "timestamp" || n == "timetz" || n == "time")) {
    bool tz = n == "timestamptz" || n == "timetz";
    std::string base = n.rfind("timestamp", 0) == 0 ? "timestamp" : "time";
    out = base + mods + (tz ? " with time zone" : " without time zone");
  } else if (builtin_schema && kBuiltin.count(n)) {
    out = kBuiltin.at(n) + mods;
  } else if (builtin_schema && n == "float") {
    out = (!typmods.empty() && typmods[0] <= 24) ? "real" : "double precision";
  } else {
    std::string s(schema);
    out = (s.empty() || s == "public" || s == "pg_catalog") ? QuoteIdent(n)
                                                             : QuoteIdent(s) + "." + QuoteIdent(n);
    out += mods;
  }
  for (int i = 0; i < (array_dims ? 1 : 0); ++i) out += "[]";  // format_type prints one []
  return out;
}

std::string CanonicalTypeName(const PgQuery__TypeName* type) {
  std::vector<std::string> names;
  for (size_t i = 0; i < type->n_names; ++i) names.push_back(StringOf(type->names[i]));
  std::string schema = names.size() >= 2 ? names[names.size() - 2] : "";
  std::string name = names.empty() ? "" : names.back();
  std::vector<int> mods;
  for (size_t i = 0; i < type->n_typmods; ++i) {
    const PgQuery__Node* m = type->typmods[i];
    if (m->node_case == PG_QUERY__NODE__NODE_A_CONST && m->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
      mods.push_back(m->a_const->ival->ival);
    }
  }
  return CanonicalTypeName(schema, name, mods, static_cast<int>(type->n_array_bounds));
}

}  // namespace schemasync::parse

namespace schemasync::parse {

Result<std::string> RespellLiterals(const Expr& e, const std::string& bare_type, const LiteralSpeller& spell) {
  timing::Scope phase(timing::Phase::kNormalize);
  auto parsed = ParseTree::Parse("SELECT " + e.text);
  if (auto* f = std::get_if<ParseFailure>(&parsed)) return MakeError(ErrorKind::kSyntax, f->message);
  ParseTree& t = std::get<ParseTree>(parsed);
  bool changed = false;
  auto respell = [&](PgQuery__AConst* c, const std::string& type) {
    if (c->val_case != PG_QUERY__A__CONST__VAL_SVAL || type.empty()) return;
    auto out = spell(c->sval->sval, type);
    if (!out || *out == c->sval->sval) return;
    free(c->sval->sval);
    c->sval->sval = DupString(*out);
    changed = true;
  };
  PgQuery__Node* root = t->stmts[0]->stmt->select_stmt->target_list[0]->res_target->val;
  if (root->node_case == PG_QUERY__NODE__NODE_A_CONST) respell(root->a_const, bare_type);
  WalkNodes(&t->base, [&](PgQuery__Node* n) {
    if (n->node_case != PG_QUERY__NODE__NODE_TYPE_CAST) return;
    PgQuery__TypeCast* tc = n->type_cast;
    if (!tc->arg || tc->arg->node_case != PG_QUERY__NODE__NODE_A_CONST || !tc->type_name) return;
    if (IsTextLikeType(tc->type_name)) return;
    respell(tc->arg->a_const, CanonicalTypeName(tc->type_name));
  });
  if (!changed) return e.key.str();
  NormalizeTree(&t->base);
  std::string s;
  TRY_ASSIGN(s, Deparse(t.get()));
  return s.rfind("SELECT ", 0) == 0 ? s.substr(7) : s;
}

}  // namespace schemasync::parse
