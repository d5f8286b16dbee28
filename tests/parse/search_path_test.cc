// SET search_path in the desired files: what follows is created in the path's first schema, and
// unqualified references resolve to the first schema of the path defining them, as PostgreSQL
// resolves them when the statement runs.
#include <gtest/gtest.h>

#include "schemasync/parse.h"

namespace schemasync {
namespace {

TEST(SearchPathTest, CreatesInTheFirstSchemaAndResolvesAlongThePath) {
  auto s = ParseDesired(
      "CREATE SCHEMA app;\n"
      "CREATE TABLE public.countries (code text PRIMARY KEY);\n"
      "CREATE TABLE public.tenants (id int PRIMARY KEY);\n"
      "SET search_path = app, public;\n"
      "CREATE TYPE status AS ENUM ('a', 'b');\n"
      "CREATE SEQUENCE ticket_seq;\n"
      "CREATE FUNCTION norm(text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower($1) $$;\n"
      "CREATE TABLE tenants (id int PRIMARY KEY, country text REFERENCES countries (code));\n"
      "CREATE TABLE users (id int, tenant int REFERENCES tenants (id), s status,\n"
      "  t bigint DEFAULT nextval('ticket_seq'), CHECK (norm(s::text) <> ''));\n"
      "CREATE INDEX users_t ON users (t);\n"
      "COMMENT ON INDEX users_t IS 'x';\n"
      "COMMENT ON COLUMN users.s IS 'y';\n"
      "RESET search_path;\n"
      "CREATE TABLE audit (id int);\n",
      "schema.sql");
  ASSERT_TRUE(s.ok()) << s.error().message;
  const Schema& d = s.value();
  EXPECT_TRUE(d.enums.count({"app", "status"}));
  EXPECT_TRUE(d.sequences.count({"app", "ticket_seq"}));
  EXPECT_TRUE(d.tables.count({"app", "tenants"}));
  EXPECT_TRUE(d.tables.count({"public", "tenants"}));
  EXPECT_TRUE(d.tables.count({"public", "audit"}));
  EXPECT_FALSE(d.tables.count({"app", "audit"}));
  ASSERT_TRUE(d.tables.count({"app", "users"}));
  const Table& users = d.tables.at({"app", "users"});
  bool fk_to_app = false, fk_to_public = false;
  for (const auto& [n, c] : users.constraints) {
    if (c.kind != ConstraintKind::kForeignKey) continue;
    fk_to_app |= c.ref_table == QualifiedName{"app", "tenants"};
    fk_to_public |= c.ref_table == QualifiedName{"public", "tenants"};
  }
  EXPECT_TRUE(fk_to_app);  // app comes first in the path
  EXPECT_FALSE(fk_to_public);
  const Table& tenants = d.tables.at({"app", "tenants"});
  bool to_countries = false;
  for (const auto& [n, c] : tenants.constraints) to_countries |= c.ref_table == QualifiedName{"public", "countries"};
  EXPECT_TRUE(to_countries);  // only public has it
  const Column* col = users.FindColumn("s");
  ASSERT_NE(col, nullptr);
  EXPECT_NE(col->type.find("app"), std::string::npos) << col->type;
  const Column* t = users.FindColumn("t");
  ASSERT_NE(t, nullptr);
  EXPECT_NE(t->default_expr.text.find("app.ticket_seq"), std::string::npos) << t->default_expr.text;
  EXPECT_TRUE(d.indexes.count({"app", "users_t"}));
  bool norm_in_app = false;
  for (const auto& [n, f] : d.functions) norm_in_app |= n.schema == "app" && n.name.rfind("norm(", 0) == 0;
  EXPECT_TRUE(norm_in_app);
}

TEST(SearchPathTest, EachFileStartsWithTheDefaultPath) {
  auto s = ParseDesired("CREATE SCHEMA app; SET search_path TO 'app'; CREATE TABLE t (id int); "
                        "SET search_path TO DEFAULT; CREATE TABLE u (id int);",
                        "schema.sql");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_TRUE(s.value().tables.count({"app", "t"}));
  EXPECT_TRUE(s.value().tables.count({"public", "u"}));
}

TEST(SearchPathTest, FunctionOptionsCtesAndQuotedLists) {
  auto s = ParseDesired(
      "CREATE SCHEMA app;\n"
      "SET search_path = app;\n"
      "CREATE FUNCTION add_st(int, int) RETURNS int LANGUAGE sql AS 'SELECT $1 + $2';\n"
      "CREATE AGGREGATE total(int) (SFUNC = add_st, STYPE = int);\n"
      "CREATE TABLE users (id int);\n"
      "CREATE VIEW v AS WITH users AS (SELECT 1 AS id) SELECT id FROM users;\n"
      "CREATE SEQUENCE s OWNED BY users.id;\n",
      "schema.sql");
  ASSERT_TRUE(s.ok()) << s.error().message;
  ASSERT_EQ(s.value().aggregates.size(), 1u);
  EXPECT_EQ(s.value().aggregates.begin()->second.sfunc, "app.add_st");  // a function, not a type
  const View& v = s.value().views.at({"app", "v"});
  EXPECT_EQ(v.query.find("app.users"), std::string::npos) << v.query;  // the WITH name, not the table
  EXPECT_EQ(s.value().sequences.at({"app", "s"}).owned_by, "app.users.id");
  // One string constant is one schema name (search_path is GUC_LIST_QUOTE): "app, public".
  auto q = ParseDesired("CREATE SCHEMA \"app, public\"; SET search_path = 'app, public'; CREATE TABLE t (id int);", "schema.sql");
  ASSERT_TRUE(q.ok()) << q.error().message;
  EXPECT_TRUE(q.value().tables.count({"app, public", "t"}));
}

TEST(IndexOptionsTest, StorageParametersAreReadOnBothSides) {
  auto ix = ParseIndexDef("CREATE INDEX a ON public.t USING btree (x) WITH (fillfactor='70') TABLESPACE elsewhere");
  ASSERT_TRUE(ix.ok()) << ix.error().message;
  EXPECT_EQ(ix.value().options, RelOptionList({"fillfactor=70"}));
  auto s = ParseDesired("CREATE TABLE t (x int, CONSTRAINT k UNIQUE (x) WITH (fillfactor = 60));"
                        "CREATE INDEX a ON t (x) WITH (fillfactor = 70, deduplicate_items = off);",
                        "schema.sql");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(static_cast<const std::vector<std::string>&>(s.value().indexes.at({"public", "a"}).options),
            (std::vector<std::string>{"fillfactor=70", "deduplicate_items=off"}));  // the order written
  EXPECT_EQ(s.value().tables.at({"public", "t"}).constraints.at("k").options, RelOptionList({"fillfactor=60"}));
  // Their order means nothing (PostgreSQL keeps the written one; pg_dump prints it).
  Constraint a, b;
  a.kind = b.kind = ConstraintKind::kUnique;
  a.columns = b.columns = {"x"};
  a.options = std::vector<std::string>{"fillfactor=60", "deduplicate_items=off"};
  b.options = std::vector<std::string>{"deduplicate_items=off", "fillfactor=60"};
  EXPECT_TRUE(a == b);
  EXPECT_EQ(a.Definition(true), b.Definition(true));
  EXPECT_NE(a.Definition(), b.Definition());
}

}  // namespace
}  // namespace schemasync

namespace schemasync {
namespace {

// DROP in the desired files is a history (create, then drop): the object leaves the model, for
// every kind that has a CREATE; dropping what something still uses is an error.
TEST(DropHistoryTest, RulesEventTriggersAndForeignDataLeaveTheModel) {
  auto s = ParseDesired(
      "CREATE TABLE t (id int); CREATE TABLE log (id int);\n"
      "CREATE RULE r AS ON INSERT TO t DO ALSO INSERT INTO log VALUES (NEW.id);\n"
      "CREATE FUNCTION f() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;\n"
      "CREATE EVENT TRIGGER e ON ddl_command_end EXECUTE FUNCTION f();\n"
      "CREATE FOREIGN DATA WRAPPER w; CREATE SERVER s FOREIGN DATA WRAPPER w;\n"
      "CREATE FOREIGN TABLE ft (id int) SERVER s;\n"
      "DROP RULE r ON t; DROP EVENT TRIGGER e; DROP FOREIGN TABLE ft; DROP SERVER s; DROP FOREIGN DATA WRAPPER w;\n",
      "schema.sql");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_TRUE(s.value().rules.empty());
  EXPECT_TRUE(s.value().event_triggers.empty());
  EXPECT_TRUE(s.value().foreign_tables.empty());
  EXPECT_TRUE(s.value().foreign_servers.empty());
  EXPECT_TRUE(s.value().foreign_data_wrappers.empty());
  auto used = ParseDesired("CREATE FOREIGN DATA WRAPPER w; CREATE SERVER s FOREIGN DATA WRAPPER w;\n"
                           "CREATE FOREIGN TABLE ft (id int) SERVER s; DROP SERVER s;",
                           "schema.sql");
  ASSERT_FALSE(used.ok());
  EXPECT_NE(used.error().message.find("foreign table public.ft"), std::string::npos) << used.error().message;
}

}  // namespace
}  // namespace schemasync
