// ALTER DEFAULT PRIVILEGES -> model: the pg_default_acl entries it leaves, and the privileges
// the objects created after it in the desired SQL start with.
#include "parse/builder.h"
#include "parse/transform.h"
#include "util/quote.h"

namespace schemasync::parse {
namespace {

// defacl_privilege_target: ON TABLES | SEQUENCES | FUNCTIONS | ROUTINES | TYPES | SCHEMAS.
char DefaultObjType(PgQuery__ObjectType kind) {
  switch (kind) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE: return 'r';
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE: return 'S';
    case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION: return 'f';  // FUNCTIONS and ROUTINES alike
    case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE: return 'T';
    case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: return 'n';
    default: return 0;
  }
}

std::string KindName(char objtype) {
  switch (objtype) {
    case 'r': return "tables";
    case 'S': return "sequences";
    case 'f': return "functions";
    case 'T': return "types";
    default: return "schemas";
  }
}

}  // namespace

Status Builder::AlterDefaultPrivileges(const PgQuery__AlterDefaultPrivilegesStmt* s) {
  const PgQuery__GrantStmt* a = s->action;
  if (!a) return MakeError(ErrorKind::kSyntax, "GRANT or REVOKE expected");
  std::vector<std::string> roles, schemas;
  std::vector<std::pair<std::string, int>> named;  // FOR ROLE name, where
  for (size_t i = 0; i < s->n_options; ++i) {
    const PgQuery__DefElem* d = s->options[i]->def_elem;
    if (!d || !d->arg || d->arg->node_case != PG_QUERY__NODE__NODE_LIST) return MakeError(ErrorKind::kSyntax, "malformed option");
    const PgQuery__List* list = d->arg->list;
    if (std::string(d->defname) == "schemas") {
      for (const auto& n : StringList(list->items, list->n_items)) {
        if (!SchemaExists(n)) {
          return MakeError(ErrorKind::kSyntax, "schema \"" + n + "\" does not exist (when this statement runs: create it before)");
        }
        schemas.push_back(n);
      }
    } else if (std::string(d->defname) == "roles") {
      for (size_t k = 0; k < list->n_items; ++k) {
        const PgQuery__RoleSpec* r = list->items[k]->node_case == PG_QUERY__NODE__NODE_ROLE_SPEC ? list->items[k]->role_spec : nullptr;
        if (!r) return MakeError(ErrorKind::kSyntax, "role name expected after FOR ROLE");
        if (r->roletype == PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC) return MakeError(ErrorKind::kSyntax, "role \"public\" does not exist");
        if (r->roletype == PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING) {
          Remember(std::string("role ") + r->rolename, r->location);
          Remember(std::string("for role ") + r->rolename, r->location);
          named.emplace_back(r->rolename, r->location);
        }
        roles.push_back(RoleOf(r));
      }
    } else {
      return MakeError(ErrorKind::kSyntax, std::string("option ") + d->defname + " not recognized");
    }
  }
  // Without FOR ROLE: the role running the statement, the one applying the plan.
  if (roles.empty()) roles.push_back(kCurrentRole);
  if (schemas.empty()) schemas.push_back("");
  const char objtype = DefaultObjType(a->objtype);
  if (objtype == 0) return MakeError(ErrorKind::kSyntax, "ALTER DEFAULT PRIVILEGES applies to TABLES, SEQUENCES, FUNCTIONS, ROUTINES, TYPES or SCHEMAS");
  if (objtype == 'n' && !schemas.front().empty()) {
    return MakeError(ErrorKind::kSyntax, "cannot use IN SCHEMA clause when using GRANT/REVOKE ON SCHEMAS");
  }
  for (size_t i = 0; i < a->n_privileges; ++i) {
    if (a->privileges[i]->access_priv->n_cols) return MakeError(ErrorKind::kSyntax, "default privileges cannot be set for columns");
  }
  std::vector<std::string> privs;
  TRY_ASSIGN(privs, PrivilegesOf(a, objtype, KindName(objtype)));
  std::vector<std::string> grantees;
  for (size_t j = 0; j < a->n_grantees; ++j) {
    const PgQuery__RoleSpec* r = a->grantees[j]->role_spec;
    if (r->roletype == PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING) Remember(std::string("role ") + r->rolename, r->location);
    if (a->is_grant && a->grant_option && r->roletype == PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC) {
      return MakeError(ErrorKind::kSyntax, "grant options can only be granted to roles, not to PUBLIC");
    }
    grantees.push_back(RoleOf(r));
  }
  for (const auto& role : roles) {
    for (const auto& schema : schemas) {
      // SetDefaultACL: start from the stored entry, or from what a missing one stands for (the
      // hard-wired default for a global entry, nothing for a per-schema one); an entry equal to
      // that is deleted rather than stored.
      const DefaultAclKey key{role, schema, objtype};
      Grants acl = DefaultAclOf(schema_.default_acls, key);
      ApplyAcl(a->is_grant, a->grant_option, grantees, privs, acl);
      if (acl == (schema.empty() ? AclDefault(objtype, role) : Grants{})) schema_.default_acls.erase(key);
      else schema_.default_acls[key] = acl;
    }
  }
  // FOR ROLE r: if r turns out to be the role applying the plan, PostgreSQL gives these
  // privileges to the objects created after this statement, which the model cannot know here;
  // the pipeline refuses that case (CheckDefaultPrivilegeRoles) by this mark. Written after
  // every object it governs (pg_dump writes them last), it governs none of them.
  if (!CreatedObjects(objtype, "", true).empty()) {
    for (const auto& [role, where] : named) Remember("for role " + role + " before objects", where);
  }
  if (std::find(roles.begin(), roles.end(), kCurrentRole) == roles.end()) return Ok();
  if (objtype == 'S') {
    // Identity sequences get these privileges too, but theirs are not in the model.
    for (const auto& [schema, ordinal] : identities_) {
      bool governed = schemas.front().empty() || std::find(schemas.begin(), schemas.end(), schema) != schemas.end();
      if (governed && ordinal > ordinal_) {
        return MakeError(ErrorKind::kUnsupported, "ALTER DEFAULT PRIVILEGES ... ON SEQUENCES would give privileges to the "
                                                      "sequence of an identity column created after it, which schemasync does "
                                                      "not manage; grant on the sequences by name instead");
      }
    }
  }
  // The objects created after this statement start with the defaults in force when they were
  // created (get_user_default_acl at creation); later GRANTs come after this in statement
  // order, so they are applied on top. An object's own privileges are implicit (its owner).
  for (const auto& n : CreatedObjects(objtype, "", true)) {
    Grants* g = AclOf(objtype, n);
    if (!g) continue;
    *g = CreatedObjectAcl(schema_.default_acls, kCurrentRole, objtype, n.schema);
    // `g` points into the map entry erased below: decide before erasing.
    const bool none = g->empty();
    if (none && (objtype == 'r' || objtype == 'S')) schema_.grants.erase(n);
    if (none && objtype == 'n') schema_.schema_grants.erase(n.schema);
  }
  return Ok();
}

}  // namespace schemasync::parse
