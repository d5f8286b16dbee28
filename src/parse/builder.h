// The desired-schema builder: statement transforms add to it; Finish() resolves what needs the
// whole schema (FK target columns, implied NOT NULL).
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "parse/pg_tree.h"
#include "schemasync/model.h"
#include "schemasync/result.h"

namespace schemasync::parse {

class Builder {
 public:
  Schema& schema() { return schema_; }
  // How to name a byte offset of the statement being built ("file:line:col"); the driver sets
  // it before each statement. `statement` is the offset of the statement's first token.
  void SetLocator(std::function<std::string(int offset)> where, int statement) {
    where_ = std::move(where);
    statement_ = statement;
  }
  // The statement's place in the desired SQL as written (files in name order, statements in file
  // order): statements run in passes (desired.cc), but what depends on the order PostgreSQL would
  // run them in (GRANT ... ON ALL TABLES IN SCHEMA, ALTER DEFAULT PRIVILEGES) reads this.
  void SetOrdinal(int ordinal) { ordinal_ = ordinal; }
  // False when no statement can make or attach a partition (the driver found no PARTITION
  // keyword in any file): indexes and keys then stay their tables' own, and the records the
  // replay of partitioned indexes needs (a copy of every index and key) are not kept.
  void SetPartitionsPossible(bool possible) { partitions_possible_ = possible; }
  // "file:line:col" of `offset` (of the statement's start when negative); "" without a locator.
  std::string Where(int offset = -1) const { return where_ ? where_(offset < 0 ? statement_ : offset) : ""; }
  // Records where `key` was first written (Schema::locations).
  void Remember(const std::string& key, int offset = -1) { schema_.locations.emplace(key, Place::Of(Where(offset))); }
  // The name in a `-- schemasync:renamed-from name` annotation on the line before `offset` (the
  // statement's start when negative), or ""; the driver sets how to read it with SetLocator.
  // A part of a statement (a column, a constraint) written on the statement's first line has
  // none of its own: the line before is the statement's.
  void SetAnnotations(std::function<std::string(int offset, int statement)> renamed_from) {
    renamed_from_ = std::move(renamed_from);
  }
  // Records `ref`'s annotation, if the line before `offset` has one (Schema::renamed_from).
  void NoteRename(const ObjectRef& ref, int offset = -1) {
    if (!renamed_from_) return;
    std::string old = renamed_from_(offset < 0 ? statement_ : offset, statement_);
    if (!old.empty()) schema_.renamed_from[ref] = std::move(old);
  }
  // Names already taken in a schema by relations (tables, indexes, sequences, views) and
  // constraints: PostgreSQL's default names avoid them.
  std::set<std::string>& Taken(const std::string& schema) { return taken_[schema]; }

  Status CreateSchema(const PgQuery__CreateSchemaStmt* s);
  Status CreateExtension(const PgQuery__CreateExtensionStmt* s);
  Status CreateEnum(const PgQuery__CreateEnumStmt* s);
  Status CreateDomain(const PgQuery__CreateDomainStmt* s);
  // ALTER TYPE ... ADD VALUE [BEFORE | AFTER] / RENAME VALUE of an enum.
  Status AlterEnum(const PgQuery__AlterEnumStmt* s);
  // DROP in the desired files: the object leaves the model (builder_drop.cc).
  Status Drop(const PgQuery__DropStmt* s);
  Status CreateComposite(const PgQuery__CompositeTypeStmt* s);
  // ALTER TYPE ... ADD / DROP / ALTER ATTRIBUTE of a composite type.
  Status AlterComposite(const PgQuery__AlterTableStmt* s);
  Status AlterDomain(const PgQuery__AlterDomainStmt* s);
  // CREATE TYPE ... AS RANGE (builder_ranges.cc).
  Status CreateRange(const PgQuery__CreateRangeStmt* s);
  // CREATE [OR REPLACE] RULE (builder_rules.cc).
  Status CreateRule(const PgQuery__Node* stmt);
  // CREATE EVENT TRIGGER, and ALTER EVENT TRIGGER ... ENABLE / DISABLE (builder_rules.cc).
  Status CreateEventTrigger(const PgQuery__CreateEventTrigStmt* s);
  Status AlterEventTrigger(const PgQuery__AlterEventTrigStmt* s);
  // CREATE PUBLICATION, and ALTER PUBLICATION ... ADD / DROP / SET (builder_publications.cc).
  Status CreatePublication(const PgQuery__CreatePublicationStmt* s);
  Status AlterPublication(const PgQuery__AlterPublicationStmt* s);
  // Foreign data (builder_foreign.cc): wrappers, servers, user mappings (secret options refused),
  // foreign tables and ALTER FOREIGN TABLE ... OPTIONS, comments on them.
  Status CreateForeignDataWrapper(const PgQuery__CreateFdwStmt* s);
  Status AlterForeignDataWrapper(const PgQuery__AlterFdwStmt* s);
  Status CreateForeignServer(const PgQuery__CreateForeignServerStmt* s);
  Status AlterForeignServer(const PgQuery__AlterForeignServerStmt* s);
  Status CreateUserMapping(const PgQuery__CreateUserMappingStmt* s);
  Status AlterUserMapping(const PgQuery__AlterUserMappingStmt* s);
  Status CreateForeignTable(const PgQuery__CreateForeignTableStmt* s);
  Status AlterForeignTable(const PgQuery__AlterTableStmt* s);
  // Whether a COMMENT is on a wrapper, a server, a foreign table or one of its columns.
  bool IsForeignComment(const PgQuery__CommentStmt* s) const;
  Status CommentForeign(const PgQuery__CommentStmt* s);
  Status Define(const PgQuery__DefineStmt* s);
  // CREATE [OR REPLACE] AGGREGATE (builder_aggregates.cc).
  Status CreateAggregate(const PgQuery__DefineStmt* s);
  Status CreateTable(const PgQuery__Node* stmt);
  Status CreateIndex(const PgQuery__IndexStmt* s);
  Status AlterTable(const PgQuery__AlterTableStmt* s);
  // Owners (builder_owners.cc): ALTER FUNCTION | TYPE | DOMAIN | SCHEMA | COLLATION ... OWNER TO;
  // ALTER TABLE | VIEW | SEQUENCE ... OWNER TO; who `r` is, recorded as `ref`'s owner.
  Status AlterOwner(const PgQuery__AlterOwnerStmt* s);
  Status AlterRelationOwner(const PgQuery__AlterTableStmt* s);
  Status SetOwner(const ObjectRef& ref, const PgQuery__RoleSpec* r);
  Result<ObjectRef> RelationRef(const QualifiedName& n) const;
  // ALTER INDEX parent ATTACH PARTITION child (builder_partitions.cc).
  Status AlterIndex(const PgQuery__AlterTableStmt* s);
  Status CreatePolicy(const PgQuery__CreatePolicyStmt* s);
  Status Comment(const PgQuery__CommentStmt* s);
  // `text` is the statement as written: it is what the plan runs (as CREATE OR REPLACE).
  Status CreateFunction(const PgQuery__Node* stmt, const std::string& text);
  Status CreateSequence(const PgQuery__CreateSeqStmt* s);
  Status AlterSequence(const PgQuery__AlterSeqStmt* s);
  // GRANT / REVOKE on objects, and ON ALL ... IN SCHEMA (builder_privileges.cc).
  Status Grant(const PgQuery__GrantStmt* s);
  // ALTER DEFAULT PRIVILEGES: the pg_default_acl entries, and the privileges of the objects the
  // desired SQL creates after it (builder_default_privileges.cc).
  Status AlterDefaultPrivileges(const PgQuery__AlterDefaultPrivilegesStmt* s);
  Status CreateTrigger(const PgQuery__Node* stmt);
  Status CreateView(const PgQuery__ViewStmt* s);
  Status CreateMatView(const PgQuery__CreateTableAsStmt* s);

  // Resolves FK target columns, applies NOT NULL implied by PRIMARY KEY; checks references.
  Result<Schema> Finish();

 private:
  // Publication objects (TABLE ..., TABLES IN SCHEMA ...) of CREATE (action 0) or ALTER
  // PUBLICATION (a PgQuery__AlterPublicationAction) applied to `p`.
  Status PublicationObjects(Publication& p, PgQuery__Node* const* objects, size_t n, int action);
  // Tables and schemas the desired SQL dropped leave the publications (Finish).
  void FinishPublications();
  // Records that the statement being built created object `name` of `kind` (a pg_default_acl
  // object type: 'r' relation, 'S' sequence, 'f' function, 'T' type, 'n' schema as {name, ""}).
  void Created(char kind, const QualifiedName& name) { created_.emplace(std::make_pair(kind, name), ordinal_); }
  // Objects of `kind` in `schema` ("" any) that statements before (after, with `after`) the
  // current one created and that still exist.
  std::vector<QualifiedName> CreatedObjects(char kind, const std::string& schema, bool after) const;
  // The privileges of created object `name` of `kind` (the model's field for it); null when the
  // object is gone.
  Grants* AclOf(char kind, const QualifiedName& name);
  // An identity column's sequence was created in `schema` by the current statement.
  void CreatedIdentity(const std::string& schema) { identities_.emplace_back(schema, ordinal_); }
  Status GrantAllInSchema(const PgQuery__GrantStmt* s, const std::vector<std::string>& privs);
  // A range's CANONICAL / SUBTYPE_DIFF function as RangeType keeps it: bare for pg_catalog, an
  // unqualified name made public's when the desired SQL defines a function of that name there.
  void ResolveRangeFunctions();
  // An aggregate's support functions as Aggregate keeps them: an unqualified name made public's
  // when the desired SQL defines a function of that name there (builder_aggregates.cc).
  void ResolveAggregateNames();
  // The aggregate an aggregate_with_argtypes names (COMMENT ON / DROP AGGREGATE).
  Result<Aggregate*> FindAggregate(const PgQuery__ObjectWithArgs* f);
  // Whether schema `name` exists for the current statement: public, or created before it.
  bool SchemaExists(const std::string& name) const;
  Result<Table*> FindTable(const QualifiedName& name);
  // The function an ObjectWithArgs names (COMMENT ON / GRANT ON FUNCTION); without an argument
  // list, the only function of that name.
  Result<Function*> FindFunction(const PgQuery__ObjectWithArgs* f);
  // `chosen`: where to put its name (PostgreSQL's choice when it has none).
  Status AddConstraint(Table& t, Constraint c, std::string* chosen = nullptr);
  // Adds the column; its inline constraints go to `constraints` when given, else straight in.
  Status AddColumn(Table& t, const PgQuery__ColumnDef* def, std::vector<Constraint>* constraints = nullptr);
  Status AddConstraintUsingIndex(Table& t, const PgQuery__Constraint* c);
  // CREATE TABLE (LIKE source INCLUDING ...): the source's columns and what the options copy.
  Status AddLike(Table& t, const PgQuery__TableLikeClause* like, std::vector<Constraint>* constraints);
  const Column* InheritedColumn(const Table& t, const std::string& column) const;
  Status SameAsInherited(const Table& t, const Column& parent, const PgQuery__AlterTableCmd* cmd);
  // LIKE ... INCLUDING INDEXES / COMMENTS whose source has CREATE INDEX / COMMENT statements.
  Status CheckLikes() const;
  // Removes table or view `n` and what goes with it, unless something else uses it.
  Status DropRelation(const QualifiedName& n, bool view);
  // A CHECK / NOT NULL / NULL / DEFAULT of CREATE DOMAIN or ALTER DOMAIN ADD CONSTRAINT.
  Status AddDomainConstraint(Domain& d, const PgQuery__Constraint* c);
  // ALTER COLUMN ADD GENERATED ... AS IDENTITY / SET GENERATED, SET option / DROP IDENTITY.
  Status AlterIdentity(Table& t, Column& c, const PgQuery__AlterTableCmd* cmd);
  // Records the relations a view's query reads (and its CTE names) for CheckViewReads.
  void RememberViewReads(const QualifiedName& view, const PgQuery__Node* query);
  // A view reading a relation of a managed schema that the desired SQL does not define would
  // fail at apply time; say so now, with the place.
  Status CheckViewReads() const;

  // Partitioned indexes (builder_partitions.cc). Every index and key made so far, attached or
  // not, with what matching and naming a copy need; `seq` is creation order (an index of a
  // partition that matches is adopted first come, as RelationGetIndexList's OID order).
  struct IndexDef {
    Index shape;                           // a key's as the index PostgreSQL builds for it
    bool key = false;                      // a PRIMARY KEY / UNIQUE constraint's index
    ConstraintKind kind = ConstraintKind::kCheck;
    std::vector<std::string> name_columns; // ChooseIndexColumnNames, for a copy's name
    int seq = 0;
  };
  // What each statement did to partitioned indexes, at its place as written.
  struct PartEvent {
    int ordinal = 0, order = 0;
    enum Kind { kIndex, kPartition, kAttachIndex, kForget } kind = kIndex;
    QualifiedName a, b;  // kIndex: the index (`cascade`: to the partitions); kPartition: the
                         // partition; kAttachIndex: parent, child; kForget: the index dropped
    bool cascade = false;
    std::string where;
  };
  void AddPartEvent(PartEvent::Kind kind, const QualifiedName& a, const QualifiedName& b, bool cascade);
  void RecordIndex(const Index& ix, std::vector<std::string> name_columns, bool cascade);
  void RecordKey(const Table& t, const Constraint& c);
  // Plays the events in written order (Finish).
  Status ReplayPartitionIndexes();
  Status AttachIndexByName(const QualifiedName& parent, const QualifiedName& child);
  // DROP INDEX: the index and the partitions' indexes attached to it.
  void ForgetIndex(const QualifiedName& n);
  Status AttachIndex(Table& partition, const QualifiedName& child, const QualifiedName& parent);
  // The partition adopts a matching index for `parent`, or gets a copy.
  Status AttachOrCopy(Table& partition, const QualifiedName& parent);
  // `index` of `table` reaches down to the table's partitions.
  Status CascadeIndex(const QualifiedName& index, const QualifiedName& table);
  // A new or attached partition gets (or adopts) every index of its parent.
  Status CloneParentIndexes(Table& partition);
  Status AttachPartition(Table& parent, const PgQuery__Node* stmt, const PgQuery__PartitionCmd* cmd);
  std::map<QualifiedName, IndexDef> index_defs_;
  std::vector<PartEvent> AttachesAfterTheirPartitions(std::vector<PartEvent> events) const;
  std::vector<PartEvent> part_events_;
  bool partitions_possible_ = true;
  std::set<QualifiedName> alive_;             // during the replay: indexes made so far
  std::set<QualifiedName> partitions_alive_;  // during the replay: partitions so far

  Schema schema_;
  std::map<std::string, std::set<std::string>> taken_;
  std::function<std::string(int)> where_;
  std::function<std::string(int, int)> renamed_from_;
  int statement_ = 0;
  int ordinal_ = 0;
  std::map<std::pair<char, QualifiedName>, int> created_;  // (kind, name) -> ordinal (Created)
  std::vector<std::pair<std::string, int>> identities_;     // identity sequences: (schema, ordinal)
  // Relations the desired views read, checked once everything is defined (Finish).
  struct ViewRef {
    QualifiedName view, relation;
    bool qualified = false;
    std::string where;
  };
  std::vector<ViewRef> view_refs_;
  struct Like {
    QualifiedName table, source;
    bool indexes = false, comments = false;
    std::string where;
  };
  std::vector<Like> likes_;
  std::set<std::pair<QualifiedName, std::string>> view_ctes_;  // (view, CTE name)
};

// The index PostgreSQL builds for a PRIMARY KEY / UNIQUE constraint `c` of `table`, as an Index.
Index KeyIndexShape(const QualifiedName& table, const Constraint& c);

// The sequence of an identity column of `type` with GENERATED ... AS IDENTITY (options):
// CREATE SEQUENCE's options resolved the same way; SEQUENCE NAME only as `default_name`.
Result<Sequence> IdentitySequence(const std::string& type, PgQuery__Node* const* options, size_t n,
                                  const std::string& default_name);

// ALTER COLUMN ... SET sequence options of an identity column: those given change.
Status AlterIdentitySequence(Sequence& s, const std::vector<PgQuery__Node*>& options);

// A grantee or FOR ROLE as the model keeps it: "PUBLIC", the role's name, or kCurrentRole for
// CURRENT_USER / CURRENT_ROLE / SESSION_USER.
std::string RoleOf(const PgQuery__RoleSpec* r);
// ALTER TABLE | VIEW | SEQUENCE | FOREIGN TABLE ... OWNER TO and nothing else (builder_owners.cc).
bool OwnerOnly(const PgQuery__AlterTableStmt* s);

// GRANT (or REVOKE, with `grant_option`: REVOKE GRANT OPTION FOR) of `privs` to `grantees` in
// `g`, as merge_acl_with_grant does; revoking a table privilege revokes it on columns too.
void ApplyAcl(bool grant, bool grant_option, const std::vector<std::string>& grantees,
              const std::vector<std::string>& privs, Grants& g);

// The privileges of a GRANT / REVOKE / ALTER DEFAULT PRIVILEGES on objects of `objtype` (see
// AllPrivileges), ALL expanded; an error for a privilege the kind does not have ("invalid
// privilege type ... for ..." in PostgreSQL).
Result<std::vector<std::string>> PrivilegesOf(const PgQuery__GrantStmt* s, char objtype, const std::string& kind);

}  // namespace schemasync::parse
