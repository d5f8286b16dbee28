// Server-side deparsing once per distinct definition (see shared_deparse.h).
#include "catalog/shared_deparse.h"

#include "util/quote.h"

namespace schemasync {

std::string TableColumnsCte(const std::vector<std::pair<std::string, int>>& keys) {
  std::string oids = "{", numbers = "{";
  for (const auto& [oid, number] : keys) {
    if (oids.size() > 1) oids += ',', numbers += ',';
    oids += oid;
    numbers += std::to_string(number);
  }
  oids += '}', numbers += '}';
  return ", tcols AS (SELECT t.attrelid, t.cols::text AS cols FROM ROWS FROM (pg_catalog.unnest(" + QuoteLiteral(oids) +
         "::pg_catalog.oid[]), pg_catalog.unnest(" + QuoteLiteral(numbers) + "::pg_catalog.int4[])) AS t(attrelid, cols)) ";
}

std::string SharedDeparseCte(const std::string& name, const std::string& source, const std::string& deparse) {
  const std::string k = name + "_k";
  return ", " + k + " AS (SELECT src.id, src.tree, src.rel, src.extra, "
         // strpos, not a regular expression: a third of the time over 80,000 trees
         "CASE WHEN pg_catalog.strpos(src.tree, ':varattno 0 ') > 0 OR pg_catalog.strpos(src.tree, '{SUBLINK') > 0 "
         "OR tc.cols IS NULL THEN 'own ' || src.id::text "
         "ELSE src.tree || E'\\n' || src.extra || E'\\n' || tc.cols END COLLATE \"C\" AS shape "
         // a join, not a subquery per row: a CTE has no index, each lookup would scan it all
         "FROM (" + source + ") src(id, tree, rel, extra) LEFT JOIN tcols tc ON tc.attrelid = src.rel), " +
         // The representatives first (grouped, not sorted: a sort carried the 30,000 trees
         // and spilled 26 MB to disk at 10,000 tables; grouping took 0.1 s less): the deparse
         // runs on them only. MATERIALIZED: else the planner folds the projection into the join
         // above it and deparses the representative once per object again.
         name + "_r AS MATERIALIZED (SELECT s.shape, " + deparse + " AS def FROM "
         "(SELECT shape, pg_catalog.min(id) AS id FROM " + k + " GROUP BY shape) s), " +
         name + " AS (SELECT k.id, r.def FROM " + k + " k JOIN " + name + "_r r ON r.shape = k.shape) ";
}

}  // namespace schemasync
