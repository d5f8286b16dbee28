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

// A value as one line: "" reads as "(none)", a multi-line one as its first line and how many more.
std::string Short(const std::string& v) {
  if (v.empty()) return "(none)";
  size_t nl = v.find('\n');
  if (nl == std::string::npos) return v;
  size_t more = std::count(v.begin() + static_cast<long>(nl), v.end(), '\n');
  return v.substr(0, nl) + " ... (" + std::to_string(more + 1) + " lines)";
}

bool MultiLine(const AttributeChange& a) {
  return a.old_value.find('\n') != std::string::npos || a.new_value.find('\n') != std::string::npos;
}

// Steps grouped by the object they act on, in the order of each object's first step, with the
// plan's description of that object (Plan::changes) where it has one.
struct ObjectSteps {
  std::string object;
  std::vector<const Step*> steps;
  const Change* change = nullptr;
};
std::vector<ObjectSteps> ByObject(const Plan& plan) {
  std::vector<ObjectSteps> out;
  std::map<std::string, size_t> at;
  for (const auto& s : plan.steps) {
    auto [it, added] = at.try_emplace(s.object, out.size());
    if (added) out.push_back({s.object, {}, nullptr});
    out[it->second].steps.push_back(&s);
  }
  for (const auto& c : plan.changes) {
    auto it = at.find(c.object);
    if (it != at.end()) out[it->second].change = &c;
  }
  return out;
}

std::string Sign(const ObjectSteps& o) {
  if (!o.change) return "~";
  return o.change->kind == "create" ? "+" : o.change->kind == "drop" ? "-" : "~";
}

std::string RenderText(const Plan& plan, bool reverse, bool color) {
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
  // Object by object: + created, - dropped, ~ changed, with each changed attribute's old and
  // new value; a changed definition as a unified diff.
  out += "\nChanges:\n";
  const char* red = color ? "\033[31m" : "";
  const char* green = color ? "\033[32m" : "";
  const char* cyan = color ? "\033[36m" : "";
  const char* reset = color ? "\033[0m" : "";
  for (const auto& o : ByObject(plan)) {
    std::vector<std::string> kinds;
    for (const Step* s : o.steps) kinds.push_back(s->kind);
    out += "  " + Sign(o) + " " + o.object + "  (" + Join(kinds, ", ") + ")\n";
    if (!o.change) continue;
    for (const auto& a : o.change->attributes) {
      if (!MultiLine(a)) {
        out += "      " + a.name + ": " + Short(a.old_value) + " -> " + Short(a.new_value) + "\n";
        continue;
      }
      out += "      " + a.name + ":\n";
      for (const auto& line : UnifiedDiff(a.old_value, a.new_value)) {
        const char* c = line.rfind("@@", 0) == 0 ? cyan : line[0] == '-' ? red : line[0] == '+' ? green : "";
        out += "        " + std::string(c) + line + (*c ? reset : "") + "\n";
      }
    }
  }
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

// A code fence longer than any run of backticks in `text` (a string literal may hold some).
std::string Fence(const std::string& text) {
  size_t longest = 0;
  for (size_t i = 0, run = 0; i < text.size(); ++i) {
    run = text[i] == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return std::string(std::max<size_t>(3, longest + 1), '`');
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
  // Object by object, each changed value old -> new; changed definitions as diffs, folded.
  const std::vector<ObjectSteps> objects = ByObject(plan);
  out += "<details><summary>All " + std::to_string(plan.steps.size()) + " change(s), by object</summary>\n\n"
         "| | Object | Steps | Old → new |\n|---|---|---|---|\n";
  std::string diffs;
  for (const auto& o : objects) {
    std::vector<std::string> kinds, values;
    for (const Step* s : o.steps) kinds.push_back(Code(s->kind));
    if (o.change) {
      for (const auto& a : o.change->attributes) {
        if (MultiLine(a)) {
          values.push_back(Cell(a.name) + ": see the diff below");
          std::string d;
          for (const auto& line : UnifiedDiff(a.old_value, a.new_value)) d += line + "\n";
          const std::string fence = Fence(d);
          diffs += "**" + Cell(o.object) + "** " + Cell(a.name) + "\n\n" + fence + "diff\n" + d + fence + "\n\n";
          continue;
        }
        values.push_back(Cell(a.name) + ": " + Code(a.old_value.empty() ? "(none)" : a.old_value) + " → " +
                         Code(a.new_value.empty() ? "(none)" : a.new_value));
      }
    }
    out += "| " + Sign(o) + " | " + Code(o.object) + " | " + Join(kinds, ", ") + " | " + Join(values, "<br>") + " |\n";
  }
  out += "\n</details>\n\n";
  if (!diffs.empty()) out += "<details><summary>Changed definitions</summary>\n\n" + diffs + "</details>\n\n";
  const std::string sql = RenderSql(plan, reverse);
  const std::string fence = Fence(sql);
  out += "<details><summary>SQL, as apply runs it</summary>\n\n" + fence + "sql\n" + sql + fence + "\n\n</details>\n";
  return out;
}

}  // namespace

std::string Render(const Plan& plan, Format format, bool reverse, bool color) {
  switch (format) {
    case Format::kJson: return RenderJson(plan);
    case Format::kText: return RenderText(plan, reverse, color);
    case Format::kMarkdown: return RenderMarkdown(plan, reverse);
    case Format::kSql: break;
  }
  return RenderSql(plan, reverse);
}

}  // namespace schemasync
