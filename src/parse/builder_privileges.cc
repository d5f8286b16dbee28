// GRANT / REVOKE -> model: on tables, views, sequences, schemas, functions, procedures, types
// and domains, one by one or ON ALL ... IN SCHEMA.
#include <algorithm>

#include "parse/builder.h"
#include "parse/normalize.h"
#include "parse/transform.h"
#include "util/quote.h"

namespace schemasync::parse {
namespace {

const std::string kOption = " WITH GRANT OPTION";

// The pg_default_acl object type whose privileges a GRANT's object kind has (0: not managed).
char ObjType(PgQuery__ObjectType kind) {
  switch (kind) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE: return 'r';
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE: return 'S';
    case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
    case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE: return 'f';
    case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN: return 'T';
    case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: return 'n';
    default: return 0;
  }
}

}  // namespace

std::string RoleOf(const PgQuery__RoleSpec* r) {
  switch (r->roletype) {
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC: return "PUBLIC";
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING: return r->rolename ? r->rolename : "";
    // The role running the statement: the one applying the plan (the pipeline resolves it;
    // SESSION_USER is the same role, schemasync never runs SET ROLE).
    default: return kCurrentRole;
  }
}

void ApplyAcl(bool grant, bool grant_option, const std::vector<std::string>& grantees,
              const std::vector<std::string>& privs, Grants& g) {
  for (const auto& grantee : grantees) {
    auto& held = g[grantee];
    for (const auto& p : privs) {
      if (grant) {
        held.insert(grant_option ? p + kOption : p);
        if (grant_option) held.erase(p);
        continue;
      }
      // Revoking a table privilege revokes it on every column too (ExecGrant_Relation).
      auto on = [&](const std::string& h) { return h == p || h == p + kOption || h.rfind(p + " (", 0) == 0; };
      std::vector<std::string> hit;
      std::copy_if(held.begin(), held.end(), std::back_inserter(hit), on);
      for (const auto& h : hit) {
        held.erase(h);
        // REVOKE GRANT OPTION FOR: the privilege stays, without the option.
        bool option = h.size() > kOption.size() && h.compare(h.size() - kOption.size(), kOption.size(), kOption) == 0;
        if (grant_option && option) held.insert(h.substr(0, h.size() - kOption.size()));
      }
    }
    if (held.empty()) g.erase(grantee);
  }
}

Result<std::vector<std::string>> PrivilegesOf(const PgQuery__GrantStmt* s, char objtype, const std::string& kind) {
  const std::vector<std::string> all = AllPrivileges(objtype);
  if (s->n_privileges == 0) return all;  // ALL [PRIVILEGES]: no list in the tree
  std::vector<std::string> privs;
  for (size_t i = 0; i < s->n_privileges; ++i) {
    const PgQuery__AccessPriv* p = s->privileges[i]->access_priv;
    std::string name = p->priv_name ? p->priv_name : "";
    for (auto& ch : name) ch = static_cast<char>(toupper(static_cast<unsigned char>(ch)));
    if (p->n_cols) return MakeError(ErrorKind::kSyntax, "column privileges exist on tables and views only");
    if (name.empty()) return all;
    if (std::find(all.begin(), all.end(), name) == all.end()) {
      return MakeError(ErrorKind::kSyntax, "invalid privilege type " + name + " for " + kind + " (" + kind + " have " +
                                               Join(all, ", ") + ")");
    }
    privs.push_back(name);
  }
  return privs;
}

bool Builder::SchemaExists(const std::string& name) const {
  if (name == "public") return true;
  auto it = created_.find({'n', QualifiedName{name, ""}});
  return it != created_.end() && it->second < ordinal_ && schema_.schemas.count(name);
}

std::vector<QualifiedName> Builder::CreatedObjects(char kind, const std::string& schema, bool after) const {
  std::vector<QualifiedName> out;
  for (const auto& [key, ordinal] : created_) {
    if (key.first != kind || (!schema.empty() && key.second.schema != schema)) continue;
    if (after ? ordinal <= ordinal_ : ordinal >= ordinal_) continue;
    out.push_back(key.second);
  }
  return out;
}

Grants* Builder::AclOf(char kind, const QualifiedName& n) {
  switch (kind) {
    case 'r': return schema_.tables.count(n) || schema_.views.count(n) ? &schema_.grants[n] : nullptr;
    case 'S': return schema_.sequences.count(n) ? &schema_.grants[n] : nullptr;
    case 'f': {
      auto it = schema_.functions.find(n);
      if (auto a = schema_.aggregates.find(n); a != schema_.aggregates.end()) return &a->second.grants;
      return it == schema_.functions.end() ? nullptr : &it->second.grants;
    }
    case 'T': {
      if (auto e = schema_.enums.find(n); e != schema_.enums.end()) return &e->second.grants;
      if (auto d = schema_.domains.find(n); d != schema_.domains.end()) return &d->second.grants;
      if (auto c = schema_.composites.find(n); c != schema_.composites.end()) return &c->second.grants;
      if (auto r = schema_.ranges.find(n); r != schema_.ranges.end()) return &r->second.grants;
      return nullptr;
    }
    case 'n': return schema_.schemas.count(n.schema) ? &schema_.schema_grants[n.schema] : nullptr;
    default: return nullptr;
  }
}

Status Builder::GrantAllInSchema(const PgQuery__GrantStmt* s, const std::vector<std::string>& privs) {
  // objectsInSchemaToOids (aclchk.c): the objects of the kind in the schema when the statement
  // runs, so those created before it in the desired SQL. ALL TABLES is every relation but
  // sequences (tables, partitioned tables, views, materialized views, foreign tables); ALL
  // FUNCTIONS excludes procedures, ALL PROCEDURES is only them, ALL ROUTINES both.
  const PgQuery__ObjectType kind = s->objtype;
  const char objtype = ObjType(kind);
  std::vector<std::string> grantees;
  for (size_t j = 0; j < s->n_grantees; ++j) grantees.push_back(RoleOf(s->grantees[j]->role_spec));
  for (size_t i = 0; i < s->n_objects; ++i) {
    const std::string schema = StringOf(s->objects[i]);
    if (!SchemaExists(schema)) {
      return MakeError(ErrorKind::kSyntax, "schema \"" + schema + "\" does not exist (when this statement runs: create it before)");
    }
    if (objtype == 'S') {
      // An identity column's sequence is one of them, but its privileges are not in the model.
      for (const auto& [sch, ordinal] : identities_) {
        if (sch == schema && ordinal < ordinal_) {
          return MakeError(ErrorKind::kUnsupported, "GRANT/REVOKE ON ALL SEQUENCES IN SCHEMA " + QuoteIdent(schema) +
                                                        " would include the sequence of an identity column, whose privileges "
                                                        "schemasync does not manage; name the sequences instead");
        }
      }
    }
    for (const auto& n : CreatedObjects(objtype, schema, false)) {
      if (objtype == 'f') {
        // ALL FUNCTIONS takes aggregates too (prokind <> 'p'), ALL PROCEDURES does not.
        auto f = schema_.functions.find(n);
        bool procedure = f != schema_.functions.end() && f->second.procedure;
        if ((kind == PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION && procedure) ||
            (kind == PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE && !procedure)) {
          continue;
        }
      }
      Grants* g = AclOf(objtype, n);
      if (!g) continue;  // dropped since
      ApplyAcl(s->is_grant, s->grant_option, grantees, privs, *g);
      if (g->empty() && (objtype == 'r' || objtype == 'S')) schema_.grants.erase(n);
    }
  }
  return Ok();
}

Status Builder::Grant(const PgQuery__GrantStmt* s) {
  using Kind = PgQuery__ObjectType;
  const Kind kind = s->objtype;
  const char objtype = ObjType(kind);
  if (objtype == 0) {
    // Databases, tablespaces, languages, large objects, foreign servers and wrappers,
    // parameters: not objects of a schema.
    return MakeError(ErrorKind::kUnsupported,
                     "GRANT/REVOKE is supported on tables, views, sequences, schemas, functions, procedures, types and "
                     "domains; privileges on databases, languages, tablespaces, large objects, foreign servers and "
                     "parameters are not part of a schema: keep this statement in a hand-written migration");
  }
  if (s->grantor && RoleOf(s->grantor) != kCurrentRole) {
    // The ACL records who granted; the plan grants as the role applying it.
    return MakeError(ErrorKind::kUnsupported, "GRANTED BY another role is not supported: the plan grants as the role that "
                                              "applies it; remove GRANTED BY (or write GRANTED BY CURRENT_USER)");
  }
  for (size_t j = 0; j < s->n_grantees; ++j) {
    const PgQuery__RoleSpec* r = s->grantees[j]->role_spec;
    if (r->roletype == PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING) Remember(std::string("role ") + r->rolename, r->location);
    if (s->is_grant && s->grant_option && r->roletype == PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC) {
      // ExecuteGrantStmt: "grant options can only be granted to roles".
      return MakeError(ErrorKind::kSyntax, "grant options can only be granted to roles, not to PUBLIC");
    }
  }
  if (s->targtype == PG_QUERY__GRANT_TARGET_TYPE__ACL_TARGET_ALL_IN_SCHEMA) {
    for (size_t i = 0; i < s->n_privileges; ++i) {
      if (s->privileges[i]->access_priv->n_cols) {
        return MakeError(ErrorKind::kUnsupported, "column privileges ON ALL TABLES IN SCHEMA are not supported: grant them on each table");
      }
    }
    std::vector<std::string> privs;
    if (objtype == 'r') {
      // ALL TABLES: the table privileges, which views share.
      TRY_ASSIGN(privs, PrivilegesOf(s, objtype, "tables"));
    } else {
      TRY_ASSIGN(privs, PrivilegesOf(s, objtype, objtype == 'S' ? "sequences" : "functions"));
    }
    return GrantAllInSchema(s, privs);
  }
  if (s->targtype != PG_QUERY__GRANT_TARGET_TYPE__ACL_TARGET_OBJECT) {
    return MakeError(ErrorKind::kSyntax, "GRANT/REVOKE target expected");
  }
  std::vector<std::string> grantees;
  for (size_t j = 0; j < s->n_grantees; ++j) grantees.push_back(RoleOf(s->grantees[j]->role_spec));
  if (objtype == 'T') {
    // Types and domains: USAGE (pg_type.typacl). ON DOMAIN names a domain; ON TYPE any type.
    std::vector<std::string> privs;
    TRY_ASSIGN(privs, PrivilegesOf(s, objtype, "types"));
    for (size_t i = 0; i < s->n_objects; ++i) {
      const PgQuery__Node* o = s->objects[i];
      if (o->node_case != PG_QUERY__NODE__NODE_LIST) return MakeError(ErrorKind::kSyntax, "type name expected");
      QualifiedName n = NameOfList(o->list->items, o->list->n_items);
      if (kind == PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN && !schema_.domains.count(n)) {
        return MakeError(ErrorKind::kSyntax, "\"" + n.Display() + "\" is not a domain created by the desired SQL");
      }
      Grants* g = AclOf('T', n);
      if (!g) {
        return MakeError(ErrorKind::kSyntax, "type \"" + n.Display() + "\" does not exist; privileges are managed on the enums, "
                                             "domains and composite types the desired SQL creates");
      }
      ApplyAcl(s->is_grant, s->grant_option, grantees, privs, *g);
    }
    return Ok();
  }
  std::vector<std::string> privs;
  std::vector<std::string> column_privs;  // "SELECT (col)": privileges on columns (pg_attribute.attacl)
  for (size_t i = 0; i < s->n_privileges; ++i) {
    const PgQuery__AccessPriv* p = s->privileges[i]->access_priv;
    std::string name = p->priv_name ? p->priv_name : "";
    for (auto& ch : name) ch = static_cast<char>(toupper(static_cast<unsigned char>(ch)));
    if (p->n_cols) {
      if (kind != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) {
        return MakeError(ErrorKind::kSyntax, "column privileges exist on tables and views only");
      }
      // ALL (cols) is every privilege a column can have (ACL_ALL_RIGHTS_COLUMN).
      std::vector<std::string> names = name.empty() ? std::vector<std::string>{"SELECT", "INSERT", "UPDATE", "REFERENCES"}
                                                    : std::vector<std::string>{name};
      for (const auto& col : StringList(p->cols, p->n_cols)) {
        for (const auto& n : names) column_privs.push_back(n + " (" + QuoteIdent(col) + ")");
      }
      continue;
    }
    if (name.empty()) continue;  // ALL [PRIVILEGES] among others: expanded below
    privs.push_back(name);
  }
  if (privs.empty() && column_privs.empty()) privs = AllPrivileges(objtype);  // ALL [PRIVILEGES]
  for (size_t i = 0; i < s->n_objects; ++i) {
    const PgQuery__Node* o = s->objects[i];
    if (objtype == 'n') {
      std::string n = StringOf(o);
      if (!schema_.schemas.count(n)) {
        return MakeError(ErrorKind::kSyntax, "schema \"" + n + "\" is not created by the desired SQL (privileges on public are not managed)");
      }
      ApplyAcl(s->is_grant, s->grant_option, grantees, privs, schema_.schema_grants[n]);
      if (schema_.schema_grants[n].empty()) schema_.schema_grants.erase(n);
      continue;
    }
    if (objtype == 'f') {
      // GRANT ... ON FUNCTION names aggregates too (pg_dump writes their privileges so).
      auto f = FindFunction(o->object_with_args);
      auto a = f.ok() || kind == PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE ? Result<Aggregate*>(nullptr)
                                                                          : FindAggregate(o->object_with_args);
      if (!f.ok() && (!a.ok() || !a.value())) return f.error();
      ApplyAcl(s->is_grant, s->grant_option, grantees, privs, f.ok() ? f.value()->grants : a.value()->grants);
      continue;
    }
    bool sequence = objtype == 'S';
    QualifiedName rel = NameOf(o->range_var);
    bool exists = sequence ? schema_.sequences.count(rel) > 0 : (schema_.tables.count(rel) || schema_.views.count(rel));
    if (!exists && schema_.foreign_tables.count(rel)) {
      return MakeError(ErrorKind::kUnsupported, "privileges on foreign tables (" + rel.Display() + ") are not managed yet: "
                                                "keep this statement in a hand-written migration");
    }
    if (!exists) return MakeError(ErrorKind::kSyntax, "relation \"" + rel.Display() + "\" does not exist");
    if (!column_privs.empty()) {
      auto table = schema_.tables.find(rel);
      for (size_t k = 0; k < s->n_privileges && table != schema_.tables.end(); ++k) {
        const PgQuery__AccessPriv* p = s->privileges[k]->access_priv;
        for (const auto& col : StringList(p->cols, p->n_cols)) {
          if (!table->second.FindColumn(col)) {
            return MakeError(ErrorKind::kSyntax, "column \"" + col + "\" of relation \"" + rel.Display() + "\" does not exist");
          }
        }
      }
    }
    std::vector<std::string> all = privs;  // GRANT SELECT, UPDATE (body): table and column privileges at once
    all.insert(all.end(), column_privs.begin(), column_privs.end());
    ApplyAcl(s->is_grant, s->grant_option, grantees, all, schema_.grants[rel]);
    if (schema_.grants[rel].empty()) schema_.grants.erase(rel);
  }
  return Ok();
}

}  // namespace schemasync::parse
