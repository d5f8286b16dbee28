// Dependency graph and topological order of plan steps (graph.h).
#include "plan/graph.h"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <queue>
#include <set>
#include <string>
#include <tuple>

namespace schemasync::plan {
namespace {

using NameKey = std::tuple<char, std::string, std::string>;  // group, schema, name

NameKey KeyOf(const ObjectRef& r) { return {r.Group(), r.schema, r.name}; }

bool Ancestor(const ObjectRef& a, const ObjectRef& of) {
  for (auto p = of.Parent(); p; p = p->Parent()) {
    if (*p == a) return true;
  }
  return false;
}

enum class Match { kNone, kExact, kAncestor, kMember };

// How a step on `target` relates to reference `r`: the object itself, an ancestor of it, or a
// member of it (any overload or constraint when `r` names none; a column of a relation).
Match MatchOf(const ObjectRef& target, const ObjectRef& r) {
  if (target == r) return Match::kExact;
  if (Ancestor(target, r)) return Match::kAncestor;
  if (target.Group() == r.Group() && target.schema == r.schema && target.name == r.name && r.sub.empty()) {
    return Match::kMember;
  }
  if (r.IsRelationLike() && target.kind == ObjectKind::kColumn && target.schema == r.schema && target.name == r.name) {
    return Match::kMember;
  }
  return Match::kNone;
}

class StepIndex {
 public:
  explicit StepIndex(const std::vector<Step>& steps) : steps_(steps) {
    for (int i = 0; i < static_cast<int>(steps.size()); ++i) by_name_[KeyOf(steps[i].target)].push_back(i);
  }
  // Steps whose target relates to `r`, with how (MatchOf).
  template <typename F>
  void ForEachMatch(const ObjectRef& r, const F& f) const {
    std::set<NameKey> keys = {KeyOf(r)};
    for (auto p = r.Parent(); p; p = p->Parent()) keys.insert(KeyOf(*p));
    if (r.IsRelationLike()) keys.insert({'a', r.schema, r.name});
    for (const auto& k : keys) {
      auto it = by_name_.find(k);
      if (it == by_name_.end()) continue;
      for (int i : it->second) {
        Match m = MatchOf(steps_[i].target, r);
        if (m != Match::kNone) f(i, m);
      }
    }
  }
  const std::vector<int>* Same(const ObjectRef& r) const {
    auto it = by_name_.find(KeyOf(r));
    return it == by_name_.end() ? nullptr : &it->second;
  }

 private:
  const std::vector<Step>& steps_;
  std::map<NameKey, std::vector<int>> by_name_;
};

// Whether `d` displaces what `s` depends on (not `s`'s own target: the alterations of one
// object keep the differ's order).
bool Displaces(const Step& d, const Step& s) { return d.displaces && !s.displaces && !(d.target == s.target); }

}  // namespace

EdgeSet Edges(const std::vector<Step>& steps) {
  const int n = static_cast<int>(steps.size());
  StepIndex index(steps);
  std::set<ObjectRef> created, dropped;
  for (const auto& s : steps) {
    if (s.action == Action::kCreate) created.insert(s.target);
    if (s.action == Action::kDrop) dropped.insert(s.target);
  }
  auto action = [&](const Step& s) {
    if (s.action == Action::kAlter && dropped.count(s.target) && !created.count(s.target)) return Action::kRetire;
    return s.action;
  };
  std::set<std::pair<int, int>> edges, soft;
  bool adding_soft = false;
  auto add = [&](int a, int b) {
    if (a != b) (adding_soft ? soft : edges).insert({a, b});
  };
  for (int j = 0; j < n; ++j) {
    const Step& s = steps[j];
    Action act = action(s);
    // Explicit references: after whatever makes the object as it will be (its creation, an
    // ancestor's, its alterations, any change to its members); before whatever changes or
    // removes the object as it is.
    auto after = [&](const ObjectRef& r, bool final_state) {
      index.ForEachMatch(r, [&](int i, Match m) {
        Action a = action(steps[i]);
        if (a == Action::kCreate || Displaces(steps[i], s) || (a == Action::kDrop && m == Match::kMember) ||
            (final_state && a == Action::kAlter && m != Match::kAncestor)) {
          add(i, j);
        }
      });
    };
    auto before = [&](const ObjectRef& r, bool initial_state) {
      index.ForEachMatch(r, [&](int i, Match m) {
        Action a = action(steps[i]);
        if (a == Action::kDrop || Displaces(steps[i], s) || (a == Action::kCreate && m == Match::kMember) ||
            (initial_state && (a == Action::kAlter || a == Action::kRetire) && m != Match::kAncestor)) {
          add(j, i);
        }
      });
    };
    for (const auto& r : s.after_drops) {
      index.ForEachMatch(r, [&](int i, Match m) {
        if (steps[i].action == Action::kDrop && m != Match::kAncestor) add(i, j);
      });
    }
    adding_soft = true;
    for (const auto& r : s.needs_soft) after(r, false);
    adding_soft = false;
    for (const auto& r : s.needs) after(r, false);
    for (const auto& r : s.needs_final) after(r, true);
    for (const auto& r : s.releases) before(r, false);
    for (const auto& r : s.releases_initial) before(r, true);
    // Implicit: a creation after its parent's, an alteration after its target's creation, a
    // drop before its parent's, a retirement before its target's drop.
    std::optional<ObjectRef> need, release;
    if (act == Action::kCreate) need = s.target.Parent();
    if (act == Action::kAlter) need = s.target;
    if (act == Action::kDrop) release = s.target.Parent();
    if (act == Action::kRetire) release = s.target;
    if (need) {
      index.ForEachMatch(*need, [&](int i, Match m) {
        if (steps[i].action == Action::kCreate && m != Match::kMember) add(i, j);
      });
    }
    if (release) {
      index.ForEachMatch(*release, [&](int i, Match m) {
        if (steps[i].action == Action::kDrop && m != Match::kMember) add(j, i);
      });
    }
    // One object: drops before creates; alterations in the differ's order.
    if (const auto* same = index.Same(s.target)) {
      for (int i : *same) {
        if (i >= j || !(steps[i].target == s.target)) continue;
        Action a = action(steps[i]);
        if (a == Action::kDrop && act == Action::kCreate) add(i, j);
        if (a == Action::kCreate && act == Action::kDrop) add(j, i);
        bool ai = a == Action::kAlter || a == Action::kRetire, aj = act == Action::kAlter || act == Action::kRetire;
        if (ai && aj) add(i, j);
      }
    }
  }
  // Retired names (a rename's old one): what releases the object under that name goes first.
  for (int i = 0; i < n; ++i) {
    for (const auto& gone : steps[i].retires) {
      for (int j = 0; j < n; ++j) {
        for (const auto* list : {&steps[j].releases, &steps[j].releases_initial}) {
          for (const auto& r : *list) {
            if (MatchOf(gone, r) != Match::kNone) add(j, i);
          }
        }
      }
    }
  }
  // Relation names: a drop freeing a name before a creation taking it (an index dropped, a
  // primary key of its name added).
  std::map<ObjectRef, std::vector<int>> freed;
  for (int i = 0; i < n; ++i) {
    if (steps[i].action != Action::kDrop) continue;
    for (const auto& name : steps[i].names) freed[name].push_back(i);
    if (steps[i].target.IsRelationLike()) freed[ObjectRef::Of(ObjectKind::kTable, steps[i].target.schema, steps[i].target.name)].push_back(i);
  }
  for (int j = 0; j < n; ++j) {
    if (steps[j].action != Action::kCreate) continue;
    std::vector<ObjectRef> taken = steps[j].names;
    if (steps[j].target.IsRelationLike()) taken.push_back(ObjectRef::Of(ObjectKind::kTable, steps[j].target.schema, steps[j].target.name));
    for (const auto& name : taken) {
      auto it = freed.find(name);
      if (it == freed.end()) continue;
      for (int i : it->second) add(i, j);
    }
  }
  EdgeSet out;
  out.hard.assign(edges.begin(), edges.end());
  for (const auto& e : soft) {
    if (!edges.count(e)) out.soft.push_back(e);
  }
  return out;
}

Result<std::vector<int>> TopologicalOrder(int n, const std::vector<std::pair<int, int>>& edges,
                                          const std::vector<int>& rank,
                                          const std::function<std::string(int)>& name) {
  std::vector<std::vector<int>> out(n);
  std::vector<int> indegree(n, 0);
  for (const auto& [a, b] : edges) {
    out[a].push_back(b);
    ++indegree[b];
  }
  using Item = std::pair<int, int>;  // rank, index
  std::priority_queue<Item, std::vector<Item>, std::greater<Item>> ready;
  for (int i = 0; i < n; ++i) {
    if (indegree[i] == 0) ready.push({rank[i], i});
  }
  std::vector<int> order;
  order.reserve(n);
  while (!ready.empty()) {
    int i = ready.top().second;
    ready.pop();
    order.push_back(i);
    for (int j : out[i]) {
      if (--indegree[j] == 0) ready.push({rank[j], j});
    }
  }
  if (static_cast<int>(order.size()) == n) return order;
  // A cycle: walk back along unfinished predecessors until a node repeats.
  std::vector<std::vector<int>> in(n);
  for (const auto& [a, b] : edges) {
    if (indegree[a] > 0 && indegree[b] > 0) in[b].push_back(a);
  }
  int start = 0;
  while (indegree[start] == 0) ++start;
  std::vector<int> path;
  std::map<int, size_t> at;
  int cur = start;
  while (!at.count(cur)) {
    at[cur] = path.size();
    path.push_back(cur);
    cur = in[cur].front();
  }
  std::vector<std::string> names;
  for (size_t k = path.size(); k-- > at[cur];) names.push_back(name(path[k]));
  names.push_back(name(path.back()));
  std::string msg = "the plan's steps depend on one another in a cycle, which no order can satisfy: ";
  for (size_t k = 0; k < names.size(); ++k) msg += (k ? " -> " : "") + names[k];
  return MakeError(ErrorKind::kPlan, msg + "; break it in the desired SQL (e.g. create one of them without the reference and add it with ALTER afterwards)");
}

Result<std::vector<Step>> OrderSteps(std::vector<Step> steps) {
  const int n = static_cast<int>(steps.size());
  EdgeSet set = Edges(steps);
  std::vector<int> rank(n);
  for (int i = 0; i < n; ++i) rank[i] = steps[i].before_transaction ? 0 : steps[i].transactional && !steps[i].own_transaction ? 1 : 2;
  auto name = [&](int i) { return steps[i].kind + " " + steps[i].object; };
  std::vector<std::pair<int, int>> edges = set.hard;
  edges.insert(edges.end(), set.soft.begin(), set.soft.end());
  auto sorted = TopologicalOrder(n, edges, rank, name);
  if (!sorted.ok()) {
    // A cycle: without the soft edges (a function body naming what uses the function), or it
    // is one no order satisfies.
    edges = set.hard;
    sorted = TopologicalOrder(n, edges, rank, name);
  }
  if (!sorted.ok()) return sorted.error();
  std::vector<int> order = std::move(sorted.value());
  std::vector<int> position(n);
  for (int k = 0; k < n; ++k) position[order[k]] = k;
  std::vector<Step> out;
  out.reserve(n);
  for (int i : order) out.push_back(std::move(steps[i]));
  for (const auto& [a, b] : edges) out[position[b]].depends_on.push_back(position[a]);
  for (auto& s : out) std::sort(s.depends_on.begin(), s.depends_on.end());
  return out;
}

}  // namespace schemasync::plan
