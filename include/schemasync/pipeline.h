// The whole pipeline in one call: desired model + live database -> plan with fingerprints.
// The CLI and the tests go through this, so they plan the same way.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "schemasync/database.h"
#include "schemasync/model.h"
#include "schemasync/plan.h"
#include "schemasync/result.h"

namespace schemasync {

class SideConnection;  // side_connection.h

struct Planned {
  Schema live;
  // The desired schema as compared (the server's spellings in): handed back rather than freed
  // inside, so that the caller decides when it goes (the CLI lets it go with the process).
  Schema desired;
  Plan plan;
  std::string source_fingerprint;  // of the live schema (empty unless PlanOptions::fingerprints)
  std::string target_fingerprint;  // of the desired schema (likewise)
  std::set<QualifiedName> unverified_views;  // desired views left out of the target fingerprint
};

// Reads the live catalog (only `schemas`, when given), lets the server spell what only it can
// (view queries, partition bounds), and plans. `desired` is filtered to `schemas` alike.
// Errors, with the place in the desired files where there is one: a `schemas` name neither side
// has, a role the server does not have, a column type change PostgreSQL has no cast for.
Result<Planned> PlanDatabase(Database& db, Schema desired, const std::vector<std::string>& schemas = {},
                             const PlanOptions& options = {});

// The same with the live schema already read by ReadLiveSchema(db, schemas), in the snapshot
// the caller chose (the CLI reads it while the desired files are parsed on another thread).
Result<Planned> PlanDatabase(Database& db, Schema desired, Schema live, const std::vector<std::string>& schemas,
                             const PlanOptions& options = {});

// Two desired states compared with no database (plan --from): `from` stands for the live schema,
// shaped as the catalog would show it once loaded (AsCatalogShowsIt). Nothing is checked or
// spelled by a server (roles, casts, view queries: compared as written, which the plan's
// warnings say); `role` is who would apply the plan (what CURRENT_USER names, the owner of what
// it creates). The plan has no fingerprints: it is for review, not for apply.
Result<Planned> PlanOffline(Schema from, Schema desired, const std::string& role,
                            const std::vector<std::string>& schemas = {}, const PlanOptions& options = {});

// A model read from SQL, in the shape the catalog gives the same schema once loaded: an
// inheritance child or a partition lists the columns it takes from its parents first, marked
// inherited (pg_attribute has them, attinhcount > 0), merged with a column of its own of the
// same name (MergeAttributes), then its own.
void AsCatalogShowsIt(Schema& parsed);

// The live schema as the pipeline compares it (extensions left out under a schema filter); part
// of it read on `side` where given (Introspect).
Result<Schema> ReadLiveSchema(Database& db, const std::vector<std::string>& schemas = {}, SideConnection* side = nullptr);

}  // namespace schemasync
