// Live database -> model, in a fixed number of queries (one per object kind).
#pragma once

#include <string>
#include <vector>

#include "schemasync/database.h"
#include "schemasync/model.h"
#include "schemasync/result.h"

namespace schemasync {

class SideConnection;

// Reads every non-system schema not owned by an extension (or only `schemas`, when given);
// objects that belong to extensions are skipped. With `side`, what does not hang off the tables
// (views, types, functions, ...) is read on that connection in this read's snapshot
// (side_connection.h), while this one reads the tables.
Result<Schema> Introspect(Database& db, const std::vector<std::string>& schemas = {}, SideConnection* side = nullptr);

// Rewrites each desired view's query into pg_get_viewdef's spelling by compiling it on the
// live server as a temporary view in a rolled-back transaction (see canonical_views.cc).
Status CanonicalizeViews(Database& db, Schema& desired);

// Rewrites desired partition bounds into the server's spelling of their literals (see
// canonical_views.cc).
Status CanonicalizePartitionBounds(Database& db, Schema& desired);

// Rewrites the keys of desired expressions so that typed literals compare in the type's
// output spelling, which the server alone knows (see canonical_views.cc).
Status CanonicalizeLiterals(Database& db, Schema& desired);

// Gives a desired CHECK whose key differs from the live constraint of its name the key of the
// server's own spelling of it, where that matches the live one: PostgreSQL stores the implicit
// casts it adds (length(name) < n on a double precision n is printed
// (length((name)::text))::double precision < n), which no text rule can know.
Status CanonicalizeChecks(Database& db, const Schema& live, Schema& desired);

// The same for publication row filters (pg_publication_rel.prqual) that differ from the live
// ones: compiled by the server as a CHECK of a temporary table (canonical_publications.cc).
Status CanonicalizePublicationFilters(Database& db, const Schema& live, Schema& desired);

// Clears a desired range's SUBTYPE_OPCLASS when it names the default btree operator class of its
// type (pg_opclass.opcdefault), which the catalog side reads as "" (as pg_dump does).
Status CanonicalizeRanges(Database& db, Schema& desired);

// Gives each desired rule the key of pg_get_ruledef's spelling of it: compiled by the live server
// on a temporary copy of its table (CREATE TEMP TABLE ... (LIKE table)) in a rolled-back
// transaction, so that no live table is locked. A rule that does not compile there (its table is
// new) keeps its own spelling and stays `canonical = false`.
Status CanonicalizeRules(Database& db, Schema& desired);

}  // namespace schemasync
