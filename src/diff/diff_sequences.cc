// Sequences (free-standing and serial-owned).
#include "diff/differ.h"
#include "util/quote.h"

namespace schemasync::diff {

std::string SequenceParams(const Sequence& s) {
  return " AS " + s.type + " INCREMENT BY " + std::to_string(s.increment) + " MINVALUE " + std::to_string(s.min) +
         " MAXVALUE " + std::to_string(s.max) + " START WITH " + std::to_string(s.start) + " CACHE " +
         std::to_string(s.cache) + (s.cycle ? " CYCLE" : " NO CYCLE");
}

std::string SequenceOwnerSql(const Sequence& s) {
  return "ALTER SEQUENCE " + s.name.Sql() + " OWNED BY " + (s.owned_by.empty() ? "NONE" : s.owned_by);
}

namespace {
std::string Obj(const Sequence& s) { return "sequence " + s.name.Display(); }

// Whether "schema.table.column" (quoted parts) names a column of `schema`.
bool HasColumn(const Schema& schema, const std::string& owned_by) {
  for (const auto& [tn, t] : schema.tables) {
    for (const auto& c : t.columns) {
      if (QuoteIdent(tn.schema) + "." + QuoteIdent(tn.name) + "." + QuoteIdent(c.name) == owned_by) return true;
    }
  }
  return false;
}

}  // namespace

void Differ::DiffSequences() {
  for (const auto& [name, want] : desired_.sequences) {
    auto it = live_.sequences.find(name);
    if (it == live_.sequences.end()) {
      // A serial column's sequence comes with the column (ADD COLUMN ... serial).
      if (want.serial && !HasColumn(live_, want.owned_by)) continue;
      Emit(Action::kCreate, SequenceRef(name), StepKind::kCreateSequence, Obj(want),
           "CREATE SEQUENCE " + name.Sql() + SequenceParams(want), "DROP SEQUENCE " + name.Sql());
      if (!want.owned_by.empty()) {
        Sequence none = want;
        none.owned_by.clear();
        Emit(Action::kAlter, SequenceRef(name), StepKind::kAlterSequence, Obj(want), SequenceOwnerSql(want),
             SequenceOwnerSql(none))
            .needs = Needs(UsesOf(want));
      }
      continue;
    }
    const Sequence& have = it->second;
    if (SequenceParams(have) != SequenceParams(want)) {
      Emit(Action::kAlter, SequenceRef(name), StepKind::kAlterSequence, Obj(want),
           "ALTER SEQUENCE " + name.Sql() + SequenceParams(want), "ALTER SEQUENCE " + name.Sql() + SequenceParams(have));
    }
    if (have.owned_by != want.owned_by) {
      Step& step = Emit(Action::kAlter, SequenceRef(name), StepKind::kAlterSequence, Obj(want), SequenceOwnerSql(want),
                        SequenceOwnerSql(have));
      step.needs = Needs(UsesOf(want));
      step.releases = Releases(UsesOf(have));
    }
  }
  for (const auto& [name, have] : live_.sequences) {
    if (desired_.sequences.count(name) || dropped_sequences_.count(name)) continue;
    // Dropping the owning column (or its table) drops the sequence with it.
    if (!have.owned_by.empty() && !HasColumn(desired_, have.owned_by)) continue;
    std::string restore = "CREATE SEQUENCE " + name.Sql() + SequenceParams(have);
    if (!have.owned_by.empty()) restore += "; " + SequenceOwnerSql(have);
    restore += RestoreCommentSql("SEQUENCE " + name.Sql(), have.comment);
    Emit(Action::kDrop, SequenceRef(name), StepKind::kDropSequence, Obj(have), "DROP SEQUENCE " + name.Sql(), restore,
         {Hazard::kDataLoss});
  }
}

}  // namespace schemasync::diff
