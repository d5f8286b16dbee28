// Dependency extraction from parse trees (uses.h).
#include "parse/uses.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <set>

#include "parse/pg_tree.h"

namespace schemasync::parse {
namespace {

// A name list (["s", "f"] or ["f"]) as schema and name; false for pg_catalog or an empty list.
bool SchemaAndName(PgQuery__Node* const* names, size_t n, std::string& schema, std::string& name) {
  if (n == 0) return false;
  name = StringOf(names[n - 1]);
  schema = n >= 2 ? StringOf(names[n - 2]) : "public";
  return !name.empty() && schema != "pg_catalog" && schema != "information_schema";
}

std::vector<ObjectRef> Collect(const std::string& sql, bool bodies_only = false);

// The relation a 'name' string constant names (nextval('s'), 'r'::regclass).
void AddRelationString(const std::string& text, std::vector<ObjectRef>& out) {
  for (auto& r : Collect("SELECT FROM " + text)) {
    if (r.kind == ObjectKind::kTable) out.push_back(ObjectRef::Of(ObjectKind::kSequence, r.schema, r.name));
  }
}

std::string ConstString(const PgQuery__Node* n) {
  if (n && n->node_case == PG_QUERY__NODE__NODE_A_CONST && n->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL &&
      n->a_const->sval) {
    return n->a_const->sval->sval;
  }
  return "";
}

std::vector<ObjectRef> Collect(const std::string& sql, bool bodies_only) {
  std::vector<ObjectRef> out;
  auto parsed = ParseTree::Parse(sql);
  if (!std::holds_alternative<ParseTree>(parsed)) return out;
  const ParseTree& tree = std::get<ParseTree>(parsed);
  std::string schema, name;
  std::vector<std::string> bodies;
  WalkMessages(&tree.get()->base, [&](const ProtobufCMessage* m) {
    const ProtobufCMessageDescriptor* d = m->descriptor;
    if (d == &pg_query__range_var__descriptor) {
      auto* rv = reinterpret_cast<const PgQuery__RangeVar*>(m);
      std::string s = rv->schemaname && *rv->schemaname ? rv->schemaname : "public";
      if (rv->relname && *rv->relname && s != "pg_catalog" && s != "information_schema") {
        out.push_back(ObjectRef::Of(ObjectKind::kTable, s, rv->relname));
      }
    } else if (d == &pg_query__func_call__descriptor) {
      auto* fc = reinterpret_cast<const PgQuery__FuncCall*>(m);
      if (SchemaAndName(fc->funcname, fc->n_funcname, schema, name)) {
        out.push_back(ObjectRef::Of(ObjectKind::kFunction, schema, name));
      }
      std::string fname = fc->n_funcname ? StringOf(fc->funcname[fc->n_funcname - 1]) : "";
      if ((fname == "nextval" || fname == "currval" || fname == "setval") && fc->n_args > 0) {
        const PgQuery__Node* a = fc->args[0];
        if (a->node_case == PG_QUERY__NODE__NODE_TYPE_CAST) a = a->type_cast->arg;
        std::string text = ConstString(a);
        if (!text.empty()) AddRelationString(text, out);
      }
    } else if (d == &pg_query__type_cast__descriptor) {
      auto* tc = reinterpret_cast<const PgQuery__TypeCast*>(m);
      std::string text = ConstString(tc->arg);
      if (!text.empty() && tc->type_name && tc->type_name->n_names > 0 &&
          StringOf(tc->type_name->names[tc->type_name->n_names - 1]) == "regclass") {
        AddRelationString(text, out);
      }
    } else if (d == &pg_query__type_name__descriptor) {
      auto* tn = reinterpret_cast<const PgQuery__TypeName*>(m);
      if (SchemaAndName(tn->names, tn->n_names, schema, name)) {
        out.push_back(ObjectRef::Of(ObjectKind::kType, schema, name));
      }
    } else if (d == &pg_query__create_function_stmt__descriptor) {
      // A LANGUAGE sql body given as a string is SQL too (UsesOfBodies).
      auto* cf = reinterpret_cast<const PgQuery__CreateFunctionStmt*>(m);
      std::string language, body;
      for (size_t k = 0; k < cf->n_options; ++k) {
        const PgQuery__Node* o = cf->options[k];
        if (o->node_case != PG_QUERY__NODE__NODE_DEF_ELEM || !o->def_elem->defname || !o->def_elem->arg) continue;
        std::string opt = o->def_elem->defname;
        const PgQuery__Node* arg = o->def_elem->arg;
        if (opt == "language") language = StringOf(arg);
        if (opt == "as" && arg->node_case == PG_QUERY__NODE__NODE_LIST && arg->list->n_items > 0) {
          body = StringOf(arg->list->items[0]);
        }
      }
      if (language == "sql" && !body.empty()) bodies.push_back(body);
    } else if (d == &pg_query__create_trig_stmt__descriptor) {
      auto* ct = reinterpret_cast<const PgQuery__CreateTrigStmt*>(m);
      if (SchemaAndName(ct->funcname, ct->n_funcname, schema, name)) {
        out.push_back(ObjectRef::Of(ObjectKind::kFunction, schema, name));
      }
    }
  });
  if (bodies_only) {
    out.clear();
    for (const auto& body : bodies) {
      for (auto& r : Collect(body)) out.push_back(std::move(r));
    }
  }
  std::set<ObjectRef> seen;
  std::erase_if(out, [&](const ObjectRef& r) { return !seen.insert(r).second; });
  return out;
}

std::vector<ObjectRef> Cached(const std::string& sql, bool bodies_only = false) {
  static std::mutex mu;
  static std::map<std::pair<std::string, bool>, std::vector<ObjectRef>> cache;
  {
    std::lock_guard<std::mutex> lock(mu);
    auto it = cache.find({sql, bodies_only});
    if (it != cache.end()) return it->second;
  }
  std::vector<ObjectRef> r = Collect(sql, bodies_only);
  std::lock_guard<std::mutex> lock(mu);
  return cache.emplace(std::pair(sql, bodies_only), std::move(r)).first->second;
}

}  // namespace

std::vector<std::string> ColumnsOfExpr(const std::string& expr) {
  static std::mutex mu;
  static std::map<std::string, std::vector<std::string>> cache;
  if (expr.empty()) return {};
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache.find(expr);
  if (it != cache.end()) return it->second;
  std::vector<std::string> out;
  auto parsed = ParseTree::Parse("SELECT " + expr);
  if (std::holds_alternative<ParseTree>(parsed)) {
    WalkMessages(&std::get<ParseTree>(parsed).get()->base, [&](const ProtobufCMessage* m) {
      if (m->descriptor != &pg_query__column_ref__descriptor) return;
      auto* cr = reinterpret_cast<const PgQuery__ColumnRef*>(m);
      std::string name = cr->n_fields ? StringOf(cr->fields[cr->n_fields - 1]) : "";
      if (!name.empty() && std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
    });
  }
  return cache.emplace(expr, std::move(out)).first->second;
}

std::vector<ObjectRef> UsesOfSql(const std::string& sql) { return sql.empty() ? std::vector<ObjectRef>{} : Cached(sql); }

std::vector<ObjectRef> UsesOfBodies(const std::string& sql) {
  return sql.empty() ? std::vector<ObjectRef>{} : Cached(sql, true);
}

std::vector<ObjectRef> UsesOfExpr(const std::string& expr) {
  return expr.empty() ? std::vector<ObjectRef>{} : Cached("SELECT " + expr);
}

std::vector<ObjectRef> UsesOfType(const std::string& type) {
  return type.empty() ? std::vector<ObjectRef>{} : Cached("SELECT NULL::" + type);
}

}  // namespace schemasync::parse
