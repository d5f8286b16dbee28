// The change plan: an ordered list of steps, each carrying its own inverse.
#pragma once

#include <string>
#include <vector>

#include "schemasync/model.h"
#include "schemasync/object_ref.h"
#include "schemasync/result.h"
#include "schemasync/step_kind.h"

namespace schemasync {

// What a step does to its target, which decides its implicit edges (plan/graph.h):
enum class Action : unsigned char {
  kCreate,   // makes the target: after its parent exists; after a drop of the same name
  kDrop,     // removes the target: before its parent goes
  kAlter,    // changes the target as it will be: after it is created
  kRetire,   // acts on the live target before it goes (a revoke before a rebuild): before its drop
};

struct Step {
  std::string sql;                    // forward statement(s), ';'-terminated
  std::string reverse_sql;            // the inverse; empty when irreversible
  std::string object;                 // "table public.users"
  std::string kind;                   // Name(StepKind): "create_table", ...; "revert_" + it in a reverse plan
  std::vector<std::string> hazards;   // Name(Hazard): "data_loss", "irreversible", "table_rewrite", ...
  std::vector<std::string> reverse_hazards;  // what running reverse_sql risks
  // On a relation the database already has: the strongest lock the step takes and what it holds
  // it for ("ACCESS EXCLUSIVE on public.users for a scan of its rows"); "" when none worth
  // telling (plan/hazards.h).
  std::string lock;
  std::string reverse_lock;  // the same of reverse_sql, run on the desired schema (revert)
  bool transactional = true;
  // A non-transactional step that runs before the transaction (ALTER TYPE ... ADD VALUE: later
  // steps use the value, which only a committed ADD VALUE allows); the others run after it.
  bool before_transaction = false;
  // A transactional step that runs in a transaction of its own, once the steps before it have
  // committed: an online change's second half (VALIDATE CONSTRAINT scans under a lock that lets
  // writes through, which it would not if the locks of the steps before were still held).
  bool own_transaction = false;
  // Its inverse is nothing to do within the reverse plan (VALIDATE CONSTRAINT of a constraint
  // the plan adds: the reverse plan drops it). Reverse() leaves the step out, its edges kept.
  bool nothing_to_reverse = false;
  // Ordering (plan/graph.h): the object acted on, what it does, and beyond the implicit edges
  // of `action`: what must exist before it (`needs`), and be in its final state, after every
  // alteration (`needs_final`: a primary key's columns after SET NOT NULL); what the live
  // object used, which must not be dropped before it (`releases`), nor altered
  // (`releases_initial`). `displaces`: the target changes in a way its dependents block (ALTER
  // COLUMN TYPE): whatever gives the target up comes before, whatever needs it after. Not kept
  // in plan files: `depends_on` carries the result.
  ObjectRef target;
  Action action = Action::kAlter;
  std::vector<ObjectRef> needs, needs_final;
  // Preferred, not required: dropped where they would close a cycle (what a SQL function's
  // string body names: PostgreSQL creates the function without it).
  std::vector<ObjectRef> needs_soft;
  std::vector<ObjectRef> releases, releases_initial;
  bool displaces = false;
  // Objects whose drops, when the plan drops them, come first (a partition detached after its
  // parent's foreign keys go: detached, it would keep copies of them as its own).
  std::vector<ObjectRef> after_drops;
  // Names in a schema's relation namespace this step takes (a creation) or frees (a drop)
  // beyond its target's own: an index, the index of a key constraint. A name is freed before it
  // is taken again.
  std::vector<ObjectRef> names;
  // Objects this step takes away under their name without dropping them (a rename's old name):
  // whatever releases them runs first (and, in the reverse plan, after the name is back).
  std::vector<ObjectRef> retires;
  // Indices of earlier steps of the plan this one must follow (the graph's edges, kept in plan
  // files so that the reverse plan is ordered by the same graph).
  std::vector<int> depends_on;
  bool operator==(const Step& o) const {
    return sql == o.sql && reverse_sql == o.reverse_sql && object == o.object && kind == o.kind &&
           hazards == o.hazards && reverse_hazards == o.reverse_hazards && transactional == o.transactional &&
           before_transaction == o.before_transaction && own_transaction == o.own_transaction &&
           nothing_to_reverse == o.nothing_to_reverse && depends_on == o.depends_on;
  }
};

// What the plan changes, object by object, for people (text, markdown) and pipelines (JSON):
// `kind` create, drop or alter; for an alteration each attribute that differs with its live
// (`old_value`) and desired (`new_value`) value as each side spells it ("" for none):
// {"default", "now()", "clock_timestamp()"}, {"privileges of app_reader", "SELECT", "INSERT,
// SELECT"}, {"definition", <function text>, <function text>}. Compared by their normalized
// keys, so a respelling alone is no change. `steps`: the kinds of the steps acting on it.
struct AttributeChange {
  std::string name, old_value, new_value;
  bool operator==(const AttributeChange&) const = default;
};
struct Change {
  std::string object;  // as Step::object
  std::string kind;    // "create", "drop", "alter"
  std::vector<AttributeChange> attributes;
  std::vector<std::string> steps;
  bool operator==(const Change&) const = default;
};
// The changes the steps make (in the order of each object's first step), live against desired.
std::vector<Change> DescribeChanges(const std::vector<Step>& steps, const Schema& live, const Schema& desired);
// The same seen from the other side (Plan::Reverse).
std::vector<Change> ReverseChanges(const std::vector<Change>& changes);
// A unified diff (dtl) of two texts, line by line: "@@ -1,3 +1,3 @@", " same", "-old", "+new".
std::vector<std::string> UnifiedDiff(const std::string& old_text, const std::string& new_text);

struct Plan {
  std::vector<Step> steps;
  std::vector<Change> changes;  // DescribeChanges of the steps
  // About the plan as a whole, shown before it in every format: e.g. it drops every table of a
  // schema (an emptied desired file is a legitimate state, a wrong path usually is not).
  std::vector<std::string> warnings;
  std::vector<std::string> reverse_warnings;  // the same for Reverse()
  bool empty() const { return steps.empty(); }
  // A step with a hazard that needs --allow-destructive (data_loss).
  bool destructive() const;
  // The inverse plan: reverse_sql as sql, ordered by the same graph with every edge turned
  // around (a step runs after the inverses of the steps that depended on it).
  Plan Reverse() const;
};

struct PlanOptions {
  // Build new indexes on existing tables with CREATE INDEX CONCURRENTLY (no write lock on the
  // table; runs outside the transaction, after it).
  bool concurrent_indexes = true;
  // Change tables that already exist without holding a lock that blocks writes while rows are
  // scanned or indexes built (diff/online.cc): foreign keys and CHECKs added NOT VALID and
  // validated in a transaction of their own, SET NOT NULL through a validated CHECK, keys
  // from an index built concurrently, a changed index built beside the old one and swapped,
  // indexes dropped concurrently. Off (--no-online): one transaction, the plain statements.
  bool online = true;
  // Compare and change object owners (ALTER ... OWNER TO). Off: owners are neither read into
  // the comparison nor changed; objects the plan creates belong to the role applying it.
  bool manage_owners = false;
  // Fingerprint both sides (PlanDatabase's Planned): what a plan file is checked by. A plan only
  // shown, and drift, need none: at 10,000 tables they were a tenth of the client's time.
  bool fingerprints = true;
};

// Diffs live against desired and orders the result. Errors when a change cannot be expressed
// (e.g. removing an enum value in place).
Result<Plan> BuildPlan(const Schema& live, const Schema& desired, const PlanOptions& options = {});

}  // namespace schemasync
