// The planner's dependency graph: edges between plan steps derived from what each step acts on
// (Step::target, Step::action) and what it needs and gives up (Step::needs, Step::releases),
// and a deterministic topological order. Kind-agnostic: no rule here names an object kind.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "schemasync/plan.h"
#include "schemasync/result.h"

namespace schemasync::plan {

// Edges (i, j): step i must run before step j. The rules, for steps in emission order:
//  - a step runs after the creation of everything it needs: its explicit `needs`, the parent of
//    what it creates, the target it alters. A need is met by the creation of the object itself,
//    of an ancestor (CREATE TABLE makes its columns and constraints; CREATE SCHEMA what is in
//    it), of any overload or member when the need names none, and, for a relation, of its
//    columns (a view reading a column added in the same plan);
//  - a step runs before the drop of everything it releases: its explicit `releases`, the parent
//    of what it drops, the target it retires; matched the same way;
//  - a step that `displaces` its target runs after the steps releasing it and before the steps
//    needing it (dependents go around an ALTER COLUMN TYPE);
//  - for one object: drops before creates (a replacement, or a name reused by another relation
//    kind), and the alterations in the order the differ wrote them.
// An alteration of an object the plan drops and does not create again is a retirement.
// `soft`: from Step::needs_soft, dropped when the graph has a cycle with them.
struct EdgeSet {
  std::vector<std::pair<int, int>> hard, soft;
};
EdgeSet Edges(const std::vector<Step>& steps);

// A topological order of `n` nodes: among the nodes ready, the one with the smallest
// `rank` (then index) first, so the same input always gives the same plan. A cycle is an
// error naming the nodes on it (`name`).
Result<std::vector<int>> TopologicalOrder(int n, const std::vector<std::pair<int, int>>& edges,
                                          const std::vector<int>& rank,
                                          const std::function<std::string(int)>& name);

// The steps in graph order, each with `depends_on` set (indices in the result).
Result<std::vector<Step>> OrderSteps(std::vector<Step> steps);

}  // namespace schemasync::plan
