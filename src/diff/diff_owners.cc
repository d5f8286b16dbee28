// Owners (--manage-owners): ALTER ... OWNER TO where the owner the desired SQL gives differs from
// the one the object has, or will have once the plan creates it (the applying role).
#include "diff/differ.h"
#include "util/quote.h"

namespace schemasync::diff {
namespace {

// What ALTER names the object by ("TABLE s.t", "ROUTINE s.f(integer)"); "" for none.
std::string OwnerTarget(const Schema& s, const ObjectRef& ref) {
  QualifiedName n{ref.schema, ref.name};
  switch (ref.kind) {
    case ObjectKind::kSchema: return "SCHEMA " + QuoteIdent(ref.name);
    case ObjectKind::kTable: return "TABLE " + n.Sql();
    case ObjectKind::kView: {
      auto v = s.views.find(n);
      return (v != s.views.end() && v->second.materialized ? "MATERIALIZED VIEW " : "VIEW ") + n.Sql();
    }
    case ObjectKind::kSequence: return "SEQUENCE " + n.Sql();
    case ObjectKind::kType: return (s.domains.count(n) ? "DOMAIN " : "TYPE ") + n.Sql();
    case ObjectKind::kCollation: return "COLLATION " + n.Sql();
    case ObjectKind::kFunction:
      return (s.aggregates.count({ref.schema, ref.name + "(" + ref.sub + ")"}) ? "AGGREGATE " : "ROUTINE ") + n.Sql() + "(" + ref.sub + ")";
    case ObjectKind::kForeignTable: return "FOREIGN TABLE " + n.Sql();
    case ObjectKind::kForeignServer: return "SERVER " + QuoteIdent(ref.name);
    case ObjectKind::kForeignDataWrapper: return "FOREIGN DATA WRAPPER " + QuoteIdent(ref.name);
    case ObjectKind::kPublication: return "PUBLICATION " + QuoteIdent(ref.name);
    default: return "";
  }
}

}  // namespace

void Differ::DiffOwners() {
  if (desired_.owners.empty()) return;
  std::set<ObjectRef> created;
  for (const auto& s : steps_) {
    if (s.action == Action::kCreate) created.insert(s.target);
  }
  for (const auto& [ref, want] : desired_.owners) {
    // A sequence OWNED BY a column follows its table (ALTER TABLE ... OWNER TO moves it; ALTER
    // SEQUENCE ... OWNER TO on it is refused: "sequence is linked to table").
    if (ref.kind == ObjectKind::kSequence) {
      auto q = desired_.sequences.find({ref.schema, ref.name});
      if (q != desired_.sequences.end() && !q->second.owned_by.empty()) continue;
    }
    std::string have;
    if (created.count(ref)) {
      have = desired_.current_role;  // CREATE makes the role running it the owner
    } else {
      auto it = live_.owners.find(ref);
      if (it == live_.owners.end()) continue;  // made by another object's step (a serial's sequence)
      have = it->second;
    }
    std::string target = OwnerTarget(desired_, ref);
    if (have == want || target.empty()) continue;
    Emit(Action::kAlter, ref, StepKind::kChangeOwner, ref.Display(),
         "ALTER " + target + " OWNER TO " + QuoteIdent(want), "ALTER " + target + " OWNER TO " + QuoteIdent(have));
  }
}

}  // namespace schemasync::diff
