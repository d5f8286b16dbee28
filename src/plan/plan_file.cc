// Plan files: JSON encoding and decoding (see plan_file.h).
#include "schemasync/plan_file.h"

#include <algorithm>
#include <climits>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace schemasync {

using Json = nlohmann::ordered_json;

std::string EncodePlanFile(const PlanFile& f) {
  Json j;
  j["format_version"] = f.format_version;
  j["source_fingerprint"] = f.source_fingerprint;
  j["target_fingerprint"] = f.target_fingerprint;
  j["schemas"] = f.schemas;
  j["unverified_views"] = Json::array();
  for (const auto& v : f.unverified_views) j["unverified_views"].push_back(Json::array({v.schema, v.name}));
  j["destructive"] = f.plan.destructive();
  j["warnings"] = f.plan.warnings;
  j["steps"] = Json::array();
  for (const auto& s : f.plan.steps) {
    Json st;
    st["sql"] = s.sql;
    st["reverse_sql"] = s.reverse_sql;
    st["object"] = s.object;
    st["kind"] = s.kind;
    st["hazards"] = s.hazards;
    st["reverse_hazards"] = s.reverse_hazards;
    if (!s.lock.empty()) st["lock"] = s.lock;
    if (!s.reverse_lock.empty()) st["reverse_lock"] = s.reverse_lock;
    st["transactional"] = s.transactional;
    if (s.before_transaction) st["before_transaction"] = true;
    if (s.own_transaction) st["own_transaction"] = true;
    if (s.nothing_to_reverse) st["nothing_to_reverse"] = true;
    st["depends_on"] = s.depends_on;
    j["steps"].push_back(st);
  }
  // One entry per attribute that changes (a created or dropped object: one, attribute null).
  j["changes"] = Json::array();
  for (const auto& c : f.plan.changes) {
    auto entry = [&](const AttributeChange* a) {
      Json e;
      e["object"] = c.object;
      e["kind"] = c.kind;
      e["attribute"] = a ? Json(a->name) : Json(nullptr);
      e["old"] = a && !a->old_value.empty() ? Json(a->old_value) : Json(nullptr);
      e["new"] = a && !a->new_value.empty() ? Json(a->new_value) : Json(nullptr);
      e["steps"] = c.steps;
      j["changes"].push_back(std::move(e));
    };
    if (c.attributes.empty()) entry(nullptr);
    for (const auto& a : c.attributes) entry(&a);
  }
  // Text from an SQL_ASCII database need not be UTF-8: replace such bytes rather than throw.
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::set<QualifiedName> PlanFile::UnverifiedSet() const {
  return {unverified_views.begin(), unverified_views.end()};
}

namespace {
// An integer field; anything else (a float, 1e300, a string) is a malformed plan file, not a
// conversion with undefined behaviour.
int IntField(const Json& j, const char* key, int fallback, bool required) {
  if (!j.contains(key)) {
    if (required) throw std::invalid_argument(std::string("missing field ") + key);
    return fallback;
  }
  const Json& v = j.at(key);
  if (!v.is_number_integer()) throw std::invalid_argument(std::string(key) + " is not an integer");
  long long n = v.is_number_unsigned() ? static_cast<long long>(std::min<unsigned long long>(v.get<unsigned long long>(), 1ULL << 40))
                                       : v.get<long long>();
  if (n < INT_MIN || n > INT_MAX) throw std::invalid_argument(std::string(key) + " is out of range");
  return static_cast<int>(n);
}
}  // namespace

Result<PlanFile> DecodePlanFile(const std::string& text) {
  Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return MakeError(ErrorKind::kPlan, "not a schemasync plan file (invalid JSON)");
  try {
    PlanFile f;
    f.format_version = IntField(j, "format_version", 0, true);
    if (f.format_version != PlanFile::kFormatVersion) {
      return MakeError(ErrorKind::kPlan, "plan file format version " + std::to_string(f.format_version) +
                                             " is not supported (this schemasync reads version " +
                                             std::to_string(PlanFile::kFormatVersion) + ")");
    }
    f.source_fingerprint = j.at("source_fingerprint").get<std::string>();
    f.target_fingerprint = j.at("target_fingerprint").get<std::string>();
    if (j.contains("schemas")) f.schemas = j.at("schemas").get<std::vector<std::string>>();
    if (j.contains("unverified_views")) {
      for (const auto& v : j.at("unverified_views")) {
        f.unverified_views.push_back({v.at(0).get<std::string>(), v.at(1).get<std::string>()});
      }
    }
    if (j.contains("warnings")) f.plan.warnings = j.at("warnings").get<std::vector<std::string>>();
    for (const auto& st : j.at("steps")) {
      Step s;
      s.sql = st.at("sql").get<std::string>();
      s.reverse_sql = st.at("reverse_sql").get<std::string>();
      s.object = st.at("object").get<std::string>();
      s.kind = st.at("kind").get<std::string>();
      s.hazards = st.at("hazards").get<std::vector<std::string>>();
      if (st.contains("reverse_hazards")) s.reverse_hazards = st.at("reverse_hazards").get<std::vector<std::string>>();
      if (st.contains("lock")) s.lock = st.at("lock").get<std::string>();
      if (st.contains("reverse_lock")) s.reverse_lock = st.at("reverse_lock").get<std::string>();
      s.transactional = st.at("transactional").get<bool>();
      // Files written before the dependency graph carry a "phase" (negative: before the
      // transaction) and no edges; their reverse is the mirror order, as it was then.
      const int phase = IntField(st, "phase", 0, false);
      s.before_transaction = !s.transactional && (phase < 0 ||
                                                  (st.contains("before_transaction") && st.at("before_transaction").get<bool>()));
      auto flag = [&](const char* key) {
        if (!st.contains(key)) return false;
        if (!st.at(key).is_boolean()) throw std::invalid_argument(std::string(key) + " is not true or false");
        return st.at(key).get<bool>();
      };
      s.own_transaction = s.transactional && flag("own_transaction");
      s.nothing_to_reverse = flag("nothing_to_reverse");
      if (st.contains("depends_on")) {
        for (const auto& d : st.at("depends_on")) {
          if (!d.is_number_integer()) throw std::invalid_argument("depends_on holds a non-integer");
          long long k = d.get<long long>();
          if (k < 0 || k >= static_cast<long long>(f.plan.steps.size())) {
            throw std::invalid_argument("depends_on names step " + std::to_string(k) + ", which does not come before it");
          }
          s.depends_on.push_back(static_cast<int>(k));
        }
      }
      f.plan.steps.push_back(std::move(s));
    }
    if (j.contains("changes")) {
      for (const auto& e : j.at("changes")) {
        const std::string object = e.at("object").get<std::string>();
        if (f.plan.changes.empty() || f.plan.changes.back().object != object) {
          Change c;
          c.object = object;
          c.kind = e.at("kind").get<std::string>();
          if (e.contains("steps")) c.steps = e.at("steps").get<std::vector<std::string>>();
          f.plan.changes.push_back(std::move(c));
        }
        if (!e.contains("attribute") || e.at("attribute").is_null()) continue;
        auto text = [&](const char* k) { return e.contains(k) && e.at(k).is_string() ? e.at(k).get<std::string>() : ""; };
        f.plan.changes.back().attributes.push_back({e.at("attribute").get<std::string>(), text("old"), text("new")});
      }
    }
    return f;
  } catch (const nlohmann::json::exception& e) {
    return MakeError(ErrorKind::kPlan, std::string("malformed plan file: ") + e.what());
  } catch (const std::invalid_argument& e) {
    return MakeError(ErrorKind::kPlan, std::string("malformed plan file: ") + e.what());
  }
}

}  // namespace schemasync
