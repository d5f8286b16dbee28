// A saved plan: what a reviewer approves is exactly what runs. Encoded as JSON; decoding an
// encoded plan gives the same plan back.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "schemasync/plan.h"
#include "schemasync/result.h"

namespace schemasync {

struct PlanFile {
  static constexpr int kFormatVersion = 1;
  int format_version = kFormatVersion;
  std::string source_fingerprint;  // Fingerprint() of the live schema the plan was made from
  std::string target_fingerprint;  // Fingerprint() of the desired schema
  std::vector<std::string> schemas;  // --schema filter in force (empty: all)
  Plan plan;
  // Desired views whose bodies the server could not compile when planning: left out of the
  // target fingerprint, and so out of its checks.
  std::vector<QualifiedName> unverified_views;  // encoded as [schema, name] pairs
  std::set<QualifiedName> UnverifiedSet() const;
  bool operator==(const PlanFile& o) const {
    return format_version == o.format_version && source_fingerprint == o.source_fingerprint &&
           target_fingerprint == o.target_fingerprint && schemas == o.schemas && plan.steps == o.plan.steps &&
           unverified_views == o.unverified_views;
  }
};

std::string EncodePlanFile(const PlanFile& file);
// Errors name what is wrong (not JSON, unknown format version, a step without sql, ...).
Result<PlanFile> DecodePlanFile(const std::string& text);

}  // namespace schemasync
