// The differ: compares the live model with the desired one and emits plan steps, each with its
// inverse, the object it acts on and its dependency edges; plan/graph.h orders them.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "schemasync/model.h"
#include "schemasync/plan.h"
#include "schemasync/result.h"
#include "schemasync/step_kind.h"

#include "diff/dependencies.h"

namespace schemasync::diff {

class Differ {
 public:
  Differ(const Schema& live, const Schema& desired, const PlanOptions& options = {})
      : live_(live), desired_(desired), options_(options) {}
  Result<std::vector<Step>> Run();

 private:
  Status RunPass();
  // Adds a step acting on `target`; the caller may add edges to the step returned.
  Step& Emit(Action action, ObjectRef target, StepKind kind, std::string object, std::string sql,
             std::string reverse, std::vector<Hazard> hazards = {});
  // Edges from what an object uses: `needs` resolved against the desired schema, `releases`
  // against the live one. A type or function neither schema defines comes from an extension
  // (or is built in): the edge goes to the extensions of that side.
  std::vector<ObjectRef> Needs(const std::vector<ObjectRef>& uses) const { return Resolve(uses, desired_); }
  std::vector<ObjectRef> Releases(const std::vector<ObjectRef>& uses) const { return Resolve(uses, live_); }
  std::vector<ObjectRef> Resolve(const std::vector<ObjectRef>& uses, const Schema& side) const;
  void DiffSchemas();
  void DiffExtensions();
  Status DiffEnums();
  Status DiffDomains();
  Status DiffComposites();
  // Range types (diff_ranges.cc): a change is a drop and a create, refused under a column.
  Status DiffRanges();
  // Whether a column of `side` has type `type` (or an array of it).
  bool TypeUsedByColumns(const QualifiedName& type, const Schema& side) const;
  void DiffCollations();
  void DiffTables();
  void CreateTable(const Table& t);
  void DropTable(const Table& t);
  void DiffInheritance(const Table& live, const Table& desired);
  void DiffTable(const Table& live, const Table& desired);
  void DiffColumn(const Table& t, const Column& live, const Column& desired);
  void DiffConstraints(const Table& live, const Table& desired);
  // Policies reading a column in `retyped` are dropped and created again around the type change
  // (PostgreSQL refuses ALTER COLUMN TYPE under a policy).
  void DiffPolicies(const Table* live, const Table* desired, const std::set<std::string>& retyped = {});
  void DiffRowSecurity(const Table& t, bool live_enabled, bool live_forced, bool enabled, bool forced);
  // REPLICA IDENTITY and storage parameters (SET / RESET), in place; `live` null for a new table
  // (whose storage parameters its CREATE TABLE ... WITH already sets).
  void DiffReplicaIdentity(const Table* live, const Table& want);
  void DiffStorageParameters(const Table& live, const Table& want);
  void DiffComments(const Table* live, const Table& desired);
  void DiffIndexes();
  void DiffViews();
  // A kept view's options and a materialized view's WITH [NO] DATA, in place.
  void DiffViewState(const View& live, const View& want);
  void DiffFunctions();
  // Aggregates (diff_aggregates.cc): replaced in place where PostgreSQL can, else dropped and created.
  void DiffAggregates();
  void DiffSequences();
  void DiffGrants();
  void DiffTypeGrants();
  // GRANT / REVOKE taking `have` to `want` on `on` ("TABLE public.t", "SCHEMA app", ...), as
  // steps of `action` on `ref` (kRetire: on the live object, before it is dropped).
  void DiffAcl(const ObjectRef& ref, const std::string& on, const std::string& object, const Grants& have,
               const Grants& want, Action action = Action::kAlter);
  // The privileges (beyond the owner's) an object of pg_default_acl type `objtype` the plan
  // creates in `schema` starts with: acldefault, or what the live default privileges say.
  Grants InitialAcl(char objtype, const std::string& schema) const;
  // ALTER DEFAULT PRIVILEGES taking pg_default_acl to the desired entries.
  void DiffDefaultPrivileges();
  void DiffTriggers();
  // Rules and event triggers (diff_rules.cc).
  void DiffRules();
  // Whether live rule `r` goes and comes back: its relation rebuilt, what it reads changing.
  bool RuleRebuilt(const Rule& r) const;
  void DiffEventTriggers();
  // Publications (diff_publications.cc).
  void DiffPublications();
  // Foreign-data wrappers, servers, user mappings and foreign tables (diff_foreign.cc).
  Status DiffForeignData();
  void DiffForeignTable(const ForeignTable& have, const ForeignTable& want);
  // Servers dropped and created again (their wrapper or TYPE changes: ALTER SERVER cannot).
  std::set<std::string> RebuiltServers() const;
  // Foreign tables that go, are rebuilt or whose columns change: into changed_relations_.
  void MarkChangedForeignTables();
  // Comments on constraints, policies, triggers and sequences, once every other step is known.
  void DiffObjectComments();
  // ALTER ... OWNER TO (diff_owners.cc): after every other step, so that what the plan creates
  // (owned by the applying role) is known.
  void DiffOwners();
  // Whether a step of this pass drops `ref` or something that holds it.
  bool DroppedInPlan(const ObjectRef& ref) const;
  void AddConstraintStep(const Table& t, const Constraint& c);
  // COMMENT ON <target> when the comment changes (`target`: "VIEW public.v", ...).
  void DiffComment(const ObjectRef& ref, const std::string& target, const std::string& object,
                   const std::optional<std::string>& have, const std::optional<std::string>& want);
  // SQL that rebuilds enum `name` with `values` in the live schema: rename the type away, create
  // it anew, convert every live column through text, restore defaults and dependent views.
  // The type comes back with `grants` (a new type starts with InitialAcl).
  std::string EnumRebuildSql(const QualifiedName& name, const std::vector<std::string>& values, const Grants& grants) const;
  bool IsEnumType(const std::string& type) const;
  // Live column `have` of a partition as the desired partition has it: the default its own
  // (PARTITION OF ... (c WITH OPTIONS DEFAULT ...)), else its parent's, at any level; NOT NULL
  // where it or a parent says so or a primary key of theirs has the column.
  Column PartitionColumn(const Table& partition, const Column& have) const;
  void DropConstraintStep(const Table& t, const Constraint& c);
  // Whether the plan drops live index `have` (DiffIndexes).
  bool IndexGoes(const Index& have) const;
  // A partition's own key attached to its parent's plain index `parent_index`, dropped with it by
  // DROP INDEX ... CASCADE (neither can go alone); none when a foreign key references the
  // partition (CASCADE would drop it too).
  std::vector<std::pair<const Table*, const Constraint*>> KeysCascadingWith(const QualifiedName& parent_index) const;
  bool CascadesWithParentIndex(const Table& t, const Constraint& c) const;
  // The drop of index `have`, with the partition keys attached to it (KeysCascadingWith).
  void DropIndexStep(const Index& have);

  // Online changes (diff_online.cc). Whether changes to `table` are made online: the option is
  // on, the table is on both sides and kept, and it is neither partitioned nor a partition.
  bool OnlineTable(const QualifiedName& table) const;
  bool ReferencedByForeignKey(const QualifiedName& table) const;
  // Whether live index `have` is dropped (or replaced) concurrently rather than in the
  // transaction.
  bool IndexChangesOnline(const Index& have) const;
  // SET NOT NULL through CHECK (c IS NOT NULL) NOT VALID, its validation in a transaction of
  // its own, then SET NOT NULL (proved by the CHECK: no scan) and the CHECK dropped.
  // `backfill`: the statement that fills the column's existing rows first (AddColumnOnline);
  // it runs outside a transaction (it commits in batches), with the validation after it.
  void SetNotNullOnline(const Table& t, const Column& want, const std::string& backfill = "");
  // A column with a volatile default added to a table with rows without the rewrite under
  // ACCESS EXCLUSIVE: added bare with its default set (new rows get it), existing rows filled in
  // batches that each commit, NOT NULL then set online. False when the column needs the
  // rewrite anyway (identity, generated, serial) or the table is not changed online.
  bool AddColumnOnline(const Table& t, const Column& want);
  // VALIDATE CONSTRAINT of `c`, added NOT VALID, in a transaction of its own.
  void ValidateLater(const Table& t, const Constraint& c);
  // Builds key `c`'s unique index concurrently under the key's name; returns the constraint's
  // definition that takes it ("PRIMARY KEY USING INDEX name ...").
  std::string KeyIndexConcurrently(const Table& t, const Constraint& c);
  // A changed index built under a temporary name beside the old one, the old one dropped, the
  // new one renamed: queries always have an index.
  void SwapIndex(const Index& have, const Index& want);

  // Partitioned indexes (diff_partition_indexes.cc). An index or key of `side` by name, with the
  // table it is on; for a partition's attached copy, its root's definition.
  struct PartIndex {
    QualifiedName table;
    const Index* index = nullptr;
    const Constraint* key = nullptr;
  };
  PartIndex FindPartIndex(const Schema& side, const QualifiedName& name) const;
  // CREATE INDEX / ADD CONSTRAINT of `child` on `partition`, as `parent` is defined.
  std::string ChildSql(const PartIndex& parent, const QualifiedName& partition, const std::string& child) const;
  // The partitions' indexes attached to `parent` in `side`: (partition, index name).
  std::vector<std::pair<const Table*, std::string>> ChildrenOf(const Schema& side, const QualifiedName& parent) const;
  // Whether live `partition` has `child` unattached, matching `parent` (a key for a key).
  bool StandaloneInLive(const QualifiedName& partition, const std::string& child, const PartIndex& parent) const;
  // A live index or key of `partition`, unattached, that the desired schema attaches: it stays.
  bool AttachedByDesired(const QualifiedName& partition, const std::string& name) const;
  // Whether live `parent` has an attachment the desired schema does not (it is rebuilt).
  bool AttachmentsDiverge(const QualifiedName& parent) const;
  // `parent` of `side` made with its attachments: ON ONLY, each partition's index made (or, with
  // `adopt_live`, a matching live one kept) and attached. `reverse`: the drop that undoes it.
  std::string CreatePartitionedSql(const Schema& side, const QualifiedName& parent, bool adopt_live, std::string* reverse) const;
  bool HasPartitions(const Schema& side, const QualifiedName& table) const;
  // Whether `parent` is on both sides and the plan keeps it (its attachments change in place).
  bool ParentKept(const QualifiedName& parent, PartIndex* live, PartIndex* want) const;
  // Before ATTACH PARTITION of `want`: its desired indexes for the parent's kept ones made, and
  // its matching ones that stay apart dropped (`after` builds them again).
  std::string PrepareAttachSql(const Table& want, std::string* after) const;
  // A new partition whose own key a kept index of its parent adopts: made apart and attached
  // (CREATE TABLE ... PARTITION OF would give it a copy instead).
  bool AdoptsOwnKeys(const Table& want) const;
  // A desired index of a partition being detached that is its live copy of a parent's index:
  // detached, it is the table's own (the detach step keeps it).
  bool KeptByDetach(const Index& want) const;
  // Whether a partition's copy of `parent` is still there when the partition is detached.
  bool CopySurvivesDetach(const QualifiedName& parent) const;
  // Attachments and names of partitions' indexes under parents the plan keeps.
  void DiffAttachedIndexes();

  // Facts every Diff* method reads, computed from the two schemas before any step is emitted
  // (so the order of the Diff* calls does not matter).
  void Prepare();
  std::set<QualifiedName> ViewsToRebuild() const;
  // Live objects that use what the plan drops (a function replaced, a type dropped): the
  // dependents the plan must drop and create again around it.
  std::set<ObjectRef> DependentsOfDrops() const;
  // What an index reads (its table's columns, its parents' when on a partition).
  std::vector<ObjectRef> IndexUses(const Index& ix, const Schema& side) const;
  // The unique keys (constraints, indexes) of `table` in `side` a foreign key can reference.
  std::vector<ObjectRef> KeysOf(const QualifiedName& table, const Schema& side) const;
  // The partitions of `table` in `side`, at every level.
  std::vector<ObjectRef> PartitionsOf(const QualifiedName& table, const Schema& side) const;
  bool Forced(const ObjectRef& r) const { return forced_.count(r) > 0; }
  // Per side, built on first use: who points at whom, so that a lookup is not a scan of every
  // table or index (a constraint asked three of them: quadratic, 30 s at 10,000 new tables).
  struct SideIndex {
    std::map<QualifiedName, std::vector<const Table*>> partitions;  // by partition_of, in table order
    std::map<QualifiedName, std::vector<const Index*>> indexes;     // by table, in index order
    std::map<QualifiedName, std::vector<std::pair<const Table*, std::string>>> attached;  // by parent index
  };
  const SideIndex& IndexOf(const Schema& side) const;
  mutable std::map<const Schema*, SideIndex> side_index_;

  const Schema& live_;
  const Schema& desired_;
  PlanOptions options_;
  std::vector<Step> steps_;
  // Live objects rebuilt because something they use goes (see DependentsOfDrops).
  std::set<ObjectRef> forced_;
  // Relations whose columns change or that are dropped/recreated: views reading them are rebuilt.
  std::set<QualifiedName> changed_relations_;
  // Live constraints already scheduled for a drop (table, name): a pass-local guard against
  // dropping one twice (a foreign key dropped by its own table's diff and by its key's).
  std::set<std::pair<QualifiedName, std::string>> dropped_constraints_;
  // Live views dropped and created again (their indexes go and come with them).
  std::set<QualifiedName> rebuilt_views_;
  // Live tables dropped and created again (a change of partitioning): their indexes, triggers
  // and grants go and come with them.
  std::set<QualifiedName> rebuilt_tables_;
  bool Rebuilt(const QualifiedName& rel) const { return rebuilt_views_.count(rel) || rebuilt_tables_.count(rel); }
  // Live sequences already dropped by a column step (a serial column turning identity).
  std::set<QualifiedName> dropped_sequences_;
  // Columns of the table being diffed whose type or collation changes.
  std::set<std::string> retyped_;
};

// "COMMENT ON <target> IS '...'" (IS NULL when there is none), and the same with a leading
// "; " for appending to an inverse, or "" when there is no comment to restore.
std::string CommentSql(const std::string& target, const std::optional<std::string>& comment);
std::string RestoreCommentSql(const std::string& target, const std::optional<std::string>& comment);

// A user type as format_type() spells it in a column's type: bare in public, qualified elsewhere.
std::string TypeSpelling(const QualifiedName& type);

// Whether two reloption lists hold the same options (their order means nothing); the
// "RESET (...); SET (...)" on `on` ("ALTER TABLE t ", "ALTER VIEW v ") taking `from` to `to`.
bool SameOptions(std::vector<std::string> a, std::vector<std::string> b);
// Whether ADD COLUMN ... DEFAULT `expr` writes every row: a volatile default is evaluated per
// row (ALTER TABLE, "Notes"); a constant or stable one is stored once in the catalog.
bool VolatileDefault(const std::string& expr);
// Whether `word` (an identifier as written: "col", "\"Col\"") occurs in `text` as a whole word:
// "col", "col DESC", "lower(col)", "(col || x)". A definition reads a column so, near enough
// (a false match only means the cautious choice).
bool MentionsWord(const std::string& text, const std::string& word);
// Pieces of table changes, shared by diff_tables.cc and diff_online.cc.
std::string Alter(const Table& t);  // "ALTER TABLE s.t "
std::string Obj(const Table& t);    // "table s.t"
std::string ColObj(const Table& t, const Column& c);
// What a constraint reads: its references and the columns its expressions read.
std::vector<ObjectRef> ConstraintUses(const Table& t, const Constraint& c);
// What a column reads: its type, its default's and generation's references, its table's columns
// a generation expression reads.
std::vector<ObjectRef> ColumnUses(const Table& t, const Column& c);
// A key's columns, as they will be (a primary key after SET NOT NULL of its columns).
std::vector<ObjectRef> KeyColumns(const Table& t, const Constraint& c);
std::string OptionsChangeSql(const std::string& on, const std::vector<std::string>& from, const std::vector<std::string>& to);

// CREATE / DROP [MATERIALIZED] VIEW of a view.
std::string CreateViewSql(const View& v);
std::string DropViewSql(const View& v);

// "; REVOKE ...; GRANT ..." statements taking an object's privileges from `from` to `to`.
std::string AclRestoreSql(const std::string& on, const Grants& from, const Grants& to);

// " AS type INCREMENT BY ... [NO] CYCLE" and "ALTER SEQUENCE s OWNED BY ..." of a sequence.
std::string SequenceParams(const Sequence& s);
std::string SequenceOwnerSql(const Sequence& s);

// "name type [COLLATE c] [GENERATED ...] [DEFAULT e] [NOT NULL]" for CREATE TABLE / ADD COLUMN.
std::string ColumnSpec(const Column& c);

}  // namespace schemasync::diff
