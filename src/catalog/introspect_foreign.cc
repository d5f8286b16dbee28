// Foreign-data wrappers, servers, user mappings and foreign tables from the catalog: one query
// per kind. Options are read as JSON arrays of "name=value" (a value may hold any character).
#include "catalog/introspect_foreign.h"

#include <nlohmann/json.hpp>

#include "schemasync/parse.h"
#include "util/quote.h"

namespace schemasync {
namespace {

// pg_catalog.array_to_json(text[]) of "name=value" entries; NULL: none.
Result<FdwOptions> OptionsOf(const Rows& r, size_t i, int col) {
  FdwOptions out;
  if (r.IsNull(i, col)) return out;
  auto j = nlohmann::json::parse(r.Get(i, col), nullptr, false);
  if (!j.is_array()) return MakeError(ErrorKind::kCatalog, "options: a JSON array expected");
  for (const auto& e : j) {
    if (!e.is_string()) continue;
    std::string s = e.get<std::string>();
    size_t eq = s.find('=');
    out[s.substr(0, eq)] = eq == std::string::npos ? "" : s.substr(eq + 1);
  }
  return out;
}

QualifiedName FunctionAt(const Rows& r, size_t i, int col) {
  if (r.IsNull(i, col)) return {};
  return {r.Get(i, col), r.Get(i, col + 1)};
}

// The server-side twin of IsSecretOption, for an option entry `o` ("name=value").
std::string SecretSql(const std::string& o) {
  std::string name = "pg_catalog.lower(pg_catalog.split_part(" + o + ", '=', 1))";
  return "(" + name + " <> 'password_required' AND " + name + " ~ " + QuoteLiteral(kSecretOptionPattern) + ")";
}

Status ReadWrappers(Database& db, Schema& out) {
  Rows r;
  TRY_ASSIGN(r, db.Query("SELECT w.fdwname, hn.nspname, h.proname, vn.nspname, v.proname, pg_catalog.array_to_json(w.fdwoptions), "
                         "" + Description("w.oid", "pg_foreign_data_wrapper") + " FROM pg_catalog.pg_foreign_data_wrapper w "
                         "LEFT JOIN pg_catalog.pg_proc h ON h.oid = w.fdwhandler LEFT JOIN pg_catalog.pg_namespace hn ON hn.oid = h.pronamespace "
                         "LEFT JOIN pg_catalog.pg_proc v ON v.oid = w.fdwvalidator LEFT JOIN pg_catalog.pg_namespace vn ON vn.oid = v.pronamespace "
                         "WHERE" + NotExtensionMember("pg_catalog.pg_foreign_data_wrapper", "w.oid") + "ORDER BY 1"));
  for (size_t i = 0; i < r.size(); ++i) {
    ForeignDataWrapper w;
    w.name = r.Get(i, 0);
    w.handler = FunctionAt(r, i, 1);
    w.validator = FunctionAt(r, i, 3);
    TRY_ASSIGN(w.options, OptionsOf(r, i, 5));
    if (!r.IsNull(i, 6)) w.comment = r.Get(i, 6);
    out.foreign_data_wrappers[w.name] = std::move(w);
  }
  return Ok();
}

Status ReadServers(Database& db, Schema& out) {
  Rows r;
  TRY_ASSIGN(r, db.Query("SELECT s.srvname, w.fdwname, s.srvtype, s.srvversion, pg_catalog.array_to_json(s.srvoptions), "
                         "" + Description("s.oid", "pg_foreign_server") + " FROM pg_catalog.pg_foreign_server s "
                         "JOIN pg_catalog.pg_foreign_data_wrapper w ON w.oid = s.srvfdw "
                         "WHERE" + NotExtensionMember("pg_catalog.pg_foreign_server", "s.oid") + "ORDER BY 1"));
  for (size_t i = 0; i < r.size(); ++i) {
    ForeignServer v;
    v.name = r.Get(i, 0);
    v.wrapper = r.Get(i, 1);
    if (!r.IsNull(i, 2)) v.type = r.Get(i, 2);
    if (!r.IsNull(i, 3)) v.version = r.Get(i, 3);
    TRY_ASSIGN(v.options, OptionsOf(r, i, 4));
    if (!r.IsNull(i, 5)) v.comment = r.Get(i, 5);
    out.foreign_servers[v.name] = std::move(v);
  }
  return Ok();
}

Status ReadUserMappings(Database& db, Schema& out) {
  // pg_user_mappings shows umoptions to superusers, to members of the server's owner, and to the
  // mapped role itself when it may use the server (system_views.sql); to anyone else NULL, which
  // would read as "no options": refused instead. Secret options never leave the server.
  Rows r;
  TRY_ASSIGN(r, db.Query(
      "SELECT CASE WHEN m.umuser = 0 THEN 'PUBLIC' ELSE m.usename END, m.srvname, "
      "pg_catalog.array_to_json(ARRAY(SELECT o FROM pg_catalog.unnest(m.umoptions) o WHERE NOT " + SecretSql("o") + ")), "
      "pg_catalog.array_to_json(ARRAY(SELECT pg_catalog.split_part(o, '=', 1) FROM pg_catalog.unnest(m.umoptions) o WHERE " +
      SecretSql("o") + ")), "
      "m.umoptions IS NOT NULL OR pg_catalog.pg_has_role(s.srvowner, 'USAGE') OR (m.umuser <> 0 AND m.usename = current_user "
      "AND pg_catalog.has_server_privilege(s.oid, 'USAGE')) OR (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) "
      "FROM pg_catalog.pg_user_mappings m JOIN pg_catalog.pg_foreign_server s ON s.oid = m.srvid "
      "WHERE" + NotExtensionMember("pg_catalog.pg_foreign_server", "s.oid") + "ORDER BY 2, 1"));
  for (size_t i = 0; i < r.size(); ++i) {
    UserMapping m;
    m.role = r.Get(i, 0);
    m.server = r.Get(i, 1);
    if (r.Get(i, 4) != "t") {
      return MakeError(ErrorKind::kCatalog, "the options of the user mapping for " + QuoteIdent(m.role) + " on server " +
                                                QuoteIdent(m.server) + " are hidden from this role (pg_user_mappings shows them "
                                                "to the server's owner, the mapped role and superusers): run schemasync as the "
                                                "server's owner");
    }
    TRY_ASSIGN(m.options, OptionsOf(r, i, 2));
    FdwOptions secret;
    TRY_ASSIGN(secret, OptionsOf(r, i, 3));
    for (const auto& [k, v] : secret) m.secret_options.push_back(k);
    out.user_mappings[{m.role, m.server}] = std::move(m);
  }
  return Ok();
}

Status ReadForeignTables(Database& db, const std::string& cte, Schema& out) {
  Rows r;
  TRY_ASSIGN(r, db.Query(cte + "SELECT ns.nspname, c.relname, s.srvname, pg_catalog.array_to_json(ft.ftoptions), "
                               "" + Description("c.oid", "pg_class") + ", "
                               "c.relispartition OR EXISTS (SELECT 1 FROM pg_catalog.pg_inherits i WHERE i.inhrelid = c.oid) "
                               "FROM pg_catalog.pg_foreign_table ft JOIN pg_catalog.pg_class c ON c.oid = ft.ftrelid "
                               "JOIN ns ON ns.oid = c.relnamespace JOIN pg_catalog.pg_foreign_server s ON s.oid = ft.ftserver "
                               "WHERE" + NotExtensionMember("pg_catalog.pg_class", "c.oid") + "ORDER BY 1, 2"));
  for (size_t i = 0; i < r.size(); ++i) {
    ForeignTable t;
    t.name = {r.Get(i, 0), r.Get(i, 1)};
    if (r.Get(i, 5) == "t") {  // a partition or a child: not modeled (the desired side refuses them)
      out.unmanaged.push_back("foreign table (partition or inheritance child) " + t.name.Display());
      continue;
    }
    t.server = r.Get(i, 2);
    TRY_ASSIGN(t.options, OptionsOf(r, i, 3));
    if (!r.IsNull(i, 4)) t.comment = r.Get(i, 4);
    out.foreign_tables[t.name] = std::move(t);
  }
  TRY_ASSIGN(r, db.Query(
      cte + "SELECT ns.nspname, c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull, "
            "pg_catalog.pg_get_expr(ad.adbin, ad.adrelid), CASE WHEN a.attcollation <> t.typcollation THEN co.collname END, "
            "" + Description("c.oid", "pg_class", "a.attnum") + ", pg_catalog.array_to_json(a.attfdwoptions), a.attgenerated "
            "FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
            "JOIN ns ON ns.oid = c.relnamespace JOIN pg_catalog.pg_type t ON t.oid = a.atttypid "
            "LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum "
            "LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation "
            "WHERE c.relkind = 'f' AND a.attnum > 0 AND NOT a.attisdropped ORDER BY 1, 2, a.attnum"));
  for (size_t i = 0; i < r.size(); ++i) {
    auto it = out.foreign_tables.find({r.Get(i, 0), r.Get(i, 1)});
    if (it == out.foreign_tables.end()) continue;
    Column col;
    col.name = r.Get(i, 2);
    col.type = r.Get(i, 3);
    col.not_null = r.Get(i, 4) == "t";
    Expr expr;
    if (!r.IsNull(i, 5)) TRY_ASSIGN(expr, ParseExpression(r.Get(i, 5)));
    if (r.Get(i, 9) == "s") col.generated = expr; else col.default_expr = expr;
    col.collation = r.Get(i, 6);
    if (!r.IsNull(i, 7)) col.comment = r.Get(i, 7);
    FdwOptions o;
    TRY_ASSIGN(o, OptionsOf(r, i, 8));
    if (!o.empty()) it->second.column_options[col.name] = std::move(o);
    it->second.columns.push_back(std::move(col));
  }
  TRY_ASSIGN(r, db.Query(cte + "SELECT ns.nspname, c.relname, k.conname, pg_catalog.pg_get_constraintdef(k.oid) "
                               "FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_class c ON c.oid = k.conrelid "
                               "JOIN ns ON ns.oid = c.relnamespace WHERE c.relkind = 'f' ORDER BY 1, 2, 3"));
  for (size_t i = 0; i < r.size(); ++i) {
    auto it = out.foreign_tables.find({r.Get(i, 0), r.Get(i, 1)});
    if (it == out.foreign_tables.end()) continue;
    Constraint c;
    TRY_ASSIGN(c, ParseConstraintDef(it->first, r.Get(i, 2), r.Get(i, 3)));
    c.name = r.Get(i, 2);
    it->second.checks[c.name] = std::move(c);
  }
  return Ok();
}

}  // namespace

Status ReadForeignData(Database& db, const std::string& cte, bool whole_database, Schema& out) {
  if (whole_database) {
    TRY(ReadWrappers(db, out));
    TRY(ReadServers(db, out));
    TRY(ReadUserMappings(db, out));
  }
  return ReadForeignTables(db, cte, out);
}

}  // namespace schemasync
