// The pipeline in one call (see pipeline.h).
#include "schemasync/pipeline.h"

#include <algorithm>

#include <set>

#include "schemasync/catalog.h"
#include "schemasync/timing.h"
#include "util/quote.h"

namespace schemasync {
namespace {

// Keeps only the schemas named by --schema (the live side is read so already).
void FilterSchemas(Schema& s, const std::vector<std::string>& keep) {
  if (keep.empty()) return;
  auto in = [&](const std::string& n) { return std::find(keep.begin(), keep.end(), n) != keep.end(); };
  std::erase_if(s.schemas, [&](const auto& kv) { return !in(kv.first); });
  std::erase_if(s.enums, [&](const auto& kv) { return !in(kv.first.schema); });
  std::erase_if(s.domains, [&](const auto& kv) { return !in(kv.first.schema); });
  std::erase_if(s.composites, [&](const auto& kv) { return !in(kv.first.schema); });
  std::erase_if(s.ranges, [&](const auto& kv) { return !in(kv.first.schema); });
  std::erase_if(s.collations, [&](const auto& kv) { return !in(kv.first.schema); });
  std::erase_if(s.sequences, [&](const auto& kv) { return !in(kv.first.schema); });
  std::erase_if(s.tables, [&](const auto& kv) { return !in(kv.first.schema); });
  std::erase_if(s.indexes, [&](const auto& kv) { return !in(kv.first.schema); });
  std::erase_if(s.views, [&](const auto& kv) { return !in(kv.first.schema); });
  std::erase_if(s.functions, [&](const auto& kv) { return !in(kv.first.schema); });
  std::erase_if(s.aggregates, [&](const auto& kv) { return !in(kv.first.schema); });
  std::erase_if(s.triggers, [&](const auto& kv) { return !in(kv.first.first.schema); });
  std::erase_if(s.rules, [&](const auto& kv) { return !in(kv.first.first.schema); });
  // Event triggers have no schema: database-wide like extensions, not compared under --schema
  // (Introspect does not read them then).
  s.event_triggers.clear();
  s.publications.clear();  // database-wide as well (their tables and schemas are references)
  // So are foreign-data wrappers, servers and user mappings; foreign tables have a schema.
  s.foreign_data_wrappers.clear();
  s.foreign_servers.clear();
  s.user_mappings.clear();
  std::erase_if(s.foreign_tables, [&](const auto& kv) { return !in(kv.first.schema); });
  std::erase_if(s.grants, [&](const auto& kv) { return !in(kv.first.schema); });
  std::erase_if(s.schema_grants, [&](const auto& kv) { return !in(kv.first); });
  std::erase_if(s.schema_comments, [&](const auto& kv) { return !in(kv.first); });
  s.extensions.clear();  // extensions are database-wide: not compared under --schema
  // So are global default privileges (no IN SCHEMA); per-schema ones belong to their schema.
  std::erase_if(s.default_acls, [&](const auto& kv) { return !in(kv.first.schema); });
}

// Each --schema must name a schema of the database or of the desired SQL: a misspelt one
// would compare nothing and report "in sync" forever.
Status CheckSchemas(Database& db, const std::vector<std::string>& schemas, const Schema& desired) {
  if (schemas.empty()) return Ok();
  Rows r;
  TRY_ASSIGN(r, db.Query("SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname !~ '^pg_' "
                         "AND nspname <> 'information_schema' ORDER BY 1"));
  std::set<std::string> live;
  for (size_t i = 0; i < r.size(); ++i) live.insert(r.Get(i, 0));
  for (const auto& name : schemas) {
    if (live.count(name) || desired.schemas.count(name)) continue;
    std::vector<std::string> have(live.begin(), live.end());
    return MakeError(ErrorKind::kUsage, "--schema " + QuoteLiteral(name) +
                                            ": no such schema in the database or in the desired SQL (the database has: " +
                                            Join(have, ", ") + "); check the spelling");
  }
  return Ok();
}

// Roles are cluster-wide and not managed: every role the desired SQL grants to or names in a
// policy must exist already, or the plan would fail half-way at apply time.
Status CheckRoles(Database& db, const Schema& desired) {
  std::vector<std::string> named;
  for (const auto& [key, where] : desired.locations) {
    if (key.rfind("role ", 0) == 0) named.push_back(key.substr(5));
  }
  std::set<std::string> owners;  // empty unless owners are managed
  for (const auto& [ref, role] : desired.owners) owners.insert(role);
  if (named.empty() && owners.empty()) return Ok();
  Rows r;
  TRY_ASSIGN(r, db.Query("SELECT rolname FROM pg_catalog.pg_roles"));
  std::set<std::string> have;
  for (size_t i = 0; i < r.size(); ++i) have.insert(r.Get(i, 0));
  for (const auto& role : named) {
    if (have.count(role)) continue;
    return MakeError(ErrorKind::kPlan, desired.At("role " + role) + "role \"" + role +
                                           "\" does not exist on this server; roles are cluster-wide and schemasync does "
                                           "not create them: create it first (CREATE ROLE ...)");
  }
  for (const auto& role : owners) {
    if (have.count(role)) continue;
    return MakeError(ErrorKind::kPlan, desired.At("owner " + role) + "role \"" + role +
                                           "\" (an owner) does not exist on this server; roles are cluster-wide and "
                                           "schemasync does not create them: create it first (CREATE ROLE ...), or run "
                                           "without --manage-owners");
  }
  return Ok();
}

// ALTER DEFAULT PRIVILEGES FOR ROLE r, with r the role applying the plan: those defaults decide
// the privileges of the objects the desired SQL creates after them, which the builder computes
// for the applying role only when it is written without FOR ROLE (it cannot know who applies).
Status CheckDefaultPrivilegeRoles(const Schema& desired, const std::string& role) {
  for (const auto& [key, acl] : desired.default_acls) {
    // Written after every object it governs (pg_dump's place for it), it changes none of them.
    if (key.role != role || !desired.locations.count("for role " + role + " before objects")) continue;
    return MakeError(ErrorKind::kPlan, desired.At("for role " + role) + "ALTER DEFAULT PRIVILEGES FOR ROLE " + QuoteIdent(role) +
                                           " names the role that applies the plan: write it without FOR ROLE (or FOR ROLE "
                                           "CURRENT_USER), so that the objects created after it get these privileges in the plan too");
  }
  return Ok();
}

// A column changes type with ALTER COLUMN ... TYPE new USING col::new: the server must have a
// cast between the two types (find_coercion_pathway; else 42846 cannot_coerce). Asked now, with
// the column's place, instead of failing at apply time. Types the plan creates (42704 now) and
// enums (converted through text) are left to the plan.
Status CheckTypeChanges(Database& db, const Schema& live, const Schema& desired) {
  for (const auto& [name, want] : desired.tables) {
    auto lt = live.tables.find(name);
    if (lt == live.tables.end() || want.IsPartition() || lt->second.partition_by != want.partition_by) continue;
    for (const auto& c : want.columns) {
      const Column* have = lt->second.FindColumn(c.name);
      if (!have || have->type == c.type || c.inherited || have->inherited || c.type.empty()) continue;
      bool enums = false;
      for (const auto* s : {&live, &desired}) {
        for (const auto& [en, e] : s->enums) {
          std::string spelled = en.schema == "public" ? QuoteIdent(en.name) : en.Sql();
          enums |= have->type.rfind(spelled, 0) == 0 || c.type.rfind(spelled, 0) == 0;
        }
      }
      if (enums) continue;
      auto probe = db.Query("SELECT CAST(NULL::" + have->type + " AS " + c.type + ")");
      if (probe.ok() || probe.error().sqlstate != "42846") continue;
      return MakeError(ErrorKind::kPlan, desired.At("column " + name.Display() + "." + c.name) + "column " +
                                             name.Display() + "." + c.name + " cannot change type from " + have->type +
                                             " to " + c.type + ": PostgreSQL has no cast between them; add a new column, "
                                             "fill it with an explicit conversion, and drop the old one");
    }
  }
  return Ok();
}

}  // namespace

Result<Schema> ReadLiveSchema(Database& db, const std::vector<std::string>& schemas, SideConnection* side) {
  Schema live;
  TRY_ASSIGN(live, Introspect(db, schemas, side));
  if (!schemas.empty()) live.extensions.clear();  // Introspect reads no global default privileges then
  return live;
}

Result<Planned> PlanDatabase(Database& db, Schema desired, const std::vector<std::string>& schemas,
                             const PlanOptions& options) {
  Schema live;
  TRY_ASSIGN(live, ReadLiveSchema(db, schemas));
  return PlanDatabase(db, std::move(desired), std::move(live), schemas, options);
}

Result<Planned> PlanDatabase(Database& db, Schema desired, Schema live, const std::vector<std::string>& schemas,
                             const PlanOptions& options) {
  TRY(CheckSchemas(db, schemas, desired));
  FilterSchemas(desired, schemas);
  Planned p;
  p.live = std::move(live);
  TRY(CheckDefaultPrivilegeRoles(desired, p.live.current_role));
  // The applying role owns what it creates, and is who CURRENT_USER names in the desired SQL.
  ResolveCurrentRole(desired, p.live.current_role);
  if (options.manage_owners) {
    ResolveOwners(desired, p.live.current_role);
  } else {
    desired.owners.clear();
    p.live.owners.clear();
  }
  TRY(CheckRoles(db, desired));
  {
    timing::Scope phase(timing::Phase::kCanonicalize);
    TRY(CheckTypeChanges(db, p.live, desired));
    TRY(CanonicalizeViews(db, desired));
    TRY(CanonicalizePartitionBounds(db, desired));
    TRY(CanonicalizeLiterals(db, desired));
    TRY(CanonicalizeChecks(db, p.live, desired));
    TRY(CanonicalizePublicationFilters(db, p.live, desired));
    TRY(CanonicalizeRanges(db, desired));
    TRY(CanonicalizeRules(db, desired));
  }
  TRY_ASSIGN(p.plan, BuildPlan(p.live, desired, options));
  timing::Scope phase(timing::Phase::kPlan);
  p.unverified_views = UnverifiedViews(desired);
  if (options.fingerprints) {
    p.source_fingerprint = Fingerprint(p.live);
    p.target_fingerprint = Fingerprint(desired);
  }
  p.desired = std::move(desired);
  return p;
}

namespace {

// The columns of `name` as the catalog lists them (see AsCatalogShowsIt), memoized in `done`.
const std::vector<Column>& CatalogColumns(Schema& s, const QualifiedName& name, std::set<QualifiedName>& done,
                                          int depth = 0) {
  Table& t = s.tables.at(name);
  if (done.count(name) || depth > 100) return t.columns;  // depth: a cycle the reader let through
  done.insert(name);
  std::vector<QualifiedName> parents = t.inherits;
  if (t.IsPartition()) parents.push_back(t.partition_of);
  if (parents.empty()) return t.columns;
  std::vector<Column> out;
  for (const auto& p : parents) {
    if (!s.tables.count(p)) continue;
    for (const Column& c : CatalogColumns(s, p, done, depth + 1)) {
      auto same = std::find_if(out.begin(), out.end(), [&](const Column& o) { return o.name == c.name; });
      if (same != out.end()) continue;  // from two parents: one column
      Column copy = c;
      copy.inherited = true;
      copy.serial_sequence.clear();  // the sequence is owned by the parent's column
      copy.identity = 0;             // not inherited (MergeAttributes)
      copy.identity_sequence = {};
      copy.comment.reset();
      out.push_back(std::move(copy));
    }
  }
  Table& self = s.tables.at(name);  // the recursion may have rehashed nothing (a map), but be plain
  for (Column& own : self.columns) {
    auto same = std::find_if(out.begin(), out.end(), [&](const Column& o) { return o.name == own.name; });
    if (same == out.end()) {
      out.push_back(std::move(own));
      continue;
    }
    // Merged: the child's own options (a partition's WITH OPTIONS default) over the parent's.
    bool typed = !own.type.empty();
    Column merged = std::move(own);
    if (!typed) merged.type = same->type;
    merged.inherited = true;
    merged.not_null = merged.not_null || same->not_null;
    if (merged.default_expr.empty()) merged.default_expr = same->default_expr;
    *same = std::move(merged);
  }
  self.columns = std::move(out);
  return self.columns;
}

}  // namespace

void AsCatalogShowsIt(Schema& parsed) {
  std::set<QualifiedName> done;
  std::vector<QualifiedName> names;
  for (const auto& [name, t] : parsed.tables) names.push_back(name);
  for (const auto& name : names) CatalogColumns(parsed, name, done);
}

Result<Planned> PlanOffline(Schema from, Schema desired, const std::string& role, const std::vector<std::string>& schemas,
                            const PlanOptions& options) {
  FilterSchemas(from, schemas);
  FilterSchemas(desired, schemas);
  AsCatalogShowsIt(from);
  from.current_role = role;
  ResolveCurrentRole(from, role);
  ResolveCurrentRole(desired, role);
  if (options.manage_owners) {
    ResolveOwners(from, role);
    ResolveOwners(desired, role);
  } else {
    from.owners.clear();
    desired.owners.clear();
  }
  Planned p;
  TRY_ASSIGN(p.plan, BuildPlan(from, desired, options));
  // A server would compare view queries in pg_get_viewdef's spelling; here both sides are text
  // as written (normalized alike), so a respelled query shows as a change.
  // So would rules (pg_get_ruledef qualifies the columns their actions name).
  std::vector<std::string> by_text;
  for (const auto& [name, v] : desired.views) {
    if (from.views.count(name)) by_text.push_back("view " + name.Display());
  }
  for (const auto& [key, r] : desired.rules) {
    if (from.rules.count(key)) by_text.push_back("rule " + key.first.Display() + "." + key.second);
  }
  if (!by_text.empty()) {
    std::vector<std::string> shown(by_text.begin(), by_text.begin() + std::min<size_t>(by_text.size(), 5));
    p.plan.warnings.push_back("offline: " + std::to_string(by_text.size()) +
                              " view(s) and rule(s) on both sides compared by their query as written, not as a server "
                              "spells it (" + Join(shown, ", ") + (by_text.size() > shown.size() ? ", ..." : "") +
                              "): a query written differently shows as a change; plan against a database to be sure");
  }
  p.live = std::move(from);
  p.unverified_views = UnverifiedViews(desired);
  p.desired = std::move(desired);
  return p;
}

}  // namespace schemasync
