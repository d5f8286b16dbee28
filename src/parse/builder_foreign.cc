// Foreign data in the desired SQL: CREATE / ALTER FOREIGN DATA WRAPPER, SERVER, USER MAPPING,
// CREATE FOREIGN TABLE and ALTER FOREIGN TABLE ... OPTIONS, COMMENT ON them. User mapping
// options that hold secrets are refused (IsSecretOption): a desired file is not where a password
// belongs, and what the model holds ends up in plans.
#include <algorithm>

#include "parse/builder.h"
#include "parse/normalize.h"
#include "parse/transform.h"
#include "util/quote.h"

namespace schemasync::parse {
namespace {

const PgQuery__DefElem* DefElemOf(const PgQuery__Node* n) {
  return n && n->node_case == PG_QUERY__NODE__NODE_DEF_ELEM ? n->def_elem : nullptr;
}

// A generic option's value: a string constant (the grammar allows nothing else).
std::string OptionValue(const PgQuery__DefElem* d) { return d->arg ? StringOf(d->arg) : ""; }

// Refuses a secret option of a user mapping, naming only the option (never its value).
Status CheckSecret(const std::string& name, bool mapping) {
  if (!mapping || !IsSecretOption(name)) return Ok();
  return MakeError(ErrorKind::kUnsupported,
                   "user mapping option \"" + name + "\" holds a secret, and schemasync keeps secrets out of the "
                   "desired files and of every plan: remove it here and set it on the database yourself (ALTER USER "
                   "MAPPING ... OPTIONS (ADD " + name + " '...')); schemasync never reads, compares or changes it");
}

// OPTIONS (...) of a CREATE: each name once.
Result<FdwOptions> CreateOptions(PgQuery__Node* const* items, size_t n, const std::string& what, bool mapping = false) {
  FdwOptions out;
  for (size_t i = 0; i < n; ++i) {
    const PgQuery__DefElem* d = DefElemOf(items[i]);
    if (!d || !d->defname) return MakeError(ErrorKind::kSyntax, "OPTIONS of " + what + ": name 'value' expected");
    std::string name = d->defname;
    TRY(CheckSecret(name, mapping));
    if (d->defaction != PG_QUERY__DEF_ELEM_ACTION__DEFELEM_UNSPEC && d->defaction != PG_QUERY__DEF_ELEM_ACTION__DEFELEM_ADD) {
      return MakeError(ErrorKind::kSyntax, "OPTIONS of " + what + ": SET and DROP belong to ALTER, not CREATE");
    }
    if (!out.emplace(name, OptionValue(d)).second) {
      return MakeError(ErrorKind::kSyntax, "option \"" + name + "\" provided more than once");
    }
  }
  return out;
}

// ALTER ... OPTIONS (ADD | SET | DROP ...), as transformGenericOptions applies them.
Status AlterOptions(FdwOptions& o, PgQuery__Node* const* items, size_t n, const std::string& what, bool mapping = false) {
  for (size_t i = 0; i < n; ++i) {
    const PgQuery__DefElem* d = DefElemOf(items[i]);
    if (!d || !d->defname) return MakeError(ErrorKind::kSyntax, "OPTIONS of " + what + ": name 'value' expected");
    std::string name = d->defname;
    TRY(CheckSecret(name, mapping));
    bool has = o.count(name) > 0;
    switch (d->defaction) {
      case PG_QUERY__DEF_ELEM_ACTION__DEFELEM_SET:
        if (!has) return MakeError(ErrorKind::kSyntax, "option \"" + name + "\" of " + what + " not found; ADD it first");
        o[name] = OptionValue(d);
        break;
      case PG_QUERY__DEF_ELEM_ACTION__DEFELEM_DROP:
        if (!has) return MakeError(ErrorKind::kSyntax, "option \"" + name + "\" of " + what + " not found");
        o.erase(name);
        break;
      default:  // ADD, or no keyword
        if (has) return MakeError(ErrorKind::kSyntax, "option \"" + name + "\" of " + what + " provided more than once");
        o[name] = OptionValue(d);
    }
  }
  return Ok();
}

// An unqualified function name keeps no schema (ForeignDataWrapper::SameFunction).
QualifiedName FunctionName(const PgQuery__Node* arg) {
  if (!arg || arg->node_case != PG_QUERY__NODE__NODE_LIST) return {};
  std::vector<std::string> parts = StringList(arg->list->items, arg->list->n_items);
  if (parts.empty()) return {};
  if (parts.size() == 1) return {"", parts[0]};
  return {parts[parts.size() - 2], parts.back()};
}

// HANDLER / VALIDATOR / NO HANDLER / NO VALIDATOR (parse_func_options).
Status FuncOptions(ForeignDataWrapper& w, PgQuery__Node* const* items, size_t n) {
  bool handler = false, validator = false;
  for (size_t i = 0; i < n; ++i) {
    const PgQuery__DefElem* d = DefElemOf(items[i]);
    std::string name = d && d->defname ? d->defname : "";
    bool& seen = name == "handler" ? handler : validator;
    if (name != "handler" && name != "validator") {
      return MakeError(ErrorKind::kSyntax, "foreign-data wrapper option \"" + name + "\" not recognized");
    }
    if (seen) return MakeError(ErrorKind::kSyntax, "conflicting or redundant options: " + name + " given twice");
    seen = true;
    (name == "handler" ? w.handler : w.validator) = FunctionName(d->arg);
  }
  return Ok();
}

std::string MappingWhat(const std::string& role, const std::string& server) {
  return "user mapping for " + (role == kCurrentRole ? std::string("CURRENT_USER") : role) + " server " + server;
}

}  // namespace

Status Builder::CreateForeignDataWrapper(const PgQuery__CreateFdwStmt* s) {
  ForeignDataWrapper w;
  w.name = s->fdwname ? s->fdwname : "";
  TRY(FuncOptions(w, s->func_options, s->n_func_options));
  TRY_ASSIGN(w.options, CreateOptions(s->options, s->n_options, "foreign-data wrapper " + w.name));
  if (schema_.foreign_data_wrappers.count(w.name)) {
    return MakeError(ErrorKind::kSyntax, "foreign-data wrapper \"" + w.name + "\" already exists");
  }
  schema_.foreign_data_wrappers[w.name] = std::move(w);
  return Ok();
}

Status Builder::AlterForeignDataWrapper(const PgQuery__AlterFdwStmt* s) {
  std::string name = s->fdwname ? s->fdwname : "";
  auto it = schema_.foreign_data_wrappers.find(name);
  if (it == schema_.foreign_data_wrappers.end()) {
    return MakeError(ErrorKind::kSyntax, "foreign-data wrapper \"" + name + "\" does not exist; create it with CREATE "
                                         "FOREIGN DATA WRAPPER first (an extension's wrapper is the extension's)");
  }
  TRY(FuncOptions(it->second, s->func_options, s->n_func_options));
  return AlterOptions(it->second.options, s->options, s->n_options, "foreign-data wrapper " + name);
}

Status Builder::CreateForeignServer(const PgQuery__CreateForeignServerStmt* s) {
  if (s->if_not_exists) return MakeError(ErrorKind::kUnsupported, "CREATE SERVER IF NOT EXISTS is not supported: each object is defined once");
  ForeignServer v;
  v.name = s->servername ? s->servername : "";
  v.wrapper = s->fdwname ? s->fdwname : "";
  if (s->servertype && *s->servertype) v.type = s->servertype;
  if (s->version && *s->version) v.version = s->version;
  TRY_ASSIGN(v.options, CreateOptions(s->options, s->n_options, "server " + v.name));
  // An extension's wrapper (postgres_fdw) is not modeled: only the extension's presence says so.
  if (!schema_.foreign_data_wrappers.count(v.wrapper) && schema_.extensions.empty()) {
    return MakeError(ErrorKind::kSyntax, "foreign-data wrapper \"" + v.wrapper + "\" does not exist; create it with "
                                         "CREATE FOREIGN DATA WRAPPER or CREATE EXTENSION (e.g. postgres_fdw) first");
  }
  if (schema_.foreign_servers.count(v.name)) return MakeError(ErrorKind::kSyntax, "server \"" + v.name + "\" already exists");
  schema_.foreign_servers[v.name] = std::move(v);
  return Ok();
}

Status Builder::AlterForeignServer(const PgQuery__AlterForeignServerStmt* s) {
  std::string name = s->servername ? s->servername : "";
  auto it = schema_.foreign_servers.find(name);
  if (it == schema_.foreign_servers.end()) {
    return MakeError(ErrorKind::kSyntax, "server \"" + name + "\" does not exist; create it with CREATE SERVER first");
  }
  if (s->has_version) {
    if (s->version && *s->version) it->second.version = s->version;
    else it->second.version.reset();  // VERSION NULL
  }
  return AlterOptions(it->second.options, s->options, s->n_options, "server " + name);
}

Status Builder::CreateUserMapping(const PgQuery__CreateUserMappingStmt* s) {
  if (s->if_not_exists) {
    return MakeError(ErrorKind::kUnsupported, "CREATE USER MAPPING IF NOT EXISTS is not supported: each object is defined once");
  }
  UserMapping m;
  m.role = RoleOf(s->user);
  m.server = s->servername ? s->servername : "";
  const std::string what = MappingWhat(m.role, m.server);
  TRY_ASSIGN(m.options, CreateOptions(s->options, s->n_options, what, true));
  if (!schema_.foreign_servers.count(m.server)) {
    return MakeError(ErrorKind::kSyntax, "server \"" + m.server + "\" does not exist; create it with CREATE SERVER first");
  }
  if (m.role != "PUBLIC" && m.role != kCurrentRole) Remember("role " + m.role);
  if (!schema_.user_mappings.emplace(std::make_pair(m.role, m.server), m).second) {
    return MakeError(ErrorKind::kSyntax, what + " already exists");
  }
  return Ok();
}

Status Builder::AlterUserMapping(const PgQuery__AlterUserMappingStmt* s) {
  std::string role = RoleOf(s->user), server = s->servername ? s->servername : "";
  auto it = schema_.user_mappings.find({role, server});
  if (it == schema_.user_mappings.end()) {
    return MakeError(ErrorKind::kSyntax, MappingWhat(role, server) + " does not exist; create it with CREATE USER MAPPING first");
  }
  return AlterOptions(it->second.options, s->options, s->n_options, MappingWhat(role, server), true);
}

Status Builder::CreateForeignTable(const PgQuery__CreateForeignTableStmt* s) {
  const PgQuery__CreateStmt* base = s->base_stmt;
  if (!base || !base->relation) return MakeError(ErrorKind::kSyntax, "CREATE FOREIGN TABLE needs a name");
  ForeignTable ft;
  ft.name = NameOf(base->relation);
  ft.server = s->servername ? s->servername : "";
  if (base->partbound || base->n_inh_relations) {
    return MakeError(ErrorKind::kUnsupported, "foreign tables as partitions or inheritance children (PARTITION OF, "
                                              "INHERITS) are not supported: keep this in a hand-written migration");
  }
  if (base->if_not_exists) return MakeError(ErrorKind::kUnsupported, "CREATE FOREIGN TABLE IF NOT EXISTS is not supported: each object is defined once");
  if (!schema_.foreign_servers.count(ft.server)) {
    return MakeError(ErrorKind::kSyntax, "server \"" + ft.server + "\" does not exist; create it with CREATE SERVER first");
  }
  if (schema_.tables.count(ft.name) || schema_.views.count(ft.name) || schema_.foreign_tables.count(ft.name) ||
      schema_.sequences.count(ft.name)) {
    return MakeError(ErrorKind::kSyntax, "relation \"" + ft.name.Display() + "\" already exists");
  }
  TRY_ASSIGN(ft.options, CreateOptions(s->options, s->n_options, "foreign table " + ft.name.Display()));
  // Columns are read as a table's (types, NOT NULL, DEFAULT, COLLATE), into a scratch table.
  Table scratch;
  scratch.name = ft.name;
  std::vector<Constraint> constraints;
  for (size_t i = 0; i < base->n_table_elts; ++i) {
    const PgQuery__Node* e = base->table_elts[i];
    if (e->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
      Constraint c;
      TRY_ASSIGN(c, TransformConstraint(e->constraint, ""));
      constraints.push_back(std::move(c));
      continue;
    }
    if (e->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF) {
      return MakeError(ErrorKind::kUnsupported, "this CREATE FOREIGN TABLE element is not supported (columns and CHECK constraints are)");
    }
    const PgQuery__ColumnDef* def = e->column_def;
    TRY(AddColumn(scratch, def, &constraints));
    const Column& c = scratch.columns.back();
    if (!c.serial_sequence.empty() || c.identity || !c.generated.empty()) {
      return MakeError(ErrorKind::kUnsupported, "column \"" + c.name + "\" of foreign table " + ft.name.Display() +
                                                    ": serial, identity and generated columns are not supported on foreign tables");
    }
    if (def->n_fdwoptions) {
      TRY_ASSIGN(ft.column_options[c.name], CreateOptions(def->fdwoptions, def->n_fdwoptions, "column " + c.name));
    }
  }
  for (auto& c : constraints) {
    if (c.kind != ConstraintKind::kCheck) {
      return MakeError(ErrorKind::kUnsupported, "foreign table " + ft.name.Display() + ": only CHECK constraints are "
                                                "supported on foreign tables (PostgreSQL has no keys on them)");
    }
    if (c.name.empty()) {
      return MakeError(ErrorKind::kUnsupported, "foreign table " + ft.name.Display() + ": name each CHECK constraint "
                                                "(CONSTRAINT name CHECK (...)), so that both sides agree on it");
    }
    c.validated = true;
    if (!ft.checks.emplace(c.name, c).second) return MakeError(ErrorKind::kSyntax, "constraint \"" + c.name + "\" specified more than once");
  }
  ft.columns = std::move(scratch.columns);
  Taken(ft.name.schema).insert(ft.name.name);
  Remember("table " + ft.name.Display());
  schema_.foreign_tables[ft.name] = std::move(ft);
  return Ok();
}

Status Builder::AlterForeignTable(const PgQuery__AlterTableStmt* s) {
  QualifiedName n = NameOf(s->relation);
  auto it = schema_.foreign_tables.find(n);
  if (it == schema_.foreign_tables.end()) {
    return MakeError(ErrorKind::kSyntax, "foreign table \"" + n.Display() + "\" does not exist; create it with CREATE FOREIGN TABLE first");
  }
  ForeignTable& ft = it->second;
  for (size_t i = 0; i < s->n_cmds; ++i) {
    const PgQuery__AlterTableCmd* cmd = s->cmds[i]->alter_table_cmd;
    const PgQuery__Node* def = cmd->def;
    bool list = def && def->node_case == PG_QUERY__NODE__NODE_LIST;
    switch (cmd->subtype) {
      case PG_QUERY__ALTER_TABLE_TYPE__AT_GenericOptions:
        if (!list) return MakeError(ErrorKind::kSyntax, "OPTIONS (...) expected");
        TRY(AlterOptions(ft.options, def->list->items, def->list->n_items, "foreign table " + n.Display()));
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnGenericOptions: {
        std::string col = cmd->name ? cmd->name : "";
        if (!ft.FindColumn(col)) return MakeError(ErrorKind::kSyntax, "column \"" + col + "\" of relation \"" + n.Display() + "\" does not exist");
        if (!list) return MakeError(ErrorKind::kSyntax, "OPTIONS (...) expected");
        TRY(AlterOptions(ft.column_options[col], def->list->items, def->list->n_items, "column " + col));
        if (ft.column_options[col].empty()) ft.column_options.erase(col);
        break;
      }
      default:
        return MakeError(ErrorKind::kUnsupported, "this ALTER FOREIGN TABLE action is not supported (OPTIONS and ALTER "
                                                  "COLUMN ... OPTIONS are): write the foreign table as it should be in "
                                                  "its CREATE FOREIGN TABLE");
    }
  }
  return Ok();
}

bool Builder::IsForeignComment(const PgQuery__CommentStmt* s) const {
  switch (s->objtype) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_FDW:
    case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_SERVER:
    case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE:
      return true;
    case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN: {
      const PgQuery__Node* obj = s->object;
      if (!obj || obj->node_case != PG_QUERY__NODE__NODE_LIST) return false;
      auto names = StringList(obj->list->items, obj->list->n_items);
      if (names.size() < 2) return false;
      QualifiedName tn = names.size() == 2 ? QualifiedName{"public", names[0]}
                                           : QualifiedName{names[names.size() - 3], names[names.size() - 2]};
      return schema_.foreign_tables.count(tn) > 0;
    }
    default:
      return false;
  }
}

Status Builder::CommentForeign(const PgQuery__CommentStmt* s) {
  std::optional<std::string> text;
  if (s->comment && *s->comment) text = s->comment;  // IS '' removes it, like NULL
  const PgQuery__Node* obj = s->object;
  switch (s->objtype) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_FDW: {
      std::string name = StringOf(obj);
      auto it = schema_.foreign_data_wrappers.find(name);
      if (it == schema_.foreign_data_wrappers.end()) {
        return MakeError(ErrorKind::kSyntax, "foreign-data wrapper \"" + name + "\" does not exist (an extension's wrapper is not managed)");
      }
      it->second.comment = text;
      return Ok();
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_SERVER: {
      std::string name = StringOf(obj);
      auto it = schema_.foreign_servers.find(name);
      if (it == schema_.foreign_servers.end()) return MakeError(ErrorKind::kSyntax, "server \"" + name + "\" does not exist");
      it->second.comment = text;
      return Ok();
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE: {
      QualifiedName n = NameOfList(obj->list->items, obj->list->n_items);
      auto it = schema_.foreign_tables.find(n);
      if (it == schema_.foreign_tables.end()) return MakeError(ErrorKind::kSyntax, "foreign table \"" + n.Display() + "\" does not exist");
      it->second.comment = text;
      return Ok();
    }
    default: {  // a column of a foreign table (IsForeignComment)
      auto names = StringList(obj->list->items, obj->list->n_items);
      QualifiedName tn = names.size() == 2 ? QualifiedName{"public", names[0]}
                                           : QualifiedName{names[names.size() - 3], names[names.size() - 2]};
      ForeignTable& ft = schema_.foreign_tables.at(tn);
      for (auto& c : ft.columns) {
        if (c.name != names.back()) continue;
        c.comment = text;
        return Ok();
      }
      return MakeError(ErrorKind::kSyntax, "column \"" + names.back() + "\" of relation \"" + tn.Display() + "\" does not exist");
    }
  }
}

}  // namespace schemasync::parse
