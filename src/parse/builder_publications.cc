// CREATE PUBLICATION and ALTER PUBLICATION ... ADD / DROP / SET (objects or options) -> model.
// The publication is kept as pg_publication, pg_publication_rel and pg_publication_namespace
// hold it after the statements ran (publicationcmds.c).
#include <algorithm>

#include "parse/builder.h"
#include "parse/normalize.h"
#include "parse/transform.h"

namespace schemasync::parse {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return c < 0x80 ? ::tolower(c) : c; });
  return s;
}

std::string Trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\n\r"), b = s.find_last_not_of(" \t\n\r");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

// defGetBoolean: no value is true; true/false/on/off/yes/no, 1/0.
Result<bool> BoolOption(const PgQuery__DefElem* d) {
  const PgQuery__Node* a = d->arg;
  if (!a) return true;
  if (a->node_case == PG_QUERY__NODE__NODE_INTEGER && a->integer) {
    if (a->integer->ival == 0 || a->integer->ival == 1) return a->integer->ival == 1;
  } else if (a->node_case == PG_QUERY__NODE__NODE_BOOLEAN && a->boolean) {
    return static_cast<bool>(a->boolean->boolval);
  } else {
    std::string v = Lower(StringOf(a));
    if (v == "true" || v == "on" || v == "yes" || v == "t" || v == "y") return true;
    if (v == "false" || v == "off" || v == "no" || v == "f" || v == "n") return false;
  }
  return MakeError(ErrorKind::kSyntax, std::string(d->defname) + " requires a Boolean value");
}

// WITH (...) / SET (...): only the options given change (parse_publication_options).
Status ApplyOptions(Publication& p, PgQuery__Node* const* options, size_t n) {
  bool publish_given = false, root_given = false;
  for (size_t i = 0; i < n; ++i) {
    const PgQuery__DefElem* d = options[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM ? options[i]->def_elem : nullptr;
    std::string name = d && d->defname ? d->defname : "";
    if (name == "publish") {
      if (publish_given) return MakeError(ErrorKind::kSyntax, "conflicting or redundant options: publish");
      publish_given = true;
      if (!d->arg) return MakeError(ErrorKind::kSyntax, "publish requires a parameter");
      p.insert = p.update = p.del = p.truncate = false;
      std::string list = StringOf(d->arg) + ",";
      for (size_t start = 0, comma; (comma = list.find(',', start)) != std::string::npos; start = comma + 1) {
        std::string action = Lower(Trim(list.substr(start, comma - start)));
        if (action == "insert") p.insert = true;
        else if (action == "update") p.update = true;
        else if (action == "delete") p.del = true;
        else if (action == "truncate") p.truncate = true;
        else if (!action.empty() || list.size() > 1) {
          return MakeError(ErrorKind::kSyntax, "unrecognized \"publish\" value: \"" + action + "\" (insert, update, delete, truncate)");
        }
      }
    } else if (name == "publish_via_partition_root") {
      if (root_given) return MakeError(ErrorKind::kSyntax, "conflicting or redundant options: publish_via_partition_root");
      root_given = true;
      TRY_ASSIGN(p.via_root, BoolOption(d));
    } else {
      return MakeError(ErrorKind::kUnsupported, "unrecognized publication parameter: \"" + name +
                                                    "\" (supported: publish, publish_via_partition_root)");
    }
  }
  return Ok();
}

}  // namespace

Status Builder::PublicationObjects(Publication& p, PgQuery__Node* const* objects, size_t n, int action) {
  // preprocess_pubobj_list: a name after a comma continues the previous kind ("TABLE a, b",
  // "TABLES IN SCHEMA x, y").
  PgQuery__PublicationObjSpecType kind = PG_QUERY__PUBLICATION_OBJ_SPEC_TYPE__PUBLICATION_OBJ_SPEC_TYPE_UNDEFINED;
  std::map<QualifiedName, Publication::Member> tables;
  std::set<std::string> schemas;
  for (size_t i = 0; i < n; ++i) {
    const PgQuery__PublicationObjSpec* o =
        objects[i]->node_case == PG_QUERY__NODE__NODE_PUBLICATION_OBJ_SPEC ? objects[i]->publication_obj_spec : nullptr;
    if (!o) return MakeError(ErrorKind::kSyntax, "invalid publication object list");
    if (o->pubobjtype != PG_QUERY__PUBLICATION_OBJ_SPEC_TYPE__PUBLICATIONOBJ_CONTINUATION) kind = o->pubobjtype;
    if (kind == PG_QUERY__PUBLICATION_OBJ_SPEC_TYPE__PUBLICATIONOBJ_TABLE) {
      QualifiedName name;
      bool only = false;
      Publication::Member m;
      if (o->pubtable && o->pubtable->relation) {
        name = NameOf(o->pubtable->relation);
        only = !o->pubtable->relation->inh;
        for (const auto& c : StringList(o->pubtable->columns, o->pubtable->n_columns)) m.columns.push_back(c);
        if (o->pubtable->where_clause) TRY_ASSIGN(m.where, MakeExpr(o->pubtable->where_clause));
      } else if (o->name && *o->name) {
        name = {"public", o->name};
      } else {
        return MakeError(ErrorKind::kSyntax, "invalid table name in publication \"" + p.name + "\"");
      }
      if (schema_.views.count(name)) {
        return MakeError(ErrorKind::kSyntax, "cannot add relation \"" + name.Display() + "\" to publication \"" + p.name +
                                                 "\": it is a view; only tables can be published");
      }
      Table* t;
      TRY_ASSIGN(t, FindTable(name));
      if (t->unlogged) {
        return MakeError(ErrorKind::kSyntax, "cannot add relation \"" + name.Display() + "\" to publication \"" + p.name +
                                                 "\": unlogged tables cannot be published");
      }
      // Without ONLY, PostgreSQL adds a table's inheritance children as rows of their own (not
      // a partitioned table's partitions): list them, each with ONLY, as pg_dump does.
      if (!only && action != PG_QUERY__ALTER_PUBLICATION_ACTION__AP_DropObjects && t->partition_by.empty()) {
        for (const auto& [cn, child] : schema_.tables) {
          if (std::find(child.inherits.begin(), child.inherits.end(), name) == child.inherits.end()) continue;
          return MakeError(ErrorKind::kUnsupported, "publication \"" + p.name + "\" lists table \"" + name.Display() +
                                                        "\", which has inheritance children (\"" + cn.Display() +
                                                        "\"): write TABLE ONLY " + name.Sql() + " and list each child with ONLY");
        }
      }
      bool has_parent = !t->inherits.empty() || t->IsPartition();
      for (const auto& c : m.columns) {
        if (!has_parent && !t->FindColumn(c)) {
          return MakeError(ErrorKind::kSyntax, "column \"" + c + "\" of relation \"" + name.Display() + "\" does not exist");
        }
        if (std::count(m.columns.begin(), m.columns.end(), c) > 1) {
          return MakeError(ErrorKind::kSyntax, "duplicate column \"" + c + "\" in publication column list");
        }
      }
      // PostgreSQL keeps the list in attnum order (publication_translate_columns sorts it).
      std::stable_sort(m.columns.begin(), m.columns.end(), [&](const std::string& a, const std::string& b) {
        auto pos = [&](const std::string& c) {
          for (size_t k = 0; k < t->columns.size(); ++k) {
            if (t->columns[k].name == c) return k;
          }
          return t->columns.size();
        };
        return pos(a) < pos(b);
      });
      if (action == PG_QUERY__ALTER_PUBLICATION_ACTION__AP_DropObjects && (!m.columns.empty() || !m.where.empty())) {
        return MakeError(ErrorKind::kSyntax, "ALTER PUBLICATION ... DROP TABLE takes no column list or WHERE clause");
      }
      if (tables.count(name)) {
        return MakeError(ErrorKind::kSyntax, "table \"" + name.Display() + "\" is named more than once in publication \"" + p.name + "\"");
      }
      tables[name] = std::move(m);
    } else if (kind == PG_QUERY__PUBLICATION_OBJ_SPEC_TYPE__PUBLICATIONOBJ_TABLES_IN_SCHEMA ||
               kind == PG_QUERY__PUBLICATION_OBJ_SPEC_TYPE__PUBLICATIONOBJ_TABLES_IN_CUR_SCHEMA) {
      std::string name;
      if (o->pubtable) {
        if (o->pubtable->where_clause || o->pubtable->n_columns) {
          return MakeError(ErrorKind::kSyntax, "TABLES IN SCHEMA takes no column list or WHERE clause");
        }
        QualifiedName qn = NameOf(o->pubtable->relation);
        if (o->pubtable->relation->schemaname && *o->pubtable->relation->schemaname) {
          return MakeError(ErrorKind::kSyntax, "invalid schema name \"" + qn.Display() + "\"");
        }
        name = qn.name;
      } else if (o->name && *o->name) {
        name = o->name;
      } else {
        name = "public";  // CURRENT_SCHEMA: the first schema of the default search_path
      }
      // Membership is by schema whenever it is read (pg_publication_namespace): where the
      // CREATE SCHEMA is written does not matter, unlike for GRANT ... ALL TABLES IN SCHEMA.
      if (name != "public" && !schema_.schemas.count(name)) {
        return MakeError(ErrorKind::kSyntax, "schema \"" + name + "\" does not exist");
      }
      schemas.insert(name);
    } else {
      return MakeError(ErrorKind::kSyntax, "invalid publication object list");
    }
  }
  if (p.all_tables && (!tables.empty() || !schemas.empty())) {
    return MakeError(ErrorKind::kSyntax, "publication \"" + p.name + "\" is defined as FOR ALL TABLES: tables and schemas cannot be "
                                             "added to or dropped from it");
  }
  switch (action) {
    case PG_QUERY__ALTER_PUBLICATION_ACTION__AP_DropObjects:
      for (const auto& [name, m] : tables) {
        if (!p.tables.erase(name)) {
          return MakeError(ErrorKind::kSyntax, "relation \"" + name.Display() + "\" is not part of the publication");
        }
      }
      for (const auto& s : schemas) {
        if (!p.schemas.erase(s)) {
          return MakeError(ErrorKind::kSyntax, "tables from schema \"" + s + "\" are not part of the publication");
        }
      }
      return Ok();
    case PG_QUERY__ALTER_PUBLICATION_ACTION__AP_SetObjects:
      p.tables = std::move(tables);
      p.schemas = std::move(schemas);
      break;
    default:  // CREATE, ADD
      for (auto& [name, m] : tables) {
        if (p.tables.count(name)) {
          return MakeError(ErrorKind::kSyntax, "relation \"" + name.Display() + "\" is already member of publication \"" + p.name + "\"");
        }
        p.tables[name] = std::move(m);
      }
      for (const auto& s : schemas) {
        if (!p.schemas.insert(s).second) {
          return MakeError(ErrorKind::kSyntax, "schema \"" + s + "\" is already member of publication \"" + p.name + "\"");
        }
      }
  }
  // PostgreSQL 15: a column list cannot be combined with TABLES IN SCHEMA in one publication.
  if (!p.schemas.empty()) {
    for (const auto& [name, m] : p.tables) {
      if (m.columns.empty()) continue;
      return MakeError(ErrorKind::kSyntax, "cannot use column list for relation \"" + name.Display() + "\" in publication \"" + p.name +
                                               "\": column lists cannot be specified in publications containing FOR TABLES IN "
                                               "SCHEMA elements");
    }
  }
  return Ok();
}

Status Builder::CreatePublication(const PgQuery__CreatePublicationStmt* s) {
  Publication p;
  p.name = s->pubname ? s->pubname : "";
  if (schema_.publications.count(p.name)) return MakeError(ErrorKind::kSyntax, "publication \"" + p.name + "\" already exists");
  p.all_tables = s->for_all_tables;
  TRY(ApplyOptions(p, s->options, s->n_options));
  TRY(PublicationObjects(p, s->pubobjects, s->n_pubobjects, 0));
  schema_.publications[p.name] = std::move(p);
  return Ok();
}

Status Builder::AlterPublication(const PgQuery__AlterPublicationStmt* s) {
  std::string name = s->pubname ? s->pubname : "";
  auto it = schema_.publications.find(name);
  if (it == schema_.publications.end()) {
    return MakeError(ErrorKind::kSyntax, "publication \"" + name + "\" does not exist; create it with CREATE PUBLICATION first");
  }
  if (s->n_options) return ApplyOptions(it->second, s->options, s->n_options);
  return PublicationObjects(it->second, s->pubobjects, s->n_pubobjects, s->action);
}

void Builder::FinishPublications() {
  // DROP TABLE takes a table out of the publications that list it (the pg_publication_rel row
  // goes with it); DROP SCHEMA the same for TABLES IN SCHEMA.
  for (auto& [n, p] : schema_.publications) {
    std::erase_if(p.tables, [&](const auto& kv) { return !schema_.tables.count(kv.first); });
    std::erase_if(p.schemas, [&](const std::string& s) { return s != "public" && !schema_.schemas.count(s); });
  }
}

}  // namespace schemasync::parse
