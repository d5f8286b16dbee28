// Domains: created and dropped whole; default, NOT NULL and CHECKs altered in place
// (ALTER DOMAIN); a new base type or collation only where no column uses the domain yet.
#include "diff/differ.h"
#include "parse/uses.h"
#include "util/quote.h"

namespace schemasync::diff {
namespace {

std::string Obj(const Domain& d) { return "domain " + d.name.Display(); }

std::string CheckSql(const Constraint& c) { return "CONSTRAINT " + QuoteIdent(c.name) + " " + c.Definition(); }

std::string CreateDomainSql(const Domain& d) {
  std::string s = "CREATE DOMAIN " + d.name.Sql() + " AS " + d.base_type;
  if (!d.collation.empty()) s += " COLLATE " + QuoteIdent(d.collation);
  if (!d.default_expr.empty()) s += " DEFAULT " + d.default_expr.text;
  if (d.not_null) s += " NOT NULL";
  for (const auto& [n, c] : d.checks) s += " " + CheckSql(c);
  return s;
}

std::string DropDomainSql(const Domain& d) { return "DROP DOMAIN " + d.name.Sql(); }

// What a domain uses: its base type, what its default and CHECKs call.
std::vector<ObjectRef> DomainUses(const Domain& d) {
  std::vector<ObjectRef> out = parse::UsesOfType(d.base_type);
  Append(out, parse::UsesOfExpr(d.default_expr.text));
  for (const auto& [n, c] : d.checks) Append(out, UsesOf(c));
  return out;
}

}  // namespace

bool Differ::TypeUsedByColumns(const QualifiedName& type, const Schema& side) const {
  const std::string spelled = TypeSpelling(type);
  for (const auto& [tn, t] : side.tables) {
    for (const auto& c : t.columns) {
      if (c.type == spelled || c.type == spelled + "[]") return true;
    }
  }
  return false;
}

Status Differ::DiffDomains() {
  for (const auto& [name, want] : desired_.domains) {
    auto it = live_.domains.find(name);
    const ObjectRef ref = TypeRef(name);
    DiffComment(ref, "DOMAIN " + name.Sql(), Obj(want), it == live_.domains.end() ? std::nullopt : it->second.comment,
                want.comment);
    if (it != live_.domains.end() && (it->second.base_type != want.base_type || it->second.collation != want.collation)) {
      // No ALTER DOMAIN changes the base type: built anew, which columns using it prevent.
      if (TypeUsedByColumns(name, live_)) {
        return MakeError(ErrorKind::kPlan, desired_.At("type " + name.Display()) + "domain " + name.Display() +
                                                ": its base type or collation cannot change while columns use it "
                                                "(PostgreSQL has no ALTER DOMAIN ... TYPE); create a new domain, "
                                                "move the columns to it, then drop this one");
      }
      const Domain& have = it->second;
      Emit(Action::kDrop, ref, StepKind::kDropType, Obj(have), DropDomainSql(have),
           CreateDomainSql(have) + RestoreCommentSql("DOMAIN " + name.Sql(), have.comment) +
               AclRestoreSql("DOMAIN " + name.Sql(), InitialAcl('T', name.schema), have.grants))
          .releases = Releases(DomainUses(have));
      it = live_.domains.end();
    }
    if (it == live_.domains.end()) {
      Emit(Action::kCreate, ref, StepKind::kCreateType, Obj(want), CreateDomainSql(want), DropDomainSql(want)).needs =
          Needs(DomainUses(want));
      continue;
    }
    const Domain& have = it->second;
    const std::string alter = "ALTER DOMAIN " + name.Sql() + " ";
    auto default_sql = [&](const Expr& e) { return alter + (e.empty() ? "DROP DEFAULT" : "SET DEFAULT " + e.text); };
    if (have.default_expr != want.default_expr) {
      Step& step = Emit(Action::kAlter, ref, StepKind::kAlterDomain, Obj(want), default_sql(want.default_expr),
                        default_sql(have.default_expr));
      step.needs = Needs(parse::UsesOfExpr(want.default_expr.text));
    }
    if (have.not_null != want.not_null) {
      // SET NOT NULL checks every column of the domain's type (a scan, like a table's).
      Emit(Action::kAlter, ref, StepKind::kAlterDomain, Obj(want), alter + (want.not_null ? "SET NOT NULL" : "DROP NOT NULL"),
           alter + (want.not_null ? "DROP NOT NULL" : "SET NOT NULL"));
    }
    for (const auto& [cn, c] : have.checks) {
      auto w = want.checks.find(cn);
      if (w != want.checks.end() && w->second == c) continue;
      Emit(Action::kAlter, ref, StepKind::kAlterDomain, Obj(want), alter + "DROP CONSTRAINT " + QuoteIdent(cn),
           alter + "ADD " + CheckSql(c))
          .releases = Releases(UsesOf(c));
    }
    for (const auto& [cn, c] : want.checks) {
      auto h = have.checks.find(cn);
      if (h != have.checks.end() && h->second == c) continue;
      Emit(Action::kAlter, ref, StepKind::kAlterDomain, Obj(want), alter + "ADD " + CheckSql(c),
           alter + "DROP CONSTRAINT " + QuoteIdent(cn))
          .needs = Needs(UsesOf(c));
    }
  }
  for (const auto& [name, have] : live_.domains) {
    if (desired_.domains.count(name)) continue;
    Emit(Action::kDrop, TypeRef(name), StepKind::kDropType, Obj(have), DropDomainSql(have),
         CreateDomainSql(have) + RestoreCommentSql("DOMAIN " + name.Sql(), have.comment) +
               AclRestoreSql("DOMAIN " + name.Sql(), InitialAcl('T', name.schema), have.grants))
        .releases = Releases(DomainUses(have));
  }
  return Ok();
}

}  // namespace schemasync::diff
