// Privileges: GRANT / REVOKE taking each object's ACL from the live one (or the one PostgreSQL
// gives an object the plan creates) to the desired one, and ALTER DEFAULT PRIVILEGES.
#include "diff/differ.h"
#include "util/quote.h"

namespace schemasync::diff {
namespace {

// One GRANT or REVOKE of a privilege ("SELECT", or "SELECT WITH GRANT OPTION").
struct AclChange {
  bool grant;
  std::string grantee;
  std::string privilege;
  // "[prefix]GRANT p ON <on> TO g" / "[prefix]REVOKE p ON <on> FROM g"; `prefix` is "ALTER
  // DEFAULT PRIVILEGES ... " for a default.
  std::string Sql(const std::string& on, const std::string& prefix = "") const {
    const std::string suffix = " WITH GRANT OPTION";
    bool option = privilege.size() > suffix.size() &&
                  privilege.compare(privilege.size() - suffix.size(), suffix.size(), suffix) == 0;
    std::string priv = option ? privilege.substr(0, privilege.size() - suffix.size()) : privilege;
    return prefix + (grant ? "GRANT " + priv + " ON " + on + " TO " + QuoteRole(grantee) + (option ? suffix : "")
                           : "REVOKE " + priv + " ON " + on + " FROM " + QuoteRole(grantee));
  }
  AclChange Inverse() const { return {!grant, grantee, privilege}; }
};

bool Holds(const Grants& g, const std::string& grantee, const std::string& privilege) {
  auto it = g.find(grantee);
  return it != g.end() && it->second.count(privilege);
}

// The revokes, then the grants, that take `from` to `to` (a revoke of "p WITH GRANT OPTION"
// revokes p too: the grant of plain p follows). Grantee `self` is skipped.
std::vector<AclChange> AclChanges(const Grants& from, const Grants& to, const std::string& self) {
  std::vector<AclChange> out;
  for (const auto& [g, privs] : from) {
    for (const auto& p : privs) {
      if (g != self && !Holds(to, g, p)) out.push_back({false, g, p});
    }
  }
  for (const auto& [g, privs] : to) {
    for (const auto& p : privs) {
      if (g != self && !Holds(from, g, p)) out.push_back({true, g, p});
    }
  }
  return out;
}

const Grants kNone;

template <typename M, typename K>
const Grants& Find(const M& m, const K& k) {
  auto it = m.find(k);
  return it == m.end() ? kNone : it->second;
}

// pg_class.relkind as far as privileges care: 't' table, 'v' view, 'm' materialized view,
// 'S' sequence, 0 none.
char RelKind(const Schema& s, const QualifiedName& n) {
  if (s.tables.count(n)) return 't';
  if (auto v = s.views.find(n); v != s.views.end()) return v->second.materialized ? 'm' : 'v';
  return s.sequences.count(n) ? 'S' : 0;
}

}  // namespace

Grants Differ::InitialAcl(char objtype, const std::string& schema) const {
  // What an object the plan creates starts with: the live defaults, as every creation of the
  // plan runs before its ALTER DEFAULT PRIVILEGES steps (DiffDefaultPrivileges).
  return CreatedObjectAcl(live_.default_acls, live_.current_role.empty() ? kCurrentRole : live_.current_role, objtype,
                          schema);
}

void Differ::DiffAcl(const ObjectRef& ref, const std::string& on, const std::string& object, const Grants& have,
                     const Grants& want, Action action) {
  // The role that applies owns what it creates; its own privileges are implicit on both sides.
  for (const auto& c : AclChanges(have, want, live_.current_role)) {
    Step& step = Emit(action, ref, c.grant ? StepKind::kGrant : StepKind::kRevoke, object, c.Sql(on), c.Inverse().Sql(on));
    if (ref.kind != ObjectKind::kSequence) continue;
    // A serial column's sequence comes and goes with its column (Resolve adds the edges).
    QualifiedName n{ref.schema, ref.name};
    if (desired_.sequences.count(n)) step.needs = Needs({ref});
    if (live_.sequences.count(n)) step.releases = Releases({ref});
  }
}

void Differ::DiffGrants() {
  // Relations. One the plan creates starts with InitialAcl; one it drops is taken to it, so
  // that the inverse, which creates it again, restores its privileges from there. One built
  // anew (or whose kind changes) is taken to it before it goes, and from it once created.
  std::set<QualifiedName> rels;
  for (const Schema* side : {&live_, &desired_}) {
    for (const auto& [r, _] : side->grants) rels.insert(r);
    for (const auto& [r, _] : side->tables) rels.insert(r);
    for (const auto& [r, _] : side->views) rels.insert(r);
    for (const auto& [r, _] : side->sequences) rels.insert(r);
  }
  for (const auto& rel : rels) {
    const char lk = RelKind(live_, rel), dk = RelKind(desired_, rel);
    const bool seq = lk == 'S' || dk == 'S';
    const ObjectRef ref = seq ? SequenceRef(rel) : ObjectRef::Of(ObjectKind::kTable, rel.schema, rel.name);
    const std::string on = std::string(seq ? "SEQUENCE " : "TABLE ") + rel.Sql(), object = "privilege " + rel.Display();
    const Grants& have = Find(live_.grants, rel);
    const Grants& want = Find(desired_.grants, rel);
    const Grants initial = InitialAcl(seq ? 'S' : 'r', rel.schema);
    if (!lk && !dk) {
      DiffAcl(ref, on, object, have, want);  // a relation neither model holds (an identity column's sequence)
    } else if (!dk) {
      DiffAcl(ref, on, object, have, initial);
    } else if (!lk) {
      DiffAcl(ref, on, object, initial, want);
    } else if (Rebuilt(rel) || lk != dk) {
      // The revokes act on the live relation, before it goes.
      DiffAcl(ref, on, object, have, initial, Action::kRetire);
      DiffAcl(ref, on, object, initial, want);
    } else {
      DiffAcl(ref, on, object, have, want);
    }
  }
  std::set<std::string> schemas;
  for (const Schema* side : {&live_, &desired_}) {
    for (const auto& [n, _] : side->schema_grants) schemas.insert(n);
    for (const auto& [n, _] : side->schemas) schemas.insert(n);
  }
  for (const auto& n : schemas) {
    bool live = live_.schemas.count(n), desired = desired_.schemas.count(n);
    const Grants initial = InitialAcl('n', n);
    DiffAcl(ObjectRef::Schema(n), "SCHEMA " + QuoteIdent(n), "privilege schema " + n,
            live || !desired ? Find(live_.schema_grants, n) : initial, desired || !live ? Find(desired_.schema_grants, n) : initial);
  }
  // Functions: a new one (or one created again) starts with InitialAcl (by default EXECUTE for
  // PUBLIC). A dropped function's privileges go with it; its inverse restores them (Drop).
  for (const auto& [key, want] : desired_.functions) {
    auto it = live_.functions.find(key);
    bool kept = it != live_.functions.end() && it->second.interface_key == want.interface_key &&
                it->second.procedure == want.procedure;
    std::string kind = want.procedure ? "PROCEDURE " : "FUNCTION ";
    DiffAcl(RefOf(want), kind + want.SignatureSql(), "privilege " + key.Display(),
            kept ? it->second.grants : InitialAcl('f', key.schema), want.grants);
  }
  DiffTypeGrants();
}

void Differ::DiffTypeGrants() {
  // Types (pg_type.typacl), as functions: a type created (or built anew) starts with
  // InitialAcl, by default USAGE for PUBLIC; a dropped one's privileges are restored by the
  // inverse of its drop. An enum rebuilt in place restores its own (EnumRebuildSql).
  auto diff = [&](const QualifiedName& name, const char* kind, const Grants* kept, const Grants& want) {
    DiffAcl(TypeRef(name), kind + name.Sql(), "privilege type " + name.Display(), kept ? *kept : InitialAcl('T', name.schema),
            want);
  };
  for (const auto& [name, want] : desired_.enums) {
    auto it = live_.enums.find(name);
    diff(name, "TYPE ", it == live_.enums.end() ? nullptr : &it->second.grants, want.grants);
  }
  for (const auto& [name, want] : desired_.domains) {
    auto it = live_.domains.find(name);
    bool kept = it != live_.domains.end() && it->second.base_type == want.base_type && it->second.collation == want.collation;
    diff(name, "DOMAIN ", kept ? &it->second.grants : nullptr, want.grants);
  }
  for (const auto& [name, want] : desired_.composites) {
    auto it = live_.composites.find(name);
    bool kept = it != live_.composites.end() && (it->second == want || TypeUsedByColumns(name, live_));
    diff(name, "TYPE ", kept ? &it->second.grants : nullptr, want.grants);
  }
  for (const auto& [name, want] : desired_.ranges) {
    auto it = live_.ranges.find(name);
    bool kept = it != live_.ranges.end() && it->second == want;
    diff(name, "TYPE ", kept ? &it->second.grants : nullptr, want.grants);
  }
}

namespace {

std::string DefaultAclTarget(char objtype) {
  switch (objtype) {
    case 'r': return "TABLES";
    case 'S': return "SEQUENCES";
    case 'f': return "FUNCTIONS";
    case 'T': return "TYPES";
    default: return "SCHEMAS";
  }
}

// The objects of `side` whose creation default privileges of `objtype` in `schema` ("" any)
// decide.
std::vector<ObjectRef> Governed(const Schema& side, char objtype, const std::string& schema) {
  std::vector<ObjectRef> out;
  auto in = [&](const QualifiedName& n) { return schema.empty() || n.schema == schema; };
  // A serial column's sequence is created with its table or column.
  if (objtype == 'r' || objtype == 'S') {
    for (const auto& [n, t] : side.tables) {
      if (in(n)) out.push_back(RefOf(t));
    }
  }
  if (objtype == 'r') {
    for (const auto& [n, v] : side.views) {
      if (in(n)) out.push_back(RefOf(v));
    }
  }
  if (objtype == 'S') {
    for (const auto& [n, s] : side.sequences) {
      if (in(n)) out.push_back(SequenceRef(n));
    }
  }
  if (objtype == 'f') {
    for (const auto& [n, f] : side.functions) {
      if (in(n)) out.push_back(RefOf(f));
    }
    for (const auto& [n, a] : side.aggregates) {
      if (in(n)) out.push_back(RefOf(a));
    }
  }
  if (objtype == 'T') {
    for (const auto& [n, _] : side.enums) {
      if (in(n)) out.push_back(TypeRef(n));
    }
    for (const auto& [n, _] : side.domains) {
      if (in(n)) out.push_back(TypeRef(n));
    }
    for (const auto& [n, _] : side.composites) {
      if (in(n)) out.push_back(TypeRef(n));
    }
    for (const auto& [n, _] : side.ranges) {
      if (in(n)) out.push_back(TypeRef(n));
    }
  }
  if (objtype == 'n') {
    for (const auto& [n, _] : side.schemas) out.push_back(ObjectRef::Schema(n));
  }
  return out;
}

}  // namespace

void Differ::DiffDefaultPrivileges() {
  // pg_default_acl entries compare as stored; a missing one stands for the hard-wired default
  // (global) or nothing (per schema), and ALTER DEFAULT PRIVILEGES deletes an entry that comes
  // back to that, so the GRANT / REVOKE statements between the two ACLs leave the desired rows.
  std::set<DefaultAclKey> keys;
  for (const auto& [k, _] : live_.default_acls) keys.insert(k);
  for (const auto& [k, _] : desired_.default_acls) keys.insert(k);
  for (const auto& key : keys) {
    const std::string prefix = "ALTER DEFAULT PRIVILEGES FOR ROLE " + QuoteIdent(key.role) +
                               (key.schema.empty() ? "" : " IN SCHEMA " + QuoteIdent(key.schema)) + " ";
    const std::string on = DefaultAclTarget(key.objtype);
    std::string kind = on;
    for (auto& ch : kind) ch = static_cast<char>(tolower(static_cast<unsigned char>(ch)));
    const std::string object =
        "default privileges of " + key.role + (key.schema.empty() ? "" : " in schema " + key.schema) + " on " + kind;
    const ObjectRef ref = ObjectRef::Of(ObjectKind::kDefaultAcl, key.schema, key.role, std::string(1, key.objtype));
    for (const auto& c : AclChanges(DefaultAclOf(live_.default_acls, key), DefaultAclOf(desired_.default_acls, key), "")) {
      Step& step = Emit(Action::kAlter, ref, StepKind::kDefaultPrivileges, object, c.Sql(on, prefix), c.Inverse().Sql(on, prefix));
      if (!key.schema.empty()) step.releases.push_back(ObjectRef::Schema(key.schema));
      if (key.role != live_.current_role) continue;  // the plan's creations are the current role's
      // Default privileges apply to objects created after them, and the plan grants each
      // object it creates what the desired SQL gives it, from what it starts with. The live
      // defaults are known (InitialAcl); so every creation of an object they govern comes
      // first, and every drop too: the reverse plan, which runs these steps' inverses first,
      // then creates the dropped objects again under the same live defaults (their restore
      // statements count on them). Alterations too: an enum rebuilt creates its type anew.
      step.needs_final = Governed(desired_, key.objtype, key.schema);
      step.after_drops = Governed(live_, key.objtype, key.schema);
    }
  }
}

std::string AclRestoreSql(const std::string& on, const Grants& from, const Grants& to) {
  std::string sql;
  for (const auto& c : AclChanges(from, to, "")) sql += "; " + c.Sql(on);
  return sql;
}

}  // namespace schemasync::diff
