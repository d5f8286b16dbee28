// CREATE SCHEMA / EXTENSION / TYPE AS ENUM / INDEX / POLICY and COMMENT ON -> model.
#include <strings.h>

#include <algorithm>

#include "parse/builder.h"
#include "parse/naming.h"
#include "parse/normalize.h"
#include "parse/transform.h"
#include "util/quote.h"

namespace schemasync::parse {

Status Builder::CreateSchema(const PgQuery__CreateSchemaStmt* s) {
  if (s->n_schema_elts) return MakeError(ErrorKind::kUnsupported, "CREATE SCHEMA with elements is not supported");
  // CREATE SCHEMA [name] AUTHORIZATION role: owned by the role, named after it when unnamed.
  std::string name = s->schemaname && *s->schemaname ? s->schemaname
                     : s->authrole && s->authrole->roletype == PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING ? s->authrole->rolename
                                                                                                          : "";
  if (name.empty()) return MakeError(ErrorKind::kUnsupported, "CREATE SCHEMA AUTHORIZATION CURRENT_USER without a schema name: name the schema");
  if (s->authrole) TRY(SetOwner(ObjectRef::Schema(name), s->authrole));
  if (name == "public") return Ok();  // exists in every database
  if (schema_.schemas.count(name) && !s->if_not_exists) {
    return MakeError(ErrorKind::kSyntax, "schema \"" + name + "\" already exists");
  }
  schema_.schemas[name] = true;
  Created('n', {name, ""});
  return Ok();
}

Status Builder::CreateExtension(const PgQuery__CreateExtensionStmt* s) {
  Extension e;
  e.name = s->extname;
  for (size_t i = 0; i < s->n_options; ++i) {
    const PgQuery__DefElem* d = s->options[i]->def_elem;
    std::string opt = d->defname;
    if (opt == "schema") e.schema = StringOf(d->arg);
    else if (opt == "new_version") e.version = StringOf(d->arg);
    else if (opt != "cascade") return MakeError(ErrorKind::kUnsupported, "CREATE EXTENSION option " + opt + " is not supported");
  }
  if (schema_.extensions.count(e.name) && !s->if_not_exists) {
    return MakeError(ErrorKind::kSyntax, "extension \"" + e.name + "\" already exists");
  }
  schema_.extensions[e.name] = e;
  return Ok();
}

Status Builder::CreateEnum(const PgQuery__CreateEnumStmt* s) {
  EnumType e;
  e.name = NameOfList(s->type_name, s->n_type_name);
  e.values = StringList(s->vals, s->n_vals);
  if (schema_.enums.count(e.name)) return MakeError(ErrorKind::kSyntax, "type \"" + e.name.Display() + "\" already exists");
  NoteRename(ObjectRef::Of(ObjectKind::kType, e.name.schema, e.name.name));
  schema_.enums[e.name] = e;
  Created('T', e.name);
  Remember("type " + e.name.Display());
  return Ok();
}

namespace {
Result<CompositeType::Attribute> AttributeOf(const PgQuery__ColumnDef* def) {
  CompositeType::Attribute a;
  if (!def) return MakeError(ErrorKind::kSyntax, "attribute definition expected");
  a.name = def->colname ? def->colname : "";
  if (!def->type_name) return MakeError(ErrorKind::kSyntax, "attribute \"" + a.name + "\" needs a type");
  a.type = CanonicalTypeName(def->type_name);
  a.collation = CollationOf(def->coll_clause);
  if (def->n_constraints) return MakeError(ErrorKind::kSyntax, "attributes of a composite type take no constraints");
  return a;
}
}  // namespace

Status Builder::CreateComposite(const PgQuery__CompositeTypeStmt* s) {
  CompositeType c;
  c.name = NameOf(s->typevar);
  if (schema_.composites.count(c.name) || schema_.domains.count(c.name) || schema_.enums.count(c.name) ||
      Taken(c.name.schema).count(c.name.name)) {
    return MakeError(ErrorKind::kSyntax, "type \"" + c.name.Display() + "\" already exists");
  }
  for (size_t i = 0; i < s->n_coldeflist; ++i) {
    if (s->coldeflist[i]->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF) continue;
    CompositeType::Attribute a;
    TRY_ASSIGN(a, AttributeOf(s->coldeflist[i]->column_def));
    for (const auto& other : c.attributes) {
      if (other.name == a.name) return MakeError(ErrorKind::kSyntax, "attribute \"" + a.name + "\" specified more than once");
    }
    c.attributes.push_back(std::move(a));
  }
  // Its pg_class row takes a relation name.
  Taken(c.name.schema).insert(c.name.name);
  Remember("type " + c.name.Display());
  Created('T', c.name);
  NoteRename(ObjectRef::Of(ObjectKind::kType, c.name.schema, c.name.name));
  schema_.composites[c.name] = std::move(c);
  return Ok();
}

Status Builder::AlterComposite(const PgQuery__AlterTableStmt* s) {
  QualifiedName n = NameOf(s->relation);
  auto it = schema_.composites.find(n);
  if (it == schema_.composites.end()) return MakeError(ErrorKind::kSyntax, "composite type \"" + n.Display() + "\" does not exist");
  auto& attrs = it->second.attributes;
  for (size_t i = 0; i < s->n_cmds; ++i) {
    const PgQuery__AlterTableCmd* cmd = s->cmds[i]->alter_table_cmd;
    if (!cmd) return MakeError(ErrorKind::kSyntax, "ALTER TYPE action expected");
    std::string name = cmd->name ? cmd->name : "";
    const PgQuery__ColumnDef* def =
        cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF ? cmd->def->column_def : nullptr;
    auto at = std::find_if(attrs.begin(), attrs.end(), [&](const auto& a) { return a.name == name; });
    switch (cmd->subtype) {
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn: {
        CompositeType::Attribute a;
        TRY_ASSIGN(a, AttributeOf(def));
        if (std::any_of(attrs.begin(), attrs.end(), [&](const auto& o) { return o.name == a.name; })) {
          return MakeError(ErrorKind::kSyntax, "attribute \"" + a.name + "\" of type \"" + n.Display() + "\" already exists");
        }
        attrs.push_back(std::move(a));
        break;
      }
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
        if (at == attrs.end()) {
          if (cmd->missing_ok) break;
          return MakeError(ErrorKind::kSyntax, "attribute \"" + name + "\" of type \"" + n.Display() + "\" does not exist");
        }
        attrs.erase(at);
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType: {
        if (at == attrs.end()) return MakeError(ErrorKind::kSyntax, "attribute \"" + name + "\" of type \"" + n.Display() + "\" does not exist");
        if (!def || !def->type_name) return MakeError(ErrorKind::kSyntax, "a type is expected for attribute \"" + name + "\"");
        at->type = CanonicalTypeName(def->type_name);
        at->collation = CollationOf(def->coll_clause);
        break;
      }
      default:
        return MakeError(ErrorKind::kUnsupported, "ALTER TYPE on a composite type supports ADD, DROP and ALTER ATTRIBUTE");
    }
  }
  return Ok();
}

Status Builder::AddDomainConstraint(Domain& d, const PgQuery__Constraint* c) {
  switch (c->contype) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL: d.not_null = true; return Ok();
    case PG_QUERY__CONSTR_TYPE__CONSTR_NULL: d.not_null = false; return Ok();
    case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT: {
      TRY_ASSIGN(d.default_expr, MakeExpr(c->raw_expr));
      if (d.default_expr.key == "NULL") d.default_expr = {};
      return Ok();
    }
    case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK: {
      if (c->skip_validation) return MakeError(ErrorKind::kUnsupported, "NOT VALID domain constraints are not supported");
      Constraint k;
      TRY_ASSIGN(k, TransformConstraint(c, ""));
      // domainAddConstraint: an unnamed CHECK is named domain_check (ChooseConstraintName,
      // unique among the schema's constraints).
      k.name = c->conname && *c->conname ? c->conname : ChooseName(d.name.name, "", "check", Taken(d.name.schema));
      if (d.checks.count(k.name)) {
        return MakeError(ErrorKind::kSyntax, "constraint \"" + k.name + "\" for domain \"" + d.name.Display() + "\" already exists");
      }
      Taken(d.name.schema).insert(k.name);
      d.checks[k.name] = std::move(k);
      return Ok();
    }
    default:
      return MakeError(ErrorKind::kSyntax, "a domain takes only CHECK, NOT NULL, NULL and DEFAULT constraints");
  }
}

Status Builder::CreateDomain(const PgQuery__CreateDomainStmt* s) {
  Domain d;
  d.name = NameOfList(s->domainname, s->n_domainname);
  if (!s->type_name) return MakeError(ErrorKind::kSyntax, "CREATE DOMAIN needs a base type");
  d.base_type = CanonicalTypeName(s->type_name);
  d.collation = CollationOf(s->coll_clause);
  if (schema_.domains.count(d.name) || schema_.enums.count(d.name)) {
    return MakeError(ErrorKind::kSyntax, "type \"" + d.name.Display() + "\" already exists");
  }
  // A domain over a domain starts with its default (DefineDomain copies typdefault).
  if (!s->type_name->array_bounds && s->type_name->n_names > 0) {
    auto base = schema_.domains.find(NameOfList(s->type_name->names, s->type_name->n_names));
    if (base != schema_.domains.end()) d.default_expr = base->second.default_expr;
  }
  for (size_t i = 0; i < s->n_constraints; ++i) {
    if (s->constraints[i]->node_case != PG_QUERY__NODE__NODE_CONSTRAINT) continue;
    TRY(AddDomainConstraint(d, s->constraints[i]->constraint));
  }
  Remember("type " + d.name.Display());
  Created('T', d.name);
  NoteRename(ObjectRef::Of(ObjectKind::kType, d.name.schema, d.name.name));
  schema_.domains[d.name] = std::move(d);
  return Ok();
}

Status Builder::AlterDomain(const PgQuery__AlterDomainStmt* s) {
  QualifiedName n = NameOfList(s->type_name, s->n_type_name);
  auto it = schema_.domains.find(n);
  if (it == schema_.domains.end()) return MakeError(ErrorKind::kSyntax, "domain \"" + n.Display() + "\" does not exist");
  Domain& d = it->second;
  // AlterDomainStmt.subtype: T default, N drop not null, O set not null, C add constraint,
  // X drop constraint, V validate constraint.
  switch (s->subtype && *s->subtype ? s->subtype[0] : 0) {
    case 'T':
      d.default_expr = {};
      if (s->def) TRY_ASSIGN(d.default_expr, MakeExpr(s->def));
      if (d.default_expr.key == "NULL") d.default_expr = {};
      return Ok();
    case 'N': d.not_null = false; return Ok();
    case 'O': d.not_null = true; return Ok();
    case 'C':
      if (!s->def || s->def->node_case != PG_QUERY__NODE__NODE_CONSTRAINT) return MakeError(ErrorKind::kSyntax, "constraint expected");
      return AddDomainConstraint(d, s->def->constraint);
    case 'X':
      if (!d.checks.erase(s->name ? s->name : "") && !s->missing_ok) {
        return MakeError(ErrorKind::kSyntax, "constraint \"" + std::string(s->name ? s->name : "") + "\" of domain \"" +
                                                 n.Display() + "\" does not exist");
      }
      return Ok();
    default:
      return MakeError(ErrorKind::kUnsupported, "this ALTER DOMAIN action is not supported (supported: SET/DROP DEFAULT, "
                                                "SET/DROP NOT NULL, ADD/DROP CONSTRAINT)");
  }
}

Status Builder::AlterEnum(const PgQuery__AlterEnumStmt* s) {
  QualifiedName n = NameOfList(s->type_name, s->n_type_name);
  auto it = schema_.enums.find(n);
  if (it == schema_.enums.end()) return MakeError(ErrorKind::kSyntax, "type \"" + n.Display() + "\" does not exist (or is not an enum)");
  auto& values = it->second.values;
  auto find = [&](const std::string& v) { return std::find(values.begin(), values.end(), v); };
  std::string value = s->new_val ? s->new_val : "";
  if (s->old_val && *s->old_val) {  // RENAME VALUE old TO new (RenameEnumLabel)
    auto old = find(s->old_val);
    if (old == values.end()) return MakeError(ErrorKind::kSyntax, "\"" + std::string(s->old_val) + "\" is not an existing enum label");
    if (find(value) != values.end()) return MakeError(ErrorKind::kSyntax, "enum label \"" + value + "\" already exists");
    *old = value;
    return Ok();
  }
  // ADD VALUE [IF NOT EXISTS] v [BEFORE | AFTER neighbor] (AddEnumLabel): at the end by default.
  if (find(value) != values.end()) {
    if (s->skip_if_new_val_exists) return Ok();
    return MakeError(ErrorKind::kSyntax, "enum label \"" + value + "\" already exists");
  }
  auto at = values.end();
  if (s->new_val_neighbor && *s->new_val_neighbor) {
    auto neighbor = find(s->new_val_neighbor);
    if (neighbor == values.end()) {
      return MakeError(ErrorKind::kSyntax, "\"" + std::string(s->new_val_neighbor) + "\" is not an existing enum label");
    }
    at = s->new_val_is_after ? neighbor + 1 : neighbor;
  }
  values.insert(at, value);
  return Ok();
}

Status Builder::Define(const PgQuery__DefineStmt* s) {
  if (s->kind == PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE) return CreateAggregate(s);
  if (s->kind != PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION) {
    return MakeError(ErrorKind::kUnsupported, "CREATE OPERATOR / TYPE (other than AS ENUM) are not supported");
  }
  Collation c;
  c.name = NameOfList(s->defnames, s->n_defnames);
  std::string locale;
  for (size_t i = 0; i < s->n_definition; ++i) {
    const PgQuery__DefElem* d = s->definition[i]->def_elem;
    std::string opt = d->defname;
    std::string val = d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_LIST
                          ? Join(StringList(d->arg->list->items, d->arg->list->n_items), ".")
                          : StringOf(d->arg);
    if (d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_TYPE_NAME) {
      val = Join(StringList(d->arg->type_name->names, d->arg->type_name->n_names), ".");
    }
    for (auto& ch : opt) ch = static_cast<char>(tolower(ch));
    if (opt == "from") {
      // Copying a collation needs its catalog row; the C and POSIX ones are fixed (libc, C/POSIX).
      if (val != "C" && val != "POSIX" && val != "pg_catalog.C" && val != "pg_catalog.POSIX") {
        return MakeError(ErrorKind::kUnsupported, "CREATE COLLATION FROM is supported for \"C\" and \"POSIX\" only; give provider and locale");
      }
      std::string base = val.substr(val.rfind('.') == std::string::npos ? 0 : val.rfind('.') + 1);
      c.provider = 'c';
      c.lc_collate = c.lc_ctype = base;
    } else if (opt == "provider") {
      c.provider = val == "icu" ? 'i' : 'c';
    } else if (opt == "locale") {
      locale = val;
    } else if (opt == "lc_collate") {
      c.lc_collate = val;
    } else if (opt == "lc_ctype") {
      c.lc_ctype = val;
    } else if (opt == "deterministic") {
      c.deterministic = !(d->arg && ((d->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN && !d->arg->boolean->boolval) ||
                                     val == "false" || val == "off" || val == "0"));
    } else {
      return MakeError(ErrorKind::kUnsupported, "collation option " + opt + " is not supported");
    }
  }
  if (!locale.empty()) {
    if (c.provider == 'i') c.icu_locale = locale;
    else c.lc_collate = c.lc_ctype = locale;
  }
  if (c.provider == 'i') c.lc_collate = c.lc_ctype = "";
  if (schema_.collations.count(c.name)) return MakeError(ErrorKind::kSyntax, "collation \"" + c.name.Display() + "\" already exists");
  schema_.collations[c.name] = c;
  return Ok();
}

Status Builder::CreateIndex(const PgQuery__IndexStmt* s) {
  if (s->concurrent) {
    // The desired state is the index; how it is built is the planner's choice.
  }
  Index ix;
  TRY_ASSIGN(ix, TransformIndexStmt(s));
  auto view = schema_.views.find(ix.table);
  bool on_matview = view != schema_.views.end() && view->second.materialized;
  if (!schema_.tables.count(ix.table) && !on_matview) {
    return MakeError(ErrorKind::kSyntax, "relation \"" + ix.table.Display() + "\" does not exist or is not a table or materialized view");
  }
  auto& taken = Taken(ix.table.schema);
  if (ix.name.name.empty()) {
    // ChooseIndexName: table_columns_idx (CREATE INDEX uses "idx" even for UNIQUE).
    ix.name.name = ChooseName(ix.table.name, NameAddition(IndexColumnNames(s)), "idx", taken);
  } else if (schema_.indexes.count(ix.name) || taken.count(ix.name.name)) {
    if (s->if_not_exists) return Ok();
    return MakeError(ErrorKind::kSyntax, "relation \"" + ix.name.Display() + "\" already exists");
  } else {
    taken.insert(ix.name.name);
  }
  schema_.indexes[ix.name] = ix;
  NoteRename(ObjectRef::Of(ObjectKind::kIndex, ix.table.schema, ix.table.name, ix.name.name));
  // Without ONLY, the partitions adopt a matching index or get a copy.
  auto table = schema_.tables.find(ix.table);
  RecordIndex(ix, IndexColumnNames(s), table != schema_.tables.end() && !table->second.partition_by.empty() && s->relation->inh);
  return Ok();
}

Status Builder::CreatePolicy(const PgQuery__CreatePolicyStmt* s) {
  Table* t;
  TRY_ASSIGN(t, FindTable(NameOf(s->table)));
  Policy p;
  p.name = s->policy_name;
  p.permissive = s->permissive;
  std::string cmd = s->cmd_name && *s->cmd_name ? s->cmd_name : "all";
  std::transform(cmd.begin(), cmd.end(), cmd.begin(), ::toupper);
  p.command = cmd;
  for (size_t i = 0; i < s->n_roles; ++i) {
    const PgQuery__RoleSpec* r = s->roles[i]->role_spec;
    switch (r->roletype) {
      case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING:
        p.roles.push_back(r->rolename);
        Remember(std::string("role ") + r->rolename, r->location);
        break;
      case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC: p.roles.push_back("PUBLIC"); break;
      // CURRENT_USER / CURRENT_ROLE / SESSION_USER: polroles holds the role itself, resolved
      // when CREATE POLICY runs (the pipeline does the same: ResolveCurrentRole).
      default: p.roles.push_back(RoleOf(r)); break;
    }
  }
  if (p.roles.empty()) p.roles.push_back("PUBLIC");
  std::sort(p.roles.begin(), p.roles.end());
  if (s->qual) TRY_ASSIGN(p.using_expr, MakeExpr(s->qual));
  if (s->with_check) TRY_ASSIGN(p.check_expr, MakeExpr(s->with_check));
  if (t->policies.count(p.name)) {
    return MakeError(ErrorKind::kSyntax, "policy \"" + p.name + "\" for table \"" + t->name.name + "\" already exists");
  }
  t->policies[p.name] = p;
  return Ok();
}

Status Builder::Comment(const PgQuery__CommentStmt* s) {
  std::optional<std::string> text;
  if (s->comment && *s->comment) text = s->comment;  // COMMENT ... IS '' removes it, like NULL
  const PgQuery__Node* obj = s->object;
  switch (s->objtype) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE: {
      Table* t;
      TRY_ASSIGN(t, FindTable(NameOfList(obj->list->items, obj->list->n_items)));
      t->comment = text;
      return Ok();
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN: {
      auto names = StringList(obj->list->items, obj->list->n_items);
      if (names.size() < 2) return MakeError(ErrorKind::kSyntax, "column name must be qualified");
      std::string col = names.back();
      QualifiedName tn = names.size() == 2 ? QualifiedName{"public", names[0]}
                                           : QualifiedName{names[names.size() - 3], names[names.size() - 2]};
      auto view = schema_.views.find(tn);
      if (view != schema_.views.end()) {
        // A view's column: pg_description on the view with the column's number. Its columns
        // are not modeled (the server names them), so the name is taken as written.
        if (text) view->second.column_comments[col] = *text;
        else view->second.column_comments.erase(col);
        return Ok();
      }
      Table* t;
      TRY_ASSIGN(t, FindTable(tn));
      Column* c = t->FindColumn(col);
      if (!c) return MakeError(ErrorKind::kSyntax, "column \"" + col + "\" of relation \"" + tn.Display() + "\" does not exist");
      c->comment = text;
      return Ok();
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
    case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW: {
      QualifiedName n = NameOfList(obj->list->items, obj->list->n_items);
      auto it = schema_.views.find(n);
      if (it == schema_.views.end()) return MakeError(ErrorKind::kSyntax, "view \"" + n.Display() + "\" does not exist");
      it->second.comment = text;
      return Ok();
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE: {
      QualifiedName n = NameOfList(obj->list->items, obj->list->n_items);
      auto it = schema_.sequences.find(n);
      if (it == schema_.sequences.end()) return MakeError(ErrorKind::kSyntax, "sequence \"" + n.Display() + "\" does not exist");
      it->second.comment = text;
      return Ok();
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT:
    case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY:
    case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
    case PG_QUERY__OBJECT_TYPE__OBJECT_RULE: {
      // ON [schema.]table name: the list is (schema, table, name) or (table, name).
      auto names = StringList(obj->list->items, obj->list->n_items);
      if (names.size() < 2) return MakeError(ErrorKind::kSyntax, "name and table expected");
      std::string name = names.back();
      QualifiedName tn = names.size() == 2 ? QualifiedName{"public", names[0]}
                                           : QualifiedName{names[names.size() - 3], names[names.size() - 2]};
      if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER) {
        auto it = schema_.triggers.find({tn, name});
        if (it == schema_.triggers.end()) {
          return MakeError(ErrorKind::kSyntax, "trigger \"" + name + "\" for table \"" + tn.Display() + "\" does not exist");
        }
        it->second.comment = text;
        return Ok();
      }
      if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_RULE) {
        auto it = schema_.rules.find({tn, name});
        if (it == schema_.rules.end()) {
          return MakeError(ErrorKind::kSyntax, "rule \"" + name + "\" for relation \"" + tn.Display() + "\" does not exist");
        }
        it->second.comment = text;
        return Ok();
      }
      Table* t;
      TRY_ASSIGN(t, FindTable(tn));
      bool constraint = s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT;
      if (constraint ? !t->constraints.count(name) : !t->policies.count(name)) {
        return MakeError(ErrorKind::kSyntax, std::string(constraint ? "constraint" : "policy") + " \"" + name + "\" for table \"" +
                                                 tn.Display() + "\" does not exist");
      }
      auto& comments = constraint ? t->constraint_comments : t->policy_comments;
      if (text) comments[name] = *text; else comments.erase(name);
      return Ok();
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX: {
      QualifiedName n = NameOfList(obj->list->items, obj->list->n_items);
      auto it = schema_.indexes.find(n);
      if (it == schema_.indexes.end()) return MakeError(ErrorKind::kSyntax, "index \"" + n.Display() + "\" does not exist");
      it->second.comment = text;
      return Ok();
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN: {
      // COMMENT ON TYPE names any user type (a domain too); COMMENT ON DOMAIN only a domain.
      const PgQuery__TypeName* tn = obj->type_name;
      QualifiedName n = NameOfList(tn->names, tn->n_names);
      bool domain_only = s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN;
      std::optional<std::string>* slot = nullptr;
      if (auto d = schema_.domains.find(n); d != schema_.domains.end()) slot = &d->second.comment;
      if (auto c = schema_.composites.find(n); !domain_only && c != schema_.composites.end()) slot = &c->second.comment;
      if (auto e = schema_.enums.find(n); !domain_only && e != schema_.enums.end()) slot = &e->second.comment;
      if (auto r = schema_.ranges.find(n); !domain_only && r != schema_.ranges.end()) slot = &r->second.comment;
      if (!slot) {
        return MakeError(ErrorKind::kSyntax, domain_only ? "domain \"" + n.Display() + "\" does not exist"
                                                         : "type \"" + n.Display() + "\" does not exist (or is not an enum or a domain)");
      }
      *slot = text;
      return Ok();
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_EVENT_TRIGGER: {
      std::string n = StringOf(obj);
      auto it = schema_.event_triggers.find(n);
      if (it == schema_.event_triggers.end()) return MakeError(ErrorKind::kSyntax, "event trigger \"" + n + "\" does not exist");
      it->second.comment = text;
      return Ok();
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_PUBLICATION: {
      std::string n = StringOf(obj);
      auto it = schema_.publications.find(n);
      if (it == schema_.publications.end()) return MakeError(ErrorKind::kSyntax, "publication \"" + n + "\" does not exist");
      it->second.comment = text;
      return Ok();
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: {
      std::string n = StringOf(obj);
      if (!schema_.schemas.count(n)) return MakeError(ErrorKind::kSyntax, "schema \"" + n + "\" is not created by the desired SQL");
      if (text) schema_.schema_comments[n] = *text; else schema_.schema_comments.erase(n);
      return Ok();
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
    case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE: {
      Function* f;
      TRY_ASSIGN(f, FindFunction(obj->object_with_args));
      f->comment = text;
      return Ok();
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE: {
      Aggregate* a;
      TRY_ASSIGN(a, FindAggregate(obj->object_with_args));
      a->comment = text;
      return Ok();
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION: {
      std::string n = StringOf(obj);
      auto e = schema_.extensions.find(n);
      if (e == schema_.extensions.end()) {
        return MakeError(ErrorKind::kSyntax, "extension \"" + n + "\" is not created by the desired SQL (CREATE EXTENSION it first)");
      }
      e->second.comment = text;
      e->second.comment_managed = true;
      return Ok();
    }
    default:
      return MakeError(ErrorKind::kUnsupported, "COMMENT ON is supported for schemas, extensions, types, domains, tables, columns, "
                                                "views, indexes, sequences, constraints, policies, triggers, rules, event triggers, publications, "
                                                "functions and aggregates");
  }
}

Result<Function*> Builder::FindFunction(const PgQuery__ObjectWithArgs* f) {
  QualifiedName n = NameOfList(f->objname, f->n_objname);
  std::vector<std::string> args;
  for (size_t i = 0; i < f->n_objargs; ++i) args.push_back(CanonicalTypeName(f->objargs[i]->type_name));
  QualifiedName key{n.schema, n.name + "(" + Join(args, ", ") + ")"};
  auto it = schema_.functions.find(key);
  if (f->args_unspecified) {  // "FUNCTION f" without arguments: the only function of that name
    it = schema_.functions.end();
    int found = 0;
    for (auto fi = schema_.functions.begin(); fi != schema_.functions.end(); ++fi) {
      if (fi->second.name == n) {
        it = fi;
        ++found;
      }
    }
    if (found > 1) return MakeError(ErrorKind::kSyntax, "function name \"" + n.Display() + "\" is not unique: give the argument types");
  }
  if (it == schema_.functions.end()) return MakeError(ErrorKind::kSyntax, "function " + key.Display() + " does not exist");
  return &it->second;
}

Status Builder::CheckViewReads() const {
  for (const auto& r : view_refs_) {
    const QualifiedName& n = r.relation;
    if (!r.qualified && view_ctes_.count({r.view, n.name})) continue;       // WITH name AS (...)
    if (!r.qualified && n.name.rfind("pg_", 0) == 0) continue;              // pg_catalog comes first
    if (schema_.tables.count(n) || schema_.views.count(n) || schema_.sequences.count(n) || schema_.foreign_tables.count(n)) continue;
    // Only schemas the desired SQL owns are known in full; an extension may add relations to
    // the schema it is installed in (public when none is named).
    bool managed = n.schema == "public" || schema_.schemas.count(n.schema);
    bool extension_here = std::any_of(schema_.extensions.begin(), schema_.extensions.end(), [&](const auto& e) {
      return e.second.schema == n.schema || (e.second.schema.empty() && n.schema == "public");
    });
    if (!managed || extension_here) continue;
    return MakeError(ErrorKind::kSyntax, (r.where.empty() ? "" : r.where + ": ") + "view " + r.view.Display() +
                                             " reads relation " + n.Display() +
                                             ", which the desired SQL does not define; define it, or qualify the name "
                                             "with its schema if it lives outside the schemas schemasync manages");
  }
  return Ok();
}

Result<Schema> Builder::Finish() {
  TRY(ReplayPartitionIndexes());
  ResolveRangeFunctions();
  ResolveAggregateNames();
  TRY(CheckViewReads());
  TRY(CheckLikes());
  FinishPublications();
  for (auto& [name, t] : schema_.tables) {
    for (auto& [cname, c] : t.constraints) {
      if (c.kind == ConstraintKind::kPrimaryKey) {
        // A primary key makes its columns NOT NULL (attnotnull), and they stay so.
        for (const auto& col : c.columns) {
          Column* column = t.FindColumn(col);
          bool has_parent = !t.inherits.empty() || t.IsPartition();  // the column may be inherited
          if (!column && !has_parent) return MakeError(ErrorKind::kSyntax, schema_.At("table " + name.Display()) + "column \"" + col + "\" named in key does not exist in \"" + name.Display() + "\"; add the column, or correct the key");
          if (!column) continue;
          column->not_null = true;
        }
      }
      if (c.kind != ConstraintKind::kForeignKey) continue;
      auto ref = schema_.tables.find(c.ref_table);
      if (ref == schema_.tables.end()) {
        return MakeError(ErrorKind::kSyntax, schema_.At("table " + name.Display()) + "constraint \"" + cname + "\" of \"" + name.Display() + "\" references \"" + c.ref_table.Display() + "\", which the desired schema does not define; define that table, or drop the foreign key");
      }
      bool ref_has_parent = !ref->second.inherits.empty() || ref->second.IsPartition();
      for (const auto& rc : c.ref_columns) {
        if (!ref_has_parent && !ref->second.FindColumn(rc)) {
          return MakeError(ErrorKind::kSyntax, schema_.At("table " + name.Display()) + "column \"" + rc + "\" referenced in foreign key constraint \"" +
                                                   cname + "\" does not exist in \"" + c.ref_table.Display() + "\"; add it there, or correct the foreign key");
        }
      }
      if (c.ref_columns.empty()) {
        // REFERENCES t without columns means t's primary key (transformFkeyGetPrimaryKey).
        for (const auto& [rn, rc] : ref->second.constraints) {
          if (rc.kind == ConstraintKind::kPrimaryKey) c.ref_columns = rc.columns;
        }
        if (c.ref_columns.empty()) {
          return MakeError(ErrorKind::kSyntax, schema_.At("table " + name.Display()) + "there is no primary key for referenced table \"" + c.ref_table.Display() + "\"; name the referenced columns, or give that table a primary key");
        }
      }
    }
  }
  return std::move(schema_);  // the builder is done: its schema is moved out, not copied
}

}  // namespace schemasync::parse

namespace schemasync::parse {

Status Builder::CreateFunction(const PgQuery__Node* stmt, const std::string& text) {
  auto* s = stmt->create_function_stmt;
  Function f;
  TRY_ASSIGN(f, TransformCreateFunction(s));
  bool replace = s->replace;
  // The plan runs the statement as written, made CREATE OR REPLACE: libpg_query 15-4.0.0's
  // deparser prints parameter names unquoted ("in put" text would come back as IN put text),
  // and the user's own text is what a reviewer recognises. It starts with CREATE (FirstToken).
  f.create_sql = text;
  while (!f.create_sql.empty() && (f.create_sql.back() == ';' || isspace(static_cast<unsigned char>(f.create_sql.back())))) {
    f.create_sql.pop_back();
  }
  if (f.create_sql.size() < 6 || strncasecmp(f.create_sql.c_str(), "CREATE", 6) != 0) {
    s->replace = true;
    TRY_ASSIGN(f.create_sql, DeparseStmt(stmt));  // not the expected text: the deparser's
  } else if (!replace) {
    f.create_sql.insert(6, " OR REPLACE");
  }
  QualifiedName key{f.name.schema, f.name.name + "(" + f.identity + ")"};
  auto old = schema_.functions.find(key);
  if (old != schema_.functions.end()) {
    if (!replace) return MakeError(ErrorKind::kSyntax, "function " + key.Display() + " already exists");
    f.grants = old->second.grants;  // CREATE OR REPLACE keeps the function's ACL (ProcedureCreate)
  }
  NoteRename(ObjectRef::Of(ObjectKind::kFunction, f.name.schema, f.name.name, f.identity));
  schema_.functions[key] = f;
  Created('f', key);
  return Ok();
}

Status Builder::CreateTrigger(const PgQuery__Node* stmt) {
  Trigger t;
  TRY_ASSIGN(t, TransformCreateTrigger(stmt->create_trig_stmt, stmt));
  if (!schema_.tables.count(t.table) && !schema_.views.count(t.table)) {
    return MakeError(ErrorKind::kSyntax, "relation \"" + t.table.Display() + "\" does not exist");
  }
  auto key = std::make_pair(t.table, t.name);
  if (schema_.triggers.count(key) && !stmt->create_trig_stmt->replace) {
    return MakeError(ErrorKind::kSyntax, "trigger \"" + t.name + "\" for relation \"" + t.table.Display() + "\" already exists");
  }
  schema_.triggers[key] = t;
  return Ok();
}

}  // namespace schemasync::parse
