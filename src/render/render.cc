// Rendering of plans (see render.h).
#include "schemasync/render.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

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

// How many times apply commits the plan (apply.cc): each run of transactional steps, each step
// of a transaction of its own, each step outside one.
int Commits(const Plan& plan) {
  int commits = 0;
  bool in_run = false;
  for (const auto& s : plan.steps) {
    const bool joins = s.transactional && !s.own_transaction && in_run;
    if (!joins) ++commits;
    in_run = s.transactional && !s.own_transaction;
  }
  return commits;
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
  const int commits = Commits(plan);
  if (commits > 1) {
    out += "\nCommits " + std::to_string(commits) + " times: a failure part-way leaves what was committed applied "
           "(apply lists it and resumes on the next run); --no-online plans one transaction where it can.\n";
  }
  out += "\nChanges:\n";
  for (const auto& s : plan.steps) out += "  " + s.kind + "  " + s.object + "\n";
  return out;
}

// Text in a markdown table cell: HTML-escaped (names may hold <, >, &), a pipe escaped (it would
// end the cell, GFM), newlines as spaces.
std::string Cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '|': out += "\\|"; break;
      case '\n': out += ' '; break;
      default:
        // Other markdown punctuation, escaped by a backslash (CommonMark: any ASCII punctuation).
        if (c == '\\' || c == '`' || c == '*' || c == '_' || c == '[' || c == ']') out += '\\';
        out += c;
    }
  }
  return out;
}

// A name or kind in a cell, as code: nothing inside is markdown but a pipe, which GFM lets a
// backslash escape even there. A name holding a backtick is written as plain text instead.
std::string Code(const std::string& text) {
  if (text.find('`') != std::string::npos || text.find('\n') != std::string::npos) return Cell(text);
  std::string out = "`";
  for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out + "`";
}

// A pull-request comment: what changes and what it risks at a glance, the hazards first, the
// SQL as apply runs it folded away. GitHub's markdown: tables, <details>.
std::string RenderMarkdown(const Plan& plan, bool reverse) {
  const std::string title = reverse ? "schemasync reverse plan" : "schemasync plan";
  if (plan.empty()) return "### " + title + ": no changes\n\nThe live schema matches the desired one.\n";
  std::map<std::string, int> kinds, hazard_counts;
  int risky = 0;
  for (const auto& s : plan.steps) {
    ++kinds[s.kind];
    risky += !s.hazards.empty();
    for (const auto& h : s.hazards) ++hazard_counts[h];
  }
  std::string out = "### " + title + ": " + std::to_string(plan.steps.size()) + " change(s)\n\n";
  for (const auto& w : plan.warnings) out += "> **Warning:** " + Cell(w) + "\n\n";
  std::vector<std::string> by_kind, by_hazard;
  for (const auto& [k, n] : kinds) by_kind.push_back(Code(k) + " " + std::to_string(n));
  for (const auto& [h, n] : hazard_counts) by_hazard.push_back((h == "data_loss" ? "**" + Code(h) + "**" : Code(h)) + " " + std::to_string(n));
  out += "| | |\n|---|---|\n";
  out += "| Changes | " + Join(by_kind, ", ") + " |\n";
  out += "| Hazards | " + (risky ? std::to_string(risky) + " step(s): " + Join(by_hazard, ", ") : std::string("none")) + " |\n";
  out += std::string("| Needs `--allow-destructive` | ") + (plan.destructive() ? "**yes**" : "no") + " |\n";
  out += "| Transactions | " + std::to_string(Commits(plan)) + (Commits(plan) > 1 ? " (online: what commits first stays if a later part fails)" : "") + " |\n\n";
  if (risky) {
    out += "#### Hazards\n\n| # | Object | Change | Hazards | Lock |\n|---:|---|---|---|---|\n";
    for (size_t i = 0; i < plan.steps.size(); ++i) {
      const Step& s = plan.steps[i];
      if (s.hazards.empty()) continue;
      std::vector<std::string> hazards;
      for (const auto& h : s.hazards) hazards.push_back(Code(h));
      out += "| " + std::to_string(i + 1) + " | " + Code(s.object) + " | " + Code(s.kind) + " | " + Join(hazards, ", ") +
             " | " + (s.lock.empty() ? "" : Cell("takes " + s.lock)) + " |\n";
    }
    out += "\n";
  }
  out += "<details><summary>All " + std::to_string(plan.steps.size()) + " change(s)</summary>\n\n| # | Change | Object |\n|---:|---|---|\n";
  for (size_t i = 0; i < plan.steps.size(); ++i) {
    out += "| " + std::to_string(i + 1) + " | " + Code(plan.steps[i].kind) + " | " + Code(plan.steps[i].object) + " |\n";
  }
  out += "\n</details>\n\n";
  // A fence longer than any run of backticks in the SQL (a string literal may hold some).
  const std::string sql = RenderSql(plan, reverse);
  size_t longest = 0;
  for (size_t i = 0, run = 0; i < sql.size(); ++i) {
    run = sql[i] == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(std::max<size_t>(3, longest + 1), '`');
  out += "<details><summary>SQL, as apply runs it</summary>\n\n" + fence + "sql\n" + sql + fence + "\n\n</details>\n";
  return out;
}

}  // namespace

std::string Render(const Plan& plan, Format format, bool reverse) {
  switch (format) {
    case Format::kJson: return RenderJson(plan);
    case Format::kText: return RenderText(plan, reverse);
    case Format::kMarkdown: return RenderMarkdown(plan, reverse);
    case Format::kSql: break;
  }
  return RenderSql(plan, reverse);
}

}  // namespace schemasync
