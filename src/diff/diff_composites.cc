// Composite types: created and dropped whole. Attributes change in place (ALTER TYPE ... ADD /
// DROP / ALTER ATTRIBUTE) while columns use the type; a type nothing uses is built anew, which
// keeps its attribute order (ADD ATTRIBUTE can only append).
#include <algorithm>

#include "diff/differ.h"
#include "parse/uses.h"
#include "util/quote.h"

namespace schemasync::diff {
namespace {

std::string Obj(const CompositeType& c) { return "type " + c.name.Display(); }

std::string AttributeSpec(const CompositeType::Attribute& a) {
  return QuoteIdent(a.name) + " " + a.type + (a.collation.empty() ? "" : " COLLATE " + QuoteIdent(a.collation));
}

std::string CreateCompositeSql(const CompositeType& c) {
  std::vector<std::string> attrs;
  for (const auto& a : c.attributes) attrs.push_back(AttributeSpec(a));
  return "CREATE TYPE " + c.name.Sql() + " AS (" + Join(attrs, ", ") + ")";
}

std::vector<ObjectRef> CompositeUses(const CompositeType& c) {
  std::vector<ObjectRef> out;
  for (const auto& a : c.attributes) Append(out, parse::UsesOfType(a.type));
  return out;
}

const CompositeType::Attribute* Find(const CompositeType& c, const std::string& name) {
  auto it = std::find_if(c.attributes.begin(), c.attributes.end(), [&](const auto& a) { return a.name == name; });
  return it == c.attributes.end() ? nullptr : &*it;
}

}  // namespace

Status Differ::DiffComposites() {
  auto drop = [&](const CompositeType& have) {
    Emit(Action::kDrop, TypeRef(have.name), StepKind::kDropType, Obj(have), "DROP TYPE " + have.name.Sql(),
         CreateCompositeSql(have) + RestoreCommentSql("TYPE " + have.name.Sql(), have.comment) +
             AclRestoreSql("TYPE " + have.name.Sql(), InitialAcl('T', have.name.schema), have.grants))
        .releases = Releases(CompositeUses(have));
  };
  auto create = [&](const CompositeType& want) {
    Emit(Action::kCreate, TypeRef(want.name), StepKind::kCreateType, Obj(want), CreateCompositeSql(want),
         "DROP TYPE " + want.name.Sql())
        .needs = Needs(CompositeUses(want));
  };
  for (const auto& [name, want] : desired_.composites) {
    auto it = live_.composites.find(name);
    bool rebuilt = it != live_.composites.end() && !(it->second == want) && !TypeUsedByColumns(name, live_);
    DiffComment(TypeRef(name), "TYPE " + name.Sql(), Obj(want),
                it == live_.composites.end() || rebuilt ? std::nullopt : it->second.comment, want.comment);
    if (it == live_.composites.end()) {
      create(want);
      continue;
    }
    const CompositeType& have = it->second;
    if (have == want) continue;
    if (rebuilt) {
      drop(have);
      create(want);
      continue;
    }
    const std::string alter = "ALTER TYPE " + name.Sql() + " ";
    for (const auto& a : have.attributes) {
      if (Find(want, a.name)) continue;
      Emit(Action::kAlter, TypeRef(name), StepKind::kAlterType, Obj(want), alter + "DROP ATTRIBUTE " + QuoteIdent(a.name),
           alter + "ADD ATTRIBUTE " + AttributeSpec(a), {Hazard::kDataLoss})
          .releases = Releases(parse::UsesOfType(a.type));
    }
    for (const auto& a : want.attributes) {
      const CompositeType::Attribute* h = Find(have, a.name);
      if (!h) {
        Emit(Action::kAlter, TypeRef(name), StepKind::kAlterType, Obj(want), alter + "ADD ATTRIBUTE " + AttributeSpec(a),
             alter + "DROP ATTRIBUTE " + QuoteIdent(a.name))
            .needs = Needs(parse::UsesOfType(a.type));
      } else if (!(*h == a)) {
        // ALTER ATTRIBUTE ... TYPE refuses a type that a column uses ("cannot alter type ...
        // because column ... uses it"; CASCADE reaches typed tables only).
        return MakeError(ErrorKind::kPlan, desired_.At("type " + name.Display()) + "type " + name.Display() + ": attribute \"" +
                                                a.name + "\" cannot change type while columns use the type; add a new "
                                                "attribute, move the values, then drop the old one");
      }
    }
  }
  for (const auto& [name, have] : live_.composites) {
    if (!desired_.composites.count(name)) drop(have);
  }
  return Ok();
}

}  // namespace schemasync::diff
