// Online changes to tables that already exist (PlanOptions::online): each change split so that
// no lock that blocks writes is held while rows are scanned or an index is built. A table the
// plan creates needs none of this: nobody reads or writes it yet.
//
// The PostgreSQL behaviour each technique relies on (PostgreSQL 15 documentation, ALTER TABLE):
// - ADD CONSTRAINT ... NOT VALID skips the scan of existing rows; VALIDATE CONSTRAINT scans them
//   under SHARE UPDATE EXCLUSIVE (writes go on; a foreign key takes ROW SHARE on the other table).
// - SET NOT NULL skips its scan when a valid CHECK constraint proves the column has no NULL
//   (NotNullImpliedByRelConstraints, since PostgreSQL 12).
// - ADD PRIMARY KEY | UNIQUE USING INDEX turns an existing unique index into the constraint
//   without building anything; CREATE UNIQUE INDEX CONCURRENTLY builds one without blocking
//   writes (SHARE UPDATE EXCLUSIVE).
// - DROP INDEX CONCURRENTLY waits for queries using the index instead of locking the table;
//   ALTER INDEX ... RENAME takes SHARE UPDATE EXCLUSIVE.
#include <algorithm>
#include <cctype>
#include <string>

#include "diff/differ.h"
#include "util/quote.h"
#include "util/sha256.h"

namespace schemasync::diff {
namespace {

// "<prefix>_<8 hex digits of identity>_<base>", cut to NAMEDATALEN-1 = 63 bytes at a character
// boundary: a name no user object has, the same in every plan for the same object.
std::string TempName(const std::string& prefix, const std::string& identity, const std::string& base) {
  std::string name = prefix + "_" + Sha256Hex(identity).substr(0, 8) + "_" + base;
  if (name.size() <= 63) return name;
  size_t cut = 63;
  while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;  // a UTF-8 continuation byte
  return name.substr(0, cut);
}

// A step whose inverse is nothing to do within the reverse plan: not irreversible.
void NothingToReverse(Step& s) {
  s.nothing_to_reverse = true;
  std::erase(s.hazards, std::string(Name(Hazard::kIrreversible)));
}

std::string DeferrableSql(const Constraint& c) {
  return c.deferrable ? (c.deferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE") : "";
}

}  // namespace

bool MentionsWord(const std::string& text, const std::string& word) {
  auto part = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '"'; };
  for (size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
    if ((at == 0 || !part(text[at - 1])) && (at + word.size() >= text.size() || !part(text[at + word.size()]))) return true;
  }
  return false;
}

bool Differ::OnlineTable(const QualifiedName& table) const {
  if (!options_.online || rebuilt_tables_.count(table)) return false;
  auto have = live_.tables.find(table);
  auto want = desired_.tables.find(table);
  if (have == live_.tables.end() || want == desired_.tables.end()) return false;
  // A partition's constraints and NOT NULLs may be its parent's; a partitioned table has no rows
  // of its own and takes no NOT VALID foreign key (PostgreSQL 15).
  return !have->second.IsPartition() && !want->second.IsPartition() && have->second.partition_by.empty() &&
         want->second.partition_by.empty();
}

bool Differ::ReferencedByForeignKey(const QualifiedName& table) const {
  for (const auto& [n, t] : live_.tables) {
    for (const auto& [cn, c] : t.constraints) {
      if (c.kind == ConstraintKind::kForeignKey && c.ref_table == table) return true;
    }
  }
  return false;
}

bool Differ::IndexChangesOnline(const Index& have) const {
  if (!options_.concurrent_indexes || !OnlineTable(have.table) || Forced(IndexRef(have))) return false;
  // A foreign key may rest on a unique index (DROP INDEX would need CASCADE); the replica
  // identity index stays while the table's replica identity names it.
  if (have.unique && ReferencedByForeignKey(have.table)) return false;
  auto t = live_.tables.find(have.table);
  if (t->second.replica_index == have.name.name) return false;
  // An index on a column the plan drops or retypes goes with that change (in its transaction,
  // ordered before it): there is nothing to keep serving queries.
  // Whether a column is read is judged by its name as a whole word of the definition (a false
  // match only means the plain way).
  const Table& want = desired_.tables.at(have.table);
  const std::string def = have.CreateSql(false, true);
  for (const auto& before : t->second.columns) {
    const Column* after = want.FindColumn(before.name);
    if ((!after || after->type != before.type || after->collation != before.collation) && MentionsWord(def, QuoteIdent(before.name))) {
      return false;
    }
  }
  return true;
}

bool VolatileDefault(const std::string& expr) {
  static const char* kVolatile[] = {"gen_random_uuid(", "uuid_generate_v1", "uuid_generate_v4(", "random(",
                                    "clock_timestamp(", "timeofday(", "nextval(", "txid_current(",
                                    "statement_timestamp(" /* stable, but per statement: not stored */};
  return std::any_of(std::begin(kVolatile), std::end(kVolatile), [&](const char* f) { return expr.find(f) != std::string::npos; });
}

bool Differ::AddColumnOnline(const Table& t, const Column& want) {
  if (!OnlineTable(t.name) || want.default_expr.empty() || !VolatileDefault(want.default_expr.text) || want.identity ||
      !want.generated.empty() || !want.serial_sequence.empty()) {
    return false;
  }
  const ObjectRef ref = ColumnRef(t.name, want.name);
  Column bare = want;
  bare.default_expr = {};
  bare.not_null = false;
  const std::string col = QuoteIdent(want.name);
  // 1. The column, bare (a catalog update), and its default for the rows written from now on.
  Emit(Action::kCreate, ref, StepKind::kAddColumn, ColObj(t, want),
       Alter(t) + "ADD COLUMN " + ColumnSpec(bare) + "; " + Alter(t) + "ALTER COLUMN " + col + " SET DEFAULT " +
           want.default_expr.text,
       Alter(t) + "DROP COLUMN " + col)
      .needs = Needs(ColumnUses(t, want));
  // 2. The rows already there, in ranges of 1,000 pages (a TID range scan each), each range its
  // own transaction: row locks are held for one range at a time, never the table's lock. Rows
  // an update moved behind the range being filled are caught by the last pass.
  const std::string rel = t.name.Sql();
  const std::string fill = "UPDATE " + rel + " SET " + col + " = DEFAULT WHERE " + col + " IS NULL";
  const std::string body =
      "DECLARE b bigint := 0; BEGIN LOOP "
      "EXIT WHEN b > pg_catalog.pg_relation_size(" + QuoteLiteral(rel) + "::regclass) / "
      "pg_catalog.current_setting('block_size')::bigint; " +
      fill + " AND ctid >= pg_catalog.format('(%s,0)', b)::tid AND ctid < pg_catalog.format('(%s,0)', b + 1000)::tid; "
      "COMMIT; b := b + 1000; END LOOP; " + fill + "; END";
  const std::string backfill = "DO " + QuoteLiteral(body);
  if (want.not_null) {
    SetNotNullOnline(t, want, backfill);
    return true;
  }
  Step& step = Emit(Action::kAlter, ref, StepKind::kBackfill, ColObj(t, want), backfill, "");
  step.transactional = false;
  NothingToReverse(step);  // the reverse plan drops the column
  return true;
}

void Differ::SetNotNullOnline(const Table& t, const Column& want, const std::string& backfill) {
  const std::string check = TempName("ss_nn", t.name.Sql() + "." + QuoteIdent(want.name), want.name);
  const std::string add = Alter(t) + "ADD CONSTRAINT " + QuoteIdent(check) + " CHECK (" + QuoteIdent(want.name) +
                          " IS NOT NULL) NOT VALID";
  const std::string drop = Alter(t) + "DROP CONSTRAINT " + QuoteIdent(check);
  const std::string col = "ALTER COLUMN " + QuoteIdent(want.name) + " ";
  const ObjectRef ref = ColumnRef(t.name, want.name), check_ref = ConstraintRef(t.name, check);
  const std::string obj = "constraint " + t.name.Display() + "." + check;
  // 1. The CHECK, NOT VALID: a catalog update (after a change of the column's type, which
  // displaces what needs the column).
  Emit(Action::kCreate, check_ref, StepKind::kAddConstraint, obj, add, drop).needs = {ref};
  // 2. Its validation, in a transaction of its own: the scan lets writes through. After the
  // backfill, if any, which commits as it goes: outside a transaction, statement by statement.
  const std::string validate_sql = Alter(t) + "VALIDATE CONSTRAINT " + QuoteIdent(check);
  Step& validate = Emit(Action::kAlter, check_ref, backfill.empty() ? StepKind::kValidateConstraint : StepKind::kBackfill,
                        backfill.empty() ? obj : ColObj(t, want), backfill.empty() ? validate_sql : backfill + "; " + validate_sql, "");
  validate.own_transaction = backfill.empty();
  validate.transactional = backfill.empty();
  NothingToReverse(validate);  // the reverse plan drops the CHECK
  // 3. SET NOT NULL, proved by the CHECK (no scan), which then goes. The way back restores the
  // unvalidated CHECK, which the reverse of step 1 drops.
  Step& set = Emit(Action::kAlter, ref, StepKind::kSetNotNull, ColObj(t, want), Alter(t) + col + "SET NOT NULL; " + drop,
                   add + "; " + Alter(t) + col + "DROP NOT NULL");
  set.own_transaction = true;
  set.needs_final = {check_ref};
}

void Differ::ValidateLater(const Table& t, const Constraint& c) {
  Step& validate = Emit(Action::kAlter, ConstraintRef(t.name, c.name), StepKind::kValidateConstraint,
                        "constraint " + t.name.Display() + "." + c.name,
                        Alter(t) + "VALIDATE CONSTRAINT " + QuoteIdent(c.name), "");
  validate.own_transaction = true;
  NothingToReverse(validate);  // the reverse plan drops the constraint
}

std::string Differ::KeyIndexConcurrently(const Table& t, const Constraint& c) {
  Index ix;
  ix.name = {t.name.schema, c.name};
  ix.table = t.name;
  ix.unique = true;
  ix.nulls_not_distinct = c.nulls_not_distinct;
  for (const auto& col : c.columns) ix.elements.push_back(Expr{QuoteIdent(col), QuoteIdent(col)});
  for (const auto& col : c.include) ix.include.push_back(QuoteIdent(col));
  ix.options = c.options;
  // The constraint's own drop takes the index with it: the way back has nothing left to drop.
  Step& build = Emit(Action::kCreate, IndexRef(ix), StepKind::kCreateIndex, "index " + ix.name.Display(), ix.CreateSql(true),
                     "DROP INDEX CONCURRENTLY IF EXISTS " + ix.name.Sql());
  build.transactional = false;
  build.needs = Needs(ConstraintUses(t, c));
  Append(build.needs, KeyColumns(t, c));
  build.names = {RelationName(ix.name)};
  return (c.kind == ConstraintKind::kPrimaryKey ? "PRIMARY KEY USING INDEX " : "UNIQUE USING INDEX ") +
         QuoteIdent(c.name) + DeferrableSql(c);
}

void Differ::SwapIndex(const Index& have, const Index& want) {
  const QualifiedName& name = want.name;
  Index built = want;
  built.name.name = TempName("ss_new", name.Sql(), name.name);
  const std::string object = "index " + name.Display();
  // 1. The new definition, built beside the old one.
  Step& build = Emit(Action::kCreate, IndexRef(built), StepKind::kCreateIndex, object, built.CreateSql(true),
                     "DROP INDEX CONCURRENTLY " + built.name.Sql());
  build.transactional = false;
  build.needs = Needs(IndexUses(want, desired_));
  build.names = {RelationName(built.name)};
  // 2. The old one dropped once the new one is there: queries always have one.
  Step& drop = Emit(Action::kDrop, IndexRef(have), StepKind::kDropIndex, object, "DROP INDEX CONCURRENTLY " + name.Sql(),
                    have.CreateSql(true) + RestoreCommentSql("INDEX " + name.Sql(), have.comment));
  drop.transactional = false;
  drop.needs = {IndexRef(built)};
  drop.releases = Releases(IndexUses(have, live_));
  drop.names = {RelationName(name)};
  // 3. The new one takes the name.
  Step& rename = Emit(Action::kCreate, IndexRef(want), StepKind::kRenameIndex, object,
                      "ALTER INDEX " + built.name.Sql() + " RENAME TO " + QuoteIdent(name.name),
                      "ALTER INDEX " + name.Sql() + " RENAME TO " + QuoteIdent(built.name.name));
  rename.needs = {IndexRef(built)};
  rename.names = {RelationName(name)};
}

}  // namespace schemasync::diff
