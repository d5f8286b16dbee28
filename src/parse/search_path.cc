// SET search_path in the desired files: names are qualified as PostgreSQL would resolve them.
//
// PostgreSQL puts an unqualified new object in the first schema of the search path
// (RangeVarGetCreationNamespace / QualifiedNameGetCreationNamespace) and finds an unqualified
// relation, type or function in the first schema of the path that holds one
// (RangeVarGetRelid, TypenameGetTypid, FuncnameGetCandidates). The rest of the parser reads an
// unqualified name as public's, so the statements written under another path are rewritten
// here, before the builder sees them, into the qualified statements they mean: the created
// object named in its schema, each reference in the schema where the desired SQL defines it.
// A name the desired SQL does not define (a built-in, an extension's) stays as written.
#include "parse/search_path.h"

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <set>

#include "parse/transform.h"
#include "util/quote.h"

namespace schemasync::parse {
namespace {

using Path = std::vector<std::string>;

// The value of one SET search_path argument, "" when it is not a constant.
std::string Arg(const PgQuery__Node* a) {
  if (!a || a->node_case != PG_QUERY__NODE__NODE_A_CONST || a->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL) return "";
  return a->a_const->sval->sval ? a->a_const->sval->sval : "";
}

// The schemas a search path names, without pg_catalog (searched anyway, and never where a
// user's object goes) and "$user" (a schema named as the applying role is not modeled).
// RESET, SET ... TO DEFAULT: the default path, whose creation schema is public.
std::optional<Path> PathOf(const PgQuery__VariableSetStmt* s) {
  if (!s->name || std::string(s->name) != "search_path") return std::nullopt;
  Path p;
  if (s->kind != PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE) return Path{"public"};
  // Each argument is one schema name (search_path is GUC_LIST_QUOTE: a string constant is
  // quoted as one identifier, so 'a, b' names a schema called "a, b").
  for (size_t i = 0; i < s->n_args; ++i) {
    std::string one = Arg(s->args[i]);
    if (!one.empty() && one != "pg_catalog" && one != "$user") p.push_back(one);
  }
  return p;
}

bool IsDefault(const Path& p) { return p.size() == 1 && p[0] == "public"; }

// What the desired SQL defines, by namespace: relations (and indexes), types (relations have a
// row type too), functions (procedures and aggregates share their namespace).
struct Defined {
  std::set<std::pair<std::string, std::string>> relations, types, functions, collations;
  // The first schema of `path` where `set` holds `name`; "" when none does.
  static std::string Find(const std::set<std::pair<std::string, std::string>>& set, const Path& path,
                          const std::string& name) {
    for (const auto& s : path) {
      if (set.count({s, name})) return s;
    }
    return "";
  }
};

std::string SchemaOr(const char* s) { return s && *s ? s : "public"; }

PgQuery__Node* SchemaOption(const std::string& schema) {
  auto* e = static_cast<PgQuery__DefElem*>(malloc(sizeof(PgQuery__DefElem)));
  pg_query__def_elem__init(e);
  e->defname = DupString("schema");
  e->arg = MakeStringNode(schema);
  e->location = -1;
  auto* n = static_cast<PgQuery__Node*>(malloc(sizeof(PgQuery__Node)));
  pg_query__node__init(n);
  n->node_case = PG_QUERY__NODE__NODE_DEF_ELEM;
  n->def_elem = e;
  return n;
}

// Names the created object of `n` in `schema` (when unqualified; "" leaves it) and records what
// it defines. An index goes in its table's schema.
void Create(PgQuery__Node* n, const std::string& schema, const Path& path, Defined& d) {
  auto rel = [&](PgQuery__RangeVar* rv, bool type) {
    if (!rv) return;
    if (!schema.empty() && !(rv->schemaname && *rv->schemaname)) SetString(rv->schemaname, schema);
    d.relations.insert({SchemaOr(rv->schemaname), rv->relname ? rv->relname : ""});
    if (type) d.types.insert({SchemaOr(rv->schemaname), rv->relname ? rv->relname : ""});
  };
  auto list = [&](size_t* count, PgQuery__Node*** names, std::set<std::pair<std::string, std::string>>& into) {
    if (*count == 0) return;
    if (*count == 1 && !schema.empty()) PrependName(count, names, schema);
    into.insert({*count >= 2 ? StringOf((*names)[*count - 2]) : "public", StringOf((*names)[*count - 1])});
  };
  switch (n->node_case) {
    case PG_QUERY__NODE__NODE_CREATE_STMT: rel(n->create_stmt->relation, true); break;
    case PG_QUERY__NODE__NODE_CREATE_FOREIGN_TABLE_STMT:
      if (n->create_foreign_table_stmt->base_stmt) rel(n->create_foreign_table_stmt->base_stmt->relation, true);
      break;
    case PG_QUERY__NODE__NODE_VIEW_STMT: rel(n->view_stmt->view, true); break;
    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
      if (n->create_table_as_stmt->into) rel(n->create_table_as_stmt->into->rel, true);
      break;
    case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT: rel(n->create_seq_stmt->sequence, false); break;
    case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT: rel(n->composite_type_stmt->typevar, true); break;
    case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT: {
      auto* s = n->create_enum_stmt;
      list(&s->n_type_name, &s->type_name, d.types);
      break;
    }
    case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT: {
      auto* s = n->create_domain_stmt;
      list(&s->n_domainname, &s->domainname, d.types);
      break;
    }
    case PG_QUERY__NODE__NODE_CREATE_RANGE_STMT: {
      auto* s = n->create_range_stmt;
      list(&s->n_type_name, &s->type_name, d.types);
      break;
    }
    case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT: {
      auto* s = n->create_function_stmt;
      list(&s->n_funcname, &s->funcname, d.functions);
      break;
    }
    case PG_QUERY__NODE__NODE_DEFINE_STMT: {
      auto* s = n->define_stmt;
      if (s->kind == PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE) list(&s->n_defnames, &s->defnames, d.functions);
      else if (s->kind == PG_QUERY__OBJECT_TYPE__OBJECT_TYPE) list(&s->n_defnames, &s->defnames, d.types);
      else if (s->kind == PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION) list(&s->n_defnames, &s->defnames, d.collations);
      break;
    }
    case PG_QUERY__NODE__NODE_INDEX_STMT: {
      auto* s = n->index_stmt;
      if (!s->idxname || !*s->idxname || !s->relation) break;
      std::string in = s->relation->schemaname && *s->relation->schemaname ? s->relation->schemaname : "";
      if (in.empty()) in = Defined::Find(d.relations, path, s->relation->relname ? s->relation->relname : "");
      d.relations.insert({in.empty() ? "public" : in, s->idxname});
      break;
    }
    case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT: {
      // CREATE EXTENSION without SCHEMA installs in the creation schema (extension.c).
      auto* s = n->create_extension_stmt;
      if (schema.empty()) break;
      for (size_t i = 0; i < s->n_options; ++i) {
        if (s->options[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM && s->options[i]->def_elem->defname &&
            std::string(s->options[i]->def_elem->defname) == "schema") {
          return;
        }
      }
      auto** grown = static_cast<PgQuery__Node**>(malloc(sizeof(PgQuery__Node*) * (s->n_options + 1)));
      for (size_t i = 0; i < s->n_options; ++i) grown[i] = s->options[i];
      grown[s->n_options] = SchemaOption(schema);
      free(s->options);
      s->options = grown;
      ++s->n_options;
      break;
    }
    default: break;
  }
}

// A string constant naming a relation (nextval('seq'), 'seq'::regclass): qualified like a
// RangeVar (regclassin resolves it with the search path when the statement runs).
void QualifyRelationLiteral(PgQuery__Node* c, const Path& path, const Defined& d) {
  if (!c || c->node_case != PG_QUERY__NODE__NODE_A_CONST || c->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL) return;
  char*& sval = c->a_const->sval->sval;
  std::string v = sval ? sval : "";
  if (v.empty() || v.find('.') != std::string::npos || v.find('"') != std::string::npos) return;
  std::string s = Defined::Find(d.relations, path, v);
  if (!s.empty() && s != "public") SetString(sval, QuoteIdent(s) + "." + QuoteIdent(v));
}

bool IsRegclass(const PgQuery__TypeName* t) {
  return t && t->n_names >= 1 && StringOf(t->names[t->n_names - 1]) == "regclass";
}

// Qualifies every unqualified reference in a statement written under `path`.
class References {
 public:
  References(const Path& path, const Defined& d) : path_(path), d_(d) {}

  void Statement(PgQuery__Node* n) {
    WalkMessages(&n->base, [&](ProtobufCMessage* m) {
      if (m->descriptor == &pg_query__common_table_expr__descriptor) {
        auto* cte = reinterpret_cast<PgQuery__CommonTableExpr*>(m);
        if (cte->ctename) ctes_.insert(cte->ctename);
      }
    });
    Special(n);
    WalkMessages(&n->base, [&](ProtobufCMessage* m) { Visit(m); });
  }

 private:
  // A one-name list found in `set`: the schema put in front of it.
  void Qualify(size_t* count, PgQuery__Node*** names, const std::set<std::pair<std::string, std::string>>& set) {
    if (*count != 1) return;
    std::string s = Defined::Find(set, path_, StringOf((*names)[0]));
    if (!s.empty()) PrependName(count, names, s);
  }

  // Name lists whose kind only the statement knows.
  void Special(PgQuery__Node* n) {
    switch (n->node_case) {
      case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT: {
        auto* s = n->create_trig_stmt;
        Qualify(&s->n_funcname, &s->funcname, d_.functions);
        break;
      }
      case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT: {
        auto* s = n->alter_enum_stmt;
        Qualify(&s->n_type_name, &s->type_name, d_.types);
        break;
      }
      case PG_QUERY__NODE__NODE_ALTER_DOMAIN_STMT: {
        auto* s = n->alter_domain_stmt;
        Qualify(&s->n_type_name, &s->type_name, d_.types);
        break;
      }
      case PG_QUERY__NODE__NODE_COMMENT_STMT: Object(n->comment_stmt->objtype, n->comment_stmt->object); break;
      case PG_QUERY__NODE__NODE_DROP_STMT:
        for (size_t i = 0; i < n->drop_stmt->n_objects; ++i) Object(n->drop_stmt->remove_type, n->drop_stmt->objects[i]);
        break;
      case PG_QUERY__NODE__NODE_CREATE_EVENT_TRIG_STMT: {
        auto* s = n->create_event_trig_stmt;
        Qualify(&s->n_funcname, &s->funcname, d_.functions);
        break;
      }
      case PG_QUERY__NODE__NODE_ALTER_OWNER_STMT: {
        auto* s = n->alter_owner_stmt;
        PgQuery__Node* o = s->object;
        if (!o || o->node_case != PG_QUERY__NODE__NODE_LIST) break;
        if (s->object_type == PG_QUERY__OBJECT_TYPE__OBJECT_TYPE || s->object_type == PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN) {
          Qualify(&o->list->n_items, &o->list->items, d_.types);
        } else if (s->object_type == PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION) {
          Qualify(&o->list->n_items, &o->list->items, d_.collations);
        }
        break;
      }
      // Options naming functions (SFUNC = f, CANONICAL = f, ...): the parser gives them as type
      // names, but they are found among functions.
      case PG_QUERY__NODE__NODE_DEFINE_STMT:
        if (n->define_stmt->kind == PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE) {
          FunctionOptions(n->define_stmt->definition, n->define_stmt->n_definition);
        }
        break;
      case PG_QUERY__NODE__NODE_CREATE_RANGE_STMT:
        FunctionOptions(n->create_range_stmt->params, n->create_range_stmt->n_params);
        break;
      case PG_QUERY__NODE__NODE_CREATE_FDW_STMT:
        FunctionOptions(n->create_fdw_stmt->func_options, n->create_fdw_stmt->n_func_options);
        break;
      case PG_QUERY__NODE__NODE_ALTER_FDW_STMT:
        FunctionOptions(n->alter_fdw_stmt->func_options, n->alter_fdw_stmt->n_func_options);
        break;
      case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
        OwnedBy(n->create_seq_stmt->options, n->create_seq_stmt->n_options);
        break;
      case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT:
        OwnedBy(n->alter_seq_stmt->options, n->alter_seq_stmt->n_options);
        break;
      case PG_QUERY__NODE__NODE_GRANT_STMT: {
        auto* s = n->grant_stmt;
        bool types = s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TYPE || s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN;
        if (!types || s->targtype != PG_QUERY__GRANT_TARGET_TYPE__ACL_TARGET_OBJECT) break;
        for (size_t i = 0; i < s->n_objects; ++i) {
          PgQuery__Node* o = s->objects[i];
          if (o->node_case == PG_QUERY__NODE__NODE_LIST) Qualify(&o->list->n_items, &o->list->items, d_.types);
        }
        break;
      }
      default: break;
    }
  }

  // DefElems whose value is a function's name (a one-name TypeName or name list).
  void FunctionOptions(PgQuery__Node** items, size_t n) {
    static const std::set<std::string> kFunctionOptions = {
        "sfunc", "finalfunc", "combinefunc", "serialfunc", "deserialfunc", "msfunc", "minvfunc", "mfinalfunc",
        "canonical", "subtype_diff", "handler", "validator"};
    for (size_t i = 0; i < n; ++i) {
      if (!items[i] || items[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM) continue;
      PgQuery__DefElem* e = items[i]->def_elem;
      std::string name = e->defname ? e->defname : "";
      for (auto& ch : name) ch = static_cast<char>(tolower(static_cast<unsigned char>(ch)));
      if (!kFunctionOptions.count(name) || !e->arg) continue;
      if (e->arg->node_case == PG_QUERY__NODE__NODE_TYPE_NAME) {
        Qualify(&e->arg->type_name->n_names, &e->arg->type_name->names, d_.functions);
      } else if (e->arg->node_case == PG_QUERY__NODE__NODE_LIST) {
        Qualify(&e->arg->list->n_items, &e->arg->list->items, d_.functions);
      }
    }
  }

  // OWNED BY t.c of a sequence: the table is a relation reference.
  void OwnedBy(PgQuery__Node** items, size_t n) {
    for (size_t i = 0; i < n; ++i) {
      if (!items[i] || items[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM) continue;
      PgQuery__DefElem* e = items[i]->def_elem;
      if (!e->defname || std::string(e->defname) != "owned_by" || !e->arg || e->arg->node_case != PG_QUERY__NODE__NODE_LIST) continue;
      PgQuery__List* l = e->arg->list;
      if (l->n_items != 2) continue;
      std::string s = Defined::Find(d_.relations, path_, StringOf(l->items[0]));
      if (!s.empty()) PrependName(&l->n_items, &l->items, s);
    }
  }

  // The object of COMMENT ON / DROP given as a name list: a relation ([t]), or a part of one
  // ([t, column], [t, constraint | trigger | policy | rule]).
  void Object(PgQuery__ObjectType kind, PgQuery__Node* o) {
    if (!o || o->node_case != PG_QUERY__NODE__NODE_LIST) return;
    auto* l = o->list;
    switch (kind) {
      case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
      case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
      case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
      case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
      case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
      case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE:
        Qualify(&l->n_items, &l->items, d_.relations);
        break;
      case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN:
      case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT:
      case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
      case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY:
      case PG_QUERY__OBJECT_TYPE__OBJECT_RULE:
        if (l->n_items == 2) {
          std::string s = Defined::Find(d_.relations, path_, StringOf(l->items[0]));
          if (!s.empty()) PrependName(&l->n_items, &l->items, s);
        }
        break;
      case PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION:
        Qualify(&l->n_items, &l->items, d_.collations);
        break;
      default: break;
    }
  }

  void Visit(ProtobufCMessage* m) {
    const ProtobufCMessageDescriptor* d = m->descriptor;
    if (d == &pg_query__range_var__descriptor) {
      auto* rv = reinterpret_cast<PgQuery__RangeVar*>(m);
      if (rv->schemaname && *rv->schemaname) return;
      if (rv->relname && ctes_.count(rv->relname)) return;  // WITH name AS (...): not a relation
      std::string s = Defined::Find(d_.relations, path_, rv->relname ? rv->relname : "");
      if (!s.empty()) SetString(rv->schemaname, s);
    } else if (d == &pg_query__type_name__descriptor) {
      auto* t = reinterpret_cast<PgQuery__TypeName*>(m);
      if (!t->pct_type) {
        Qualify(&t->n_names, &t->names, d_.types);
      } else if (t->n_names == 2) {  // table.column%TYPE
        std::string s = Defined::Find(d_.relations, path_, StringOf(t->names[0]));
        if (!s.empty()) PrependName(&t->n_names, &t->names, s);
      }
    } else if (d == &pg_query__collate_clause__descriptor) {
      auto* c = reinterpret_cast<PgQuery__CollateClause*>(m);
      Qualify(&c->n_collname, &c->collname, d_.collations);
    } else if (d == &pg_query__func_call__descriptor) {
      auto* f = reinterpret_cast<PgQuery__FuncCall*>(m);
      std::string last = f->n_funcname ? StringOf(f->funcname[f->n_funcname - 1]) : "";
      if ((last == "nextval" || last == "currval" || last == "setval") && f->n_args >= 1) {
        QualifyRelationLiteral(f->args[0], path_, d_);
      }
      Qualify(&f->n_funcname, &f->funcname, d_.functions);
    } else if (d == &pg_query__object_with_args__descriptor) {
      auto* o = reinterpret_cast<PgQuery__ObjectWithArgs*>(m);
      Qualify(&o->n_objname, &o->objname, d_.functions);
    } else if (d == &pg_query__type_cast__descriptor) {
      auto* c = reinterpret_cast<PgQuery__TypeCast*>(m);
      if (IsRegclass(c->type_name)) QualifyRelationLiteral(c->arg, path_, d_);
    }
  }

  const Path& path_;
  const Defined& d_;
  std::set<std::string> ctes_;  // the statement's WITH names
};

}  // namespace

struct SearchPaths::State {
  Defined defined;
  Path path{"public"};
};

SearchPaths::SearchPaths() : state_(std::make_unique<State>()) {}
SearchPaths::~SearchPaths() = default;

void SearchPaths::StartFile() { state_->path = Path{"public"}; }

std::optional<std::vector<std::string>> SearchPaths::See(PgQuery__Node* n) {
  if (!n) return std::nullopt;
  Path& path = state_->path;
  if (n->node_case == PG_QUERY__NODE__NODE_VARIABLE_SET_STMT) {
    if (auto p = PathOf(n->variable_set_stmt)) path = *p;
    return std::nullopt;
  }
  bool other = !IsDefault(path);
  // Nothing is created where the path names no schema: left to the builder as written.
  Create(n, other && !path.empty() ? path[0] : "", path, state_->defined);
  if (!other) return std::nullopt;
  return path;
}

void SearchPaths::Qualify(PgQuery__Node* n, const std::vector<std::string>& path) const {
  Defined scratch;  // what `n` creates is in state_->defined already (See)
  Create(n, !path.empty() ? path[0] : "", path, scratch);
  References(path, state_->defined).Statement(n);
}

}  // namespace schemasync::parse
