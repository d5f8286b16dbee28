// Orders the differ's steps into a plan; the inverse plan.
#include "schemasync/plan.h"

#include <algorithm>
#include <map>
#include <set>

#include "util/quote.h"

#include "diff/differ.h"

namespace schemasync {

bool Plan::destructive() const {
  for (const auto& s : steps) {
    if (std::find(s.hazards.begin(), s.hazards.end(), "data_loss") != s.hazards.end()) return true;
  }
  return false;
}

Plan Plan::Reverse() const {
  Plan r;
  for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
    Step s = *it;
    std::swap(s.sql, s.reverse_sql);
    std::swap(s.hazards, s.reverse_hazards);
    if (s.sql.empty()) s.hazards.push_back("irreversible");
    std::erase(s.reverse_hazards, std::string("irreversible"));
    s.kind = "revert_" + s.kind;
    s.phase = -s.phase;
    r.steps.push_back(std::move(s));
  }
  r.warnings = reverse_warnings;
  r.reverse_warnings = warnings;
  return r;
}

namespace {

// "this plan drops every table of schema s" for each schema whose tables `from` has and `to`
// has none of.
std::vector<std::string> WipeWarnings(const Schema& from, const Schema& to) {
  std::map<std::string, std::vector<std::string>> dropped;
  std::set<std::string> kept;
  for (const auto& [name, t] : to.tables) kept.insert(name.schema);
  for (const auto& [name, t] : from.tables) {
    if (!kept.count(name.schema)) dropped[name.schema].push_back(name.name);
  }
  std::vector<std::string> out;
  for (const auto& [schema, tables] : dropped) {
    std::vector<std::string> shown(tables.begin(), tables.begin() + std::min<size_t>(tables.size(), 5));
    out.push_back("this plan drops every table of schema " + QuoteIdent(schema) + " (" + std::to_string(tables.size()) +
                  " table(s): " + Join(shown, ", ") + (tables.size() > shown.size() ? ", ..." : "") +
                  "); if that is not what you meant, check the --desired path");
  }
  return out;
}

}  // namespace

Result<Plan> BuildPlan(const Schema& live, const Schema& desired, const PlanOptions& options) {
  diff::Differ d(live, desired, options);
  std::vector<Step> steps;
  TRY_ASSIGN(steps, d.Run());
  // Stable: within a phase the differ's order holds (views come in dependency order).
  std::stable_sort(steps.begin(), steps.end(), [](const Step& a, const Step& b) { return a.phase < b.phase; });
  Plan p;
  p.steps = std::move(steps);
  p.warnings = WipeWarnings(live, desired);
  p.reverse_warnings = WipeWarnings(desired, live);
  return p;
}

}  // namespace schemasync
