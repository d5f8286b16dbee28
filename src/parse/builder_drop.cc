// DROP statements in desired files: a history of changes (CREATE ... then DROP ...) describes
// the schema without the dropped object, as psql would leave it. The object and what
// PostgreSQL drops with it (a table's indexes, triggers, policies, owned sequences, privileges)
// leave the model; an object something else still uses is an error, as without CASCADE.
#include <algorithm>

#include "parse/builder.h"
#include "parse/normalize.h"
#include "parse/transform.h"
#include "parse/uses.h"
#include "util/quote.h"

namespace schemasync::parse {
namespace {

Status InUse(const std::string& what, const std::string& by) {
  return MakeError(ErrorKind::kSyntax, "cannot drop " + what + " because " + by + " depends on it; drop that first, "
                                       "or remove both CREATE statements");
}

}  // namespace

Status Builder::DropRelation(const QualifiedName& n, bool view) {
  const std::string what = (view ? "view " : "table ") + n.Display();
  for (const auto& [vn, v] : schema_.views) {
    if (vn != n && std::find(v.depends_on.begin(), v.depends_on.end(), n) != v.depends_on.end()) {
      return InUse(what, "view " + vn.Display());
    }
  }
  for (const auto& [tn, t] : schema_.tables) {
    if (tn == n) continue;
    if (t.partition_of == n || std::find(t.inherits.begin(), t.inherits.end(), n) != t.inherits.end()) {
      return InUse(what, "table " + tn.Display());
    }
    for (const auto& [cn, c] : t.constraints) {
      if (c.kind == ConstraintKind::kForeignKey && c.ref_table == n) return InUse(what, "constraint " + cn + " on " + tn.Display());
    }
  }
  std::erase_if(schema_.indexes, [&](const auto& kv) { return kv.second.table == n; });
  std::erase_if(schema_.triggers, [&](const auto& kv) { return kv.first.first == n; });
  std::erase_if(schema_.rules, [&](const auto& kv) { return kv.first.first == n; });
  schema_.grants.erase(n);
  if (!view) {
    // Serial columns' sequences are owned by their column (OWNED BY): they go with the table.
    const std::string prefix = QuoteIdent(n.schema) + "." + QuoteIdent(n.name) + ".";
    std::erase_if(schema_.sequences, [&](const auto& kv) {
      if (kv.second.owned_by.rfind(prefix, 0) != 0) return false;
      schema_.grants.erase(kv.first);
      return true;
    });
    schema_.tables.erase(n);
  } else {
    schema_.views.erase(n);
  }
  Taken(n.schema).erase(n.name);
  return Ok();
}

Status Builder::Drop(const PgQuery__DropStmt* s) {
  using Kind = PgQuery__ObjectType;
  if (s->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE) {
    return MakeError(ErrorKind::kUnsupported, "DROP ... CASCADE is not supported in the desired files: drop the dependent "
                                              "objects first, or remove their CREATE statements");
  }
  for (size_t i = 0; i < s->n_objects; ++i) {
    const PgQuery__Node* o = s->objects[i];
    const Kind kind = s->remove_type;
    auto missing = [&](const std::string& what) -> Status {
      if (s->missing_ok) return Ok();
      return MakeError(ErrorKind::kSyntax, what + " does not exist");
    };
    auto list_name = [&]() {
      return o->node_case == PG_QUERY__NODE__NODE_LIST ? NameOfList(o->list->items, o->list->n_items) : QualifiedName{};
    };
    switch (kind) {
      case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
      case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
      case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW: {
        QualifiedName n = list_name();
        bool view = kind != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE;
        bool exists = view ? schema_.views.count(n) && schema_.views.at(n).materialized == (kind == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW)
                           : schema_.tables.count(n) > 0;
        if (!exists) {
          TRY(missing((view ? "view \"" : "table \"") + n.Display() + "\""));
          break;
        }
        TRY(DropRelation(n, view));
        break;
      }
      case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
      case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE: {
        // A relation of its own: its name is free again, a sequence's privileges go with it.
        QualifiedName n = list_name();
        bool index = kind == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX;
        if (!(index ? schema_.indexes.erase(n) : schema_.sequences.erase(n))) {
          TRY(missing(std::string(index ? "index" : "sequence") + " \"" + n.Display() + "\""));
          break;
        }
        if (!index) schema_.grants.erase(n);
        if (index) AddPartEvent(PartEvent::kForget, n, {}, false);
        Taken(n.schema).erase(n.name);
        break;
      }
      case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
      case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN: {
        if (o->node_case != PG_QUERY__NODE__NODE_TYPE_NAME) return MakeError(ErrorKind::kSyntax, "type name expected");
        QualifiedName n = NameOfList(o->type_name->names, o->type_name->n_names);
        std::string spelled = CanonicalTypeName(o->type_name);
        for (const auto& [tn, t] : schema_.tables) {
          for (const auto& c : t.columns) {
            if (c.type == spelled || c.type == spelled + "[]") return InUse("type " + n.Display(), "column " + tn.Display() + "." + c.name);
          }
        }
        bool gone = kind == PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN
                        ? schema_.domains.erase(n) > 0
                        : schema_.enums.erase(n) + schema_.composites.erase(n) + schema_.domains.erase(n) +
                                  schema_.ranges.erase(n) > 0;
        if (!gone) TRY(missing("type \"" + n.Display() + "\""));
        if (gone && !schema_.tables.count(n) && !schema_.views.count(n)) Taken(n.schema).erase(n.name);
        break;
      }
      case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
      case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
      case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE: {
        if (o->node_case != PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS) return MakeError(ErrorKind::kSyntax, "function name expected");
        auto f = FindFunction(o->object_with_args);
        if (!f.ok()) {
          TRY(missing("function " + NameOfList(o->object_with_args->objname, o->object_with_args->n_objname).Display()));
          break;
        }
        const Function* found = f.value();
        for (const auto& [k, t] : schema_.triggers) {
          for (const auto& u : UsesOfSql(t.create_sql)) {
            if (u.kind == ObjectKind::kFunction && u.schema == found->name.schema && u.name == found->name.name) {
              return InUse("function " + found->name.Display(), "trigger " + t.name + " on " + t.table.Display());
            }
          }
        }
        std::erase_if(schema_.functions, [&](const auto& kv) { return &kv.second == found; });
        break;
      }
      case PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE: {
        if (o->node_case != PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS) return MakeError(ErrorKind::kSyntax, "aggregate name expected");
        auto a = FindAggregate(o->object_with_args);
        if (!a.ok()) {
          TRY(missing("aggregate " + NameOfList(o->object_with_args->objname, o->object_with_args->n_objname).Display()));
          break;
        }
        const Aggregate* found = a.value();
        std::erase_if(schema_.aggregates, [&](const auto& kv) { return &kv.second == found; });
        break;
      }
      case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
      case PG_QUERY__OBJECT_TYPE__OBJECT_RULE:
      case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY: {
        // (schema.)table.name
        std::vector<std::string> parts = o->node_case == PG_QUERY__NODE__NODE_LIST
                                             ? StringList(o->list->items, o->list->n_items) : std::vector<std::string>{};
        if (parts.size() < 2) return MakeError(ErrorKind::kSyntax, "table and name expected");
        std::string name = parts.back();
        parts.pop_back();
        QualifiedName table = parts.size() == 1 ? QualifiedName{"public", parts[0]} : QualifiedName{parts[0], parts[1]};
        bool gone = false;
        if (kind == PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER) {
          gone = schema_.triggers.erase({table, name}) > 0;
        } else if (kind == PG_QUERY__OBJECT_TYPE__OBJECT_RULE) {
          gone = schema_.rules.erase({table, name}) > 0;
        } else {
          auto t = schema_.tables.find(table);
          gone = t != schema_.tables.end() && t->second.policies.erase(name) > 0;
        }
        const char* what = kind == PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER ? "trigger"
                           : kind == PG_QUERY__OBJECT_TYPE__OBJECT_RULE  ? "rule"
                                                                         : "policy";
        if (!gone) TRY(missing(std::string(what) + " \"" + name +
                               "\" for table \"" + table.Display() + "\""));
        break;
      }
      case PG_QUERY__OBJECT_TYPE__OBJECT_EVENT_TRIGGER: {
        std::string name = StringOf(o);
        if (!schema_.event_triggers.erase(name)) TRY(missing("event trigger \"" + name + "\""));
        break;
      }
      case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE: {
        if (o->node_case != PG_QUERY__NODE__NODE_LIST) return MakeError(ErrorKind::kSyntax, "foreign table name expected");
        QualifiedName n = NameOfList(o->list->items, o->list->n_items);
        for (const auto& [vn, v] : schema_.views) {
          if (std::find(v.depends_on.begin(), v.depends_on.end(), n) != v.depends_on.end()) {
            return InUse("foreign table " + n.Display(), "view " + vn.Display());
          }
        }
        if (!schema_.foreign_tables.erase(n)) TRY(missing("foreign table \"" + n.Display() + "\""));
        else Taken(n.schema).erase(n.name);
        break;
      }
      case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_SERVER: {
        std::string name = StringOf(o);
        for (const auto& [tn, t] : schema_.foreign_tables) {
          if (t.server == name) return InUse("server " + name, "foreign table " + tn.Display());
        }
        for (const auto& [k, m] : schema_.user_mappings) {
          if (m.server == name) return InUse("server " + name, "a user mapping");
        }
        if (!schema_.foreign_servers.erase(name)) TRY(missing("server \"" + name + "\""));
        break;
      }
      case PG_QUERY__OBJECT_TYPE__OBJECT_FDW: {
        std::string name = StringOf(o);
        for (const auto& [sn, v] : schema_.foreign_servers) {
          if (v.wrapper == name) return InUse("foreign-data wrapper " + name, "server " + sn);
        }
        if (!schema_.foreign_data_wrappers.erase(name)) TRY(missing("foreign-data wrapper \"" + name + "\""));
        break;
      }
      case PG_QUERY__OBJECT_TYPE__OBJECT_PUBLICATION: {
        std::string name = StringOf(o);
        if (!schema_.publications.erase(name)) TRY(missing("publication \"" + name + "\""));
        break;
      }
      default:
        return MakeError(ErrorKind::kUnsupported, "DROP of this kind of object is not supported in the desired files; "
                                                  "remove its CREATE statement instead");
    }
  }
  return Ok();
}

}  // namespace schemasync::parse
