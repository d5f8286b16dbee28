// Rendering of plans (see render.h).
#include "schemasync/render.h"

#include <nlohmann/json.hpp>

#include "util/quote.h"

namespace schemasync {
namespace {

std::string RenderSql(const Plan& plan, bool reverse) {
  std::string out;
  if (plan.empty()) return "-- schemasync: no changes\n";
  out += std::string("-- schemasync ") + (reverse ? "reverse plan" : "plan") + ": " +
         std::to_string(plan.steps.size()) + " step(s)\n";
  bool irreversible = false;
  for (const auto& s : plan.steps) irreversible |= s.reverse_sql.empty();
  if (irreversible) out += "-- WARNING: some steps cannot be undone automatically (marked irreversible)\n";
  int i = 0;
  for (const auto& s : plan.steps) {
    out += "\n-- step " + std::to_string(++i) + ": " + s.kind + " " + s.object;
    if (!s.hazards.empty()) out += " [hazards: " + Join(s.hazards, ", ") + "]";
    if (!s.transactional) out += " [outside transaction]";
    out += "\n";
    if (s.sql.empty()) {
      out += "-- (no statement: this step cannot be reversed)\n";
    } else {
      out += s.sql + "\n";
    }
  }
  return out;
}

std::string RenderJson(const Plan& plan, bool reverse) {
  nlohmann::ordered_json j;
  j["format_version"] = 1;
  j["reverse"] = reverse;
  j["destructive"] = plan.destructive();
  j["steps"] = nlohmann::ordered_json::array();
  for (const auto& s : plan.steps) {
    nlohmann::ordered_json st;
    st["sql"] = s.sql;
    st["reverse_sql"] = s.reverse_sql;
    st["object"] = s.object;
    st["kind"] = s.kind;
    st["hazards"] = s.hazards;
    st["reverse_hazards"] = s.reverse_hazards;
    st["transactional"] = s.transactional;
    st["phase"] = s.phase;
    j["steps"].push_back(st);
  }
  return j.dump(2) + "\n";
}

std::string RenderText(const Plan& plan, bool reverse) {
  if (plan.empty()) return "No changes: the live schema matches the desired one.\n";
  std::string out = std::string(reverse ? "Reverse plan" : "Plan") + ": " + std::to_string(plan.steps.size()) + " change(s)\n";
  std::string hazards;
  for (const auto& s : plan.steps) {
    if (!s.hazards.empty()) hazards += "  ! " + s.object + ": " + s.kind + " (" + Join(s.hazards, ", ") + ")\n";
  }
  if (!hazards.empty()) out += "\nHazards:\n" + hazards;
  out += "\nChanges:\n";
  for (const auto& s : plan.steps) out += "  " + s.kind + "  " + s.object + "\n";
  return out;
}

}  // namespace

std::string Render(const Plan& plan, Format format, bool reverse) {
  switch (format) {
    case Format::kJson: return RenderJson(plan, reverse);
    case Format::kText: return RenderText(plan, reverse);
    case Format::kSql: break;
  }
  return RenderSql(plan, reverse);
}

}  // namespace schemasync
