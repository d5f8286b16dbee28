// Tables: create/drop, columns, constraints, row security, policies, comments.
#include <algorithm>
#include <functional>

#include "diff/differ.h"
#include "parse/uses.h"
#include "util/quote.h"

namespace schemasync::diff {
namespace {

// Whether an expression key mentions one of the columns as an identifier.
bool Mentions(const std::string& key, const std::set<std::string>& columns) {
  auto ident = [](char c) { return isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; };
  for (const auto& col : columns) {
    std::string q = QuoteIdent(col);
    for (size_t pos = key.find(q); pos != std::string::npos; pos = key.find(q, pos + 1)) {
      bool before = pos == 0 || !ident(key[pos - 1]);
      bool after = pos + q.size() >= key.size() || !ident(key[pos + q.size()]);
      if (before && after) return true;
    }
  }
  return false;
}

// What a change of column type risks. Widening changes keep every value: a longer or
// unbounded varchar, text<->varchar, integer widening, numeric losing its typmod, real ->
// double precision. Relabelings without a rewrite (varchar/text) are not even a rewrite
// (ATColumnChangeRequiresRewrite: binary-coercible, typmod not narrowed).
std::vector<Hazard> TypeChangeHazards(const std::string& from, const std::string& to) {
  auto varchar_len = [](const std::string& t) -> long {
    if (t == "text" || t == "character varying") return -1;  // unbounded
    if (t.rfind("character varying(", 0) == 0) return std::strtol(t.c_str() + 18, nullptr, 10);
    return -2;  // not a string type
  };
  long a = varchar_len(from), b = varchar_len(to);
  if (a != -2 && b != -2 && (b == -1 || (a != -1 && b >= a))) return {};
  static const std::set<std::pair<std::string, std::string>> kWidening = {
      {"smallint", "integer"}, {"smallint", "bigint"}, {"integer", "bigint"}, {"real", "double precision"},
      {"integer", "numeric"}, {"bigint", "numeric"}, {"smallint", "numeric"}, {"text", "citext"}, {"citext", "text"}};
  if (kWidening.count({from, to})) return {Hazard::kTableRewrite};
  if (from.rfind("numeric(", 0) == 0 && to == "numeric") return {};
  return {Hazard::kTableRewrite, Hazard::kDataLoss};
}

ObjectRef TableRef(const QualifiedName& n) { return ObjectRef::Of(ObjectKind::kTable, n.schema, n.name); }

// The columns of `t` an expression reads.
std::vector<ObjectRef> ColumnsRead(const Table& t, const Expr& e) {
  std::vector<ObjectRef> out;
  for (const auto& c : parse::ColumnsOfExpr(e.text)) out.push_back(ColumnRef(t.name, c));
  return out;
}


// A primary key, unique or exclusion constraint owns an index of its name.
bool OwnsIndex(const Constraint& c) {
  return c.kind == ConstraintKind::kPrimaryKey || c.kind == ConstraintKind::kUnique || c.kind == ConstraintKind::kExclude;
}

// DROP TABLE; a partition is detached first: PostgreSQL refuses to drop a partition of a
// table that a foreign key references (the key depends on every partition), not to detach it.
std::string DropTableSql(const Table& t) {
  std::string drop = "DROP TABLE " + t.name.Sql();
  if (!t.IsPartition()) return drop;
  return "ALTER TABLE " + t.partition_of.Sql() + " DETACH PARTITION " + t.name.Sql() + "; " + drop;
}

// DETACH PARTITION, then DROP of the copies of the parent's keys, indexes, foreign keys and
// CHECKs that PostgreSQL leaves on a detached partition as its own (DetachPartitionFinalize:
// cloned constraints and attached indexes lose their parent, inherited CHECKs become local),
// but those named in `keep`. PostgreSQL named the copies (ChooseConstraintName): they are read
// from the catalog before detaching.
std::string DetachDroppingCopiesSql(const Table& t, const std::set<std::string>& keep) {
  std::vector<std::string> kept;
  for (const auto& k : keep) kept.push_back(QuoteLiteral(k));
  const std::string rel = QuoteLiteral(t.name.Sql()) + "::regclass";
  const std::string keep_sql = "ARRAY[" + Join(kept, ", ") + "]::text[]";
  const std::string body =
      "DECLARE s text; copies text[]; BEGIN "
      "SELECT coalesce(array_agg(q ORDER BY o, q), '{}') INTO copies FROM ("
      "SELECT pg_catalog.format('ALTER TABLE %s DROP CONSTRAINT %I', " + rel + ", k.conname) AS q, "
      "CASE k.contype WHEN 'f' THEN 0 ELSE 1 END AS o FROM pg_catalog.pg_constraint k WHERE k.conrelid = " + rel +
      " AND (k.conparentid <> 0 OR (k.coninhcount > 0 AND NOT k.conislocal)) AND k.conname <> ALL (" + keep_sql + ") "
      "UNION ALL SELECT pg_catalog.format('DROP INDEX %I.%I', n.nspname, c.relname), 2 FROM pg_catalog.pg_index x "
      "JOIN pg_catalog.pg_class c ON c.oid = x.indexrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
      "WHERE x.indrelid = " + rel + " AND EXISTS (SELECT 1 FROM pg_catalog.pg_inherits i WHERE i.inhrelid = x.indexrelid) "
      "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conindid = x.indexrelid AND k.conrelid = x.indrelid) "
      "AND c.relname <> ALL (" + keep_sql + ")) copies; "
      "ALTER TABLE " + t.partition_of.Sql() + " DETACH PARTITION " + t.name.Sql() + "; "
      "FOREACH s IN ARRAY copies LOOP EXECUTE s; END LOOP; END";
  return "DO " + QuoteLiteral(body);
}

// Whether `want` is `have` validated: a NOT VALID constraint that only loses NOT VALID.
bool OnlyValidated(const Constraint& have, const Constraint& want) {
  if (have.validated || !want.validated) return false;
  Constraint same = want;
  same.validated = false;
  return same == have;
}

// Whether `want` is `have` with other index storage parameters only: ALTER INDEX changes those
// of a key's index in place (not on a partitioned table, whose indexes take no SET).
bool OnlyOptions(const Table& t, const Constraint& have, const Constraint& want) {
  if (SameOptions(have.options, want.options) || !t.partition_by.empty()) return false;
  Constraint same = want;
  same.options = have.options;
  return same == have;
}

// What a policy reads: its references and its table's columns.
std::vector<ObjectRef> PolicyUses(const Table& t, const Policy& p) {
  std::vector<ObjectRef> out = UsesOf(p);
  Append(out, ColumnsRead(t, p.using_expr));
  Append(out, ColumnsRead(t, p.check_expr));
  return out;
}




std::string SerialName(const std::string& type) {
  if (type == "integer") return "serial";
  if (type == "bigint") return "bigserial";
  if (type == "smallint") return "smallserial";
  return "";
}


std::string PolicySql(const Table& t, const Policy& p) {
  std::vector<std::string> roles;
  for (const auto& r : p.roles) roles.push_back(QuoteRole(r));
  std::string s = "CREATE POLICY " + QuoteIdent(p.name) + " ON " + t.name.Sql() + " AS " +
                  (p.permissive ? "PERMISSIVE" : "RESTRICTIVE") + " FOR " + p.command + " TO " + Join(roles, ", ");
  if (!p.using_expr.empty()) s += " USING (" + p.using_expr.text + ")";
  if (!p.check_expr.empty()) s += " WITH CHECK (" + p.check_expr.text + ")";
  return s;
}

std::string DropPolicySql(const Table& t, const Policy& p) {
  return "DROP POLICY " + QuoteIdent(p.name) + " ON " + t.name.Sql();
}

// Constraints CREATE TABLE can hold: not foreign keys (they need the other table; added after),
// not NOT VALID ones (CREATE TABLE would validate them).
bool InCreateTable(const Constraint& c) { return c.kind != ConstraintKind::kForeignKey && c.validated; }

}  // namespace

// What a constraint reads: its references and the columns its expressions read.
std::vector<ObjectRef> ConstraintUses(const Table& t, const Constraint& c) {
  std::vector<ObjectRef> out = UsesOf(c);
  Append(out, ColumnsRead(t, c.expr));
  Append(out, ColumnsRead(t, c.where));
  for (const auto& e : c.elements) Append(out, ColumnsRead(t, e));
  return out;
}

// Its key columns, as they will be: a primary key comes after SET NOT NULL of its columns (so
// the way back drops the key before DROP NOT NULL).
std::vector<ObjectRef> KeyColumns(const Table& t, const Constraint& c) {
  std::vector<ObjectRef> out;
  for (const auto& col : c.columns) out.push_back(ColumnRef(t.name, col));
  return out;
}

// What a column reads: its type, its default's and generation's references, and the columns of
// its table a generation expression reads.
std::vector<ObjectRef> ColumnUses(const Table& t, const Column& c) {
  std::vector<ObjectRef> out = UsesOf(c);
  Append(out, ColumnsRead(t, c.generated));
  std::erase_if(out, [&](const ObjectRef& r) { return r == ColumnRef(t.name, c.name); });
  return out;
}

std::string Alter(const Table& t) { return "ALTER TABLE " + t.name.Sql() + " "; }

std::string Obj(const Table& t) { return "table " + t.name.Display(); }

std::string ColObj(const Table& t, const Column& c) { return "column " + t.name.Display() + "." + c.name; }

namespace {

// REPLICA IDENTITY as ALTER TABLE writes it.
std::string ReplicaIdentitySql(const Table& t) {
  switch (t.replica_identity) {
    case 'n': return "REPLICA IDENTITY NOTHING";
    case 'f': return "REPLICA IDENTITY FULL";
    case 'i': return "REPLICA IDENTITY USING INDEX " + QuoteIdent(t.replica_index);
    default: return "REPLICA IDENTITY DEFAULT";
  }
}

// CREATE TABLE with columns and the constraints that need no other table (FKs come later).
std::string CreateTableSql(const Table& t) {
  std::vector<std::string> parts;
  for (const auto& c : t.columns) {
    if (!c.inherited) parts.push_back("  " + ColumnSpec(c));
  }
  for (const auto& [name, c] : t.constraints) {
    if (InCreateTable(c)) parts.push_back("  CONSTRAINT " + QuoteIdent(name) + " " + c.Definition());
  }
  std::string head = std::string(t.unlogged ? "CREATE UNLOGGED TABLE " : "CREATE TABLE ") + t.name.Sql();
  if (t.IsPartition()) {
    // Columns come from the parent; options (a default, NOT NULL) and constraints of its own.
    std::vector<std::string> own;
    for (const auto& c : t.columns) {
      if (c.default_expr.empty() && !c.not_null) continue;
      std::string o = "  " + QuoteIdent(c.name) + " WITH OPTIONS";
      if (!c.default_expr.empty()) o += " DEFAULT " + c.default_expr.text;
      if (c.not_null) o += " NOT NULL";
      own.push_back(o);
    }
    for (const auto& p : parts) {
      if (p.rfind("  CONSTRAINT ", 0) == 0) own.push_back(p);
    }
    std::string s = head + " PARTITION OF " + t.partition_of.Sql();
    if (!own.empty()) s += " (\n" + Join(own, ",\n") + "\n)";
    s += " " + t.partition_bound;
    if (!t.partition_by.empty()) s += " PARTITION BY " + t.partition_by;
    return s + WithOptions(t.options);
  }
  std::string s = head + " (\n" + Join(parts, ",\n") + "\n)";
  if (!t.inherits.empty()) {
    std::vector<std::string> parents;
    for (const auto& p : t.inherits) parents.push_back(p.Sql());
    s += " INHERITS (" + Join(parents, ", ") + ")";
  }
  if (!t.partition_by.empty()) s += " PARTITION BY " + t.partition_by;
  return s + WithOptions(t.options);
}

}  // namespace

namespace {
// An identity sequence's parameters that differ from CREATE SEQUENCE's defaults for its type, as
// sequence options ("START WITH 3 INCREMENT BY 4 ..."), each prefixed with `prefix`.
std::string IdentityOptions(const Sequence& q, const Sequence& from, const std::string& prefix) {
  std::string out;
  auto add = [&](bool differs, const std::string& option) {
    if (differs) out += (out.empty() ? "" : " ") + prefix + option;
  };
  add(q.start != from.start, "START WITH " + std::to_string(q.start));
  add(q.increment != from.increment, "INCREMENT BY " + std::to_string(q.increment));
  add(q.min != from.min, "MINVALUE " + std::to_string(q.min));
  add(q.max != from.max, "MAXVALUE " + std::to_string(q.max));
  add(q.cache != from.cache, "CACHE " + std::to_string(q.cache));
  add(q.cycle != from.cycle, q.cycle ? "CYCLE" : "NO CYCLE");
  return out;
}

// "GENERATED ALWAYS AS IDENTITY [(options)]" of an identity column.
std::string IdentitySpec(const Column& c) {
  std::string s = c.identity == 'a' ? "GENERATED ALWAYS AS IDENTITY" : "GENERATED BY DEFAULT AS IDENTITY";
  std::string options = IdentityOptions(c.identity_sequence, Sequence::Defaults(c.type), "");
  return options.empty() ? s : s + " (" + options + ")";
}

// The identity sequence `have` as ALTER COLUMN TYPE leaves it for `type`: a bound that was the
// old type's default becomes the new type's (init_params with AS).
Sequence Retyped(Sequence have, const std::string& type) {
  const Sequence old_defaults = Sequence::Defaults(have.type, have.increment);
  const Sequence new_defaults = Sequence::Defaults(type, have.increment);
  if (have.max == old_defaults.max) have.max = new_defaults.max;
  if (have.min == old_defaults.min) have.min = new_defaults.min;
  have.type = type;
  return have;
}
}  // namespace

std::string ColumnSpec(const Column& c) {
  std::string serial = c.serial_sequence.empty() ? "" : SerialName(c.type);
  std::string s = QuoteIdent(c.name) + " " + (serial.empty() ? c.type.str() : serial);
  if (!c.collation.empty()) s += " COLLATE " + QuoteIdent(c.collation);
  if (!c.generated.empty()) s += " GENERATED ALWAYS AS (" + c.generated.text + ") STORED";
  if (c.identity) s += " " + IdentitySpec(c);
  if (serial.empty() && !c.default_expr.empty()) s += " DEFAULT " + c.default_expr.text;
  if (c.not_null && serial.empty() && !c.identity) s += " NOT NULL";
  return s;
}

namespace {
// Tables ordered so that parents (INHERITS, PARTITION OF) come before their children.
std::vector<const Table*> ParentsFirst(const std::map<QualifiedName, Table>& tables) {
  std::vector<const Table*> out;
  std::set<QualifiedName> done;
  std::function<void(const Table&)> visit = [&](const Table& t) {
    if (!done.insert(t.name).second) return;
    std::vector<QualifiedName> parents = t.inherits;
    if (t.IsPartition()) parents.push_back(t.partition_of);
    for (const auto& p : parents) {
      auto it = tables.find(p);
      if (it != tables.end()) visit(it->second);
    }
    out.push_back(&t);
  };
  for (const auto& [n, t] : tables) visit(t);
  return out;
}
}  // namespace

void Differ::DiffTables() {
  for (const Table* want : ParentsFirst(desired_.tables)) {
    auto it = live_.tables.find(want->name);
    if (it == live_.tables.end()) {
      CreateTable(*want);
    } else if (it->second.partition_by != want->partition_by || rebuilt_tables_.count(want->name)) {
      // A table cannot be turned into a partitioned one, or back, in place: build it anew (and
      // the partitions that go with it, Differ::Prepare).
      DropTable(it->second);
      CreateTable(*want);
    } else {
      DiffTable(it->second, *want);
    }
  }
  std::vector<const Table*> live = ParentsFirst(live_.tables);
  for (auto it = live.rbegin(); it != live.rend(); ++it) {
    if (!desired_.tables.count((*it)->name)) DropTable(**it);
  }
}

void Differ::DiffInheritance(const Table& live, const Table& want) {
  const std::string obj = Obj(want);
  auto attach = [&](const Table& t) {
    return "ALTER TABLE " + t.partition_of.Sql() + " ATTACH PARTITION " + t.name.Sql() + " " + t.partition_bound;
  };
  auto detach = [&](const Table& t) {
    return "ALTER TABLE " + t.partition_of.Sql() + " DETACH PARTITION " + t.name.Sql();
  };
  if (live.partition_of != want.partition_of || live.partition_bound != want.partition_bound) {
    if (live.IsPartition()) {
      // Detached, the partition keeps its copies of the parent's indexes as its own: drop those
      // the desired schema does not declare (ATTACH builds them again on the way back).
      std::string fwd = detach(live);
      for (const auto& [ix, parent] : live.attached_indexes) {
        QualifiedName n{live.name.schema, ix};
        if (live.attached_keys.count(ix)) continue;  // its own key: compared as such
        if (!CopySurvivesDetach(parent)) continue;  // gone with its parent, before this
        if (FindPartIndex(live_, parent).key) {
          // A copy of the parent's key: the partition's own once detached.
          if (!want.constraints.count(ix)) fwd += "; " + Alter(want) + "DROP CONSTRAINT " + QuoteIdent(ix);
        } else if (!desired_.indexes.count(n)) {
          fwd += "; DROP INDEX " + n.Sql();
        }
      }
      Step& step = Emit(Action::kAlter, RefOf(want), StepKind::kDetachPartition, obj, fwd, attach(live));
      step.releases = Releases({TableRef(live.partition_of)});
      const QualifiedName& parent = live.partition_of;
      // Its parent's foreign keys go first (detached, it would keep copies of them as its own);
      // not the parent's indexes: the partition's copies of those are dropped here.
      auto pt = live_.tables.find(parent);
      if (pt != live_.tables.end()) {
        for (const auto& [cn, c] : pt->second.constraints) {
          if (c.kind == ConstraintKind::kForeignKey) step.after_drops.push_back(ConstraintRef(parent, cn));
        }
      }
    }
    if (want.IsPartition()) {
      // ATTACH gives the table copies of its parent's keys, indexes, foreign keys and CHECKs
      // (adopting its own matching indexes): the way back drops the copies after DETACH,
      // keeping what the table had before and still has.
      std::set<std::string> keep;
      for (const auto& [cn, c] : live.constraints) {
        if (want.constraints.count(cn)) keep.insert(cn);
      }
      for (const auto& [n, ix] : live_.indexes) {
        if (ix.table == live.name && desired_.indexes.count(n)) keep.insert(n.name);
      }
      // ATTACH wants the table to have its parents' CHECKs, by name, and NOT NULL where they
      // have it (MergeAttributesIntoExisting, MergeConstraintsIntoExisting); the CHECKs become
      // the parent's copies, dropped again on the way back.
      std::string prepare, undo;
      std::set<std::string> checks;
      const Table* p = &want;
      for (size_t depth = 0; p->IsPartition() && depth < desired_.tables.size(); ++depth) {
        auto parent = desired_.tables.find(p->partition_of);
        if (parent == desired_.tables.end()) break;
        p = &parent->second;
        for (const auto& [cn, c] : p->constraints) {
          if (c.kind != ConstraintKind::kCheck || c.no_inherit || live.constraints.count(cn) || !checks.insert(cn).second) continue;
          prepare += Alter(want) + "ADD CONSTRAINT " + QuoteIdent(cn) + " " + c.Definition() + "; ";
        }
        for (const auto& pc : p->columns) {
          const Column* own = live.FindColumn(pc.name);
          if (!pc.not_null || !own || own->not_null) continue;
          prepare += Alter(want) + "ALTER COLUMN " + QuoteIdent(pc.name) + " SET NOT NULL; ";
          undo += "; " + Alter(want) + "ALTER COLUMN " + QuoteIdent(pc.name) + " DROP NOT NULL";
        }
      }
      // Its own indexes and keys that a parent's index adopts stay when detached.
      for (const auto& [child, parent] : want.attached_indexes) {
        if (AttachedByDesired(want.name, child)) keep.insert(child);
      }
      std::string rebuild;
      prepare += PrepareAttachSql(want, &rebuild);
      Step& step = Emit(Action::kAlter, RefOf(want), StepKind::kAttachPartition, obj, prepare + attach(want) + rebuild,
                        DetachDroppingCopiesSql(want, keep) + undo);
      step.needs = Needs({TableRef(want.partition_of)});
      // Its own keys and indexes that go, go first (so that the way back adds them after the
      // copies are gone, their names free again).
      for (const auto& [cn, c] : live.constraints) step.after_drops.push_back(ConstraintRef(live.name, cn));
      for (const auto& [n, ix] : live_.indexes) {
        if (ix.table == live.name) step.after_drops.push_back(IndexRef(ix));
      }
    }
  }
  for (const auto& p : live.inherits) {
    if (std::find(want.inherits.begin(), want.inherits.end(), p) == want.inherits.end()) {
      Emit(Action::kAlter, RefOf(want), StepKind::kNoInherit, obj, Alter(want) + "NO INHERIT " + p.Sql(),
           Alter(want) + "INHERIT " + p.Sql()).releases = Releases({TableRef(p)});
    }
  }
  for (const auto& p : want.inherits) {
    if (std::find(live.inherits.begin(), live.inherits.end(), p) == live.inherits.end()) {
      Emit(Action::kAlter, RefOf(want), StepKind::kInherit, obj, Alter(want) + "INHERIT " + p.Sql(),
           Alter(want) + "NO INHERIT " + p.Sql()).needs = Needs({TableRef(p)});
    }
  }
}

void Differ::CreateTable(const Table& want) {
  // A default calling a function that takes or returns this table's row type is a cycle
  // PostgreSQL breaks one way only: the table without the default, the function, then SET
  // DEFAULT.
  Table t = want;
  std::vector<const Column*> deferred;
  for (auto& c : t.columns) {
    if (c.default_expr.empty() || !c.serial_sequence.empty()) continue;
    bool cycle = false;
    for (const auto& u : parse::UsesOfExpr(c.default_expr.text)) {
      if (u.kind != ObjectKind::kFunction) continue;
      for (const Function* f : FunctionsNamed(desired_, u.schema, u.name)) {
        for (const auto& r : UsesOf(*f)) cycle |= r.IsRelationLike() && r.schema == t.name.schema && r.name == t.name.name;
      }
    }
    if (!cycle) continue;
    deferred.push_back(want.FindColumn(c.name));
    c.default_expr = {};
  }
  std::string sql = CreateTableSql(t);
  if (t.IsPartition() && AdoptsOwnKeys(t)) {
    // Made apart with every column, its own keys and the indexes the parent's kept ones take,
    // then attached: ATTACH adopts them (PARTITION OF would copy the parent's indexes first).
    Table apart = t;
    apart.partition_of = {};
    apart.partition_bound.clear();
    apart.columns.clear();
    const Table* root = &t;
    for (size_t depth = 0; root->IsPartition() && depth < desired_.tables.size(); ++depth) {
      auto p = desired_.tables.find(root->partition_of);
      if (p == desired_.tables.end()) break;
      root = &p->second;
      // ATTACH wants its parents' CHECKs, by name; they become the parent's (conislocal off on
      // a partition: MergeConstraintsIntoExisting).
      for (const auto& [cn, c] : root->constraints) {
        if (c.kind == ConstraintKind::kCheck && !c.no_inherit) apart.constraints.emplace(cn, c);
      }
    }
    for (const auto& c : root->columns) {
      Column own = PartitionColumn(t, c);
      own.inherited = false;
      own.serial_sequence.clear();  // the parent's sequence, through the default
      own.comment.reset();
      apart.columns.push_back(own);
    }
    std::string ignored;
    sql = CreateTableSql(apart) + "; " + PrepareAttachSql(t, &ignored) + "ALTER TABLE " + t.partition_of.Sql() +
          " ATTACH PARTITION " + t.name.Sql() + " " + t.partition_bound;
  }
  Step& created = Emit(Action::kCreate, RefOf(t), StepKind::kCreateTable, Obj(t), sql, DropTableSql(t));
  created.needs = Needs(UsesOf(t));
  // A new partition comes before the parent's new indexes and keys, which attach its indexes by
  // name (Differ::CreatePartitionedSql); it takes copies of those the parent already has.
  for (const Column* c : deferred) {
    const std::string col = "ALTER COLUMN " + QuoteIdent(c->name) + " ";
    Emit(Action::kAlter, ColumnRef(t.name, c->name), StepKind::kSetDefault, ColObj(t, *c),
         Alter(t) + col + "SET DEFAULT " + c->default_expr.text, Alter(t) + col + "DROP DEFAULT")
        .needs = Needs(DefaultUses(*c));
  }
  for (const auto& [name, c] : t.constraints) {
    if (!InCreateTable(c)) AddConstraintStep(t, c);
  }
  DiffRowSecurity(t, false, false, t.rls_enabled, t.rls_forced);
  DiffReplicaIdentity(nullptr, t);
  DiffPolicies(nullptr, &t);
  DiffComments(nullptr, t);
}

void Differ::DropTable(const Table& t) {
  // Foreign keys and policies go first, as their own steps, so that the inverse re-creates the
  // table before them. FKs of other tables that point here are dropped by their own diff.
  for (const auto& [name, c] : t.constraints) {
    if (!InCreateTable(c)) DropConstraintStep(t, c);
  }
  DiffPolicies(&t, nullptr);
  Table bare = t;
  bare.policies.clear();
  std::string restore = CreateTableSql(bare);
  if (t.rls_enabled) restore += "; " + Alter(t) + "ENABLE ROW LEVEL SECURITY";
  if (t.rls_forced) restore += "; " + Alter(t) + "FORCE ROW LEVEL SECURITY";
  // USING INDEX waits for the index, which the way back builds after the table: not here.
  if (t.replica_identity == 'f' || t.replica_identity == 'n') restore += "; " + Alter(t) + ReplicaIdentitySql(t);
  restore += RestoreCommentSql("TABLE " + t.name.Sql(), t.comment);
  for (const auto& c : t.columns) {
    restore += RestoreCommentSql("COLUMN " + t.name.Sql() + "." + QuoteIdent(c.name), c.comment);
  }
  Step& dropped = Emit(Action::kDrop, RefOf(t), StepKind::kDropTable, Obj(t), DropTableSql(t), restore, {Hazard::kDataLoss});
  dropped.releases = Releases(UsesOf(t));
  // A partition goes after the parent's indexes and keys that go (their way back attaches its
  // indexes by name: Differ::CreatePartitionedSql).
}

void Differ::DiffTable(const Table& live, const Table& want) {
  // Constraints first: dropping a key may be what allows DROP NOT NULL or a column drop. A
  // partition detached keeps its copies of the parent's keys as its own: those the desired
  // table declares count as there (the detach step drops the others).
  if (live.IsPartition() && live.partition_of != want.partition_of) {
    Table detached = live;
    for (const auto& [child, parent] : live.attached_indexes) {
      PartIndex p = FindPartIndex(live_, parent);
      auto w = want.constraints.find(child);
      if (!p.key || live.constraints.count(child) || w == want.constraints.end() || !CopySurvivesDetach(parent)) continue;
      Constraint copy = *p.key;
      copy.name = child;
      detached.constraints[child] = copy;
    }
    DiffConstraints(detached, want);
  } else {
    DiffConstraints(live, want);
  }
  DiffInheritance(live, want);
  retyped_.clear();
  for (const auto& c : want.columns) {
    const Column* h = live.FindColumn(c.name);
    if (h && (h->type != c.type || h->collation != c.collation)) retyped_.insert(c.name);
  }
  // A partition's columns are its parent's. A detached partition keeps them, now its own.
  bool columns_from_parent = want.IsPartition();
  bool detaching = live.IsPartition() && !want.IsPartition();
  for (const auto& c : want.columns) {
    if (columns_from_parent) break;
    const Column* have = live.FindColumn(c.name);
    if (have && have->inherited && !detaching) continue;  // from a parent; nothing to do here
    if (!have) {
      if (!AddColumnOnline(want, c)) {
        Emit(Action::kCreate, ColumnRef(want.name, c.name), StepKind::kAddColumn, ColObj(want, c),
             Alter(want) + "ADD COLUMN " + ColumnSpec(c), Alter(want) + "DROP COLUMN " + QuoteIdent(c.name))
            .needs = Needs(ColumnUses(want, c));
      }
      DiffComment(ColumnRef(want.name, c.name), "COLUMN " + want.name.Sql() + "." + QuoteIdent(c.name),
                  ColObj(want, c), std::nullopt, c.comment);
    } else {
      DiffColumn(want, *have, c);
    }
  }
  for (const auto& c : live.columns) {
    if (columns_from_parent || (c.inherited && !detaching) || want.FindColumn(c.name)) continue;
    // Children that keep the column as their own: drop it from this table ONLY, which leaves
    // theirs in place as a local column (ATExecDropColumn with recurse off).
    // The way back drops the children's copies first, so that the column is inherited again
    // rather than merged into their own (attislocal cannot be reset otherwise).
    bool children_keep = false;
    std::string restore;
    for (const auto& [cn, child] : desired_.tables) {
      if (std::find(child.inherits.begin(), child.inherits.end(), want.name) != child.inherits.end() &&
          child.FindColumn(c.name)) {
        children_keep = true;
        restore += "ALTER TABLE " + cn.Sql() + " DROP COLUMN " + QuoteIdent(c.name) + "; ";
      }
    }
    restore += Alter(want) + "ADD COLUMN " + ColumnSpec(c);
    restore += RestoreCommentSql("COLUMN " + want.name.Sql() + "." + QuoteIdent(c.name), c.comment);
    std::string drop = (children_keep ? "ALTER TABLE ONLY " + want.name.Sql() + " " : Alter(want)) + "DROP COLUMN " +
                       QuoteIdent(c.name);
    Emit(Action::kDrop, ColumnRef(want.name, c.name), StepKind::kDropColumn, ColObj(want, c), drop, restore, {Hazard::kDataLoss})
        .releases = Releases(ColumnUses(want, c));
  }
  // A partition's defaults and NOT NULL: its parent's when created (MergeAttributes copies
  // them), its own when an existing table is attached, or set on it alone.
  // SET / DROP NOT NULL on a parent reaches its partitions (ATSimpleRecursion), and attaching
  // sets what the parent has (DiffInheritance): the partition's own step is only for the rest.
  auto parent = desired_.tables.find(want.partition_of);
  auto live_parent = live_.tables.find(live.partition_of);
  bool attaching = live.partition_of != want.partition_of;
  for (const auto& have : live.columns) {
    if (!columns_from_parent || parent == desired_.tables.end()) break;
    Column expected = PartitionColumn(want, have);
    Column now = have;
    bool parent_not_null = PartitionColumn(parent->second, have).not_null;
    const Column* live_parent_column = live_parent == live_.tables.end() ? nullptr : live_parent->second.FindColumn(have.name);
    if (attaching) {
      now.not_null |= parent_not_null;
    } else if (live_parent_column && live_parent_column->not_null != parent_not_null) {
      now.not_null = parent_not_null;
    }
    if (expected.default_expr != now.default_expr || expected.not_null != now.not_null) DiffColumn(want, now, expected);
  }
  if (live.unlogged != want.unlogged) {
    Emit(Action::kAlter, RefOf(want), StepKind::kSetPersistence, Obj(want), Alter(want) + (want.unlogged ? "SET UNLOGGED" : "SET LOGGED"),
         Alter(want) + (want.unlogged ? "SET LOGGED" : "SET UNLOGGED"), {Hazard::kTableRewrite});
  }
  DiffRowSecurity(want, live.rls_enabled, live.rls_forced, want.rls_enabled, want.rls_forced);
  DiffReplicaIdentity(&live, want);
  DiffStorageParameters(live, want);
  DiffPolicies(&live, &want, retyped_);
  DiffComments(&live, want);
}

void Differ::DiffColumn(const Table& t, const Column& have, const Column& want) {
  // Spelled only for a step: nearly every column of a schema in sync has none (80,000 at
  // 10,000 tables).
  auto col = [&] { return "ALTER COLUMN " + QuoteIdent(want.name) + " "; };
  auto obj = [&] { return ColObj(t, want); };
  const ObjectRef ref = ColumnRef(t.name, want.name);
  // A generation expression cannot be changed or added in place (PostgreSQL 15 only has
  // DROP EXPRESSION): such a column is dropped and added again.
  bool regenerate = !want.generated.empty() && want.generated != have.generated;
  // A generated column reading a column whose type changes blocks ALTER TYPE ("used by a
  // generated column"): it goes before the type changes and comes back after; its values are
  // computed, so nothing is lost.
  bool reads_retyped = !have.generated.empty() && !want.generated.empty() && Mentions(have.generated.key, retyped_);
  if (regenerate || reads_retyped) {
    // Around the type change by the graph: the drop releases the table, the add needs it.
    Emit(Action::kDrop, ref, StepKind::kDropColumn, obj(), Alter(t) + "DROP COLUMN " + QuoteIdent(have.name),
         Alter(t) + "ADD COLUMN " + ColumnSpec(have),
         reads_retyped ? std::vector<Hazard>{} : std::vector<Hazard>{Hazard::kDataLoss})
        .releases = Releases(ColumnUses(t, have));
    Emit(Action::kCreate, ref, StepKind::kAddColumn, obj(), Alter(t) + "ADD COLUMN " + ColumnSpec(want),
         Alter(t) + "DROP COLUMN " + QuoteIdent(want.name))
        .needs = Needs(ColumnUses(t, want));
    DiffComment(ref, "COLUMN " + t.name.Sql() + "." + QuoteIdent(want.name), obj(), std::nullopt, want.comment);
    return;
  }
  if (!have.generated.empty() && want.generated.empty()) {
    // DROP EXPRESSION keeps the stored values; the way back is to re-add the generated column.
    Emit(Action::kAlter, ref, StepKind::kDropExpression, obj(), Alter(t) + col() + "DROP EXPRESSION",
         Alter(t) + "DROP COLUMN " + QuoteIdent(have.name) + "; " + Alter(t) + "ADD COLUMN " + ColumnSpec(have));
  }
  if (have.identity && have.identity != want.identity && !want.identity) {
    Emit(Action::kAlter, ref, StepKind::kDropIdentity, obj(), Alter(t) + col() + "DROP IDENTITY",
         Alter(t) + col() + "ADD " + IdentitySpec(have));
  }
  bool type_change = have.type != want.type || have.collation != want.collation;
  // A default that does not fit the new type would block ALTER TYPE: drop it first, set after.
  // So does a default calling a function that the plan replaces (it goes around the function).
  bool reset_default = have.default_expr != want.default_expr || (type_change && !have.default_expr.empty()) ||
                       (!have.default_expr.empty() && Forced(ref));
  if (reset_default && !have.default_expr.empty()) {
    Emit(Action::kAlter, ref, StepKind::kDropDefault, obj(), Alter(t) + col() + "DROP DEFAULT",
         Alter(t) + col() + "SET DEFAULT " + have.default_expr.text)
        .releases = Releases(DefaultUses(have));
    // A serial column giving up its sequence drops it now, not at the end: an identity added
    // next would otherwise be named t_c_seq1 (ChooseRelationName avoids the taken name).
    QualifiedName seq{t.name.schema, have.serial_sequence};
    auto ls = live_.sequences.find(seq);
    if (!have.serial_sequence.empty() && !desired_.sequences.count(seq) && ls != live_.sequences.end()) {
      Emit(Action::kDrop, SequenceRef(seq), StepKind::kDropSequence, "sequence " + seq.Display(), "DROP SEQUENCE " + seq.Sql(),
           "CREATE SEQUENCE " + seq.Sql() + SequenceParams(ls->second) + "; " + SequenceOwnerSql(ls->second),
           {Hazard::kDataLoss});  // its position: made again, it would hand out used values
    }
  }
  if (type_change) {
    std::string to = want.type + (want.collation.empty() ? "" : " COLLATE " + QuoteIdent(want.collation));
    std::string back = have.type + (have.collation.empty() ? "" : " COLLATE " + QuoteIdent(have.collation));
    // Enum types have no casts to one another or from other types but text: go through text.
    std::string via = IsEnumType(have.type) || IsEnumType(want.type) ? "::text" : "";
    Step& step = Emit(Action::kAlter, ref, StepKind::kAlterColumnType, obj(),
                      Alter(t) + col() + "TYPE " + to + " USING " + QuoteIdent(want.name) + via + "::" + want.type,
                      Alter(t) + col() + "TYPE " + back + " USING " + QuoteIdent(want.name) + via + "::" + have.type,
                      TypeChangeHazards(have.type, want.type));
    for (Hazard h : TypeChangeHazards(want.type, have.type)) step.reverse_hazards.emplace_back(Name(h));
    // Views, policies and generated columns reading the column block ALTER TYPE: they go
    // before it and come back after (the graph orders them around a displacing step).
    step.displaces = true;
    Column old_type = have, new_type = want;
    old_type.default_expr = new_type.default_expr = {};
    old_type.generated = new_type.generated = {};
    step.needs = Needs(UsesOf(new_type));
    step.releases = Releases(UsesOf(old_type));
  }
  if (have.not_null != want.not_null && !(want.not_null && want.identity && !have.identity)) {
    if (want.not_null && OnlineTable(t.name)) {
      SetNotNullOnline(t, want);
    } else if (want.not_null) {
      Emit(Action::kAlter, ref, StepKind::kSetNotNull, obj(), Alter(t) + col() + "SET NOT NULL", Alter(t) + col() + "DROP NOT NULL");
    } else {
      Emit(Action::kAlter, ref, StepKind::kDropNotNull, obj(), Alter(t) + col() + "DROP NOT NULL", Alter(t) + col() + "SET NOT NULL");
    }
  }
  if (reset_default && !want.default_expr.empty()) {
    Emit(Action::kAlter, ref, StepKind::kSetDefault, obj(), Alter(t) + col() + "SET DEFAULT " + want.default_expr.text,
         Alter(t) + col() + "DROP DEFAULT")
        .needs = Needs(DefaultUses(want));
  }
  if (want.identity && want.identity != have.identity) {
    std::string kind = want.identity == 'a' ? "ALWAYS" : "BY DEFAULT";
    if (have.identity) {
      Emit(Action::kAlter, ref, StepKind::kSetIdentity, obj(), Alter(t) + col() + "SET GENERATED " + kind,
           Alter(t) + col() + "SET GENERATED " + (have.identity == 'a' ? "ALWAYS" : "BY DEFAULT"));
    } else {
      // ADD ... AS IDENTITY needs NOT NULL first; the inverse drops both again.
      std::string fwd = Alter(t) + col() + "ADD " + IdentitySpec(want);
      std::string rev = Alter(t) + col() + "DROP IDENTITY";
      if (!have.not_null) {
        fwd = Alter(t) + col() + "SET NOT NULL; " + fwd;
        rev += "; " + Alter(t) + col() + "DROP NOT NULL";
      }
      Emit(Action::kAlter, ref, StepKind::kAddIdentity, obj(), fwd, rev);
    }
  }
  if (want.identity && have.identity) {
    // ALTER COLUMN ... SET INCREMENT BY ... (ATExecSetIdentity), after any type change.
    Sequence now = Retyped(have.identity_sequence, want.type);
    std::string fwd = IdentityOptions(want.identity_sequence, now, "SET ");
    if (!fwd.empty()) {
      Emit(Action::kAlter, ref, StepKind::kAlterIdentity, obj(), Alter(t) + col() + fwd,
           Alter(t) + col() + IdentityOptions(now, want.identity_sequence, "SET "));
    }
  }
  if (have.comment != want.comment) {
    DiffComment(ref, "COLUMN " + t.name.Sql() + "." + QuoteIdent(want.name), obj(), have.comment, want.comment);
  }
}

void Differ::AddConstraintStep(const Table& t, const Constraint& c) {
  const bool key = c.kind == ConstraintKind::kPrimaryKey || c.kind == ConstraintKind::kUnique;
  const bool online = OnlineTable(t.name);
  // Online, on a table with rows: a foreign key or CHECK added NOT VALID and validated apart; a
  // key's index built concurrently first, then taken by the constraint (diff_online.cc).
  const bool validate_later =
      online && c.validated && (c.kind == ConstraintKind::kForeignKey || c.kind == ConstraintKind::kCheck);
  const bool from_index = online && key && options_.concurrent_indexes;
  Constraint added = c;
  added.validated = c.validated && !validate_later;
  std::string sql = Alter(t) + "ADD CONSTRAINT " + QuoteIdent(c.name) + " " +
                    (from_index ? KeyIndexConcurrently(t, c) : added.Definition());
  std::string reverse = Alter(t) + "DROP CONSTRAINT " + QuoteIdent(c.name);
  bool partitioned_key = key && HasPartitions(desired_, t.name);
  // A key of a partitioned table: ONLY, then each partition's key made or kept, and attached.
  if (partitioned_key) sql = CreatePartitionedSql(desired_, {t.name.schema, c.name}, true, &reverse);
  Step& step = Emit(Action::kCreate, ConstraintRef(t.name, c.name), StepKind::kAddConstraint, "constraint " + t.name.Display() + "." + c.name,
                    sql, reverse);
  step.needs = Needs(ConstraintUses(t, c));
  if (partitioned_key) {
    for (const auto& [p, child] : ChildrenOf(desired_, {t.name.schema, c.name})) {
      step.needs.push_back(ObjectRef::Of(ObjectKind::kTable, p->name.schema, p->name.name));
      step.needs_final.push_back(ObjectRef::Of(ObjectKind::kTable, p->name.schema, p->name.name));
      if (!StandaloneInLive(p->name, child, FindPartIndex(desired_, {t.name.schema, c.name}))) {
        step.names.push_back(RelationName({p->name.schema, child}));
      }
    }
  }
  Append(step.needs_final, KeyColumns(t, c));
  if (c.kind == ConstraintKind::kForeignKey) {
    Append(step.needs, PartitionsOf(c.ref_table, desired_));
    Append(step.needs, KeysOf(c.ref_table, desired_));
    // On a partitioned table: after its partitions are attached (ATTACH PARTITION clones it onto
    // them), so that the way back drops it, copies included, before detaching them (a detached
    // partition keeps its copy as a key of its own).
    if (!t.partition_by.empty()) Append(step.needs_final, PartitionsOf(t.name, desired_));
  }
  if (from_index) step.needs.push_back(ObjectRef::Of(ObjectKind::kIndex, t.name.schema, t.name.name, c.name));
  else if (OwnsIndex(c)) step.names.push_back(RelationName({t.name.schema, c.name}));
  if (validate_later) ValidateLater(t, c);  // last: Emit may move `step`
}

void Differ::DropConstraintStep(const Table& t, const Constraint& c) {
  if (!dropped_constraints_.insert({t.name, c.name}).second) return;
  if (CascadesWithParentIndex(t, c)) return;  // DropIndexStep of the parent's index drops it
  auto comment = t.constraint_comments.find(c.name);
  std::string restore = comment == t.constraint_comments.end()
                            ? "" : RestoreCommentSql("CONSTRAINT " + QuoteIdent(c.name) + " ON " + t.name.Sql(), comment->second);
  bool partitioned_key = (c.kind == ConstraintKind::kPrimaryKey || c.kind == ConstraintKind::kUnique) &&
                         HasPartitions(live_, t.name);
  // A key of a partitioned table comes back with its partitions' keys, attached as they were.
  std::string add = partitioned_key ? CreatePartitionedSql(live_, {t.name.schema, c.name}, false, nullptr)
                                    : Alter(t) + "ADD CONSTRAINT " + QuoteIdent(c.name) + " " + c.Definition();
  Step& step = Emit(Action::kDrop, ConstraintRef(t.name, c.name), StepKind::kDropConstraint, "constraint " + t.name.Display() + "." + c.name,
       Alter(t) + "DROP CONSTRAINT " + QuoteIdent(c.name), add + restore);
  step.releases = Releases(ConstraintUses(t, c));
  step.releases_initial = KeyColumns(t, c);
  // A foreign key to a partitioned table references each partition too (pg_constraint holds
  // one per partition): it goes before any of them.
  if (c.kind == ConstraintKind::kForeignKey) {
    Append(step.releases, PartitionsOf(c.ref_table, live_));
    Append(step.releases, KeysOf(c.ref_table, live_));
  }
  if (OwnsIndex(c)) step.names = {RelationName({t.name.schema, c.name})};
  if (partitioned_key) {
    for (const auto& [p, child] : ChildrenOf(live_, {t.name.schema, c.name})) {
      step.names.push_back(RelationName({p->name.schema, child}));
      step.releases.push_back(ObjectRef::Of(ObjectKind::kTable, p->name.schema, p->name.name));
      step.releases_initial.push_back(ObjectRef::Of(ObjectKind::kTable, p->name.schema, p->name.name));
    }
  }
}

Column Differ::PartitionColumn(const Table& partition, const Column& have) const {
  Column out = have;
  out.default_expr = {};
  out.not_null = false;
  bool default_found = false;
  const Table* t = &partition;
  for (size_t depth = 0; depth <= desired_.tables.size(); ++depth) {
    const Column* c = t->FindColumn(have.name);
    if (c && !default_found && (!c->default_expr.empty() || !t->IsPartition())) {
      out.default_expr = c->default_expr;
      default_found = true;
    }
    out.not_null |= c && c->not_null;
    for (const auto& [n, k] : t->constraints) {
      bool key = k.kind == ConstraintKind::kPrimaryKey;
      out.not_null |= key && std::find(k.columns.begin(), k.columns.end(), have.name) != k.columns.end();
    }
    if (!t->IsPartition()) break;  // a root: its columns are all there
    auto parent = desired_.tables.find(t->partition_of);
    if (parent == desired_.tables.end()) break;
    t = &parent->second;
  }
  return out;
}

bool Differ::CascadesWithParentIndex(const Table& t, const Constraint& c) const {
  auto at = t.attached_keys.find(c.name);
  if (at == t.attached_keys.end()) return false;
  auto parent = live_.indexes.find(at->second);
  if (parent == live_.indexes.end() || !IndexGoes(parent->second)) return false;
  for (const auto& [n, other] : live_.tables) {
    for (const auto& [fn, fk] : other.constraints) {
      if (fk.kind == ConstraintKind::kForeignKey && fk.ref_table == t.name) return false;
    }
  }
  return true;
}

std::vector<std::pair<const Table*, const Constraint*>> Differ::KeysCascadingWith(const QualifiedName& parent_index) const {
  std::vector<std::pair<const Table*, const Constraint*>> out;
  for (const auto& [n, t] : live_.tables) {
    for (const auto& [cn, index] : t.attached_keys) {
      auto c = t.constraints.find(cn);
      if (index == parent_index && c != t.constraints.end() && CascadesWithParentIndex(t, c->second)) {
        out.push_back({&t, &c->second});
      }
    }
  }
  return out;
}

// A partition's key whose index is attached to the parent's plain index: PostgreSQL refuses to
// drop either alone (the key's index is part of the parent's; the parent's index has the key
// depending on it), and drops both with DROP INDEX ... CASCADE. A key the desired schema keeps
// is added back at once; the way back adds the dropped ones first, so that CREATE INDEX on the
// parent adopts their indexes again (DefineIndex attaches a matching index of each partition).
void Differ::DropIndexStep(const Index& have) {
  // Online: DROP INDEX CONCURRENTLY waits for the queries using it instead of locking the table.
  if (IndexChangesOnline(have) && KeysCascadingWith(have.name).empty()) {
    Step& step = Emit(Action::kDrop, IndexRef(have), StepKind::kDropIndex, "index " + have.name.Display(),
                      "DROP INDEX CONCURRENTLY " + have.name.Sql(),
                      have.CreateSql(true) + RestoreCommentSql("INDEX " + have.name.Sql(), have.comment));
    step.transactional = false;
    step.releases = Releases(IndexUses(have, live_));
    step.names = {RelationName(have.name)};
    return;
  }
  std::string sql = "DROP INDEX " + have.name.Sql();
  // A partitioned index comes back with its partitions' indexes, attached as they were.
  bool partitioned = HasPartitions(live_, have.table);
  std::string reverse = (partitioned ? CreatePartitionedSql(live_, have.name, false, nullptr) : have.CreateSql()) +
                        RestoreCommentSql("INDEX " + have.name.Sql(), have.comment);
  std::vector<ObjectRef> releases = IndexUses(have, live_), releases_initial, names = {RelationName(have.name)};
  std::string readd, restore;
  for (const auto& [t, c] : KeysCascadingWith(have.name)) {
    auto want = desired_.tables.find(t->name);
    const Constraint* kept = nullptr;
    if (want != desired_.tables.end() && !rebuilt_tables_.count(t->name) && !Forced(ConstraintRef(t->name, c->name))) {
      auto wc = want->second.constraints.find(c->name);
      if (wc != want->second.constraints.end() && wc->second == *c) kept = &wc->second;
    }
    std::string add = Alter(*t) + "ADD CONSTRAINT " + QuoteIdent(c->name) + " " + c->Definition();
    if (kept) {
      readd += "; " + add;
    } else {
      restore += add + "; ";
      names.push_back(RelationName({t->name.schema, c->name}));
    }
    Append(releases, ConstraintUses(*t, *c));
    Append(releases_initial, KeyColumns(*t, *c));
  }
  if (!readd.empty() || !restore.empty()) sql += " CASCADE" + readd;
  for (const auto& [t, child] : ChildrenOf(live_, have.name)) {
    if (!t->attached_keys.count(child)) names.push_back(RelationName({t->name.schema, child}));
    // Before the partition goes or is detached: the way back attaches it first.
    releases.push_back(ObjectRef::Of(ObjectKind::kTable, t->name.schema, t->name.name));
    releases_initial.push_back(ObjectRef::Of(ObjectKind::kTable, t->name.schema, t->name.name));
  }
  Step& step = Emit(Action::kDrop, IndexRef(have), StepKind::kDropIndex, "index " + have.name.Display(), sql,
                    restore + reverse);
  step.releases = Releases(releases);
  step.releases_initial = releases_initial;
  step.names = names;
}

std::vector<ObjectRef> Differ::KeysOf(const QualifiedName& table, const Schema& side) const {
  std::vector<ObjectRef> out;
  auto it = side.tables.find(table);
  if (it != side.tables.end()) {
    for (const auto& [n, c] : it->second.constraints) {
      if (c.kind == ConstraintKind::kPrimaryKey || c.kind == ConstraintKind::kUnique) out.push_back(ConstraintRef(table, n));
    }
  }
  auto on = IndexOf(side).indexes.find(table);
  if (on != IndexOf(side).indexes.end()) {
    for (const Index* ix : on->second) {
      if (ix->unique) out.push_back(IndexRef(*ix));
    }
  }
  return out;
}

std::vector<ObjectRef> Differ::PartitionsOf(const QualifiedName& table, const Schema& side) const {
  std::vector<ObjectRef> out;
  const auto& partitions = IndexOf(side).partitions;
  std::vector<QualifiedName> parents = {table};
  for (size_t k = 0; k < parents.size() && k < side.tables.size(); ++k) {
    auto it = partitions.find(parents[k]);
    if (it == partitions.end()) continue;
    for (const Table* t : it->second) {
      out.push_back(RefOf(*t));
      parents.push_back(t->name);
    }
  }
  return out;
}

void Differ::DiffConstraints(const Table& live, const Table& want) {
  // A key of a partitioned table whose partitions' attachments cannot be reached in place.
  auto diverges = [&](const std::string& name, const Constraint& c) {
    return (c.kind == ConstraintKind::kPrimaryKey || c.kind == ConstraintKind::kUnique) && !live.partition_by.empty() &&
           AttachmentsDiverge({live.name.schema, name});
  };
  for (const auto& [name, c] : live.constraints) {
    auto it = want.constraints.find(name);
    if (it != want.constraints.end() && it->second == c && !Forced(ConstraintRef(live.name, name)) && !diverges(name, c)) continue;
    if (it == want.constraints.end() && AttachedByDesired(live.name, name)) continue;  // becomes a parent key's
    if (it != want.constraints.end() && OnlyValidated(c, it->second) && !Forced(ConstraintRef(live.name, name))) {
      // Only the validation differs: VALIDATE CONSTRAINT checks the rows without a write lock
      // (SHARE UPDATE EXCLUSIVE). PostgreSQL has no way to mark it unvalidated again: the
      // inverse adds it anew, NOT VALID.
      Emit(Action::kAlter, ConstraintRef(live.name, name), StepKind::kValidateConstraint,
           "constraint " + live.name.Display() + "." + name, Alter(want) + "VALIDATE CONSTRAINT " + QuoteIdent(name),
           Alter(want) + "DROP CONSTRAINT " + QuoteIdent(name) + "; " + Alter(want) + "ADD CONSTRAINT " +
               QuoteIdent(name) + " " + c.Definition())
          .own_transaction = OnlineTable(live.name);  // not under the locks of the steps before
      continue;
    }
    if (it != want.constraints.end() && OnlyOptions(live, c, it->second) && !Forced(ConstraintRef(live.name, name))) {
      std::string on = "ALTER INDEX " + QualifiedName{live.name.schema, name}.Sql() + " ";
      Emit(Action::kAlter, ConstraintRef(live.name, name), StepKind::kSetStorageParameters,
           "constraint " + live.name.Display() + "." + name, OptionsChangeSql(on, c.options, it->second.options),
           OptionsChangeSql(on, it->second.options, c.options));
      continue;
    }
    DropConstraintStep(live, c);
    if (c.kind != ConstraintKind::kPrimaryKey && c.kind != ConstraintKind::kUnique) continue;
    // Foreign keys that rely on this key's index must go first and come back after.
    for (const auto& [tn, other] : live_.tables) {
      for (const auto& [fn, fk] : other.constraints) {
        if (fk.kind != ConstraintKind::kForeignKey || fk.ref_table != live.name || fk.ref_columns != c.columns) continue;
        if (dropped_constraints_.count({tn, fn})) continue;
        DropConstraintStep(other, fk);
        auto dt = desired_.tables.find(tn);
        if (dt == desired_.tables.end()) continue;
        auto dc = dt->second.constraints.find(fn);
        if (dc != dt->second.constraints.end() && dc->second == fk) AddConstraintStep(dt->second, fk);
      }
    }
  }
  for (const auto& [name, c] : want.constraints) {
    auto it = live.constraints.find(name);
    if (it != live.constraints.end() && (OnlyValidated(it->second, c) || OnlyOptions(live, it->second, c)) &&
        !Forced(ConstraintRef(live.name, name))) {
      continue;  // VALIDATE CONSTRAINT or ALTER INDEX above
    }
    if (it == live.constraints.end() || !(it->second == c) || Forced(ConstraintRef(live.name, name)) || diverges(name, it->second)) {
      AddConstraintStep(want, c);
    }
  }
}

void Differ::DiffReplicaIdentity(const Table* live, const Table& want) {
  Table none;  // a new table starts with REPLICA IDENTITY DEFAULT
  const Table& have = live ? *live : none;
  if (have.replica_identity == want.replica_identity && have.replica_index == want.replica_index) return;
  // After indexes are built (USING INDEX needs its unique index; those stay in the transaction).
  Step& step = Emit(Action::kAlter, RefOf(want), StepKind::kSetReplicaIdentity, Obj(want),
                    Alter(want) + ReplicaIdentitySql(want), Alter(want) + ReplicaIdentitySql(have));
  // USING INDEX: the index (or the constraint that owns it) exists first and goes after.
  if (want.replica_identity == 'i') {
    step.needs = {ObjectRef::Of(ObjectKind::kIndex, want.name.schema, want.name.name, want.replica_index),
                  ConstraintRef(want.name, want.replica_index)};
  }
  if (have.replica_identity == 'i') {
    step.releases = {ObjectRef::Of(ObjectKind::kIndex, want.name.schema, want.name.name, have.replica_index),
                     ConstraintRef(want.name, have.replica_index)};
  }
}

bool SameOptions(std::vector<std::string> a, std::vector<std::string> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

std::string OptionsChangeSql(const std::string& on, const std::vector<std::string>& from, const std::vector<std::string>& to) {
  // RESET every parameter, then SET the wanted ones in their order: reloptions then hold them in
  // the order the desired SQL gives (transformRelOptions appends), which pg_dump prints.
  std::vector<std::string> sql, names;
  for (const auto& o : from) names.push_back(QuoteIdent(o.substr(0, o.find('='))));
  if (!names.empty()) sql.push_back(on + "RESET (" + Join(names, ", ") + ")");
  if (!to.empty()) sql.push_back(on + "SET (" + OptionList(to) + ")");
  return Join(sql, "; ");
}

void Differ::DiffStorageParameters(const Table& live, const Table& want) {
  if (SameOptions(live.options, want.options)) return;
  // A catalog update only: storage parameters take effect for future writes (no rewrite).
  Emit(Action::kAlter, RefOf(want), StepKind::kSetStorageParameters, Obj(want),
       OptionsChangeSql(Alter(want), live.options, want.options), OptionsChangeSql(Alter(want), want.options, live.options));
}

void Differ::DiffRowSecurity(const Table& t, bool live_enabled, bool live_forced, bool enabled, bool forced) {
  if (live_enabled != enabled) {
    Emit(Action::kAlter, RefOf(t), enabled ? StepKind::kEnableRls : StepKind::kDisableRls, Obj(t),
         Alter(t) + (enabled ? "ENABLE" : "DISABLE") + " ROW LEVEL SECURITY",
         Alter(t) + (enabled ? "DISABLE" : "ENABLE") + " ROW LEVEL SECURITY");
  }
  if (live_forced != forced) {
    Emit(Action::kAlter, RefOf(t), forced ? StepKind::kForceRls : StepKind::kNoForceRls, Obj(t),
         Alter(t) + (forced ? "FORCE" : "NO FORCE") + " ROW LEVEL SECURITY",
         Alter(t) + (forced ? "NO FORCE" : "FORCE") + " ROW LEVEL SECURITY");
  }
}


namespace {
// ALTER POLICY changes roles and expressions in place; not the command or permissiveness, and it
// cannot remove a clause.
bool AlterableInPlace(const Policy& from, const Policy& to) {
  return from.permissive == to.permissive && from.command == to.command &&
         from.using_expr.empty() == to.using_expr.empty() && from.check_expr.empty() == to.check_expr.empty();
}

std::string AlterPolicySql(const Table& t, const Policy& p) {
  std::vector<std::string> roles;
  for (const auto& r : p.roles) roles.push_back(QuoteRole(r));
  std::string s = "ALTER POLICY " + QuoteIdent(p.name) + " ON " + t.name.Sql() + " TO " + Join(roles, ", ");
  if (!p.using_expr.empty()) s += " USING (" + p.using_expr.text + ")";
  if (!p.check_expr.empty()) s += " WITH CHECK (" + p.check_expr.text + ")";
  return s;
}
}  // namespace

void Differ::DiffPolicies(const Table* live, const Table* want, const std::set<std::string>& retyped) {
  static const Table kNone;
  const Table& have = live ? *live : kNone;
  const Table& need = want ? *want : kNone;
  const Table& t = want ? *want : *live;
  auto reads_retyped = [&](const Policy& p) {
    if (Forced(ObjectRef::Of(ObjectKind::kPolicy, t.name.schema, t.name.name, p.name))) return true;
    return !retyped.empty() && (Mentions(p.using_expr.key, retyped) || Mentions(p.check_expr.key, retyped));
  };
  auto obj = [&](const std::string& name) { return "policy " + t.name.Display() + "." + name; };
  auto ref = [&](const std::string& name) { return ObjectRef::Of(ObjectKind::kPolicy, t.name.schema, t.name.name, name); };
  // Live policies: kept, altered in place, or dropped (and created again below).
  for (const auto& [name, p] : have.policies) {
    auto it = need.policies.find(name);
    bool rebuild = reads_retyped(p);
    if (it != need.policies.end() && !rebuild) {
      if (it->second == p) continue;
      if (AlterableInPlace(p, it->second)) {
        Step& step = Emit(Action::kAlter, ref(name), StepKind::kAlterPolicy, obj(name), AlterPolicySql(t, it->second),
                          AlterPolicySql(t, p));
        step.needs = Needs(PolicyUses(t, it->second));
        step.releases = Releases(PolicyUses(t, p));
        continue;
      }
    }
    auto comment = have.policy_comments.find(name);
    std::string restore = comment == have.policy_comments.end()
                              ? "" : RestoreCommentSql("POLICY " + QuoteIdent(name) + " ON " + t.name.Sql(), comment->second);
    Emit(Action::kDrop, ref(name), StepKind::kDropPolicy, obj(name), DropPolicySql(t, p), PolicySql(t, p) + restore).releases =
        Releases(PolicyUses(t, p));
  }
  // Desired policies not kept or altered above.
  for (const auto& [name, p] : need.policies) {
    auto it = have.policies.find(name);
    if (it != have.policies.end() && !reads_retyped(it->second) && AlterableInPlace(it->second, p)) continue;
    Emit(Action::kCreate, ref(name), StepKind::kCreatePolicy, obj(name), PolicySql(t, p), DropPolicySql(t, p)).needs =
        Needs(PolicyUses(t, p));
  }
}

void Differ::DiffComments(const Table* live, const Table& want) {
  std::optional<std::string> have = live ? live->comment : std::nullopt;
  DiffComment(RefOf(want), "TABLE " + want.name.Sql(), Obj(want), have, want.comment);
  if (live) return;  // existing columns: DiffColumn compares their comments
  for (const auto& c : want.columns) {
    DiffComment(ColumnRef(want.name, c.name), "COLUMN " + want.name.Sql() + "." + QuoteIdent(c.name), ColObj(want, c),
                std::nullopt, c.comment);
  }
}

}  // namespace schemasync::diff
