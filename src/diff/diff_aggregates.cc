// Aggregates: created, dropped, and replaced in place where CREATE OR REPLACE AGGREGATE can.
// PostgreSQL 12+ replaces the pg_aggregate row and the pg_proc row of an aggregate (same OID:
// its comment, privileges and the views calling it stay), but refuses to change its kind or
// number of direct arguments (AggregateCreate: "cannot change routine kind"), its result type
// or the name of an argument (ProcedureCreate; one may be added). The result type is the final
// function's, or the state type without one: a change of either, or of FINALFUNC_EXTRA (which
// picks another final function), is taken as a change of result type, so a drop and a create.
#include "diff/differ.h"
#include "parse/uses.h"
#include "util/quote.h"

namespace schemasync::diff {
namespace {

std::string Obj(const Aggregate& a) { return "aggregate " + a.name.Display() + "(" + a.Identity() + ")"; }

std::string CreateSql(const Aggregate& a, bool replace) {
  return std::string("CREATE ") + (replace ? "OR REPLACE " : "") + "AGGREGATE " + a.name.Sql() + "(" + a.ArgsSql(true) + ") (" +
         a.OptionsSql() + ")";
}

std::string DropSql(const Aggregate& a) { return "DROP AGGREGATE " + a.SignatureSql(); }

bool Replaceable(const Aggregate& have, const Aggregate& want) {
  // Argument names may be added, not changed ("cannot change name of input parameter").
  for (size_t i = 0; i < have.args.size() && i < want.args.size(); ++i) {
    if (!have.args[i].name.empty() && have.args[i].name != want.args[i].name) return false;
  }
  return have.kind == want.kind && have.direct_args == want.direct_args &&
         have.finalfunc == want.finalfunc && have.finalfunc_extra == want.finalfunc_extra && have.stype == want.stype;
}

}  // namespace

std::vector<ObjectRef> UsesOf(const Aggregate& a) {
  std::vector<ObjectRef> out;
  for (const auto& arg : a.args) Append(out, parse::UsesOfType(arg.type));
  for (const std::string* t : {&a.stype, &a.mstype}) {
    if (!t->empty()) Append(out, parse::UsesOfType(*t));
  }
  // Support functions by name ("schema.name", quoted parts; none for pg_catalog's bare names).
  for (const std::string* f : {&a.sfunc, &a.finalfunc, &a.combinefunc, &a.serialfunc, &a.deserialfunc, &a.msfunc,
                               &a.minvfunc, &a.mfinalfunc}) {
    std::vector<std::string> parts = SplitQuotedName(*f);
    if (parts.size() == 2) out.push_back(ObjectRef::Of(ObjectKind::kFunction, parts[0], parts[1]));
  }
  return out;
}

void Differ::DiffAggregates() {
  auto drop = [&](const Aggregate& have) {
    const std::string on = "FUNCTION " + have.SignatureSql();
    Emit(Action::kDrop, RefOf(have), StepKind::kDropAggregate, Obj(have), DropSql(have),
         CreateSql(have, false) + RestoreCommentSql("AGGREGATE " + have.SignatureSql(), have.comment) +
             AclRestoreSql(on, InitialAcl('f', have.name.schema), have.grants))
        .releases = Releases(UsesOf(have));
  };
  for (const auto& [key, want] : desired_.aggregates) {
    auto it = live_.aggregates.find(key);
    const Aggregate* have = it == live_.aggregates.end() ? nullptr : &it->second;
    const bool forced = Forced(RefOf(want));
    const bool replace = have && !forced && !(*have == want) && Replaceable(*have, want);
    const bool kept = have && !forced && (*have == want || replace);
    if (have && !kept) drop(*have);
    DiffComment(RefOf(want), "AGGREGATE " + want.SignatureSql(), Obj(want), kept ? have->comment : std::nullopt, want.comment);
    DiffAcl(RefOf(want), "FUNCTION " + want.SignatureSql(), "privilege " + Obj(want),
            kept ? have->grants : InitialAcl('f', want.name.schema), want.grants);
    if (kept && !replace) continue;
    if (replace) {
      Step& step = Emit(Action::kAlter, RefOf(want), StepKind::kReplaceAggregate, Obj(want), CreateSql(want, true),
                        CreateSql(*have, true));
      step.needs = Needs(UsesOf(want));
      step.releases = Releases(UsesOf(*have));
      continue;
    }
    Emit(Action::kCreate, RefOf(want), StepKind::kCreateAggregate, Obj(want), CreateSql(want, false), DropSql(want)).needs =
        Needs(UsesOf(want));
  }
  for (const auto& [key, have] : live_.aggregates) {
    if (!desired_.aggregates.count(key)) drop(have);
  }
}

}  // namespace schemasync::diff
