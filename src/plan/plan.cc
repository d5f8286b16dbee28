// Orders the differ's steps into a plan; the inverse plan.
#include "schemasync/plan.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "schemasync/timing.h"
#include "util/quote.h"

#include "diff/differ.h"
#include "diff/renames.h"
#include "plan/graph.h"
#include "plan/hazards.h"

namespace schemasync {

bool Plan::destructive() const {
  for (const auto& s : steps) {
    if (std::find(s.hazards.begin(), s.hazards.end(), Name(Hazard::kDataLoss)) != s.hazards.end()) return true;
  }
  return false;
}

Plan Plan::Reverse() const {
  // The same graph with every edge turned around; ties go to the later forward step, so a plan
  // without edges comes back in mirror order (and so does any forward order: it is one).
  const int n = static_cast<int>(steps.size());
  std::vector<std::pair<int, int>> edges;
  std::vector<std::vector<int>> dependents(n);
  for (int j = 0; j < n; ++j) {
    for (int i : steps[j].depends_on) {
      if (i >= 0 && i < n && i != j) {
        edges.push_back({j, i});
        dependents[i].push_back(j);
      }
    }
  }
  std::vector<int> rank(n);
  for (int i = 0; i < n; ++i) rank[i] = n - 1 - i;
  auto order = plan::TopologicalOrder(n, edges, rank, [&](int i) { return steps[i].kind + " " + steps[i].object; });
  std::vector<int> sequence;
  if (order.ok()) {
    sequence = order.value();
  } else {  // edges from a hand-edited plan file that form a cycle: mirror order
    for (int i = n - 1; i >= 0; --i) sequence.push_back(i);
  }
  // Steps with nothing to reverse are left out; what waited for them waits for what they
  // waited for (their dependents in the forward plan, transitively).
  std::vector<int> position(n, -1);
  int kept = 0;
  for (int i : sequence) {
    if (!steps[i].nothing_to_reverse) position[i] = kept++;
  }
  std::vector<std::set<int>> after(n);  // reverse-plan positions each step follows
  std::vector<bool> done(n, false);
  std::function<const std::set<int>&(int)> predecessors = [&](int i) -> const std::set<int>& {
    if (done[i]) return after[i];
    done[i] = true;
    for (int j : dependents[i]) {
      if (position[j] >= 0) {
        after[i].insert(position[j]);
      } else {
        const auto& via = predecessors(j);
        after[i].insert(via.begin(), via.end());
      }
    }
    return after[i];
  };
  Plan r;
  for (int i : sequence) {
    if (position[i] < 0) continue;
    Step s = steps[i];
    std::swap(s.sql, s.reverse_sql);
    std::swap(s.hazards, s.reverse_hazards);
    std::swap(s.lock, s.reverse_lock);
    if (s.sql.empty()) s.hazards.emplace_back(Name(Hazard::kIrreversible));
    std::erase(s.reverse_hazards, std::string(Name(Hazard::kIrreversible)));
    s.kind = "revert_" + s.kind;
    s.before_transaction = !s.transactional && !steps[i].before_transaction;
    const auto& follows = predecessors(i);
    s.depends_on.assign(follows.begin(), follows.end());
    r.steps.push_back(std::move(s));
  }
  r.warnings = reverse_warnings;
  r.reverse_warnings = warnings;
  r.changes = ReverseChanges(changes);
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

Result<Plan> BuildPlan(const Schema& original, const Schema& desired, const PlanOptions& options) {
  // Renames the desired SQL annotates run first; the differ compares the live schema as they
  // leave it (diff/renames.h).
  std::optional<diff::Renamed> renamed;
  TRY_ASSIGN(renamed, diff::PendingRenames(original, desired));
  const Schema& live = renamed ? renamed->live : original;
  diff::Differ d(live, desired, options);
  std::vector<Step> steps;
  {
    timing::Scope phase(timing::Phase::kDiff);
    TRY_ASSIGN(steps, d.Run());
    if (renamed) steps.insert(steps.begin(), renamed->steps.begin(), renamed->steps.end());
  }
  {
    timing::Scope phase(timing::Phase::kPlan);
    TRY_ASSIGN(steps, plan::OrderSteps(std::move(steps)));
    plan::AssessHazards(steps, live, desired);
  }
  Plan p;
  p.steps = std::move(steps);
  p.changes = DescribeChanges(p.steps, live, desired);
  p.warnings = WipeWarnings(live, desired);
  p.reverse_warnings = WipeWarnings(desired, live);
  if (renamed) p.warnings.insert(p.warnings.end(), renamed->warnings.begin(), renamed->warnings.end());
  for (auto& hint : diff::RenameHints(live, desired)) p.warnings.push_back(std::move(hint));
  if (!live.unmanaged.empty()) {
    const auto& u = live.unmanaged;
    std::vector<std::string> shown(u.begin(), u.begin() + std::min<size_t>(u.size(), 5));
    p.warnings.push_back("the database holds " + std::to_string(u.size()) +
                         " object(s) of kinds schemasync does not manage yet, which it neither compares nor changes: " +
                         Join(shown, ", ") + (u.size() > shown.size() ? ", ..." : "") +
                         "; keep them in hand-written migrations");
  }
  return p;
}

}  // namespace schemasync
