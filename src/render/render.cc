// Rendering of plans (see render.h).
#include "schemasync/render.h"

#include "schemasync/plan_file.h"
#include "util/quote.h"

namespace schemasync {
namespace {

// The script runs as apply does: each run of transactional steps inside BEGIN ... COMMIT (so
// `psql -v ON_ERROR_STOP=1 -f` stops with nothing of it applied), the steps PostgreSQL refuses in
// a transaction block (ALTER TYPE ... ADD VALUE, CREATE INDEX CONCURRENTLY) outside it, an
// online change's second half (VALIDATE CONSTRAINT) in a transaction of its own, in order.
std::string RenderSql(const Plan& plan, bool reverse) {
  std::string out;
  if (plan.empty()) return "-- schemasync: no changes\n";
  out += std::string("-- schemasync ") + (reverse ? "reverse plan" : "plan") + ": " +
         std::to_string(plan.steps.size()) + " step(s)\n";
  for (const auto& w : plan.warnings) out += "-- WARNING: " + w + "\n";
  bool irreversible = false;
  for (const auto& s : plan.steps) irreversible |= s.reverse_sql.empty() && !s.nothing_to_reverse;
  if (irreversible) out += "-- WARNING: some steps cannot be undone automatically (marked irreversible)\n";
  bool in_transaction = false;
  int i = 0;
  for (const auto& s : plan.steps) {
    if (in_transaction && (!s.transactional || s.own_transaction)) {
      out += "\nCOMMIT;\n";
      in_transaction = false;
    }
    if (s.transactional && !in_transaction) {
      out += "\nBEGIN;\n";
      in_transaction = true;
    }
    out += "\n-- step " + std::to_string(++i) + ": " + s.kind + " " + s.object;
    if (!s.hazards.empty()) out += " [hazards: " + Join(s.hazards, ", ") + "]";
    if (!s.transactional) out += " [outside transaction]";
    out += "\n";
    if (!s.lock.empty()) out += "-- takes " + s.lock + "\n";
    if (s.sql.empty()) {
      out += "-- (no statement: this step cannot be reversed)\n";
    } else {
      out += s.sql + "\n";
    }
    if (s.own_transaction) {
      out += "\nCOMMIT;\n";
      in_transaction = false;
    }
  }
  if (in_transaction) out += "\nCOMMIT;\n";
  return out;
}

// The JSON form is the plan file format (plan_file.h), so that what a pipeline reads from
// `plan --format json` is what `apply --plan` takes.
std::string RenderJson(const Plan& plan) {
  PlanFile f;
  f.plan = plan;
  return EncodePlanFile(f);
}

std::string RenderText(const Plan& plan, bool reverse) {
  if (plan.empty()) return "No changes: the live schema matches the desired one.\n";
  std::string out = std::string(reverse ? "Reverse plan" : "Plan") + ": " + std::to_string(plan.steps.size()) + " change(s)\n";
  for (const auto& w : plan.warnings) out += "WARNING: " + w + "\n";
  std::string hazards;
  for (const auto& s : plan.steps) {
    if (s.hazards.empty()) continue;
    hazards += "  ! " + s.object + ": " + s.kind + " (" + Join(s.hazards, ", ") + ")\n";
    if (!s.lock.empty()) hazards += "      takes " + s.lock + "\n";
  }
  if (!hazards.empty()) out += "\nHazards:\n" + hazards;
  // How apply commits it (apply.cc): each run of transactional steps, each step of a
  // transaction of its own, each step outside one.
  int commits = 0;
  bool in_run = false;
  for (const auto& s : plan.steps) {
    const bool joins = s.transactional && !s.own_transaction && in_run;
    if (!joins) ++commits;
    in_run = s.transactional && !s.own_transaction;
  }
  if (commits > 1) {
    out += "\nCommits " + std::to_string(commits) + " times: a failure part-way leaves what was committed applied "
           "(apply lists it and resumes on the next run); --no-online plans one transaction where it can.\n";
  }
  out += "\nChanges:\n";
  for (const auto& s : plan.steps) out += "  " + s.kind + "  " + s.object + "\n";
  return out;
}

}  // namespace

std::string Render(const Plan& plan, Format format, bool reverse) {
  switch (format) {
    case Format::kJson: return RenderJson(plan);
    case Format::kText: return RenderText(plan, reverse);
    case Format::kSql: break;
  }
  return RenderSql(plan, reverse);
}

}  // namespace schemasync
