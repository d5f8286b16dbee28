// Introspection of the live catalog: one query per object kind for the whole database; the
// server's own DDL text (pg_get_constraintdef, pg_get_indexdef, pg_get_expr) goes through the
// same normalizer as the desired SQL.
#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "catalog/introspect_foreign.h"
#include "catalog/shared_deparse.h"
#include "schemasync/catalog.h"
#include "schemasync/parse.h"
#include "schemasync/side_connection.h"
#include "schemasync/timing.h"
#include "util/quote.h"

namespace schemasync {

// Excludes objects that belong to an extension. A membership (deptype 'e') always references
// pg_extension: saying so lets the server read the few of them through pg_depend's index on the
// referenced object instead of scanning all of pg_depend (300,000 rows at 10,000 tables).
std::string NotExtensionMember(const std::string& catalog, const std::string& oid) {
  return " NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = '" + catalog +
         "'::regclass AND e.objid = " + oid +
         " AND e.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND e.deptype = 'e') ";
}

std::string Description(const std::string& oid, const std::string& catalog, const std::string& subid) {
  return "(SELECT dsc.description FROM pg_catalog.pg_description dsc WHERE dsc.objoid = " + oid +
         " AND dsc.classoid = 'pg_catalog." + catalog + "'::pg_catalog.regclass AND dsc.objsubid = " + subid + ")";
}

namespace {

// Schemas in scope: not system, not owned by an extension (pg_depend deptype 'e').
std::string ScopeCte(const std::vector<std::string>& schemas) {
  std::string filter;
  if (!schemas.empty()) {
    std::vector<std::string> lits;
    for (const auto& s : schemas) lits.push_back(QuoteLiteral(s));
    filter = " AND n.nspname IN (" + Join(lits, ", ") + ")";
  }
  return "WITH ns AS (SELECT n.oid, n.nspname FROM pg_catalog.pg_namespace n "
         "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)' "
         "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_namespace'::regclass "
         "AND d.objid = n.oid AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND d.deptype = 'e')" +
         filter + ") ";
}


// The privileges beyond the owner's, from an ACL exploded as "grantee\tprivilege\tgrantable"
// lines; a NULL ACL is the object kind's default (acldefault).
std::string AclLines(const std::string& acl, const std::string& kind, const std::string& owner) {
  return "pg_catalog.array_to_string(ARRAY(SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE "
         "pg_catalog.pg_get_userbyid(a.grantee) END || E'\\t' || a.privilege_type || E'\\t' || a.is_grantable "
         "FROM pg_catalog.aclexplode(COALESCE(" + acl + ", pg_catalog.acldefault('" + kind + "', " + owner + "))) a "
         "WHERE a.grantee <> " + owner + " ORDER BY 1), E'\\n')";
}

// Every entry of an ACL that is never NULL (pg_default_acl.defaclacl), the owner's included.
std::string WholeAclLines(const std::string& acl) {
  return "pg_catalog.array_to_string(ARRAY(SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE "
         "pg_catalog.pg_get_userbyid(a.grantee) END || E'\\t' || a.privilege_type || E'\\t' || a.is_grantable "
         "FROM pg_catalog.aclexplode(" + acl + ") a ORDER BY 1), E'\\n')";
}

std::map<std::string, std::set<std::string>> ParseAcl(const std::string& text) {
  std::map<std::string, std::set<std::string>> out;
  std::stringstream ss(text);
  std::string line;
  while (std::getline(ss, line)) {
    size_t a = line.find('\t'), b = line.rfind('\t');
    if (a == std::string::npos || a == b) continue;
    // is_grantable is a boolean made text by ||: "true" / "false".
    const std::string grantable = line.substr(b + 1);
    out[line.substr(0, a)].insert(line.substr(a + 1, b - a - 1) + (grantable == "true" || grantable == "t" ? " WITH GRANT OPTION" : ""));
  }
  return out;
}

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string line;
  while (std::getline(ss, line)) out.push_back(line);
  return out;
}

Status ReadSchemas(Database& db, const std::string& cte, Schema& out) {
  Rows r;
  TRY_ASSIGN(r, db.Query(cte + "SELECT ns.nspname, " + Description("ns.oid", "pg_namespace") + ", " +
                               AclLines("n.nspacl", "n", "n.nspowner") +
                               " FROM ns JOIN pg_catalog.pg_namespace n ON n.oid = ns.oid WHERE ns.nspname <> 'public' ORDER BY 1"));
  for (size_t i = 0; i < r.size(); ++i) {
    out.schemas[r.Get(i, 0)] = true;
    if (!r.IsNull(i, 1)) out.schema_comments[r.Get(i, 0)] = r.Get(i, 1);
    auto acl = ParseAcl(r.Get(i, 2));
    if (!acl.empty()) out.schema_grants[r.Get(i, 0)] = acl;
  }
  return Ok();
}

Status ReadExtensions(Database& db, Schema& out) {
  Rows r;
  TRY_ASSIGN(r, db.Query("SELECT e.extname, n.nspname, e.extversion, " + Description("e.oid", "pg_extension") + " "
                         "FROM pg_catalog.pg_extension e "
                         "JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE e.extname <> 'plpgsql'"));
  for (size_t i = 0; i < r.size(); ++i) {
    Extension e;
    e.name = r.Get(i, 0);
    e.schema = r.Get(i, 1);
    e.version = r.Get(i, 2);
    if (!r.IsNull(i, 3)) e.comment = r.Get(i, 3);
    e.comment_managed = true;
    out.extensions[e.name] = std::move(e);
  }
  return Ok();
}

Status ReadEnums(Database& db, const std::string& cte, Schema& out) {
  Rows r;
  TRY_ASSIGN(r, db.Query(cte + "SELECT ns.nspname, t.typname, e.enumlabel, " + Description("t.oid", "pg_type") + ", " +
                               AclLines("t.typacl", "T", "t.typowner") + " FROM pg_catalog.pg_type t "
                               "JOIN ns ON ns.oid = t.typnamespace JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid "
                               "WHERE" + NotExtensionMember("pg_catalog.pg_type", "t.oid") +
                               "ORDER BY 1, 2, e.enumsortorder"));
  for (size_t i = 0; i < r.size(); ++i) {
    QualifiedName n{r.Get(i, 0), r.Get(i, 1)};
    auto& e = out.enums[n];
    e.name = n;
    e.values.push_back(r.Get(i, 2));
    if (!r.IsNull(i, 3)) e.comment = r.Get(i, 3);
    e.grants = ParseAcl(r.Get(i, 4));  // typacl; NULL is acldefault('T'): USAGE for PUBLIC
  }
  return Ok();
}

Status ReadDomains(Database& db, const std::string& cte, Schema& out) {
  Rows r;
  TRY_ASSIGN(r, db.Query(cte + "SELECT ns.nspname, t.typname, pg_catalog.format_type(t.typbasetype, t.typtypmod), t.typnotnull, "
                               "pg_catalog.pg_get_expr(t.typdefaultbin, 0), "
                               "CASE WHEN t.typcollation <> b.typcollation THEN co.collname END, "
                               "" + Description("t.oid", "pg_type") + ", " + AclLines("t.typacl", "T", "t.typowner") +
                               " FROM pg_catalog.pg_type t "
                               "JOIN ns ON ns.oid = t.typnamespace JOIN pg_catalog.pg_type b ON b.oid = t.typbasetype "
                               "LEFT JOIN pg_catalog.pg_collation co ON co.oid = t.typcollation "
                               "WHERE t.typtype = 'd' AND" + NotExtensionMember("pg_catalog.pg_type", "t.oid") +
                               "ORDER BY 1, 2"));
  for (size_t i = 0; i < r.size(); ++i) {
    Domain d;
    d.name = {r.Get(i, 0), r.Get(i, 1)};
    d.base_type = r.Get(i, 2);
    d.not_null = r.Get(i, 3) == "t";
    if (!r.IsNull(i, 4)) TRY_ASSIGN(d.default_expr, ParseExpression(r.Get(i, 4)));
    d.collation = r.Get(i, 5);
    if (!r.IsNull(i, 6)) d.comment = r.Get(i, 6);
    d.grants = ParseAcl(r.Get(i, 7));
    out.domains[d.name] = std::move(d);
  }
  TRY_ASSIGN(r, db.Query(cte + "SELECT ns.nspname, t.typname, k.conname, pg_catalog.pg_get_constraintdef(k.oid) "
                               "FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_type t ON t.oid = k.contypid "
                               "JOIN ns ON ns.oid = t.typnamespace WHERE k.contype = 'c' AND t.typtype = 'd' "
                               // conrelid = 0 (a domain's, not a table's): read through the index
                               // on (conrelid, contypid, conname) instead of every constraint
                               "AND k.conrelid = 0 ORDER BY 1, 2, 3"));
  for (size_t i = 0; i < r.size(); ++i) {
    auto it = out.domains.find({r.Get(i, 0), r.Get(i, 1)});
    if (it == out.domains.end()) continue;
    Constraint c;
    TRY_ASSIGN(c, ParseConstraintDef(it->first, r.Get(i, 2), r.Get(i, 3)));
    c.name = r.Get(i, 2);
    it->second.checks[c.name] = std::move(c);
  }
  return Ok();
}

Status ReadComposites(Database& db, const std::string& cte, Schema& out) {
  // A composite type is a pg_type (typtype 'c') over a pg_class of relkind 'c' holding its
  // attributes.
  Rows r;
  TRY_ASSIGN(r, db.Query(cte + "SELECT ns.nspname, t.typname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), "
                               "CASE WHEN a.attcollation <> at.typcollation THEN co.collname END, "
                               "" + Description("t.oid", "pg_type") + ", " + AclLines("t.typacl", "T", "t.typowner") +
                               " FROM pg_catalog.pg_type t "
                               "JOIN ns ON ns.oid = t.typnamespace JOIN pg_catalog.pg_class c ON c.oid = t.typrelid "
                               "LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
                               "LEFT JOIN pg_catalog.pg_type at ON at.oid = a.atttypid "
                               "LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation "
                               "WHERE t.typtype = 'c' AND c.relkind = 'c' AND" + NotExtensionMember("pg_catalog.pg_type", "t.oid") +
                               "ORDER BY 1, 2, a.attnum"));
  for (size_t i = 0; i < r.size(); ++i) {
    QualifiedName n{r.Get(i, 0), r.Get(i, 1)};
    CompositeType& c = out.composites[n];
    c.name = n;
    if (!r.IsNull(i, 5)) c.comment = r.Get(i, 5);
    c.grants = ParseAcl(r.Get(i, 6));
    if (!r.IsNull(i, 2)) c.attributes.push_back({r.Get(i, 2), r.Get(i, 3), r.Get(i, 4)});
  }
  return Ok();
}

// A function or operator class as RangeType keeps it: bare in pg_catalog, else schema.name.
std::string CatalogNameSql(const std::string& nsp, const std::string& name) {
  return "CASE WHEN " + nsp + " = 'pg_catalog' THEN pg_catalog.quote_ident(" + name + ") ELSE pg_catalog.quote_ident(" + nsp +
         ") || '.' || pg_catalog.quote_ident(" + name + ") END";
}

Status ReadRanges(Database& db, const std::string& cte, Schema& out) {
  // pg_range: the operator class when it is not the default (pg_dump's reading of it), the
  // collation when it is not the subtype's, the functions by name (no overloads: each takes
  // fixed arguments), the multirange type's name.
  Rows r;
  TRY_ASSIGN(r, db.Query(cte + "SELECT ns.nspname, t.typname, pg_catalog.format_type(g.rngsubtype, NULL), "
                               "CASE WHEN NOT opc.opcdefault THEN " + CatalogNameSql("opn.nspname", "opc.opcname") + " END, "
                               "CASE WHEN g.rngcollation <> st.typcollation THEN co.collname END, "
                               "CASE WHEN g.rngcanonical <> 0 THEN " + CatalogNameSql("cn.nspname", "cp.proname") + " END, "
                               "CASE WHEN g.rngsubdiff <> 0 THEN " + CatalogNameSql("dn.nspname", "dp.proname") + " END, "
                               "mn.nspname, mt.typname, " + Description("t.oid", "pg_type") + ", " +
                               AclLines("t.typacl", "T", "t.typowner") +
                               " FROM pg_catalog.pg_range g JOIN pg_catalog.pg_type t ON t.oid = g.rngtypid "
                               "JOIN ns ON ns.oid = t.typnamespace JOIN pg_catalog.pg_type st ON st.oid = g.rngsubtype "
                               "JOIN pg_catalog.pg_opclass opc ON opc.oid = g.rngsubopc "
                               "JOIN pg_catalog.pg_namespace opn ON opn.oid = opc.opcnamespace "
                               "LEFT JOIN pg_catalog.pg_collation co ON co.oid = g.rngcollation "
                               "LEFT JOIN pg_catalog.pg_proc cp ON cp.oid = g.rngcanonical "
                               "LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = cp.pronamespace "
                               "LEFT JOIN pg_catalog.pg_proc dp ON dp.oid = g.rngsubdiff "
                               "LEFT JOIN pg_catalog.pg_namespace dn ON dn.oid = dp.pronamespace "
                               "JOIN pg_catalog.pg_type mt ON mt.oid = g.rngmultitypid "
                               "JOIN pg_catalog.pg_namespace mn ON mn.oid = mt.typnamespace WHERE" +
                               NotExtensionMember("pg_catalog.pg_type", "t.oid") + "ORDER BY 1, 2"));
  for (size_t i = 0; i < r.size(); ++i) {
    RangeType g;
    g.name = {r.Get(i, 0), r.Get(i, 1)};
    g.subtype = r.Get(i, 2);
    g.opclass = r.Get(i, 3);
    g.collation = r.Get(i, 4);
    g.canonical = r.Get(i, 5);
    g.subtype_diff = r.Get(i, 6);
    g.multirange = {r.Get(i, 7), r.Get(i, 8)};
    if (!r.IsNull(i, 9)) g.comment = r.Get(i, 9);
    g.grants = ParseAcl(r.Get(i, 10));
    out.ranges[g.name] = std::move(g);
  }
  return Ok();
}

Status ReadCollations(Database& db, const std::string& cte, Schema& out) {
  Rows r;
  TRY_ASSIGN(r, db.Query(cte + "SELECT ns.nspname, c.collname, c.collprovider, c.collcollate, c.collctype, "
                               "c.colliculocale, c.collisdeterministic FROM pg_catalog.pg_collation c "
                               "JOIN ns ON ns.oid = c.collnamespace WHERE" +
                               NotExtensionMember("pg_catalog.pg_collation", "c.oid") + "ORDER BY 1, 2"));
  for (size_t i = 0; i < r.size(); ++i) {
    Collation c;
    c.name = {r.Get(i, 0), r.Get(i, 1)};
    c.provider = r.Get(i, 2).empty() ? 'c' : r.Get(i, 2)[0];
    if (c.provider == 'i') {
      c.icu_locale = r.Get(i, 5);
    } else {
      c.lc_collate = r.Get(i, 3);
      c.lc_ctype = r.Get(i, 4);
    }
    c.deterministic = r.Get(i, 6) == "t";
    out.collations[c.name] = c;
  }
  return Ok();
}

Status ReadTables(Database& db, const std::string& cte, Schema& out) {
  Rows r;
  TRY_ASSIGN(r, db.Query(cte + "SELECT ns.nspname, c.relname, c.relrowsecurity, c.relforcerowsecurity, "
                               "" + Description("c.oid", "pg_class") + ", c.relpersistence, "
                               "CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END, "
                               "CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END, "
                               "c.relreplident, (SELECT ic.relname FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic "
                               "ON ic.oid = i.indexrelid WHERE i.indrelid = c.oid AND i.indisreplident), "
                               "pg_catalog.array_to_string(c.reloptions, E'\\n') "
                               "FROM pg_catalog.pg_class c "
                               "JOIN ns ON ns.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND" +
                               NotExtensionMember("pg_catalog.pg_class", "c.oid") + "ORDER BY 1, 2"));
  for (size_t i = 0; i < r.size(); ++i) {
    Table t;
    t.name = {r.Get(i, 0), r.Get(i, 1)};
    t.rls_enabled = r.Get(i, 2) == "t";
    t.rls_forced = r.Get(i, 3) == "t";
    if (!r.IsNull(i, 4)) t.comment = r.Get(i, 4);
    t.unlogged = r.Get(i, 5) == "u";
    if (!r.IsNull(i, 6)) TRY_ASSIGN(t.partition_by, CanonicalPartitionKey(r.Get(i, 6)));
    if (!r.IsNull(i, 7)) TRY_ASSIGN(t.partition_bound, CanonicalPartitionBound(r.Get(i, 7)));
    t.replica_identity = r.Get(i, 8).empty() ? 'd' : r.Get(i, 8)[0];
    if (t.replica_identity == 'i') t.replica_index = r.Get(i, 9);
    t.options = Lines(r.Get(i, 10));
    out.tables[t.name] = std::move(t);
  }
  // Parents: of a partition (relispartition), or INHERITS in declaration order.
  TRY_ASSIGN(r, db.Query(cte + "SELECT ns.nspname, c.relname, pn.nspname, p.relname FROM pg_catalog.pg_inherits i "
                               "JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid JOIN ns ON ns.oid = c.relnamespace "
                               "JOIN pg_catalog.pg_class p ON p.oid = i.inhparent "
                               "JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace "
                               "WHERE c.relkind IN ('r', 'p') ORDER BY 1, 2, i.inhseqno"));
  for (size_t i = 0; i < r.size(); ++i) {
    auto it = out.tables.find({r.Get(i, 0), r.Get(i, 1)});
    if (it == out.tables.end()) continue;
    QualifiedName parent{r.Get(i, 2), r.Get(i, 3)};
    if (!it->second.partition_bound.empty()) it->second.partition_of = parent;
    else it->second.inherits.push_back(parent);
  }
  return Ok();
}

// The table a catalog row names (schema and name in its first two columns), null when it is not
// one read here (an extension's). A table's rows mostly come one after another (the catalogs
// keep an object's rows side by side): the lookup, two interned names and the map, is made
// again only when the name changes (it was two fifths of the columns' own time at 10,000 tables).
class TableOfRow {
 public:
  explicit TableOfRow(Schema& out) : out_(&out) {}
  std::pair<const QualifiedName, Table>* operator()(const Rows& r, size_t i) {
    std::string schema = r.Get(i, 0), name = r.Get(i, 1);
    if (!set_ || schema != schema_ || name != name_) {
      auto it = out_->tables.find({schema, name});
      table_ = it == out_->tables.end() ? nullptr : &*it;
      schema_ = std::move(schema);
      name_ = std::move(name);
      set_ = true;
    }
    return table_;
  }

 private:
  Schema* out_;
  std::string schema_, name_;
  std::pair<const QualifiedName, Table>* table_ = nullptr;
  bool set_ = false;
};

// Each table's columns as the server prints references to them (by number: name, type,
// collation), as a number per distinct list: tables of equal numbers print a definition alike
// (shared_deparse.h). Table oid -> number.
using ColumnKeys = std::vector<std::pair<std::string, int>>;

Status ReadColumns(Database& db, const std::string& cte, Schema& out, ColumnKeys* keys) {
  // attidentity / attgenerated ('s' = stored) / the default from pg_attrdef; a serial column is
  // one whose default reads a sequence that the column owns (pg_depend deptype 'a').
  // The sequences a column owns (serial: deptype 'a') or is the identity of ('i'), found from
  // the few sequences through pg_depend's index on the dependent object, then hash-joined: a
  // lookup per column was a quarter of this query's time at 10,000 tables. A column can own
  // more than one sequence (OWNED BY): all their names, the one its default reads is serial's.
  const std::string seqs =
      ", seqs AS (SELECT d.refobjid, d.refobjsubid, d.deptype, s.relname, q.seqincrement, q.seqmin, q.seqmax, "
      "q.seqstart, q.seqcache, q.seqcycle, pg_catalog.format_type(q.seqtypid, NULL) AS seqtype "
      "FROM pg_catalog.pg_class s JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::regclass "
      "AND d.objid = s.oid AND d.objsubid = 0 AND d.refclassid = 'pg_catalog.pg_class'::regclass "
      "AND d.deptype IN ('a', 'i') AND d.refobjsubid > 0 "
      "JOIN pg_catalog.pg_sequence q ON q.seqrelid = s.oid WHERE s.relkind = 'S'), "
      "owned AS (SELECT refobjid, refobjsubid, pg_catalog.string_agg(relname, E'\\n') AS names FROM seqs "
      "WHERE deptype = 'a' GROUP BY refobjid, refobjsubid) ";
  struct Read {
    std::string oid;
    std::vector<std::pair<int, Column>> columns;  // by attnum, sorted below
  };
  std::unordered_map<Table*, Read> read;
  TableOfRow table_of(out);
  std::pair<const QualifiedName, Table>* last = nullptr;
  Read* into = nullptr;  // last's
  TRY(db.Stream(
      cte + seqs + "SELECT ns.nspname, c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), "
            // A default reads no column (PostgreSQL refuses column references in one), so it is
            // printed without the table as context (relid 0, as the pg_get_expr documentation
            // allows when there are no Vars): the server then need not open every table and build
            // its relation cache entry, which was half of this query's time at 10,000 tables.
            // A generation expression reads columns: it gets its table.
            "a.attnotnull, a.attidentity, a.attgenerated, "
            "pg_catalog.pg_get_expr(ad.adbin, CASE WHEN a.attgenerated <> '' THEN ad.adrelid ELSE 0 END), a.attinhcount = 0, "
            "CASE WHEN a.attcollation <> t.typcollation THEN co.collname END, dsc.description, "
            // (only a column with a default can be serial)
            "CASE WHEN ad.adbin IS NOT NULL THEN ser.names END, "
            "idn.seqincrement, idn.seqmin, idn.seqmax, idn.seqstart, idn.seqcache, idn.seqcycle, idn.seqtype, a.attnum, c.oid "
            "FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
            "JOIN ns ON ns.oid = c.relnamespace JOIN pg_catalog.pg_type t ON t.oid = a.atttypid "
            "LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum "
            "LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation "
            "LEFT JOIN pg_catalog.pg_description dsc ON dsc.objoid = c.oid "
            "AND dsc.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND dsc.objsubid = a.attnum "
            "LEFT JOIN owned ser ON ser.refobjid = c.oid AND ser.refobjsubid = a.attnum "
            "LEFT JOIN seqs idn ON a.attidentity <> '' AND idn.deptype = 'i' AND idn.refobjid = c.oid "
            "AND idn.refobjsubid = a.attnum "
            // In any order: each table's columns are put in theirs here (the server's sort of
            // 80,000 wide rows spilled to disk at 10,000 tables, a seventh of the statement).
            "WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped",
      [&](const Rows& r, size_t i) -> Status {
    auto* table = table_of(r, i);
    if (!table) return Ok();  // an extension's table
    if (table != last) {
      into = &read[&table->second];
      into->oid = r.Get(i, 20);
    }
    last = table;
    Column col;
    col.name = r.Get(i, 2);
    col.type = r.Get(i, 3);
    col.not_null = r.Get(i, 4) == "t";
    std::string ident = r.Get(i, 5);
    col.identity = ident.empty() ? 0 : ident[0];
    Expr expr;
    if (!r.IsNull(i, 7)) TRY_ASSIGN(expr, ParseExpression(r.Get(i, 7)));
    if (r.Get(i, 6) == "s") col.generated = expr; else col.default_expr = expr;
    // Inherited, or merged with a parent's (local and inherited): the parent defines it.
    col.inherited = r.Get(i, 8) == "f";
    col.collation = r.Get(i, 9);
    if (!r.IsNull(i, 10)) col.comment = r.Get(i, 10);
    if (col.identity && !r.IsNull(i, 12)) {
      Sequence& q = col.identity_sequence.mut();
      q.type = r.Get(i, 18);
      q.increment = std::stoll(r.Get(i, 12));
      q.min = std::stoll(r.Get(i, 13));
      q.max = std::stoll(r.Get(i, 14));
      q.start = std::stoll(r.Get(i, 15));
      q.cache = std::stoll(r.Get(i, 16));
      q.cycle = r.Get(i, 17) == "t";
    }
    if (col.default_expr.key.find("nextval(") == 0) {
      for (const std::string& seq : Lines(r.Get(i, 11))) {
        if (!seq.empty() && col.default_expr.key.find(seq) != std::string::npos) {
          col.serial_sequence = seq;
          break;
        }
      }
    }
    into->columns.push_back({std::stoi(r.Get(i, 19)), std::move(col)});
    return Ok();
  }));
  std::unordered_map<std::string, int> numbers;  // a list of columns -> its number
  std::string list;
  for (auto& [table, r] : read) {
    auto& columns = r.columns;
    std::sort(columns.begin(), columns.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    list.clear();
    for (const auto& [attnum, col] : columns) {  // each text after its length: no two lists read alike
      list += std::to_string(attnum);
      for (const Interned* text : {&col.name, &col.type, &col.collation}) {
        list += ' ' + std::to_string(text->size()) + ':' + text->str();
      }
      list += '\n';
    }
    keys->push_back({r.oid, numbers.try_emplace(list, static_cast<int>(numbers.size())).first->second});
    table->columns.reserve(table->columns.size() + columns.size());
    for (auto& [attnum, col] : columns) table->columns.push_back(std::move(col));
    std::vector<std::pair<int, Column>>().swap(columns);  // given back table by table, not all at the end
  }
  return Ok();
}

// What pg_get_indexdef prints before " USING": "CREATE [UNIQUE ]INDEX name ON [ONLY ]schema.table "
// (pg_get_indexdef_worker: ONLY for a partitioned index; the table always schema-qualified).
std::string IndexPrefix(const std::string& unique, const std::string& index, const std::string& kind,
                        const std::string& schema, const std::string& table) {
  return "('CREATE ' || CASE WHEN " + unique + " THEN 'UNIQUE ' ELSE '' END || 'INDEX ' || pg_catalog.quote_ident(" +
         index + ") || ' ON ' || CASE WHEN " + kind + " = 'I' THEN 'ONLY ' ELSE '' END || pg_catalog.quote_ident(" +
         schema + ") || '.' || pg_catalog.quote_ident(" + table + ") || ' ')";
}

// A policy expression (`column`: polqual or polwithcheck) as pg_get_expr prints it, shared.
std::string PolicyExprCte(const std::string& name, const std::string& column) {
  return SharedDeparseCte(name,
                          "SELECT p.oid, p." + column + "::text, p.polrelid, '' FROM pg_catalog.pg_policy p "
                          "JOIN pg_catalog.pg_class c ON c.oid = p.polrelid JOIN ns ON ns.oid = c.relnamespace "
                          "WHERE p." + column + " IS NOT NULL",
                          "(SELECT pg_catalog.pg_get_expr(p." + column + ", p.polrelid) FROM pg_catalog.pg_policy p "
                          "WHERE p.oid = s.id)");
}

// The definitions printed against a table's columns, by object oid: CHECK constraints, indexes
// (those not backing a constraint nor attached to a parent's), policies' USING and WITH CHECK.
struct SharedDefinitions {
  // Oid -> text, interned: most texts are one representative's, on thousands of objects.
  using ByOid = std::unordered_map<std::string, Interned>;
  // An index's: what follows its name and table (shared), or where that was not the shape of
  // the text, the whole definition (index_defs).
  ByOid checks, indexes, index_defs, policy_using, policy_check;
  Result<std::string> Find(const ByOid& in, const std::string& oid, const std::string& what) const {
    auto it = in.find(oid);
    if (it == in.end()) return MakeError(ErrorKind::kCatalog, "no definition read for " + what);
    return it->second.str();
  }
};

// One statement prints them all, each distinct definition once (shared_deparse.h), keyed by the
// tables' column lists as ReadColumns numbered them, for the four kinds.
Result<SharedDefinitions> ReadSharedDefinitions(Database& db, const std::string& cte, const ColumnKeys& column_keys) {
  const std::string ctes =
      TableColumnsCte(column_keys) +
      SharedDeparseCte("kc",
                       "SELECT k.oid, k.conbin::text, k.conrelid, k.connoinherit::text || k.convalidated::text "
                       "FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_class c ON c.oid = k.conrelid "
                       "JOIN ns ON ns.oid = c.relnamespace WHERE k.contype = 'c' AND k.conislocal AND k.conparentid = 0",
                       "pg_catalog.pg_get_constraintdef(s.id)") +
      // An index's text is its own name and table (IndexPrefix) and a tail after them, shared.
      SharedDeparseCte(
          "ixd",
          "SELECT i.indexrelid, COALESCE(i.indexprs::text, '') || E'\\n' || COALESCE(i.indpred::text, ''), i.indrelid, "
          "pg_catalog.concat_ws(' ', i.indkey::text, i.indnkeyatts, i.indclass::text, i.indcollation::text, i.indoption::text, "
          "i.indisunique, i.indnullsnotdistinct, x.relam, x.relkind, x.reloptions::text) "
          "FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class x ON x.oid = i.indexrelid JOIN ns ON ns.oid = x.relnamespace "
          "WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits ih WHERE ih.inhrelid = i.indexrelid) "
          "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conindid = i.indexrelid "
          "AND k.contype IN ('p', 'u', 'x'))",
          "(SELECT CASE WHEN pg_catalog.starts_with(d.def, d.prefix) THEN pg_catalog.substr(d.def, pg_catalog.length(d.prefix) + 1) END "
          "FROM (SELECT pg_catalog.pg_get_indexdef(pi.indexrelid) AS def, " +
              IndexPrefix("pi.indisunique", "pc.relname", "pc.relkind", "pn.nspname", "pt.relname") + " AS prefix "
          "FROM pg_catalog.pg_index pi JOIN pg_catalog.pg_class pc ON pc.oid = pi.indexrelid "
          "JOIN pg_catalog.pg_class pt ON pt.oid = pi.indrelid JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace "
          "WHERE pi.indexrelid = s.id) d)") +
      PolicyExprCte("pq", "polqual") + PolicyExprCte("pw", "polwithcheck");
  SharedDefinitions out;
  TRY(db.Stream(cte + ctes +
                         "SELECT 'c', kc.id, kc.def FROM kc "
                         // an index's tail (ReadIndexes puts its own name and table before it);
                         // where the representative's text did not start as expected, the index's own
                         "UNION ALL SELECT CASE WHEN ixd.def IS NOT NULL THEN 'i' ELSE 'I' END, ixd.id, "
                         "COALESCE(ixd.def, pg_catalog.pg_get_indexdef(ixd.id)) FROM ixd "
                         "UNION ALL SELECT 'q', pq.id, pq.def FROM pq UNION ALL SELECT 'w', pw.id, pw.def FROM pw",
                [&](const Rows& r, size_t i) -> Status {
                  std::string kind = r.Get(i, 0);
                  auto& into = kind == "c"   ? out.checks
                               : kind == "i" ? out.indexes
                               : kind == "I" ? out.index_defs
                               : kind == "q" ? out.policy_using
                                             : out.policy_check;
                  into[r.Get(i, 1)] = r.Get(i, 2);
                  return Ok();
                },
                Database::RowMode::kWhole));
  return out;
}

Status ReadConstraints(Database& db, const std::string& cte, const SharedDefinitions& shared, Schema& out) {
  // A partition's own key can have its index attached to a plain index of the parent (a unique
  // index created on the parent adopts a matching one): that index, schema and name.
  TRY(db.Stream(cte + "SELECT ns.nspname, c.relname, k.conname, "
                               // a CHECK's text comes from the shared definitions
                               "CASE WHEN k.contype <> 'c' THEN pg_catalog.pg_get_constraintdef(k.oid) END, "
                               "pn.nspname, pi.relname, " + Description("k.oid", "pg_constraint") + ", "
                               // pg_get_constraintdef prints a key's WITH (...) only as a full
                               // command (pg_get_constraintdef_worker): read its index's reloptions
                               "(SELECT pg_catalog.array_to_string(x.reloptions, E'\\n') FROM pg_catalog.pg_class x "
                               "WHERE x.oid = k.conindid AND k.contype IN ('p', 'u')), k.oid "
                               "FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_class c ON c.oid = k.conrelid "
                               "JOIN ns ON ns.oid = c.relnamespace "
                               "LEFT JOIN pg_catalog.pg_inherits ih ON k.contype IN ('p', 'u', 'x') AND ih.inhrelid = k.conindid "
                               "LEFT JOIN pg_catalog.pg_class pi ON pi.oid = ih.inhparent "
                               "LEFT JOIN pg_catalog.pg_namespace pn ON pn.oid = pi.relnamespace "
                               "WHERE k.contype IN ('p', 'u', 'f', 'c', 'x') "
                               // inherited from a parent or cloned onto a partition: the parent's
                               "AND k.conislocal AND k.conparentid = 0",
      // in no order: each row goes into its table's map (the sort spilled 11 MB to disk at
      // 10,000 tables)
      [&, table_of = TableOfRow(out)](const Rows& r, size_t i) mutable -> Status {
    auto* it = table_of(r, i);
    if (!it) return Ok();
    Constraint c;
    std::string def;
    TRY_ASSIGN(def, r.IsNull(i, 3) ? shared.Find(shared.checks, r.Get(i, 8), "CHECK constraint " + r.Get(i, 2)) : r.Get(i, 3));
    TRY_ASSIGN(c, ParseConstraintDef(it->first, r.Get(i, 2), def));
    c.name = r.Get(i, 2);
    if (!r.IsNull(i, 7)) c.options = Lines(r.Get(i, 7));
    if (!r.IsNull(i, 5)) it->second.attached_keys[c.name] = {r.Get(i, 4), r.Get(i, 5)};
    if (!r.IsNull(i, 6)) it->second.constraint_comments[c.name] = r.Get(i, 6);
    it->second.constraints[c.name] = std::move(c);
    return Ok();
  },
                Database::RowMode::kWhole));
  return Ok();
}

Status ReadIndexes(Database& db, const std::string& cte, const SharedDefinitions& shared, Schema& out) {
  // Indexes that back a constraint (pg_constraint.conindid) belong to the constraint. A
  // partition's index attached to an index of its parent (pg_inherits between indexes) is the
  // parent's: only its name is the partition's (Table::attached_indexes).
  // Only the others' definitions are printed: pg_get_indexdef costs the server 40 us an index,
  // and a table's primary key index is one of every three at 10,000 tables.
  const std::string backs = "EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conindid = i.indexrelid "
                            "AND k.contype IN ('p', 'u', 'x'))";
  TRY(db.Stream(cte + "SELECT ns.nspname, c.relname, i.indexrelid, i.indisvalid, "
                               "pn.nspname, pi.relname, t.relname, " + Description("i.indexrelid", "pg_class") + ", " +
                               backs + ", i.indisunique "
                               "FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid "
                               "JOIN pg_catalog.pg_class t ON t.oid = i.indrelid JOIN ns ON ns.oid = c.relnamespace "
                               "LEFT JOIN pg_catalog.pg_inherits ih ON ih.inhrelid = i.indexrelid "
                               "LEFT JOIN pg_catalog.pg_class pi ON pi.oid = ih.inhparent "
                               "LEFT JOIN pg_catalog.pg_namespace pn ON pn.oid = pi.relnamespace "
                               "WHERE t.relkind IN ('r', 'p', 'm') AND" +
                               NotExtensionMember("pg_catalog.pg_class", "t.oid"),
      // in no order: each row goes into a map by name
      [&](const Rows& r, size_t i) -> Status {
    bool attached = !r.IsNull(i, 5);
    if (attached) {
      auto t = out.tables.find({r.Get(i, 0), r.Get(i, 6)});
      if (t != out.tables.end()) t->second.attached_indexes[r.Get(i, 1)] = {r.Get(i, 4), r.Get(i, 5)};
    }
    if (attached || r.Get(i, 8) == "t") return Ok();
    Index ix;
    if (auto whole = shared.index_defs.find(r.Get(i, 2)); whole != shared.index_defs.end()) {
      TRY_ASSIGN(ix, ParseIndexDef(whole->second.str()));
    } else {
      std::string tail;
      TRY_ASSIGN(tail, shared.Find(shared.indexes, r.Get(i, 2), "index " + r.Get(i, 1)));
      TRY_ASSIGN(ix, ParseIndexTail(r.Get(i, 9) == "t", tail));
    }
    ix.name = {r.Get(i, 0), r.Get(i, 1)};
    ix.table = {r.Get(i, 0), r.Get(i, 6)};  // an index is in its table's schema
    ix.valid = r.Get(i, 3) == "t";
    if (!r.IsNull(i, 7)) ix.comment = r.Get(i, 7);
    out.indexes[ix.name] = std::move(ix);
    return Ok();
  },
                Database::RowMode::kWhole));
  return Ok();
}

Status ReadPolicies(Database& db, const std::string& cte, const SharedDefinitions& shared, Schema& out) {
  Rows r;
  TRY_ASSIGN(r, db.Query(
      cte + "SELECT ns.nspname, c.relname, p.polname, p.polpermissive, p.polcmd, "
            "pg_catalog.array_to_string(ARRAY(SELECT CASE WHEN x = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(x) END "
            "FROM pg_catalog.unnest(p.polroles) x ORDER BY 1), E'\\n'), "
            "p.polqual IS NOT NULL, p.polwithcheck IS NOT NULL, "
            "" + Description("p.oid", "pg_policy") + ", p.oid "
            "FROM pg_catalog.pg_policy p JOIN pg_catalog.pg_class c ON c.oid = p.polrelid "
            "JOIN ns ON ns.oid = c.relnamespace ORDER BY 1, 2, 3"));
  for (size_t i = 0; i < r.size(); ++i) {
    auto it = out.tables.find({r.Get(i, 0), r.Get(i, 1)});
    if (it == out.tables.end()) continue;
    Policy p;
    p.name = r.Get(i, 2);
    p.permissive = r.Get(i, 3) == "t";
    switch (r.Get(i, 4)[0]) {  // pg_policy.polcmd: r a w d *
      case 'r': p.command = "SELECT"; break;
      case 'a': p.command = "INSERT"; break;
      case 'w': p.command = "UPDATE"; break;
      case 'd': p.command = "DELETE"; break;
      default: p.command = "ALL";
    }
    p.roles = Lines(r.Get(i, 5));
    std::sort(p.roles.begin(), p.roles.end());
    const std::string what = "policy " + p.name;
    std::string text;
    if (r.Get(i, 6) == "t") {
      TRY_ASSIGN(text, shared.Find(shared.policy_using, r.Get(i, 9), what));
      TRY_ASSIGN(p.using_expr, ParseExpression(text));
    }
    if (r.Get(i, 7) == "t") {
      TRY_ASSIGN(text, shared.Find(shared.policy_check, r.Get(i, 9), what));
      TRY_ASSIGN(p.check_expr, ParseExpression(text));
    }
    if (!r.IsNull(i, 8)) it->second.policy_comments[p.name] = r.Get(i, 8);
    it->second.policies[p.name] = std::move(p);
  }
  return Ok();
}

// Objects of kinds the model does not hold, in the schemas in scope (database-wide ones only
// without --schema), not extension members: listed so that plan and drift say they were not
// compared, instead of reporting "in sync" over them.
Status ReadUnmanaged(Database& db, const std::string& cte, bool whole_database, Schema& out) {
  auto in_ns = [](const std::string& kind, const std::string& catalog, const std::string& alias, const std::string& name_sql,
                  const std::string& ns_col, const std::string& where) {
    return "SELECT '" + kind + "', ns.nspname || '.' || " + name_sql + " FROM pg_catalog." + catalog + " " + alias +
           " JOIN ns ON ns.oid = " + alias + "." + ns_col + " WHERE" + NotExtensionMember("pg_catalog." + catalog, alias + ".oid") +
           where;
  };
  std::vector<std::string> parts = {
      in_ns("operator", "pg_operator", "o", "o.oprname || '(' || pg_catalog.format_type(o.oprleft, NULL) || ', ' || "
            "pg_catalog.format_type(o.oprright, NULL) || ')'", "oprnamespace", ""),
      in_ns("operator class", "pg_opclass", "o", "o.opcname", "opcnamespace", ""),
      in_ns("operator family", "pg_opfamily", "o", "o.opfname", "opfnamespace",
            " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_opclass c WHERE c.opcfamily = o.oid AND c.opcname = o.opfname)"),
      in_ns("window function", "pg_proc", "p", "p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')'",
            "pronamespace", " AND p.prokind = 'w'"),
      in_ns("base type", "pg_type", "t", "t.typname", "typnamespace", " AND t.typtype = 'b' AND t.typcategory <> 'A'"),
      in_ns("text search configuration", "pg_ts_config", "c", "c.cfgname", "cfgnamespace", ""),
      in_ns("text search dictionary", "pg_ts_dict", "c", "c.dictname", "dictnamespace", ""),
      in_ns("text search parser", "pg_ts_parser", "c", "c.prsname", "prsnamespace", ""),
      in_ns("text search template", "pg_ts_template", "c", "c.tmplname", "tmplnamespace", ""),
      in_ns("conversion", "pg_conversion", "c", "c.conname", "connamespace", ""),
      in_ns("statistics object", "pg_statistic_ext", "c", "c.stxname", "stxnamespace", ""),
  };
  if (whole_database) {
    auto global = [](const std::string& kind, const std::string& catalog, const std::string& name_sql, const std::string& where) {
      return "SELECT '" + kind + "', " + name_sql + " FROM pg_catalog." + catalog + " x WHERE x.oid >= 16384 AND" +
             NotExtensionMember("pg_catalog." + catalog, "x.oid") + where;
    };
    parts.push_back(global("cast", "pg_cast", "pg_catalog.format_type(x.castsource, NULL) || ' AS ' || "
                                              "pg_catalog.format_type(x.casttarget, NULL)", ""));
    parts.push_back(global("language", "pg_language", "x.lanname::text", ""));
    parts.push_back(global("access method", "pg_am", "x.amname::text", ""));
    parts.push_back(global("transform", "pg_transform", "pg_catalog.format_type(x.trftype, NULL)", ""));
  }
  Rows r;
  TRY_ASSIGN(r, db.Query(cte + Join(parts, " UNION ALL ") + " ORDER BY 1, 2"));
  for (size_t i = 0; i < r.size(); ++i) out.unmanaged.push_back(r.Get(i, 0) + " " + r.Get(i, 1));
  return Ok();
}

// Owners of schemas, relations, types and collations (routines: ReadFunctions). Read always,
// compared only with --manage-owners.
Status ReadOwners(Database& db, const std::string& cte, bool whole_database, Schema& out) {
  Rows r;
  // Database-wide objects only when the run is not limited to some schemas.
  std::string global = whole_database
      ? "UNION ALL SELECT 'x', '', s.srvname, pg_catalog.pg_get_userbyid(s.srvowner) FROM pg_catalog.pg_foreign_server s "
        "WHERE" + NotExtensionMember("pg_catalog.pg_foreign_server", "s.oid") +
        "UNION ALL SELECT 'w', '', w.fdwname, pg_catalog.pg_get_userbyid(w.fdwowner) FROM pg_catalog.pg_foreign_data_wrapper w "
        "WHERE" + NotExtensionMember("pg_catalog.pg_foreign_data_wrapper", "w.oid") +
        "UNION ALL SELECT 'b', '', p.pubname, pg_catalog.pg_get_userbyid(p.pubowner) FROM pg_catalog.pg_publication p "
        "WHERE" + NotExtensionMember("pg_catalog.pg_publication", "p.oid")
      : "";
  TRY_ASSIGN(r, db.Query(
      cte + "SELECT 'n', '', ns.nspname, pg_catalog.pg_get_userbyid(n.nspowner) FROM ns "
            "JOIN pg_catalog.pg_namespace n ON n.oid = ns.oid "
            "UNION ALL SELECT CASE WHEN c.relkind = 'S' THEN 'S' WHEN c.relkind IN ('v', 'm') THEN 'v' WHEN c.relkind = 'f' "
            "THEN 'f' ELSE 'r' END, "
            "ns.nspname, c.relname, pg_catalog.pg_get_userbyid(c.relowner) FROM pg_catalog.pg_class c "
            "JOIN ns ON ns.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND" +
            NotExtensionMember("pg_catalog.pg_class", "c.oid") +
            "UNION ALL SELECT 'T', ns.nspname, t.typname, pg_catalog.pg_get_userbyid(t.typowner) FROM pg_catalog.pg_type t "
            "JOIN ns ON ns.oid = t.typnamespace LEFT JOIN pg_catalog.pg_class c ON c.oid = t.typrelid "
            "WHERE (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND c.relkind = 'c')) AND" +
            NotExtensionMember("pg_catalog.pg_type", "t.oid") +
            "UNION ALL SELECT 'C', ns.nspname, c.collname, pg_catalog.pg_get_userbyid(c.collowner) "
            "FROM pg_catalog.pg_collation c JOIN ns ON ns.oid = c.collnamespace WHERE" +
            NotExtensionMember("pg_catalog.pg_collation", "c.oid") + global));
  for (size_t i = 0; i < r.size(); ++i) {
    std::string k = r.Get(i, 0), schema = r.Get(i, 1), name = r.Get(i, 2);
    static const std::map<std::string, ObjectKind> kKinds = {
        {"n", ObjectKind::kSchema}, {"S", ObjectKind::kSequence}, {"v", ObjectKind::kView},
        {"T", ObjectKind::kType}, {"C", ObjectKind::kCollation}, {"f", ObjectKind::kForeignTable},
        {"x", ObjectKind::kForeignServer}, {"w", ObjectKind::kForeignDataWrapper}, {"b", ObjectKind::kPublication}};
    auto kind_it = kKinds.find(k);
    ObjectKind kind = kind_it == kKinds.end() ? ObjectKind::kTable : kind_it->second;
    out.owners[ObjectRef::Of(kind, schema, name)] = r.Get(i, 3);
  }
  return Ok();
}

Status ReadViews(Database& db, const std::string& cte, Schema& out) {
  Rows r;
  TRY_ASSIGN(r, db.Query(cte + "SELECT ns.nspname, c.relname, c.relkind = 'm', pg_catalog.pg_get_viewdef(c.oid), "
                               "" + Description("c.oid", "pg_class") + ", "
                               "pg_catalog.array_to_string(c.reloptions, E'\\n'), c.relispopulated, "
                               "(SELECT pg_catalog.json_object_agg(a.attname, d.description) FROM pg_catalog.pg_attribute a "
                               "JOIN pg_catalog.pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_catalog.pg_class'::regclass "
                               "AND d.objsubid = a.attnum WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) "
                               "FROM pg_catalog.pg_class c "
                               "JOIN ns ON ns.oid = c.relnamespace WHERE c.relkind IN ('v', 'm') AND" +
                               NotExtensionMember("pg_catalog.pg_class", "c.oid") + "ORDER BY 1, 2"));
  for (size_t i = 0; i < r.size(); ++i) {
    View v;
    v.name = {r.Get(i, 0), r.Get(i, 1)};
    v.materialized = r.Get(i, 2) == "t";
    v.query = r.Get(i, 3);
    if (!r.IsNull(i, 4)) v.comment = r.Get(i, 4);
    v.options = Lines(r.Get(i, 5));
    v.populated = r.Get(i, 6) == "t";
    if (!r.IsNull(i, 7)) {
      auto comments = nlohmann::json::parse(r.Get(i, 7), nullptr, false);
      if (comments.is_object()) {
        for (const auto& [col, text] : comments.items()) {
          if (text.is_string()) v.column_comments[col] = text.get<std::string>();
        }
      }
    }
    out.views[v.name] = std::move(v);
  }
  // What each view reads: the relations its rewrite rule depends on.
  TRY_ASSIGN(r, db.Query(cte + "SELECT DISTINCT ns.nspname, v.relname, rn.nspname, rc.relname "
                               "FROM pg_catalog.pg_rewrite w JOIN pg_catalog.pg_class v ON v.oid = w.ev_class "
                               "JOIN ns ON ns.oid = v.relnamespace JOIN pg_catalog.pg_depend d "
                               "ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.objid = w.oid "
                               "AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid <> v.oid "
                               "JOIN pg_catalog.pg_class rc ON rc.oid = d.refobjid "
                               "JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace "
                               "WHERE v.relkind IN ('v', 'm') ORDER BY 1, 2, 3, 4"));
  for (size_t i = 0; i < r.size(); ++i) {
    auto it = out.views.find({r.Get(i, 0), r.Get(i, 1)});
    if (it != out.views.end()) it->second.depends_on.push_back({r.Get(i, 2), r.Get(i, 3)});
  }
  return Ok();
}

Status ReadFunctions(Database& db, const std::string& cte, Schema& out) {
  Rows r;
  TRY_ASSIGN(r, db.Query(cte + "SELECT pg_catalog.pg_get_functiondef(p.oid), " + Description("p.oid", "pg_proc") + ", " +
                               AclLines("p.proacl", "f", "p.proowner") + ", pg_catalog.pg_get_userbyid(p.proowner) "
                               "FROM pg_catalog.pg_proc p "
                               "JOIN ns ON ns.oid = p.pronamespace WHERE p.prokind IN ('f', 'p') AND" +
                               NotExtensionMember("pg_catalog.pg_proc", "p.oid") +
                               // a range's constructors come and go with it (pg_depend deptype 'i')
                               "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend i WHERE i.classid = "
                               "'pg_catalog.pg_proc'::regclass AND i.objid = p.oid AND i.deptype = 'i') ORDER BY p.oid"));
  for (size_t i = 0; i < r.size(); ++i) {
    Function f;
    TRY_ASSIGN(f, ParseFunctionDef(r.Get(i, 0)));
    if (!r.IsNull(i, 1)) f.comment = r.Get(i, 1);
    f.grants = ParseAcl(r.Get(i, 2));
    out.owners[ObjectRef::Of(ObjectKind::kFunction, f.name.schema, f.name.name, f.identity)] = r.Get(i, 3);
    out.functions[{f.name.schema, f.name.name + "(" + f.identity + ")"}] = std::move(f);
  }
  return Ok();
}

// pg_aggregate with its pg_proc row: argument types (format_type), names and modes; support
// functions and the sort operator by name as CatalogNameSql spells them (an aggregate's
// support functions are found by name and argument types, so the name is what differs).
Status ReadAggregates(Database& db, const std::string& cte, Schema& out) {
  auto fn = [](const std::string& col) {
    return "(SELECT " + CatalogNameSql("fn.nspname", "f.proname") + " FROM pg_catalog.pg_proc f JOIN pg_catalog.pg_namespace fn "
           "ON fn.oid = f.pronamespace WHERE f.oid = a." + col + "::pg_catalog.oid)";
  };
  Rows r;
  TRY_ASSIGN(r, db.Query(
      cte + "SELECT ns.nspname, p.proname, a.aggkind, a.aggnumdirectargs, "
            "(SELECT pg_catalog.json_agg(pg_catalog.format_type(t.typ, NULL) ORDER BY t.ord) "
            " FROM pg_catalog.unnest(p.proargtypes::pg_catalog.oid[]) WITH ORDINALITY t(typ, ord)), "
            "pg_catalog.to_json(p.proargnames), pg_catalog.to_json(p.proargmodes), " +
            fn("aggtransfn") + ", pg_catalog.format_type(a.aggtranstype, NULL), a.aggtransspace, " + fn("aggfinalfn") +
            ", a.aggfinalextra, a.aggfinalmodify, " + fn("aggcombinefn") + ", " + fn("aggserialfn") + ", " +
            fn("aggdeserialfn") + ", a.agginitval, " + fn("aggmtransfn") + ", " + fn("aggminvtransfn") +
            ", CASE WHEN a.aggmtranstype <> 0 THEN pg_catalog.format_type(a.aggmtranstype, NULL) END, a.aggmtransspace, " +
            fn("aggmfinalfn") + ", a.aggmfinalextra, a.aggmfinalmodify, a.aggminitval, "
            "(SELECT CASE WHEN opn.nspname = 'pg_catalog' THEN o.oprname::text ELSE pg_catalog.quote_ident(opn.nspname) || '.' || "
            " o.oprname END FROM pg_catalog.pg_operator o JOIN pg_catalog.pg_namespace opn ON opn.oid = o.oprnamespace "
            " WHERE o.oid = a.aggsortop), p.proparallel, " + Description("p.oid", "pg_proc") + ", " +
            AclLines("p.proacl", "f", "p.proowner") + ", pg_catalog.pg_get_userbyid(p.proowner)"
            " FROM pg_catalog.pg_aggregate a JOIN pg_catalog.pg_proc p ON p.oid = a.aggfnoid "
            "JOIN ns ON ns.oid = p.pronamespace WHERE" + NotExtensionMember("pg_catalog.pg_proc", "p.oid") + "ORDER BY p.oid"));
  auto json = [&](size_t i, int col) { return nlohmann::json::parse(r.IsNull(i, col) ? "null" : r.Get(i, col), nullptr, false); };
  auto flag = [](const std::string& v, char dflt) { return v.empty() ? dflt : v[0]; };
  for (size_t i = 0; i < r.size(); ++i) {
    Aggregate a;
    a.name = {r.Get(i, 0), r.Get(i, 1)};
    a.kind = flag(r.Get(i, 2), 'n');
    a.direct_args = std::stoi(r.Get(i, 3));
    auto types = json(i, 4), names = json(i, 5), modes = json(i, 6);
    for (size_t k = 0; types.is_array() && k < types.size(); ++k) {
      Aggregate::Arg arg;
      arg.type = types[k].get<std::string>();
      if (names.is_array() && k < names.size() && names[k].is_string()) arg.name = names[k].get<std::string>();
      arg.variadic = modes.is_array() && k < modes.size() && modes[k].is_string() && modes[k].get<std::string>() == "v";
      a.args.push_back(std::move(arg));
    }
    a.sfunc = r.Get(i, 7);
    a.stype = r.Get(i, 8);
    a.sspace = std::stoi(r.Get(i, 9));
    a.finalfunc = r.Get(i, 10);
    a.finalfunc_extra = r.Get(i, 11) == "t";
    a.finalfunc_modify = flag(r.Get(i, 12), 'r');
    a.combinefunc = r.Get(i, 13);
    a.serialfunc = r.Get(i, 14);
    a.deserialfunc = r.Get(i, 15);
    if (!r.IsNull(i, 16)) a.initcond = r.Get(i, 16);
    a.msfunc = r.Get(i, 17);
    a.minvfunc = r.Get(i, 18);
    a.mstype = r.Get(i, 19);
    a.msspace = std::stoi(r.Get(i, 20));
    a.mfinalfunc = r.Get(i, 21);
    a.mfinalfunc_extra = r.Get(i, 22) == "t";
    a.mfinalfunc_modify = flag(r.Get(i, 23), 'r');
    if (!r.IsNull(i, 24)) a.minitcond = r.Get(i, 24);
    a.sortop = r.Get(i, 25);
    a.parallel = flag(r.Get(i, 26), 'u');
    if (!r.IsNull(i, 27)) a.comment = r.Get(i, 27);
    a.grants = ParseAcl(r.Get(i, 28));
    out.owners[ObjectRef::Of(ObjectKind::kFunction, a.name.schema, a.name.name, a.Identity())] = r.Get(i, 29);
    out.aggregates[{a.name.schema, a.name.name + "(" + a.Identity() + ")"}] = std::move(a);
  }
  return Ok();
}

Status ReadTriggers(Database& db, const std::string& cte, Schema& out) {
  Rows r;
  // pg_get_triggerdef does not print whether the trigger fires: tgenabled does.
  TRY_ASSIGN(r, db.Query(cte + "SELECT pg_catalog.pg_get_triggerdef(t.oid), t.tgenabled, "
                               "" + Description("t.oid", "pg_trigger") + " FROM pg_catalog.pg_trigger t "
                               "JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid JOIN ns ON ns.oid = c.relnamespace "
                               "WHERE NOT t.tgisinternal AND t.tgparentid = 0 AND" + NotExtensionMember("pg_catalog.pg_class", "c.oid") +
                               "ORDER BY t.oid"));
  for (size_t i = 0; i < r.size(); ++i) {
    Trigger t;
    TRY_ASSIGN(t, ParseTriggerDef(r.Get(i, 0)));
    t.enabled = r.Get(i, 1).empty() ? 'O' : r.Get(i, 1)[0];
    if (!r.IsNull(i, 2)) t.comment = r.Get(i, 2);
    out.triggers[{t.table, t.name}] = std::move(t);
  }
  return Ok();
}

Status ReadRules(Database& db, const std::string& cte, Schema& out) {
  // User rules: every pg_rewrite row but a view's own _RETURN rule (its query, read as the view).
  Rows r;
  TRY_ASSIGN(r, db.Query(cte + "SELECT pg_catalog.pg_get_ruledef(w.oid), w.ev_enabled, "
                               "" + Description("w.oid", "pg_rewrite") + " FROM pg_catalog.pg_rewrite w "
                               "JOIN pg_catalog.pg_class c ON c.oid = w.ev_class JOIN ns ON ns.oid = c.relnamespace "
                               "WHERE w.rulename <> '_RETURN' AND" + NotExtensionMember("pg_catalog.pg_class", "c.oid") +
                               "ORDER BY w.oid"));
  for (size_t i = 0; i < r.size(); ++i) {
    Rule rule;
    TRY_ASSIGN(rule, ParseRuleDef(r.Get(i, 0)));
    rule.enabled = r.Get(i, 1).empty() ? 'O' : r.Get(i, 1)[0];
    if (!r.IsNull(i, 2)) rule.comment = r.Get(i, 2);
    out.rules[{rule.table, rule.name}] = std::move(rule);
  }
  return Ok();
}

Status ReadEventTriggers(Database& db, Schema& out) {
  // Database-wide (no schema, so no ScopeCte): Introspect reads them only for a whole-database
  // run, as extensions and global default privileges.
  Rows r;
  TRY_ASSIGN(r, db.Query("SELECT et.evtname, et.evtevent, pg_catalog.array_to_string(et.evttags, E'\\n'), "
                         "n.nspname, p.proname, et.evtenabled, "
                         "" + Description("et.oid", "pg_event_trigger") + " FROM pg_catalog.pg_event_trigger et "
                         "JOIN pg_catalog.pg_proc p ON p.oid = et.evtfoid JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace "
                         "WHERE" + NotExtensionMember("pg_catalog.pg_event_trigger", "et.oid") + "ORDER BY 1"));
  for (size_t i = 0; i < r.size(); ++i) {
    EventTrigger e;
    e.name = r.Get(i, 0);
    e.event = r.Get(i, 1);
    e.tags = Lines(r.Get(i, 2));
    e.function = {r.Get(i, 3), r.Get(i, 4)};
    e.enabled = r.Get(i, 5).empty() ? 'O' : r.Get(i, 5)[0];
    if (!r.IsNull(i, 6)) e.comment = r.Get(i, 6);
    out.event_triggers[e.name] = std::move(e);
  }
  return Ok();
}

Status ReadPublications(Database& db, Schema& out) {
  // Database-wide like event triggers (read only for a whole-database run). One row per
  // publication, its tables (pg_publication_rel: the column list from prattrs in attnum order,
  // the row filter as pg_get_expr prints prqual) and schemas (pg_publication_namespace) as JSON.
  Rows r;
  TRY_ASSIGN(r, db.Query(
      "SELECT p.pubname, p.puballtables, p.pubinsert, p.pubupdate, p.pubdelete, p.pubtruncate, p.pubviaroot, "
      "" + Description("p.oid", "pg_publication") + ", "
      "(SELECT pg_catalog.json_agg(pg_catalog.json_build_array(n.nspname, c.relname, "
      " (SELECT pg_catalog.json_agg(a.attname ORDER BY a.attnum) FROM pg_catalog.pg_attribute a "
      "  WHERE a.attrelid = pr.prrelid AND a.attnum = ANY (pr.prattrs::pg_catalog.int2[])), "
      " pg_catalog.pg_get_expr(pr.prqual, pr.prrelid))) FROM pg_catalog.pg_publication_rel pr "
      " JOIN pg_catalog.pg_class c ON c.oid = pr.prrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
      " WHERE pr.prpubid = p.oid), "
      "(SELECT pg_catalog.json_agg(n.nspname) FROM pg_catalog.pg_publication_namespace pn "
      " JOIN pg_catalog.pg_namespace n ON n.oid = pn.pnnspid WHERE pn.pnpubid = p.oid) "
      "FROM pg_catalog.pg_publication p WHERE" + NotExtensionMember("pg_catalog.pg_publication", "p.oid") + "ORDER BY 1"));
  for (size_t i = 0; i < r.size(); ++i) {
    Publication p;
    p.name = r.Get(i, 0);
    p.all_tables = r.Get(i, 1) == "t";
    p.insert = r.Get(i, 2) == "t";
    p.update = r.Get(i, 3) == "t";
    p.del = r.Get(i, 4) == "t";
    p.truncate = r.Get(i, 5) == "t";
    p.via_root = r.Get(i, 6) == "t";
    if (!r.IsNull(i, 7)) p.comment = r.Get(i, 7);
    auto tables = nlohmann::json::parse(r.IsNull(i, 8) ? "[]" : r.Get(i, 8), nullptr, false);
    for (const auto& row : tables.is_array() ? tables : nlohmann::json::array()) {
      Publication::Member m;
      if (row[2].is_array()) {
        for (const auto& c : row[2]) m.columns.push_back(c.get<std::string>());
      }
      if (row[3].is_string()) TRY_ASSIGN(m.where, ParseExpression(row[3].get<std::string>()));
      p.tables[{row[0].get<std::string>(), row[1].get<std::string>()}] = std::move(m);
    }
    auto schemas = nlohmann::json::parse(r.IsNull(i, 9) ? "[]" : r.Get(i, 9), nullptr, false);
    for (const auto& s : schemas.is_array() ? schemas : nlohmann::json::array()) p.schemas.insert(s.get<std::string>());
    out.publications[p.name] = std::move(p);
  }
  return Ok();
}

Status ReadSequences(Database& db, const std::string& cte, Schema& out) {
  // Identity columns' sequences are internal (pg_depend deptype 'i'): part of the column.
  Rows r;
  TRY_ASSIGN(r, db.Query(
      cte + "SELECT ns.nspname, c.relname, pg_catalog.format_type(s.seqtypid, NULL), s.seqincrement, s.seqmin, "
            "s.seqmax, s.seqstart, s.seqcache, s.seqcycle, "
            "(SELECT pg_catalog.quote_ident(tn.nspname) || '.' || pg_catalog.quote_ident(t.relname) || '.' || "
            " pg_catalog.quote_ident(a.attname) FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_class t ON t.oid = d.refobjid "
            " JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace JOIN pg_catalog.pg_attribute a "
            " ON a.attrelid = t.oid AND a.attnum = d.refobjsubid WHERE d.classid = 'pg_catalog.pg_class'::regclass "
            " AND d.objid = c.oid AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.deptype = 'a' LIMIT 1), "
            "" + Description("c.oid", "pg_class") + " "
            "FROM pg_catalog.pg_sequence s JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid "
            "JOIN ns ON ns.oid = c.relnamespace WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d "
            "WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'i') AND" +
            NotExtensionMember("pg_catalog.pg_class", "c.oid") + "ORDER BY 1, 2"));
  for (size_t i = 0; i < r.size(); ++i) {
    Sequence s;
    s.name = {r.Get(i, 0), r.Get(i, 1)};
    s.type = r.Get(i, 2);
    s.increment = std::stoll(r.Get(i, 3));
    s.min = std::stoll(r.Get(i, 4));
    s.max = std::stoll(r.Get(i, 5));
    s.start = std::stoll(r.Get(i, 6));
    s.cache = std::stoll(r.Get(i, 7));
    s.cycle = r.Get(i, 8) == "t";
    s.owned_by = r.Get(i, 9);
    if (!r.IsNull(i, 10)) s.comment = r.Get(i, 10);
    out.sequences[s.name] = std::move(s);
  }
  return Ok();
}

Status ReadGrants(Database& db, const std::string& cte, Schema& out) {
  // relacl, exploded; the owner's own privileges are implicit and not compared.
  Rows r;
  TRY_ASSIGN(r, db.Query(
      cte + "SELECT ns.nspname, c.relname, CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(a.grantee) END, "
            "a.privilege_type, a.is_grantable FROM pg_catalog.pg_class c JOIN ns ON ns.oid = c.relnamespace "
            "CROSS JOIN LATERAL pg_catalog.aclexplode(c.relacl) a WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') "
            "AND a.grantee <> c.relowner AND" + NotExtensionMember("pg_catalog.pg_class", "c.oid") + "ORDER BY 1, 2, 3, 4"));
  for (size_t i = 0; i < r.size(); ++i) {
    std::string priv = r.Get(i, 3) + (r.Get(i, 4) == "t" ? " WITH GRANT OPTION" : "");
    out.grants[{r.Get(i, 0), r.Get(i, 1)}][r.Get(i, 2)].insert(priv);
  }
  // Column privileges (pg_attribute.attacl; NULL: none beyond the table's), kept with the
  // relation's as "SELECT (col)", the way GRANT SELECT (col) writes them.
  TRY_ASSIGN(r, db.Query(
      cte + "SELECT ns.nspname, c.relname, CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(a.grantee) END, "
            "a.privilege_type, a.is_grantable, att.attname FROM pg_catalog.pg_class c JOIN ns ON ns.oid = c.relnamespace "
            "JOIN pg_catalog.pg_attribute att ON att.attrelid = c.oid AND att.attnum > 0 AND NOT att.attisdropped "
            "AND att.attacl IS NOT NULL CROSS JOIN LATERAL pg_catalog.aclexplode(att.attacl) a "
            "WHERE c.relkind IN ('r', 'p', 'v', 'm') AND a.grantee <> c.relowner AND" +
            NotExtensionMember("pg_catalog.pg_class", "c.oid") + "ORDER BY 1, 2, 6, 3, 4"));
  for (size_t i = 0; i < r.size(); ++i) {
    std::string priv = r.Get(i, 3) + " (" + QuoteIdent(r.Get(i, 5)) + ")" + (r.Get(i, 4) == "t" ? " WITH GRANT OPTION" : "");
    out.grants[{r.Get(i, 0), r.Get(i, 1)}][r.Get(i, 2)].insert(priv);
  }
  TRY_ASSIGN(r, db.Query("SELECT current_user"));
  out.current_role = r.Get(0, 0);
  return Ok();
}

Status ReadDefaultAcls(Database& db, const std::string& cte, bool global, Schema& out) {
  // pg_default_acl as stored (see DefaultAclKey): per-schema entries of the schemas in scope,
  // and the database-wide ones (defaclnamespace 0) unless only some schemas are read.
  Rows r;
  TRY_ASSIGN(r, db.Query(cte + "SELECT pg_catalog.pg_get_userbyid(d.defaclrole), COALESCE(ns.nspname, ''), d.defaclobjtype, " +
                               WholeAclLines("d.defaclacl") + " FROM pg_catalog.pg_default_acl d "
                               "LEFT JOIN ns ON ns.oid = d.defaclnamespace WHERE " +
                               (global ? "d.defaclnamespace = 0 OR " : "") + "ns.oid IS NOT NULL ORDER BY 1, 2, 3"));
  for (size_t i = 0; i < r.size(); ++i) {
    DefaultAclKey key{r.Get(i, 0), r.Get(i, 1), r.Get(i, 2).empty() ? 'r' : r.Get(i, 2)[0]};
    out.default_acls[key] = ParseAcl(r.Get(i, 3));
  }
  return Ok();
}

}  // namespace

// The reads that need nothing the others read, and write parts of the model no other read
// writes: on the side connection when there is one, in the main read's snapshot. The views
// first: printing them builds the relation cache entries of their tables, which the desired
// views' probe then finds on the same connection (side_connection.h).
Status ReadIndependentParts(Database& db, const std::string& cte, const std::vector<std::string>& schemas, Schema& out) {
  TRY(ReadViews(db, cte, out));
  TRY(ReadSchemas(db, cte, out));
  TRY(ReadExtensions(db, out));
  TRY(ReadEnums(db, cte, out));
  TRY(ReadDomains(db, cte, out));
  TRY(ReadComposites(db, cte, out));
  TRY(ReadRanges(db, cte, out));
  TRY(ReadCollations(db, cte, out));
  TRY(ReadFunctions(db, cte, out));
  TRY(ReadAggregates(db, cte, out));
  TRY(ReadTriggers(db, cte, out));
  TRY(ReadRules(db, cte, out));
  if (schemas.empty()) TRY(ReadEventTriggers(db, out));
  if (schemas.empty()) TRY(ReadPublications(db, out));
  TRY(ReadSequences(db, cte, out));
  TRY(ReadGrants(db, cte, out));
  TRY(ReadDefaultAcls(db, cte, schemas.empty(), out));
  TRY(ReadForeignData(db, cte, schemas.empty(), out));
  TRY(ReadUnmanaged(db, cte, schemas.empty(), out));
  TRY(ReadOwners(db, cte, schemas.empty(), out));
  return Ok();
}

// One snapshot for all the catalog statements.
constexpr const char* kBeginCatalogRead = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

// Offers ReadIndependentParts to the side connection, in this transaction's snapshot; the
// caller reads them itself where that did not work out (Take).
class SideReads {
 public:
  SideReads(Database& db, SideConnection* side, const std::string& cte, const std::vector<std::string>& schemas)
      : side_(side) {
    if (!side_) return;
    auto snapshot = db.Query("SELECT pg_catalog.pg_export_snapshot()");
    if (snapshot.ok() && snapshot->size() == 1) {
      offered_ = side_->Offer(snapshot->Get(0, 0), [this, cte, schemas](Database& d) {
        return ReadIndependentParts(d, cte, schemas, read_);
      });
    } else if (!snapshot.ok()) {
      // The failed statement ended the transaction's use: a new one, all read here.
      (void)db.Exec("ROLLBACK");
      (void)db.Exec(kBeginCatalogRead);
    }
  }
  // Before the transaction ends, in every case: the side must not outlive the snapshot.
  ~SideReads() {
    if (offered_ && !finished_) (void)side_->Finish();
  }
  SideReads(const SideReads&) = delete;
  SideReads& operator=(const SideReads&) = delete;
  // `out` (the tables and indexes read here) completed with what the side read; false when
  // the caller must read it.
  bool Take(Schema& out) {
    if (!offered_) return false;
    finished_ = true;
    if (!side_->Finish().ok()) return false;
    // Every part but the two read here comes from the side: a part added to the model is read
    // on one side or the other, never lost between them.
    read_.tables = std::move(out.tables);
    read_.indexes = std::move(out.indexes);
    out = std::move(read_);
    return true;
  }

 private:
  SideConnection* side_;
  bool offered_ = false, finished_ = false;
  Schema read_;
};

Result<Schema> Introspect(Database& db, const std::vector<std::string>& schemas, SideConnection* side) {
  timing::Scope phase(timing::Phase::kIntrospect);
  Schema out;
  std::string cte = ScopeCte(schemas);
  TRY(db.Exec(kBeginCatalogRead));
  Status st = [&]() -> Status {
    SideReads elsewhere(db, side, cte, schemas);
    // The tables' parts, each read needing the one before it (the columns' keys, the shared
    // definitions).
    TRY(ReadTables(db, cte, out));
    ColumnKeys column_keys;
    TRY(ReadColumns(db, cte, out, &column_keys));
    SharedDefinitions shared;
    TRY_ASSIGN(shared, ReadSharedDefinitions(db, cte, column_keys));
    TRY(ReadConstraints(db, cte, shared, out));
    TRY(ReadIndexes(db, cte, shared, out));
    TRY(ReadPolicies(db, cte, shared, out));
    if (!elsewhere.Take(out)) TRY(ReadIndependentParts(db, cte, schemas, out));
    return Ok();
  }();
  (void)db.Exec("COMMIT");
  if (!st.ok()) return MakeError(ErrorKind::kCatalog, "reading the catalog of " + db.Describe() + ": " + st.error().message);
  return out;
}

}  // namespace schemasync
