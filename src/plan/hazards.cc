// Hazards of steps on live relations (see hazards.h). The lock of each statement is the one
// PostgreSQL's documentation gives for it (ALTER TABLE: "the lock level ... is the strictest
// of its subcommands"; CREATE INDEX: SHARE, CONCURRENTLY: SHARE UPDATE EXCLUSIVE; CREATE
// TRIGGER: SHARE ROW EXCLUSIVE; ADD FOREIGN KEY: SHARE ROW EXCLUSIVE on both tables; VALIDATE
// CONSTRAINT: SHARE UPDATE EXCLUSIVE; CREATE / ALTER / DROP POLICY and the row-security
// switches: ACCESS EXCLUSIVE, as in policy.c and tablecmds.c).
#include "plan/hazards.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>
#include <string>

#include "schemasync/step_kind.h"

#include "diff/differ.h"

namespace schemasync::plan {
namespace {

enum class Lock { kNone, kRowExclusive, kShareUpdateExclusive, kShare, kShareRowExclusive, kAccessExclusive };

const char* LockName(Lock l) {
  switch (l) {
    case Lock::kRowExclusive: return "ROW EXCLUSIVE";
    case Lock::kShareUpdateExclusive: return "SHARE UPDATE EXCLUSIVE";
    case Lock::kShare: return "SHARE";
    case Lock::kShareRowExclusive: return "SHARE ROW EXCLUSIVE";
    case Lock::kAccessExclusive: return "ACCESS EXCLUSIVE";
    case Lock::kNone: break;
  }
  return "";
}

// What the lock is held for: how long the others wait.
enum class For { kCatalog, kScan, kRewrite, kIndexBuild, kRefresh, kBackfill };

const char* ForText(For f) {
  switch (f) {
    case For::kCatalog: return "a catalog update";
    case For::kScan: return "a scan of its rows";
    case For::kRewrite: return "a rewrite of the table";
    case For::kIndexBuild: return "the index build";
    case For::kRefresh: return "the refresh";
    case For::kBackfill: return "each batch of rows it fills (each batch commits)";
  }
  return "";
}

struct Effect {
  Lock lock = Lock::kNone;
  For holds = For::kCatalog;
  std::vector<Hazard> hazards;
};

bool Has(const std::string& sql, const char* what) { return sql.find(what) != std::string::npos; }

// A new column whose default PostgreSQL cannot store once in the catalog (a volatile function,
// a sequence, an identity, a stored generated column) is written into every row: a rewrite
// under ACCESS EXCLUSIVE (ALTER TABLE ... ADD COLUMN, "Notes"). A constant or a stable
// expression (now()) is evaluated once and costs nothing.
bool AddColumnRewrites(const std::string& sql) {
  if (Has(sql, " GENERATED ALWAYS AS (") || Has(sql, " AS IDENTITY") || Has(sql, " serial") ||
      Has(sql, " bigserial") || Has(sql, " smallserial")) {
    return true;
  }
  if (!Has(sql, " DEFAULT ")) return false;
  return diff::VolatileDefault(sql);
}

// Whether a live index or key reads the column `col` (a kColumn ref): by name among its key
// columns and the identifiers of its expressions.
bool ColumnIndexed(const Schema& live, const ObjectRef& col) {
  const QualifiedName table{col.schema, col.name};
  auto reads = [&](const std::string& key) { return diff::MentionsWord(key, col.sub); };
  for (const auto& [name, ix] : live.indexes) {
    if (!(ix.table == table)) continue;
    for (const auto& e : ix.elements) {
      if (reads(e.key)) return true;
    }
  }
  auto t = live.tables.find(table);
  if (t == live.tables.end()) return false;
  for (const auto& [name, c] : t->second.constraints) {
    if (c.kind == ConstraintKind::kCheck || c.kind == ConstraintKind::kForeignKey) continue;
    if (std::find(c.columns.begin(), c.columns.end(), col.sub) != c.columns.end()) return true;
  }
  return false;
}

Effect EffectOf(const Step& s, StepKind kind, const Schema& live) {
  const std::string& sql = s.sql;
  const bool rewrite = std::find(s.hazards.begin(), s.hazards.end(), Name(Hazard::kTableRewrite)) != s.hazards.end();
  switch (kind) {
    case StepKind::kDropTable:
    case StepKind::kDropColumn:
    case StepKind::kSetDefault:
    case StepKind::kDropDefault:
    case StepKind::kDropNotNull:
    case StepKind::kAddIdentity:
    case StepKind::kSetIdentity:
    case StepKind::kAlterIdentity:
    case StepKind::kDropIdentity:
    case StepKind::kDropExpression:
    case StepKind::kSetReplicaIdentity:
    case StepKind::kInherit:
    case StepKind::kNoInherit:
    case StepKind::kDetachPartition:
    case StepKind::kCreateRule:
    case StepKind::kReplaceRule:
    case StepKind::kAlterRule:
    case StepKind::kDropRule:
    case StepKind::kDropTrigger:
      return {Lock::kAccessExclusive, For::kCatalog, {}};
    case StepKind::kAddColumn:
      // Its first statement: online, the default is set by a second one (diff_online.cc).
      return {Lock::kAccessExclusive, rewrite || AddColumnRewrites(sql.substr(0, sql.find("; "))) ? For::kRewrite : For::kCatalog, {}};
    case StepKind::kBackfill: {
      // UPDATE of every existing row, a range at a time, each committed: ROW EXCLUSIVE, which
      // blocks neither reads nor writes (an update of a row being filled waits for its range).
      std::vector<Hazard> h{Hazard::kBackfill};
      if (Has(sql, " VALIDATE CONSTRAINT ")) h.push_back(Hazard::kValidationScan);
      return {Lock::kRowExclusive, For::kBackfill, h};
    }
    case StepKind::kAlterColumnType: {
      // ALTER COLUMN TYPE drops the column's statistics whatever the types (ATExecAlterColumnType:
      // RemoveStatistics): queries plan blind until the next ANALYZE. The indexes on the column
      // are built again under the same lock (unless the old ones can be reused: same collation,
      // binary-coercible types). Without a rewrite (varchar(n) to a longer one or to text,
      // numeric(p,s) to numeric) the ALTER still takes its lock.
      std::vector<Hazard> h{Hazard::kStatisticsReset};
      if (ColumnIndexed(live, s.target)) h.push_back(Hazard::kIndexBuild);
      return {Lock::kAccessExclusive, rewrite ? For::kRewrite : For::kCatalog, h};
    }
    case StepKind::kSetPersistence:
    case StepKind::kRebuildType:
      return {Lock::kAccessExclusive, rewrite ? For::kRewrite : For::kCatalog, {}};
    case StepKind::kSetNotNull:
      // Online (diff_online.cc), a validated CHECK proves it and is dropped in the same step: no scan.
      if (Has(sql, " DROP CONSTRAINT ")) return {Lock::kAccessExclusive, For::kCatalog, {}};
      return {Lock::kAccessExclusive, For::kScan, {Hazard::kValidationScan}};
    case StepKind::kRenameIndex:
      return {Lock::kShareUpdateExclusive, For::kCatalog, {}};
    case StepKind::kRename:  // ALTER TABLE | VIEW ... RENAME [COLUMN | CONSTRAINT]
      return {Lock::kAccessExclusive, For::kCatalog, {}};
    case StepKind::kEnableRls:
    case StepKind::kDisableRls:
    case StepKind::kForceRls:
    case StepKind::kNoForceRls:
    case StepKind::kCreatePolicy:
    case StepKind::kAlterPolicy:
    case StepKind::kDropPolicy:
      return {Lock::kAccessExclusive, For::kCatalog, {Hazard::kAuthzChange}};
    case StepKind::kAddConstraint: {
      const bool not_valid = Has(sql, " NOT VALID");
      if (Has(sql, " FOREIGN KEY ")) {
        if (not_valid) return {Lock::kShareRowExclusive, For::kCatalog, {}};
        return {Lock::kShareRowExclusive, For::kScan, {Hazard::kValidationScan}};
      }
      if (Has(sql, " CHECK ")) {
        if (not_valid) return {Lock::kAccessExclusive, For::kCatalog, {}};
        return {Lock::kAccessExclusive, For::kScan, {Hazard::kValidationScan}};
      }
      if (Has(sql, " USING INDEX ")) return {Lock::kAccessExclusive, For::kCatalog, {}};
      // PRIMARY KEY / UNIQUE / EXCLUDE build their index under the ALTER's lock.
      return {Lock::kAccessExclusive, For::kIndexBuild, {Hazard::kIndexBuild}};
    }
    case StepKind::kValidateConstraint:
      return {Lock::kShareUpdateExclusive, For::kScan, {Hazard::kValidationScan}};
    case StepKind::kDropConstraint: {
      // A key's index goes with it: queries that used it may slow down.
      std::vector<Hazard> h;
      auto t = live.tables.find({s.target.schema, s.target.name});
      if (t != live.tables.end()) {
        auto c = t->second.constraints.find(s.target.sub);
        if (c != t->second.constraints.end() && c->second.kind != ConstraintKind::kCheck &&
            c->second.kind != ConstraintKind::kForeignKey) {
          h.push_back(Hazard::kIndexDropped);
        }
      }
      return {Lock::kAccessExclusive, For::kCatalog, h};
    }
    case StepKind::kCreateIndex:
      if (Has(sql, " CONCURRENTLY ")) return {Lock::kShareUpdateExclusive, For::kIndexBuild, {Hazard::kIndexBuild}};
      return {Lock::kShare, For::kIndexBuild, {Hazard::kIndexBuild}};
    case StepKind::kDropIndex:
      if (Has(sql, " CONCURRENTLY ")) return {Lock::kShareUpdateExclusive, For::kCatalog, {Hazard::kIndexDropped}};
      return {Lock::kAccessExclusive, For::kCatalog, {Hazard::kIndexDropped}};
    case StepKind::kAttachPartition: {
      // The partition is scanned for rows outside its bound unless a CHECK implies it; the
      // indexes its parent's need are built first, those that would clash dropped and rebuilt.
      std::vector<Hazard> h{Hazard::kValidationScan};
      if (Has(sql, "CREATE INDEX ") || Has(sql, "CREATE UNIQUE INDEX ")) h.push_back(Hazard::kIndexBuild);
      if (Has(sql, "DROP INDEX ")) h.push_back(Hazard::kIndexDropped);
      return {Lock::kAccessExclusive, For::kScan, h};
    }
    case StepKind::kCreateTrigger:
    case StepKind::kAlterTrigger:
      return {Lock::kShareRowExclusive, For::kCatalog, {}};
    case StepKind::kRefreshView:
      return {Lock::kAccessExclusive, For::kRefresh, {}};
    case StepKind::kGrant:
    case StepKind::kRevoke:
    case StepKind::kDefaultPrivileges:
    case StepKind::kChangeOwner:
      return {Lock::kNone, For::kCatalog, {Hazard::kAuthzChange}};
    default:
      return {};
  }
}

// The relation a step acts on, when it is one with rows (a table, or a materialized view
// refreshed).
std::optional<QualifiedName> RelationOf(const Step& s) {
  const ObjectRef& t = s.target;
  switch (t.kind) {
    case ObjectKind::kTable:
    case ObjectKind::kView:
    case ObjectKind::kColumn:      // name = the relation (ObjectKind's comments)
    case ObjectKind::kConstraint:
    case ObjectKind::kPolicy:
    case ObjectKind::kTrigger:
    case ObjectKind::kRule:
    case ObjectKind::kIndex:
      if (t.name.empty()) return std::nullopt;
      return QualifiedName{t.schema, t.name};
    default:
      return std::nullopt;
  }
}

void Add(Step& s, Hazard h) {
  std::string name(Name(h));
  if (std::find(s.hazards.begin(), s.hazards.end(), name) == s.hazards.end()) s.hazards.push_back(std::move(name));
}

// The kind of statement that undoes a step of kind `k` (its reverse_sql), for the lock it takes;
// none where no lock is worth telling.
std::optional<StepKind> InverseKind(StepKind k) {
  using K = StepKind;
  static const std::pair<K, K> kPairs[] = {
      {K::kCreateTable, K::kDropTable},     {K::kAddColumn, K::kDropColumn},       {K::kSetDefault, K::kDropDefault},
      {K::kSetNotNull, K::kDropNotNull},    {K::kAddConstraint, K::kDropConstraint}, {K::kCreateIndex, K::kDropIndex},
      {K::kCreatePolicy, K::kDropPolicy},   {K::kEnableRls, K::kDisableRls},       {K::kForceRls, K::kNoForceRls},
      {K::kCreateTrigger, K::kDropTrigger}, {K::kGrant, K::kRevoke},               {K::kAttachPartition, K::kDetachPartition},
      {K::kCreateRule, K::kDropRule},       {K::kInherit, K::kNoInherit},          {K::kCreateView, K::kDropView},
      {K::kAddIdentity, K::kDropIdentity}};
  for (const auto& [a, b] : kPairs) {
    if (k == a) return b;
    if (k == b) return a;
  }
  switch (k) {  // undone by a statement of the same kind
    case K::kAlterColumnType:
    case K::kAlterPolicy:
    case K::kAlterTrigger:
    case K::kAlterRule:
    case K::kSetIdentity:
    case K::kAlterIdentity:
    case K::kSetPersistence:
    case K::kSetReplicaIdentity:
    case K::kSetStorageParameters:
    case K::kRename:
    case K::kRenameIndex:
    case K::kReplaceRule:
      return k;
    default:
      return std::nullopt;
  }
}

// Lock and lock hazards of `s` (of kind `kind`) on `schema`, the database as the step finds
// it; `created`: relations made earlier by the same plan.
void Assess(Step& s, StepKind kind, const Schema& schema, const std::set<QualifiedName>& created) {
  Effect e = EffectOf(s, kind, schema);
  const bool authz = std::find(e.hazards.begin(), e.hazards.end(), Hazard::kAuthzChange) != e.hazards.end();
  std::optional<QualifiedName> rel = RelationOf(s);
  const bool existing = rel && !created.count(*rel) && (schema.tables.count(*rel) || schema.views.count(*rel));
  // Privileges and policies change who sees what whether or not the relation is new.
  if (!existing) {
    if (authz && kind != StepKind::kChangeOwner) Add(s, Hazard::kAuthzChange);
    return;
  }
  if (e.holds == For::kRewrite) Add(s, Hazard::kTableRewrite);
  for (Hazard h : e.hazards) Add(s, h);
  if (e.lock == Lock::kNone) return;
  if (e.lock == Lock::kAccessExclusive) Add(s, Hazard::kBlocksReads);
  if (e.lock != Lock::kShareUpdateExclusive && e.lock != Lock::kRowExclusive) Add(s, Hazard::kBlocksWrites);
  s.lock = std::string(LockName(e.lock)) + " on " + rel->Sql() + " for " + ForText(e.holds);
}

}  // namespace

void AssessHazards(std::vector<Step>& steps, const Schema& live, const Schema& desired) {
  // Relations the plan creates (or drops and creates again): nobody reads or writes them yet.
  // The reverse plan runs on the desired schema and creates what the plan drops.
  std::set<QualifiedName> created, recreated;
  for (const auto& s : steps) {
    if (s.kind == Name(StepKind::kCreateTable) || s.kind == Name(StepKind::kCreateView)) {
      created.insert({s.target.schema, s.target.name});
    }
    if (s.kind == Name(StepKind::kDropTable) || s.kind == Name(StepKind::kDropView)) {
      recreated.insert({s.target.schema, s.target.name});
    }
  }
  for (auto& s : steps) {
    std::optional<StepKind> kind = StepKindNamed(s.kind);
    if (!kind) continue;
    Assess(s, *kind, live, created);
    // The inverse, as revert runs it: its own lock and lock hazards (Plan::Reverse swaps them in).
    std::optional<StepKind> inverse = InverseKind(*kind);
    if (!inverse || s.reverse_sql.empty()) continue;
    Step back;
    back.sql = s.reverse_sql;
    back.target = s.target;
    back.hazards = s.reverse_hazards;
    Assess(back, *inverse, desired, recreated);
    s.reverse_hazards = std::move(back.hazards);
    s.reverse_lock = std::move(back.lock);
  }
}

}  // namespace schemasync::plan
