// The schema model: plain values compared with ==, kept in ordered maps keyed by qualified name,
// filled alike from the desired SQL (parse/) and from the live catalog (catalog/).
#pragma once

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "schemasync/interned.h"
#include "schemasync/object_ref.h"

namespace schemasync {

// Both parts interned (interned.h): a schema's name is on every object in it, a table's on its
// indexes, constraints, grants and references.
struct QualifiedName {
  Interned schema;
  Interned name;
  auto operator<=>(const QualifiedName&) const = default;
  bool operator==(const QualifiedName&) const = default;
  // "schema.name" with each part quoted only where PostgreSQL needs it.
  std::string Sql() const;
  std::string Display() const { return schema + "." + name; }
};

// An SQL expression: the text to execute and the normalized key it compares by.
// Both are interned (interned.h): the same text on many objects is held once.
struct Expr {
  Interned text;  // as written (desired) or as the server printed it (live)
  Interned key;   // normalized (parse/normalize.h): equality compares this only
  bool empty() const { return key.empty(); }
  bool operator==(const Expr& o) const { return key == o.key; }
};

// A sequence with every parameter resolved to PostgreSQL's defaults (CREATE SEQUENCE docs),
// as pg_sequence holds them.
struct Sequence {
  QualifiedName name;
  std::string type = "bigint";
  long long increment = 1, min = 0, max = 0, start = 0, cache = 1;
  bool cycle = false;
  std::string owned_by;   // "schema.table.column" (quoted parts joined by '.'), or ""
  bool serial = false;    // created implicitly by a serial column (desired side)
  std::optional<std::string> comment;  // changed in place: not part of ==
  // The parameters CREATE SEQUENCE gives a sequence of `type` without options (init_params).
  static Sequence Defaults(const std::string& type, long long increment = 1);
  bool operator==(const Sequence& o) const {
    return name == o.name && type == o.type && increment == o.increment && min == o.min && max == o.max &&
           start == o.start && cache == o.cache && cycle == o.cycle && owned_by == o.owned_by;
  }
};

// A value kept out of line: the holder is one pointer wide, for a member most objects leave at
// its default (an identity column's sequence: 200 bytes in each of 80,000 columns at 10,000
// tables). An empty box reads as T{}; copies are deep, == compares the values.
template <typename T>
class Boxed {
 public:
  Boxed() = default;
  Boxed(T v) : p_(std::make_unique<T>(std::move(v))) {}  // NOLINT: implicit, like the value it holds
  Boxed(const Boxed& o) : p_(o.p_ ? std::make_unique<T>(*o.p_) : nullptr) {}
  Boxed(Boxed&&) noexcept = default;
  Boxed& operator=(const Boxed& o) {
    if (this != &o) p_ = o.p_ ? std::make_unique<T>(*o.p_) : nullptr;
    return *this;
  }
  Boxed& operator=(Boxed&&) noexcept = default;
  const T& get() const {
    static const T empty{};
    return p_ ? *p_ : empty;
  }
  operator const T&() const { return get(); }  // NOLINT: reads as the value
  const T* operator->() const { return &get(); }
  T& mut() {
    if (!p_) p_ = std::make_unique<T>();
    return *p_;
  }
  bool operator==(const Boxed& o) const { return get() == o.get(); }

 private:
  std::unique_ptr<T> p_;
};

// Names, types and collations are interned (interned.h): the same few repeat on every table.
struct Column {
  Interned name;
  Interned type;              // format_type() spelling: "integer", "character varying(20)"
  Interned collation;         // empty: the type's default
  bool not_null = false;
  Expr default_expr;          // empty: none
  char identity = 0;          // pg_attribute.attidentity: 0, 'a' (ALWAYS), 'd' (BY DEFAULT)
  // An identity column's sequence parameters, resolved like CREATE SEQUENCE's (its name is
  // PostgreSQL's choice: not compared); default-constructed for other columns.
  Boxed<Sequence> identity_sequence;
  Expr generated;             // GENERATED ALWAYS AS (expr) STORED; empty: none
  Interned serial_sequence;   // owned sequence behind a serial column (name only, same schema)
  std::optional<Interned> comment;
  bool inherited = false;     // live side: (also) inherited from a parent (pg_attribute.attinhcount > 0)
  bool operator==(const Column&) const = default;
};

enum class ConstraintKind : unsigned char { kPrimaryKey, kUnique, kForeignKey, kCheck, kExclude };

// Storage parameters ("fillfactor=70") in the order written: PostgreSQL keeps that order in
// reloptions and pg_dump prints it, so the plan writes them so; it means nothing, so they compare
// as a set.
struct RelOptionList : std::vector<std::string> {
  RelOptionList() = default;
  RelOptionList(std::vector<std::string> v) : std::vector<std::string>(std::move(v)) {}  // NOLINT: implicit
  std::vector<std::string> Sorted() const {
    std::vector<std::string> v = *this;
    std::sort(v.begin(), v.end());
    return v;
  }
  bool operator==(const RelOptionList& o) const { return Sorted() == o.Sorted(); }
};

// One table constraint, in the structured form both pg_get_constraintdef() output and the
// user's DDL reduce to. Expressions are normalized text.
struct Constraint {
  std::string name;
  std::vector<std::string> columns;      // PK/UNIQUE keys, FK referencing columns
  std::vector<std::string> include;      // INCLUDE (...)
  Expr expr;                             // CHECK expression
  QualifiedName ref_table;               // FOREIGN KEY target
  std::vector<std::string> ref_columns;
  Interned method;                       // EXCLUDE USING method
  std::vector<Expr> elements;            // EXCLUDE elements: "c WITH &&"
  Expr where;                            // EXCLUDE ... WHERE (pred)
  // PRIMARY KEY / UNIQUE / EXCLUDE ... WITH (...): the reloptions of the constraint's index
  // ("fillfactor=70", as written). ALTER INDEX changes them in place.
  RelOptionList options;
  // The small members together (no padding between them: 50,000 constraints a side at 10,000
  // tables).
  ConstraintKind kind = ConstraintKind::kCheck;
  bool nulls_not_distinct = false;
  bool no_inherit = false;
  char match = 's';                      // pg_constraint.confmatchtype: s, f, p
  char on_update = 'a';                  // confupdtype: a r c n d
  char on_delete = 'a';                  // confdeltype
  bool deferrable = false;
  bool deferred = false;
  // pg_constraint.convalidated: false after ADD CONSTRAINT ... NOT VALID (CHECK, FOREIGN KEY).
  // CREATE TABLE validates every constraint it makes, NOT VALID or not (transformCreateStmt).
  bool validated = true;
  bool operator==(const Constraint&) const = default;
  // The text after "ADD CONSTRAINT name ", as PostgreSQL would accept it; with `keys`, the
  // normalized spelling that compares equal across both sides.
  std::string Definition(bool keys = false) const;
};

// "name = 'value', ..." of reloptions ("name=value"; a quoted constant is accepted for every
// kind of reloption), and " WITH (...)" of them ("" for none).
std::string OptionList(const std::vector<std::string>& options);
std::string WithOptions(const std::vector<std::string>& options);

// A non-constraint index, structured the way pg_get_indexdef() prints it.
struct Index {
  QualifiedName name;                    // schema = the table's
  QualifiedName table;
  bool unique = false;
  bool nulls_not_distinct = false;
  Interned method = "btree";
  std::vector<Expr> elements;            // "col", "(lower(email))", "data jsonb_path_ops", "ts DESC"
  std::vector<std::string> include;
  Expr where;
  // WITH (...): the index's reloptions ("fillfactor=70", "fastupdate=off") as written, as
  // pg_class.reloptions keeps them. Not part of ==: ALTER INDEX ... SET / RESET changes them in
  // place, so they are compared apart (a different set is no reason to rebuild).
  RelOptionList options;
  bool valid = true;                     // pg_index.indisvalid (live side)
  std::optional<std::string> comment;
  bool operator==(const Index& o) const {
    return name == o.name && table == o.table && unique == o.unique && nulls_not_distinct == o.nulls_not_distinct &&
           method == o.method && elements == o.elements && include == o.include && where == o.where;
  }
  // CREATE [UNIQUE] INDEX [CONCURRENTLY] name ON table USING method (...) ...
  std::string CreateSql(bool concurrently = false, bool keys = false) const;
  // Whether `o` is built the same way, whatever its name and table: what CompareIndexInfo
  // checks before a partition's index is attached to its parent's.
  bool SameShape(const Index& o) const {
    return unique == o.unique && nulls_not_distinct == o.nulls_not_distinct && method == o.method &&
           elements == o.elements && include == o.include && where == o.where;
  }
};

struct Policy {
  std::string name;
  bool permissive = true;
  std::string command = "ALL";       // ALL, SELECT, INSERT, UPDATE, DELETE
  std::vector<std::string> roles;    // sorted; "PUBLIC" for none
  Expr using_expr;
  Expr check_expr;
  bool operator==(const Policy&) const = default;
};

struct Table {
  QualifiedName name;
  std::vector<Column> columns;                      // in declaration order
  std::map<std::string, Constraint> constraints;    // by name
  std::map<std::string, Policy> policies;           // by name
  // COMMENT ON CONSTRAINT / POLICY name ON table, by name (apart from the objects: a comment
  // changes in place, never by rebuilding them).
  std::map<std::string, std::string> constraint_comments, policy_comments;
  bool rls_enabled = false;
  bool rls_forced = false;
  bool unlogged = false;             // pg_class.relpersistence = 'u'
  std::vector<QualifiedName> inherits;   // INHERITS (...), in order (pg_inherits.inhseqno)
  std::string partition_by;              // "RANGE (logdate)" as pg_get_partkeydef prints it
  QualifiedName partition_of;            // parent of a partition (empty name: none)
  std::string partition_bound;           // "FOR VALUES FROM (...) TO (...)" / "DEFAULT"
  bool IsPartition() const { return !partition_of.name.empty(); }
  // The partition's indexes attached to an index of its parent (pg_inherits between indexes):
  // index name -> the parent's index. A plain index attached this way, and a key attached to a
  // parent's key, are the parent's (not in Schema::indexes / constraints); only their names
  // are the partition's. PostgreSQL makes them: CREATE INDEX on a partitioned table adopts a
  // matching index of each partition or creates a copy (DefineIndex), and so do CREATE TABLE
  // ... PARTITION OF and ATTACH PARTITION for the parent's indexes (AttachPartitionEnsureIndexes);
  // ALTER INDEX ... ATTACH PARTITION attaches one by name. The desired side replays that.
  std::map<std::string, QualifiedName> attached_indexes;
  // The partition's own keys whose index is attached to a plain index of the parent (they stay
  // in `constraints`, and are in attached_indexes too): constraint name -> that index.
  std::map<std::string, QualifiedName> attached_keys;
  std::optional<std::string> comment;
  // pg_class.relreplident: 'd' default (the primary key), 'n' nothing, 'f' full, 'i' an index,
  // named by replica_index (an index, or the constraint that owns one).
  char replica_identity = 'd';
  std::string replica_index;
  // pg_class.reloptions: storage parameters as PostgreSQL stores them ("fillfactor=70"), in its
  // order (pg_dump prints that order; it means nothing, so only the set is compared).
  std::vector<std::string> options;
  const Column* FindColumn(const std::string& n) const;
  Column* FindColumn(const std::string& n);
};

// Privileges granted on an object, beyond its owner's: grantee -> privileges ("SELECT", ...,
// with " WITH GRANT OPTION" appended where grantable). Grantee "PUBLIC" is everyone.
using Grants = std::map<std::string, std::set<std::string>>;

// The desired SQL's name for the role that applies the plan (GRANT ... TO CURRENT_USER, CREATE
// POLICY ... TO CURRENT_ROLE, ALTER DEFAULT PRIVILEGES without FOR ROLE): only the server knows
// who that is. PostgreSQL resolves CURRENT_USER when the statement runs and stores the role
// itself (its OID, printed as its name), never the keyword; the pipeline does the same with
// ResolveCurrentRole before comparing. A control character keeps it apart from real names.
inline const std::string kCurrentRole = "\x1f" "CURRENT_ROLE";

struct EnumType {
  QualifiedName name;
  std::vector<std::string> values;
  std::optional<std::string> comment;
  // pg_type.typacl beyond the owner's: a new type starts with USAGE for PUBLIC (acldefault('T')).
  Grants grants = {{"PUBLIC", {"USAGE"}}};
  bool operator==(const EnumType& o) const { return name == o.name && values == o.values && comment == o.comment; }
};

// A composite type (CREATE TYPE ... AS (...)): attributes in order.
struct CompositeType {
  struct Attribute {
    std::string name;
    std::string type;       // format_type() spelling
    std::string collation;  // empty: the type's default
    bool operator==(const Attribute&) const = default;
  };
  QualifiedName name;
  std::vector<Attribute> attributes;
  std::optional<std::string> comment;
  Grants grants = {{"PUBLIC", {"USAGE"}}};  // pg_type.typacl, as EnumType::grants
  bool operator==(const CompositeType& o) const { return name == o.name && attributes == o.attributes; }
};

// A domain (pg_type typtype 'd'): a base type with a default, NOT NULL and named CHECKs on VALUE.
struct Domain {
  QualifiedName name;
  std::string base_type;     // format_type(typbasetype, typtypmod)
  std::string collation;     // empty: the base type's
  Expr default_expr;         // empty: none
  bool not_null = false;     // pg_type.typnotnull
  std::map<std::string, Constraint> checks;  // by name
  std::optional<std::string> comment;
  Grants grants = {{"PUBLIC", {"USAGE"}}};  // pg_type.typacl, as EnumType::grants
  bool operator==(const Domain& o) const {
    return name == o.name && base_type == o.base_type && collation == o.collation && default_expr == o.default_expr &&
           not_null == o.not_null && checks == o.checks && comment == o.comment;
  }
};

// A range type (CREATE TYPE ... AS RANGE), as pg_range holds it. PostgreSQL has no ALTER for
// any of this (only owner, name, schema): a change is a drop and a create.
struct RangeType {
  QualifiedName name;
  std::string subtype;       // format_type(rngsubtype)
  std::string opclass;       // rngsubopc: "" for the subtype's default btree operator class,
                             // else "schema.name" (bare in pg_catalog)
  std::string collation;     // rngcollation: "" for the subtype's default
  std::string canonical;     // rngcanonical: "" none, else the function as `opclass` spells names
  std::string subtype_diff;  // rngsubdiff, the same way
  QualifiedName multirange;  // rngmultitypid's name: by default PostgreSQL's choice
                             // (DefaultMultirangeName)
  std::optional<std::string> comment;
  Grants grants = {{"PUBLIC", {"USAGE"}}};  // pg_type.typacl, as EnumType::grants
  bool operator==(const RangeType& o) const {
    return name == o.name && subtype == o.subtype && opclass == o.opclass && collation == o.collation &&
           canonical == o.canonical && subtype_diff == o.subtype_diff && multirange == o.multirange;
  }
  // makeMultirangeTypeName: the first "range" in the name made "multirange", else "_multirange"
  // appended (to the name cut to NAMEDATALEN - 12 bytes); in the range's schema.
  static QualifiedName DefaultMultirangeName(const QualifiedName& range);
};

struct Extension {
  std::string name;
  std::string schema;   // empty in desired SQL: whatever PostgreSQL picks (first in search_path)
  std::string version;  // empty in desired SQL: the default version
  // CREATE EXTENSION sets the comment of the extension's control file: the desired side manages
  // it only where it says COMMENT ON EXTENSION (`comment_managed`); the live side always has it.
  std::optional<std::string> comment;
  bool comment_managed = false;
};

struct View {
  QualifiedName name;
  bool materialized = false;
  std::string query;                  // desired: the user's text; live: pg_get_viewdef
  std::vector<QualifiedName> depends_on;  // relations it reads
  bool canonical = true;              // desired: query is in pg_get_viewdef's spelling (the
                                      // server compiled it); false until it has
  std::optional<std::string> comment;
  // pg_class.reloptions: security_barrier, security_invoker, check_option (WITH [LOCAL |
  // CASCADED] CHECK OPTION is stored as one); storage parameters of a materialized view.
  std::vector<std::string> options;
  std::vector<std::string> columns;   // desired: CREATE VIEW v (a, b): pg_get_viewdef prints them
                                      // as the query's aliases, so only the SQL uses them
  bool populated = true;              // materialized: pg_class.relispopulated (WITH NO DATA)
  std::map<std::string, std::string> column_comments;  // COMMENT ON COLUMN v.c, by column
};

// A collation (pg_collation): provider 'c' libc or 'i' icu.
struct Collation {
  QualifiedName name;
  char provider = 'c';
  std::string lc_collate, lc_ctype;  // libc
  std::string icu_locale;            // icu (colliculocale)
  bool deterministic = true;
  bool operator==(const Collation&) const = default;
};

// A function or procedure, compared by a canonical key built alike from the user's
// CREATE FUNCTION and the server's pg_get_functiondef().
struct Function {
  QualifiedName name;            // name.name is the bare name
  bool procedure = false;
  std::string identity;          // "integer, text[]": input argument types, for DROP / lookup
  std::string interface_key;     // result type, argument names/modes/defaults: what CREATE OR
                                 // REPLACE cannot change
  std::string key;               // everything that matters
  std::string create_sql;        // CREATE OR REPLACE FUNCTION ... (executable)
  std::optional<std::string> comment;
  // EXECUTE and the like beyond the owner's; a new function starts with EXECUTE for PUBLIC
  // (acldefault('f')).
  Grants grants = {{"PUBLIC", {"EXECUTE"}}};
  bool operator==(const Function& o) const { return key == o.key; }
  // "schema.name(identity)" as SQL, for DROP FUNCTION.
  std::string SignatureSql() const;
};

// An aggregate (CREATE AGGREGATE), as pg_aggregate and its pg_proc row hold it. Support
// functions and the sort operator are spelled as RangeType::canonical (bare in pg_catalog,
// else "schema.name", quoted); types as format_type() prints them. Defaults are PostgreSQL's
// (DefineAggregate), so an option written with its default value compares equal to none.
struct Aggregate {
  struct Arg {
    std::string name;       // proargnames: "" when unnamed
    std::string type;       // format_type(proargtypes[i])
    bool variadic = false;  // proargmodes 'v'
    bool operator==(const Arg&) const = default;
  };
  QualifiedName name;            // name.name is the bare name
  char kind = 'n';               // aggkind: 'n' normal, 'o' ordered-set, 'h' hypothetical-set
  std::vector<Arg> args;         // direct arguments first; none for name(*)
  int direct_args = 0;           // aggnumdirectargs (ordered-set: those before ORDER BY)
  std::string sfunc, stype;
  int sspace = 0;                // aggtransspace
  std::string finalfunc;         // "" none
  bool finalfunc_extra = false;
  char finalfunc_modify = 'r';   // aggfinalmodify: 'r' READ_ONLY, 's' SHAREABLE, 'w' READ_WRITE
  std::string combinefunc, serialfunc, deserialfunc;
  std::optional<std::string> initcond;
  std::string msfunc, minvfunc, mstype;
  int msspace = 0;
  std::string mfinalfunc;
  bool mfinalfunc_extra = false;
  char mfinalfunc_modify = 'r';
  std::optional<std::string> minitcond;
  std::string sortop;            // "" none; the operator's name, spelled as the functions
  char parallel = 'u';           // proparallel: 's' SAFE, 'r' RESTRICTED, 'u' UNSAFE
  std::optional<std::string> comment;                // changed in place: not part of ==
  Grants grants = {{"PUBLIC", {"EXECUTE"}}};         // pg_proc.proacl, as Function::grants
  bool operator==(const Aggregate& o) const {
    return name == o.name && kind == o.kind && args == o.args && direct_args == o.direct_args && sfunc == o.sfunc &&
           stype == o.stype && sspace == o.sspace && finalfunc == o.finalfunc && finalfunc_extra == o.finalfunc_extra &&
           finalfunc_modify == o.finalfunc_modify && combinefunc == o.combinefunc && serialfunc == o.serialfunc &&
           deserialfunc == o.deserialfunc && initcond == o.initcond && msfunc == o.msfunc && minvfunc == o.minvfunc &&
           mstype == o.mstype && msspace == o.msspace && mfinalfunc == o.mfinalfunc &&
           mfinalfunc_extra == o.mfinalfunc_extra && mfinalfunc_modify == o.mfinalfunc_modify &&
           minitcond == o.minitcond && sortop == o.sortop && parallel == o.parallel;
  }
  // The argument list as pg_get_function_identity_arguments prints an aggregate's, with names
  // when `names`: "integer, text", "*", "double precision ORDER BY anyelement",
  // "VARIADIC \"any\" ORDER BY VARIADIC \"any\"" (print_function_arguments).
  std::string ArgsSql(bool names) const;
  // ArgsSql(false): the key part of Schema::aggregates and the ObjectRef's argument types.
  std::string Identity() const { return ArgsSql(false); }
  // "schema.name(identity)" as SQL, for DROP / COMMENT ON AGGREGATE.
  std::string SignatureSql() const;
  // "SFUNC = f, STYPE = t, ...": the options of CREATE AGGREGATE, those at their default left
  // out (pg_dump's dumpAgg); literals quoted.
  std::string OptionsSql() const;
};

// A trigger, compared by its normalized CREATE TRIGGER text.
struct Trigger {
  std::string name;
  QualifiedName table;
  std::string key;
  std::string create_sql;
  // pg_trigger.tgenabled: 'O' fires (ENABLE), 'D' disabled, 'R' on replicas only (ENABLE
  // REPLICA), 'A' always (ENABLE ALWAYS). Changed in place, so not part of ==.
  char enabled = 'O';
  std::optional<std::string> comment;  // changed in place: not part of ==
  bool operator==(const Trigger& o) const { return key == o.key; }
};

// A rewrite rule (CREATE RULE, pg_rewrite but a view's _RETURN), compared by its normalized
// CREATE RULE text (the server's pg_get_ruledef spelling on both sides, see CanonicalizeRules).
struct Rule {
  std::string name;
  QualifiedName table;
  std::string key;
  std::string create_sql;
  // pg_rewrite.ev_enabled, as Trigger::enabled ('O', 'D', 'R', 'A'); changed in place.
  char enabled = 'O';
  std::optional<std::string> comment;  // changed in place: not part of ==
  bool canonical = true;  // desired: key is in the server's spelling (false until it is)
  bool operator==(const Rule& o) const { return key == o.key; }
};

// An event trigger (pg_event_trigger): database-wide, no schema.
struct EventTrigger {
  std::string name;
  std::string event;               // evtevent: ddl_command_start, ddl_command_end, sql_drop, table_rewrite
  std::vector<std::string> tags;   // evttags: WHEN TAG IN (...), upper-cased and in order as stored
                                   // (pg_dump prints that order); compared as a set
  QualifiedName function;          // evtfoid
  // evtenabled, as Trigger::enabled; changed in place (ALTER EVENT TRIGGER), not part of ==.
  char enabled = 'O';
  std::optional<std::string> comment;  // not part of ==
  bool operator==(const EventTrigger& o) const {
    return name == o.name && event == o.event && TagSet() == o.TagSet() && function == o.function;
  }
  std::set<std::string> TagSet() const { return {tags.begin(), tags.end()}; }
};

// A publication (pg_publication): database-wide, no schema. What it lists are in-scope
// references: tables (pg_publication_rel, each with its column list and row filter) and
// schemas (pg_publication_namespace, FOR TABLES IN SCHEMA).
struct Publication {
  struct Member {
    // prattrs: the column list, in attnum order (PostgreSQL sorts it); empty: every column.
    // Its order means nothing: compared as a set.
    std::vector<std::string> columns;
    Expr where;  // prqual: the row filter, normalized (empty: none)
    bool operator==(const Member& o) const {
      return std::set<std::string>(columns.begin(), columns.end()) == std::set<std::string>(o.columns.begin(), o.columns.end()) &&
             where == o.where;
    }
  };
  std::string name;
  bool all_tables = false;                  // puballtables: FOR ALL TABLES
  std::map<QualifiedName, Member> tables;   // FOR TABLE (always ONLY: one row per table)
  std::set<std::string> schemas;            // FOR TABLES IN SCHEMA
  // pubinsert, pubupdate, pubdelete, pubtruncate (WITH (publish = '...')), pubviaroot.
  bool insert = true, update = true, del = true, truncate = true;
  bool via_root = false;
  std::optional<std::string> comment;  // changed in place: not part of ==
  // The publish option's value: "insert, update, delete, truncate" or a part of it.
  std::string PublishList() const;
  bool operator==(const Publication& o) const {
    return name == o.name && all_tables == o.all_tables && tables == o.tables && schemas == o.schemas && insert == o.insert &&
           update == o.update && del == o.del && truncate == o.truncate && via_root == o.via_root;
  }
};

// Options of foreign-data objects (pg_foreign_data_wrapper.fdwoptions, srvoptions, umoptions,
// ftoptions, attfdwoptions): name -> value. PostgreSQL keeps them as "name=value" in the order
// given, which means nothing; ALTER ... OPTIONS (ADD | SET | DROP) changes them one by one.
using FdwOptions = std::map<std::string, std::string>;

// A foreign-data wrapper (pg_foreign_data_wrapper) made by CREATE FOREIGN DATA WRAPPER, not an
// extension's: database-wide, no schema.
struct ForeignDataWrapper {
  std::string name;
  // Empty name: none (NO HANDLER / NO VALIDATOR). The desired SQL's unqualified name has no
  // schema: search_path finds it (pg_catalog's postgresql_fdw_validator, an extension's
  // handler), so it matches the live function of that name in any schema (SameFunction).
  QualifiedName handler, validator;
  FdwOptions options;
  std::optional<std::string> comment;  // not part of ==
  static bool SameFunction(const QualifiedName& a, const QualifiedName& b) {
    return a.name == b.name && (a.schema.empty() || b.schema.empty() || a.schema == b.schema);
  }
  bool operator==(const ForeignDataWrapper& o) const {
    return name == o.name && SameFunction(handler, o.handler) && SameFunction(validator, o.validator) && options == o.options;
  }
};

// A foreign server (pg_foreign_server): database-wide.
struct ForeignServer {
  std::string name;
  std::string wrapper;
  std::optional<std::string> type, version;  // TYPE '...', VERSION '...' (srvtype, srvversion)
  FdwOptions options;
  std::optional<std::string> comment;  // not part of ==
  bool operator==(const ForeignServer& o) const {
    return name == o.name && wrapper == o.wrapper && type == o.type && version == o.version && options == o.options;
  }
};

// Whether a user mapping option holds a secret (a password, a key, a token): such options are
// never read from the catalog, never compared and refused in the desired SQL, so that no plan,
// message or log can carry them (README, "Foreign data").
// A name is secret when, lower-cased, it contains one of the `|`-separated words of
// kSecretOptionPattern (the catalog query filters with the same pattern, on the server), but for
// postgres_fdw's boolean password_required.
inline constexpr const char* kSecretOptionPattern = "pass|pwd|secret|token|key|credential|auth";
bool IsSecretOption(const std::string& name);

// A user mapping (pg_user_mappings): role "PUBLIC", a role's name, or kCurrentRole (desired SQL's
// CURRENT_USER, resolved like a grantee's); `options` holds only the options that are not secret
// (IsSecretOption), `secret_options` (live side) the names of those the catalog has.
struct UserMapping {
  std::string role;
  std::string server;
  FdwOptions options;
  std::vector<std::string> secret_options;  // names only; not part of ==
  bool operator==(const UserMapping& o) const { return role == o.role && server == o.server && options == o.options; }
};

// A foreign table (pg_class relkind 'f', pg_foreign_table): columns as a table's (NOT NULL,
// DEFAULT, collation, comment), each column's own OPTIONS, CHECK constraints, its server and
// OPTIONS.
struct ForeignTable {
  QualifiedName name;
  std::vector<Column> columns;                          // in declaration order
  std::map<std::string, FdwOptions> column_options;    // by column (attfdwoptions); none: absent
  std::map<std::string, Constraint> checks;            // by name
  std::string server;
  FdwOptions options;
  std::optional<std::string> comment;
  const Column* FindColumn(const std::string& n) const {
    for (const auto& c : columns) {
      if (c.name == n) return &c;
    }
    return nullptr;
  }
};

struct Schema;

// One row of pg_default_acl: the privileges objects of one kind get when `role` creates them, in
// `schema` or (empty) in any schema. defaclobjtype: 'r' relations (tables, views, materialized
// views), 'S' sequences, 'f' functions and procedures, 'T' types and domains, 'n' schemas.
// The ACL is kept as the catalog holds it, the role's own entry included: a global entry
// replaces the hard-wired default (AclDefault) and is deleted when it equals it; a per-schema
// entry adds to the global one (or the default) and is deleted when empty (SetDefaultACL).
struct DefaultAclKey {
  std::string role;
  std::string schema;
  char objtype = 'r';
  auto operator<=>(const DefaultAclKey&) const = default;
  bool operator==(const DefaultAclKey&) const = default;
};

// acldefault(objtype, role): what an object gets without any pg_default_acl entry. The owner
// holds every privilege of the kind; PUBLIC has EXECUTE on functions and USAGE on types.
Grants AclDefault(char objtype, const std::string& role);
// The stored ACL of `key` in `acls`, or what stands for a missing row (AclDefault for a global
// entry, nothing for a per-schema one).
Grants DefaultAclOf(const std::map<DefaultAclKey, Grants>& acls, const DefaultAclKey& key);
// get_user_default_acl: the ACL an object of `objtype` created by `role` in `schema` starts
// with (the global entry or AclDefault, merged with the schema's entry), without `role`'s own
// privileges (an owner's are implicit, see Differ::DiffAcl).
Grants CreatedObjectAcl(const std::map<DefaultAclKey, Grants>& acls, const std::string& role, char objtype,
                        const std::string& schema);
// Every privilege of `b` added to `a` (aclmerge): a grant option includes the plain privilege.
void MergeGrants(Grants& a, const Grants& b);
// Every privilege an object of `objtype` can have (ACL_ALL_RIGHTS_*): what ALL means.
std::vector<std::string> AllPrivileges(char objtype);
// With --manage-owners, the owner of every desired object that has one: as written (kCurrentRole
// resolved to `role`), else `role`, who creates it; a sequence OWNED BY a column is its table's
// (PostgreSQL keeps them equal). Entries for objects the schema no longer holds are dropped.
void ResolveOwners(Schema& desired, const std::string& role);

// The desired schema as the role `role` applying it would leave it: kCurrentRole replaced by
// `role` in grants, policies and default privileges (see kCurrentRole); sets current_role.
void ResolveCurrentRole(Schema& desired, const std::string& role);

// A place in the desired SQL, "file:line:col" kept as its parts: the file's name is interned
// (a few files hold every object of a schema: 90,000 places at 10,000 tables).
struct Place {
  Interned file;  // the whole text when it was not "file:line:col"
  int line = 0, column = 0;
  static Place Of(const std::string& where);
  std::string Text() const;  // as it was given
};

struct Schema {
  std::map<std::string, bool> schemas;  // name -> present (value unused)
  std::map<std::string, Extension> extensions;
  std::map<QualifiedName, EnumType> enums;
  std::map<QualifiedName, Domain> domains;
  std::map<QualifiedName, CompositeType> composites;
  std::map<QualifiedName, RangeType> ranges;
  std::map<QualifiedName, Collation> collations;
  std::map<QualifiedName, Table> tables;
  std::map<QualifiedName, Index> indexes;
  std::map<QualifiedName, View> views;
  std::map<QualifiedName, Function> functions;   // name.name = "fname(identity)"
  std::map<QualifiedName, Aggregate> aggregates; // name.name = "aname(identity)" (Aggregate::Identity)
  std::map<QualifiedName, Sequence> sequences;
  std::map<QualifiedName, Grants> grants;        // on tables, views, sequences
  // Who applies the plan, and so owns what it creates (live side: `current_user`; the pipeline
  // copies it to the desired side, see ResolveCurrentRole).
  std::string current_role;
  std::map<DefaultAclKey, Grants> default_acls;  // pg_default_acl (ALTER DEFAULT PRIVILEGES)
  std::map<std::pair<QualifiedName, std::string>, Trigger> triggers;  // (table, trigger name)
  std::map<std::pair<QualifiedName, std::string>, Rule> rules;        // (table, rule name)
  // Database-wide, like extensions: left out of a run limited by --schema.
  std::map<std::string, EventTrigger> event_triggers;
  std::map<std::string, Publication> publications;  // database-wide too
  // Owners of schemas, tables, views, sequences, types, domains, collations and routines
  // (pg_*.*owner). Desired side: ALTER ... OWNER TO, CREATE SCHEMA ... AUTHORIZATION, and, once
  // ResolveOwners ran, the role applying the plan for every other object (CREATE makes it the
  // owner). Compared only with --manage-owners: the pipeline empties both sides otherwise.
  std::map<ObjectRef, std::string> owners;
  // Foreign data: wrappers, servers and user mappings ((role, server)) are database-wide like
  // event triggers; foreign tables live in a schema.
  std::map<std::string, ForeignDataWrapper> foreign_data_wrappers;
  std::map<std::string, ForeignServer> foreign_servers;
  std::map<std::pair<std::string, std::string>, UserMapping> user_mappings;
  std::map<QualifiedName, ForeignTable> foreign_tables;
  std::map<std::string, std::string> schema_comments;  // schema name -> comment
  std::map<std::string, std::map<std::string, std::set<std::string>>> schema_grants;  // USAGE, CREATE
  // Desired side: where things were written ("file:line:col"), for errors found after parsing
  // (a role the server does not have, a type change it cannot make). Keys: "table s.t",
  // "column s.t.c", "role r" (its first mention). Not compared.
  std::map<std::string, Place> locations;
  // Desired side: `-- schemasync:renamed-from old` written on the line before a table, column,
  // constraint, index or view: the object (by its new name) -> the name it had. The plan renames
  // a live object of the old name instead of dropping it and creating the new one. Not compared.
  std::map<ObjectRef, std::string> renamed_from;
  // Live side: objects of kinds the model does not hold ("operator public.===(integer, integer)"),
  // which plan and drift therefore do not compare (catalog/introspect.cc, ReadUnmanaged).
  std::vector<std::string> unmanaged;
  // "file:line:col: " where `key` was written, or "" when unknown: the prefix of an error.
  std::string At(const std::string& key) const;
};

// A stable SHA-256 fingerprint of what the differ compares: independent of OIDs, of ordering and
// of spelling. Two schemas between which the differ finds no change have the same fingerprint.
// A view's body counts unless the view is not `canonical` or is named in `unverified` (a
// desired view the server could not compile yet has no comparable body); so do rules' bodies,
// by their relation.
std::string Fingerprint(const Schema& schema, const std::set<QualifiedName>& unverified = {});

// Desired views whose bodies could not be put in the server's spelling (see View::canonical), and
// the relations of desired rules in the same case (Rule::canonical): the fingerprint leaves out
// the bodies of the views and of the rules on the relations named.
std::set<QualifiedName> UnverifiedViews(const Schema& desired);

}  // namespace schemasync
