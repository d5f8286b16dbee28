// The change plan: an ordered list of steps, each carrying its own inverse.
#pragma once

#include <string>
#include <vector>

#include "schemasync/model.h"
#include "schemasync/result.h"

namespace schemasync {

// Ordering classes. A step runs after every step of a lower phase; within a phase, in the order
// the differ produced (views: dependency order). The reverse plan is the forward plan reversed,
// each step replaced by its inverse: every forward phase order is a dependency order, so its
// mirror is one for the inverse operations.
enum Phase : int {
  kBeforeTransaction = -10,      // ALTER TYPE ... ADD VALUE: committed before later steps use it
  kCreateSchema = 0,
  kCreateExtension = 10,
  kCreateType = 20,
  kCreateSequence = 22,          // before tables: defaults read them
  kDropFunctionForReplace = 24,  // a changed interface: CREATE OR REPLACE cannot, so drop first
  kCreateFunction = 25,          // before tables: defaults and checks may call them
  kDropTrigger = 28,
  kRevoke = 29,
  kDropView = 30,
  kDropPolicy = 40,
  kDropForeignKey = 50,
  kDropConstraint = 60,
  kDropIndex = 70,
  kCreateTable = 80,
  kAlterColumn = 90,
  kAddConstraint = 100,
  kSequenceOwner = 105,          // OWNED BY needs the column
  kCreateIndex = 110,
  kAddForeignKey = 120,
  kRowSecurity = 130,
  kCreatePolicy = 140,
  kDropTable = 145,
  kDropFunction = 147,
  kDropSequence = 148,           // after the defaults that read it are gone    // before views: a view may take the name of a dropped table
  kCreateView = 150,
  kCreateTrigger = 155,          // after views: INSTEAD OF triggers sit on views
  kComment = 160,
  kGrant = 165,
  kOutsideTransaction = 300,     // CREATE INDEX CONCURRENTLY: after the transaction commits
  kDropType = 180,
  kDropExtension = 190,
  kDropSchema = 200,
};

struct Step {
  std::string sql;                    // forward statement(s), ';'-terminated
  std::string reverse_sql;            // the inverse; empty when irreversible
  std::string object;                 // "table public.users"
  std::string kind;                   // "create_table", "add_column", ...
  std::vector<std::string> hazards;   // "data_loss", "irreversible", "table_rewrite", ...
  std::vector<std::string> reverse_hazards;  // what running reverse_sql risks
  bool transactional = true;
  int phase = 0;
  bool operator==(const Step&) const = default;
};

struct Plan {
  std::vector<Step> steps;
  // About the plan as a whole, shown before it in every format: e.g. it drops every table of a
  // schema (an emptied desired file is a legitimate state, a wrong path usually is not).
  std::vector<std::string> warnings;
  std::vector<std::string> reverse_warnings;  // the same for Reverse()
  bool empty() const { return steps.empty(); }
  // A step with a hazard that needs --allow-destructive (data_loss).
  bool destructive() const;
  // The inverse plan: reversed order, reverse_sql as sql.
  Plan Reverse() const;
};

struct PlanOptions {
  // Build new indexes on existing tables with CREATE INDEX CONCURRENTLY (no write lock on the
  // table; runs outside the transaction, after it).
  bool concurrent_indexes = true;
};

// Diffs live against desired and orders the result. Errors when a change cannot be expressed
// (e.g. removing an enum value in place).
Result<Plan> BuildPlan(const Schema& live, const Schema& desired, const PlanOptions& options = {});

}  // namespace schemasync
