// The pipeline in one call (see pipeline.h).
#include "schemasync/pipeline.h"

#include <algorithm>

#include "schemasync/catalog.h"

namespace schemasync {
namespace {

// Keeps only the schemas named by --schema (the live side is read so already).
void FilterSchemas(Schema& s, const std::vector<std::string>& keep) {
  if (keep.empty()) return;
  auto in = [&](const std::string& n) { return std::find(keep.begin(), keep.end(), n) != keep.end(); };
  std::erase_if(s.schemas, [&](const auto& kv) { return !in(kv.first); });
  std::erase_if(s.enums, [&](const auto& kv) { return !in(kv.first.schema); });
  std::erase_if(s.collations, [&](const auto& kv) { return !in(kv.first.schema); });
  std::erase_if(s.sequences, [&](const auto& kv) { return !in(kv.first.schema); });
  std::erase_if(s.tables, [&](const auto& kv) { return !in(kv.first.schema); });
  std::erase_if(s.indexes, [&](const auto& kv) { return !in(kv.first.schema); });
  std::erase_if(s.views, [&](const auto& kv) { return !in(kv.first.schema); });
  std::erase_if(s.functions, [&](const auto& kv) { return !in(kv.first.schema); });
  std::erase_if(s.triggers, [&](const auto& kv) { return !in(kv.first.first.schema); });
  std::erase_if(s.grants, [&](const auto& kv) { return !in(kv.first.schema); });
  std::erase_if(s.schema_grants, [&](const auto& kv) { return !in(kv.first); });
  std::erase_if(s.schema_comments, [&](const auto& kv) { return !in(kv.first); });
  s.extensions.clear();  // extensions are database-wide: not compared under --schema
}

}  // namespace

Result<Schema> ReadLiveSchema(Database& db, const std::vector<std::string>& schemas) {
  Schema live;
  TRY_ASSIGN(live, Introspect(db, schemas));
  if (!schemas.empty()) live.extensions.clear();
  return live;
}

Result<Planned> PlanDatabase(Database& db, Schema desired, const std::vector<std::string>& schemas,
                             const PlanOptions& options) {
  FilterSchemas(desired, schemas);
  Planned p;
  TRY_ASSIGN(p.live, ReadLiveSchema(db, schemas));
  desired.current_role = p.live.current_role;  // the applying role owns what it creates
  TRY(CanonicalizeViews(db, desired));
  TRY(CanonicalizePartitionBounds(db, desired));
  TRY(CanonicalizeLiterals(db, desired));
  TRY_ASSIGN(p.plan, BuildPlan(p.live, desired, options));
  p.source_fingerprint = Fingerprint(p.live);
  p.unverified_views = UnverifiedViews(desired);
  p.target_fingerprint = Fingerprint(desired);
  return p;
}

}  // namespace schemasync
