// PostgreSQL's own spelling of the desired views' queries.
//
// A view's definition is stored as a parse tree and printed back by pg_get_viewdef (ruleutils.c)
// with columns qualified, `*` expanded and casts made explicit; no text rewrite of the user's
// query reproduces that faithfully. So each desired query is compiled by the live server as a
// temporary view, inside a transaction that is rolled back: nothing is left behind, and the
// desired and live definitions are then compared in the same spelling. A query that does not
// compile against the live schema (it reads objects the plan has yet to create) keeps its own
// text and so compares as changed, which is right: it will be created.
#include "schemasync/catalog.h"
#include "util/quote.h"

namespace schemasync {

Status CanonicalizeViews(Database& db, Schema& desired) {
  if (desired.views.empty()) return Ok();
  TRY(db.Exec("BEGIN"));
  int n = 0;
  for (auto& [name, v] : desired.views) {
    std::string temp = "schemasync_canonical_" + std::to_string(n++);
    TRY(db.Exec("SAVEPOINT canonical"));
    auto created = db.Exec("CREATE TEMPORARY VIEW " + QuoteIdent(temp) + " AS " + v.query);
    if (!created.ok()) {
      TRY(db.Exec("ROLLBACK TO SAVEPOINT canonical"));
      continue;
    }
    auto def = db.Query("SELECT pg_catalog.pg_get_viewdef(" + QuoteLiteral("pg_temp." + temp) + "::regclass)");
    if (def.ok() && def->size() == 1) v.query = def->Get(0, 0);
    TRY(db.Exec("RELEASE SAVEPOINT canonical"));
  }
  return db.Exec("ROLLBACK");
}

}  // namespace schemasync
