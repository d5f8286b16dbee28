// Batched server-side probes (see probes.h).
#include "catalog/probes.h"

#include <nlohmann/json.hpp>

#include "util/quote.h"

namespace schemasync {
namespace {

// WHEN OTHERS does not catch query_canceled: a cancel or statement_timeout still ends the call.
// SQLSTATE SSPRB is ours: the raise that undoes a probe that succeeded.
constexpr const char* kProbeFunction = R"sql(
CREATE FUNCTION pg_temp.schemasync_probe(probes json) RETURNS SETOF json LANGUAGE plpgsql AS $schemasync$
DECLARE
  p json;
  answer json;
BEGIN
  FOR p IN SELECT value FROM pg_catalog.json_array_elements(probes) LOOP
    answer := NULL;
    BEGIN
      IF p->>0 <> '' THEN
        EXECUTE p->>0;
      END IF;
      EXECUTE 'SELECT coalesce(pg_catalog.json_agg((SELECT pg_catalog.json_agg(e.value) '
              || 'FROM pg_catalog.json_each_text(pg_catalog.row_to_json(q)) e)), ''[]'') FROM (' || (p->>1) || ') q' INTO answer;
      RAISE EXCEPTION USING ERRCODE = 'SSPRB';
    EXCEPTION WHEN OTHERS THEN
      NULL;
    END;
    RETURN NEXT answer;
  END LOOP;
END
$schemasync$)sql";

// The views' probe, narrowed: each CREATE in its own subtransaction, pg_get_viewdef called
// directly (by name, looked up when it runs) rather than through a dynamic query whose rows are
// turned into JSON. Planning and executing that query for every view was a third of the probe's
// server time at 1,000 views.
constexpr const char* kViewProbeFunction = R"sql(
CREATE FUNCTION pg_temp.schemasync_view_probe(creates json) RETURNS SETOF text LANGUAGE plpgsql AS $schemasync$
DECLARE
  c text;
  answer text;
BEGIN
  FOR c IN SELECT value FROM pg_catalog.json_array_elements_text(creates) LOOP
    answer := NULL;
    BEGIN
      EXECUTE c;
      answer := pg_catalog.pg_get_viewdef('pg_temp.schemasync_canonical'::text);
      RAISE EXCEPTION USING ERRCODE = 'SSPRB';
    EXCEPTION WHEN OTHERS THEN
      NULL;
    END;
    RETURN NEXT answer;
  END LOOP;
END
$schemasync$)sql";

// One probe at a time: a savepoint each, three round trips per probe.
Result<std::vector<std::optional<Rows>>> RunOneByOne(Database& db, const std::vector<Probe>& probes) {
  std::vector<std::optional<Rows>> out;
  TRY(db.Exec("BEGIN"));
  for (const Probe& p : probes) {
    TRY(db.Exec("SAVEPOINT probe"));
    std::optional<Rows> rows;
    if (p.setup.empty() || db.Exec(p.setup).ok()) {
      auto r = db.Query(p.query);
      if (r.ok()) rows = std::move(r).value();
    }
    TRY(db.Exec("ROLLBACK TO SAVEPOINT probe"));
    out.push_back(std::move(rows));
  }
  TRY(db.Exec("ROLLBACK"));
  return out;
}

}  // namespace

Result<std::vector<std::optional<std::string>>> RunViewProbes(Database& db, const std::vector<std::string>& creates) {
  std::vector<std::optional<std::string>> out;
  if (creates.empty()) return out;
  TRY(db.Exec("BEGIN"));
  if (!db.Exec(kViewProbeFunction).ok()) {
    TRY(db.Exec("ROLLBACK"));
    // No PL/pgSQL or no TEMP: the general probes' own fallback, one round trip each.
    std::vector<Probe> probes;
    for (const auto& c : creates) {
      probes.push_back({c, "SELECT pg_catalog.pg_get_viewdef('pg_temp.schemasync_canonical'::pg_catalog.regclass)"});
    }
    std::vector<std::optional<Rows>> answers;
    TRY_ASSIGN(answers, RunProbes(db, probes));
    for (const auto& a : answers) {
      if (a && a->size() == 1 && !a->IsNull(0, 0)) out.emplace_back(a->Get(0, 0));
      else out.emplace_back();
    }
    return out;
  }
  // The statements as a JSON array, as RunProbes sends its probes.
  auto answers = db.Query("SELECT a FROM pg_temp.schemasync_view_probe(" + QuoteLiteral(nlohmann::json(creates).dump()) +
                          "::json) WITH ORDINALITY AS t(a, n) ORDER BY n");
  Status rolled_back = db.Exec("ROLLBACK");
  if (!answers.ok()) return answers.error();
  TRY(rolled_back);
  if (answers->size() != creates.size()) {
    return MakeError(ErrorKind::kCatalog, "view probe returned " + std::to_string(answers->size()) + " answers for " +
                                              std::to_string(creates.size()) + " views");
  }
  out.reserve(creates.size());
  for (size_t i = 0; i < answers->size(); ++i) {
    if (answers->IsNull(i, 0)) out.emplace_back();
    else out.emplace_back(answers->Get(i, 0));
  }
  return out;
}

std::string ProbeColumns(const std::vector<Column>& columns) {
  std::vector<std::string> cols;
  for (const auto& c : columns) {
    cols.push_back(QuoteIdent(c.name) + " " + c.type + (c.collation.empty() ? "" : " COLLATE " + QuoteIdent(c.collation)));
  }
  return Join(cols, ", ");
}

Result<std::vector<std::optional<Rows>>> RunProbes(Database& db, const std::vector<Probe>& probes) {
  if (probes.empty()) return std::vector<std::optional<Rows>>{};
  TRY(db.Exec("BEGIN"));
  if (!db.Exec(kProbeFunction).ok()) {
    TRY(db.Exec("ROLLBACK"));
    return RunOneByOne(db, probes);
  }
  nlohmann::json list = nlohmann::json::array();
  for (const Probe& p : probes) list.push_back({p.setup, p.query});
  auto answers = db.Query("SELECT a::text FROM pg_temp.schemasync_probe(" + QuoteLiteral(list.dump()) +
                          "::json) WITH ORDINALITY AS t(a, n) ORDER BY n");
  Status rolled_back = db.Exec("ROLLBACK");
  if (!answers.ok()) return answers.error();
  TRY(rolled_back);
  if (answers->size() != probes.size()) {
    return MakeError(ErrorKind::kCatalog, "probe function returned " + std::to_string(answers->size()) + " answers for " +
                                              std::to_string(probes.size()) + " probes");
  }
  std::vector<std::optional<Rows>> out;
  out.reserve(probes.size());
  for (size_t i = 0; i < answers->size(); ++i) {
    if (answers->IsNull(i, 0)) {
      out.emplace_back();
      continue;
    }
    auto parsed = nlohmann::json::parse(answers->Get(i, 0), nullptr, false);
    if (!parsed.is_array()) return MakeError(ErrorKind::kCatalog, "probe function returned malformed JSON");
    Rows rows;
    for (const auto& row : parsed) {
      std::vector<std::optional<std::string>> cells;
      for (const auto& cell : row) {
        if (cell.is_string()) cells.emplace_back(cell.get<std::string>());
        else cells.emplace_back();  // NULL
      }
      rows.Add(std::move(cells));
    }
    out.emplace_back(std::move(rows));
  }
  return out;
}

}  // namespace schemasync
