// Privileges as PostgreSQL computes them (utils/adt/acl.c, catalog/aclchk.c): the hard-wired
// defaults, pg_default_acl entries, and the ACL a new object starts with.
#include <algorithm>

#include "schemasync/model.h"

namespace schemasync {
namespace {

const std::string kGrantOption = " WITH GRANT OPTION";

// "SELECT WITH GRANT OPTION" -> "SELECT".
std::string Plain(const std::string& p) {
  return p.size() > kGrantOption.size() && p.compare(p.size() - kGrantOption.size(), kGrantOption.size(), kGrantOption) == 0
             ? p.substr(0, p.size() - kGrantOption.size())
             : p;
}

void Rename(std::map<std::string, std::set<std::string>>& g, const std::string& role) {
  auto it = g.find(kCurrentRole);
  if (it == g.end()) return;
  std::set<std::string> privs = std::move(it->second);
  g.erase(it);
  MergeGrants(g, Grants{{role, privs}});
}

}  // namespace

std::vector<std::string> AllPrivileges(char objtype) {
  switch (objtype) {
    case 'r': return {"SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"};
    case 'S': return {"SELECT", "UPDATE", "USAGE"};
    case 'f': return {"EXECUTE"};
    case 'T': return {"USAGE"};
    case 'n': return {"USAGE", "CREATE"};
    default: return {};
  }
}

Grants AclDefault(char objtype, const std::string& role) {
  // acldefault(): the owner holds every privilege of the kind (without grant options: an owner
  // can grant anyway); PUBLIC gets EXECUTE on functions and USAGE on types and languages.
  Grants g;
  for (const auto& p : AllPrivileges(objtype)) g[role].insert(p);
  if (objtype == 'f') g["PUBLIC"] = {"EXECUTE"};
  if (objtype == 'T') g["PUBLIC"] = {"USAGE"};
  return g;
}

Grants DefaultAclOf(const std::map<DefaultAclKey, Grants>& acls, const DefaultAclKey& key) {
  auto it = acls.find(key);
  if (it != acls.end()) return it->second;
  return key.schema.empty() ? AclDefault(key.objtype, key.role) : Grants{};
}

void MergeGrants(Grants& a, const Grants& b) {
  for (const auto& [grantee, privs] : b) {
    auto& held = a[grantee];
    for (const auto& p : privs) {
      if (held.count(Plain(p) + kGrantOption)) continue;
      held.insert(p);
      if (p != Plain(p)) held.erase(Plain(p));
    }
    if (held.empty()) a.erase(grantee);
  }
}

Grants CreatedObjectAcl(const std::map<DefaultAclKey, Grants>& acls, const std::string& role, char objtype,
                        const std::string& schema) {
  // get_user_default_acl(): the global entry (or the hard-wired default) merged with the
  // schema's; schemas themselves have global entries only.
  Grants g = DefaultAclOf(acls, {role, "", objtype});
  if (objtype != 'n') MergeGrants(g, DefaultAclOf(acls, {role, schema, objtype}));
  g.erase(role);
  return g;
}

void ResolveCurrentRole(Schema& desired, const std::string& role) {
  desired.current_role = role;
  for (auto& [n, g] : desired.grants) Rename(g, role);
  for (auto& [n, g] : desired.schema_grants) Rename(g, role);
  for (auto& [n, f] : desired.functions) Rename(f.grants, role);
  for (auto& [n, a] : desired.aggregates) Rename(a.grants, role);
  for (auto& [n, e] : desired.enums) Rename(e.grants, role);
  for (auto& [n, d] : desired.domains) Rename(d.grants, role);
  for (auto& [n, c] : desired.composites) Rename(c.grants, role);
  for (auto& [n, t] : desired.tables) {
    for (auto& [pn, p] : t.policies) {
      std::replace(p.roles.begin(), p.roles.end(), kCurrentRole, role);
      std::sort(p.roles.begin(), p.roles.end());
    }
  }
  std::map<DefaultAclKey, Grants> acls;
  for (const auto& [k, acl] : desired.default_acls) {
    DefaultAclKey key = k;
    Grants g = acl;
    if (key.role == kCurrentRole) key.role = role;
    Rename(g, role);
    MergeGrants(acls[key], g);
  }
  desired.default_acls = std::move(acls);
  // FOR CURRENT_USER: PostgreSQL stores the role itself (a user mapping is keyed by its OID).
  std::map<std::pair<std::string, std::string>, UserMapping> mappings;
  for (auto& [k, m] : desired.user_mappings) {
    if (m.role == kCurrentRole) m.role = role;
    mappings[{m.role, m.server}] = m;
  }
  desired.user_mappings = std::move(mappings);
}

}  // namespace schemasync
