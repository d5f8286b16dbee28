// Who owns what: ALTER ... OWNER TO and CREATE SCHEMA ... AUTHORIZATION (Schema::owners).
// Recorded always (pg_dump writes an OWNER TO after every object); compared only with
// --manage-owners.
#include "parse/builder.h"
#include "parse/transform.h"

namespace schemasync::parse {

bool OwnerOnly(const PgQuery__AlterTableStmt* s) {
  bool only = s->n_cmds > 0;
  for (size_t i = 0; i < s->n_cmds; ++i) only &= s->cmds[i]->alter_table_cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner;
  return only;
}

Status Builder::SetOwner(const ObjectRef& ref, const PgQuery__RoleSpec* r) {
  if (!r) return MakeError(ErrorKind::kSyntax, "a role expected after OWNER TO");
  if (r->roletype == PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC) {
    return MakeError(ErrorKind::kSyntax, "PUBLIC cannot own an object: name a role");
  }
  std::string role = RoleOf(r);
  // Checked against the server only when owners are managed (CheckRoles reads Schema::owners).
  if (r->roletype == PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING) Remember("owner " + role, r->location);
  schema_.owners[ref] = role;
  return Ok();
}

// A table, view, materialized view or sequence, by name (ALTER TABLE ... OWNER TO also takes a
// view or a sequence: ATExecChangeOwner handles every relation kind).
Result<ObjectRef> Builder::RelationRef(const QualifiedName& n) const {
  if (schema_.tables.count(n)) return ObjectRef::Of(ObjectKind::kTable, n.schema, n.name);
  if (schema_.views.count(n)) return ObjectRef::Of(ObjectKind::kView, n.schema, n.name);
  if (schema_.sequences.count(n)) return ObjectRef::Of(ObjectKind::kSequence, n.schema, n.name);
  if (schema_.foreign_tables.count(n)) return ObjectRef::Of(ObjectKind::kForeignTable, n.schema, n.name);
  return MakeError(ErrorKind::kSyntax, "relation \"" + n.Display() + "\" does not exist");
}

// ALTER TABLE | VIEW | MATERIALIZED VIEW | SEQUENCE ... OWNER TO, alone in its statement.
Status Builder::AlterRelationOwner(const PgQuery__AlterTableStmt* s) {
  ObjectRef ref;
  TRY_ASSIGN(ref, RelationRef(NameOf(s->relation)));
  for (size_t i = 0; i < s->n_cmds; ++i) TRY(SetOwner(ref, s->cmds[i]->alter_table_cmd->newowner));
  return Ok();
}

Status Builder::AlterOwner(const PgQuery__AlterOwnerStmt* s) {
  const PgQuery__Node* obj = s->object;
  auto names = [&]() -> QualifiedName {
    if (obj && obj->node_case == PG_QUERY__NODE__NODE_LIST) return NameOfList(obj->list->items, obj->list->n_items);
    if (obj && obj->node_case == PG_QUERY__NODE__NODE_TYPE_NAME) return NameOfList(obj->type_name->names, obj->type_name->n_names);
    return {};
  };
  switch (s->object_type) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
    case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE: {
      if (!obj || obj->node_case != PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS) return MakeError(ErrorKind::kSyntax, "function expected");
      Function* f;
      TRY_ASSIGN(f, FindFunction(obj->object_with_args));
      return SetOwner(ObjectRef::Of(ObjectKind::kFunction, f->name.schema, f->name.name, f->identity), s->newowner);
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE: {
      if (!obj || obj->node_case != PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS) return MakeError(ErrorKind::kSyntax, "aggregate expected");
      Aggregate* a;
      TRY_ASSIGN(a, FindAggregate(obj->object_with_args));
      return SetOwner(ObjectRef::Of(ObjectKind::kFunction, a->name.schema, a->name.name, a->Identity()), s->newowner);
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_SERVER:
    case PG_QUERY__OBJECT_TYPE__OBJECT_FDW:
    case PG_QUERY__OBJECT_TYPE__OBJECT_PUBLICATION: {
      std::string n = StringOf(obj);
      bool server = s->object_type == PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_SERVER;
      bool fdw = s->object_type == PG_QUERY__OBJECT_TYPE__OBJECT_FDW;
      bool known = server ? schema_.foreign_servers.count(n) : fdw ? schema_.foreign_data_wrappers.count(n) : schema_.publications.count(n);
      const char* what = server ? "server" : fdw ? "foreign-data wrapper" : "publication";
      if (!known) return MakeError(ErrorKind::kSyntax, std::string(what) + " \"" + n + "\" does not exist");
      ObjectKind kind = server ? ObjectKind::kForeignServer : fdw ? ObjectKind::kForeignDataWrapper : ObjectKind::kPublication;
      return SetOwner(ObjectRef::Of(kind, "", n), s->newowner);
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN: {
      QualifiedName n = names();
      bool domain = schema_.domains.count(n);
      bool type = schema_.enums.count(n) || schema_.composites.count(n) || schema_.ranges.count(n);
      if (s->object_type == PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN ? !domain : !(type || domain)) {
        return MakeError(ErrorKind::kSyntax, std::string(domain ? "domain" : "type") + " \"" + n.Display() + "\" does not exist");
      }
      return SetOwner(ObjectRef::Of(ObjectKind::kType, n.schema, n.name), s->newowner);
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION: {
      QualifiedName n = names();
      if (!schema_.collations.count(n)) return MakeError(ErrorKind::kSyntax, "collation \"" + n.Display() + "\" does not exist");
      return SetOwner(ObjectRef::Of(ObjectKind::kCollation, n.schema, n.name), s->newowner);
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: {
      std::string n = StringOf(obj);
      if (n != "public" && !schema_.schemas.count(n)) return MakeError(ErrorKind::kSyntax, "schema \"" + n + "\" does not exist");
      return SetOwner(ObjectRef::Schema(n), s->newowner);
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_EVENT_TRIGGER: {
      // Only a superuser may own one (AlterEventTriggerOwner_internal): its owner is not a
      // choice the schema makes, so it is read past, not compared (pg_dump writes the line).
      std::string n = StringOf(obj);
      if (!schema_.event_triggers.count(n)) return MakeError(ErrorKind::kSyntax, "event trigger \"" + n + "\" does not exist");
      return Ok();
    }
    default:
      return MakeError(ErrorKind::kUnsupported, "OWNER TO is supported for schemas, tables, views, materialized views, "
                                                "sequences, foreign tables, types, domains, collations, functions, procedures, "
                                                "aggregates, servers, foreign-data wrappers and publications");
  }
}

}  // namespace schemasync::parse
