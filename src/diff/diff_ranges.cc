// Range types: created and dropped whole. PostgreSQL alters a range's name, owner and schema
// only (no ALTER TYPE for its subtype or functions): a changed range is dropped and created,
// which a column using it (or its multirange) prevents.
#include "diff/differ.h"
#include "parse/uses.h"
#include "util/quote.h"

namespace schemasync::diff {
namespace {

std::string Obj(const RangeType& r) { return "type " + r.name.Display(); }

std::string CreateRangeSql(const RangeType& r) {
  std::string s = "CREATE TYPE " + r.name.Sql() + " AS RANGE (SUBTYPE = " + r.subtype;
  if (!r.opclass.empty()) s += ", SUBTYPE_OPCLASS = " + r.opclass;
  if (!r.collation.empty()) s += ", COLLATION = " + QuoteIdent(r.collation);
  if (!r.canonical.empty()) s += ", CANONICAL = " + r.canonical;
  if (!r.subtype_diff.empty()) s += ", SUBTYPE_DIFF = " + r.subtype_diff;
  // Always named: the default is derived from the range's name, and stays what the catalog says.
  return s + ", MULTIRANGE_TYPE_NAME = " + r.multirange.Sql() + ")";
}

// "schema.name" (quoted parts) of a function as RangeType keeps it, as an ObjectRef; none for
// pg_catalog's (a bare name).
void AddFunction(const std::string& spelled, std::vector<ObjectRef>& out) {
  if (spelled.empty()) return;
  std::vector<std::string> parts = SplitQuotedName(spelled);
  if (parts.size() == 2) out.push_back(ObjectRef::Of(ObjectKind::kFunction, parts[0], parts[1]));
}

// What a range uses: its subtype, collation, functions, and the multirange's schema.
std::vector<ObjectRef> RangeUses(const RangeType& r) {
  std::vector<ObjectRef> out = parse::UsesOfType(r.subtype);
  if (!r.collation.empty()) out.push_back(ObjectRef::Of(ObjectKind::kCollation, "public", r.collation));
  AddFunction(r.canonical, out);
  AddFunction(r.subtype_diff, out);
  if (r.multirange.schema != r.name.schema) out.push_back(ObjectRef::Schema(r.multirange.schema));
  return out;
}

}  // namespace

Status Differ::DiffRanges() {
  auto drop = [&](const RangeType& have) {
    const std::string on = "TYPE " + have.name.Sql();
    Emit(Action::kDrop, TypeRef(have.name), StepKind::kDropType, Obj(have), "DROP TYPE " + have.name.Sql(),
         CreateRangeSql(have) + RestoreCommentSql(on, have.comment) + AclRestoreSql(on, InitialAcl('T', have.name.schema), have.grants))
        .releases = Releases(RangeUses(have));
  };
  for (const auto& [name, want] : desired_.ranges) {
    auto it = live_.ranges.find(name);
    bool changed = it != live_.ranges.end() && !(it->second == want);
    if (changed) {
      // DROP TYPE would fail (or, with CASCADE, drop the columns): refuse, naming the column.
      const RangeType& have = it->second;
      for (const auto& [tn, t] : live_.tables) {
        if (!desired_.tables.count(tn)) continue;
        for (const auto& c : t.columns) {
          for (const QualifiedName* type : {&have.name, &have.multirange}) {
            const std::string spelled = TypeSpelling(*type);
            if (c.type != spelled && c.type != spelled + "[]") continue;
            return MakeError(ErrorKind::kPlan, desired_.At("type " + name.Display()) + "range type " + name.Display() +
                                                    " cannot change while column " + tn.Display() + "." + c.name +
                                                    " uses it (PostgreSQL has no ALTER TYPE for a range's options, "
                                                    "and dropping it would drop the column); create a new range type, move "
                                                    "the column to it, then drop this one");
          }
        }
      }
      drop(have);
    }
    bool kept = it != live_.ranges.end() && !changed;
    DiffComment(TypeRef(name), "TYPE " + name.Sql(), Obj(want), kept ? it->second.comment : std::nullopt, want.comment);
    if (kept) continue;
    Emit(Action::kCreate, TypeRef(name), StepKind::kCreateType, Obj(want), CreateRangeSql(want), "DROP TYPE " + name.Sql())
        .needs = Needs(RangeUses(want));
  }
  for (const auto& [name, have] : live_.ranges) {
    if (!desired_.ranges.count(name)) drop(have);
  }
  return Ok();
}

}  // namespace schemasync::diff
