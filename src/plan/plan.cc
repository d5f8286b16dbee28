// Orders the differ's steps into a plan; the inverse plan.
#include "schemasync/plan.h"

#include <algorithm>

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
  return r;
}

Result<Plan> BuildPlan(const Schema& live, const Schema& desired, const PlanOptions& options) {
  diff::Differ d(live, desired, options);
  std::vector<Step> steps;
  TRY_ASSIGN(steps, d.Run());
  // Stable: within a phase the differ's order holds (views come in dependency order).
  std::stable_sort(steps.begin(), steps.end(), [](const Step& a, const Step& b) { return a.phase < b.phase; });
  Plan p;
  p.steps = std::move(steps);
  return p;
}

}  // namespace schemasync
