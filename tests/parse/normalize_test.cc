// The normalizer through the public API: type spellings, expression keys, default names, errors.
#include <gtest/gtest.h>

#include <ostream>
#include <string>

#include "schemasync/model.h"
#include "schemasync/parse.h"

namespace schemasync {
namespace {

QualifiedName Public(const std::string& name) { return {"public", name}; }

// Parses `sql` as f.sql; fails the test (and returns an empty schema) on error.
Schema MustParse(const std::string& sql) {
  auto r = ParseDesired(sql, "f.sql");
  EXPECT_TRUE(r.ok()) << r.error().message << "\n in: " << sql;
  return r.ok() ? *r : Schema{};
}

// The error message of parsing `sql` as f.sql; "" when it parsed.
std::string ParseError(const std::string& sql) {
  auto r = ParseDesired(sql, "f.sql");
  return r.ok() ? "" : r.error().message;
}

// The one column `c` of table t declared as `type`.
Column ColumnOfType(const std::string& type) {
  Schema s = MustParse("CREATE TABLE t (c " + type + ");");
  auto it = s.tables.find(Public("t"));
  if (it == s.tables.end() || it->second.columns.empty()) {
    ADD_FAILURE() << "no column parsed for type " << type;
    return {};
  }
  return it->second.columns[0];
}

std::string Key(const std::string& expr) {
  auto r = ParseExpression(expr);
  EXPECT_TRUE(r.ok()) << expr << ": " << r.error().message;
  return r.ok() ? r->key : "<error>";
}

// The names of table t's constraints, and of the schema's indexes, after parsing `sql`.
std::vector<std::string> ConstraintNames(const std::string& sql, const std::string& table = "t") {
  Schema s = MustParse(sql);
  std::vector<std::string> out;
  auto it = s.tables.find(Public(table));
  if (it == s.tables.end()) return out;
  for (const auto& [name, c] : it->second.constraints) out.push_back(name);
  return out;
}

std::vector<std::string> IndexNames(const std::string& sql) {
  Schema s = MustParse(sql);
  std::vector<std::string> out;
  for (const auto& [name, ix] : s.indexes) out.push_back(name.name);
  return out;
}

using Names = std::vector<std::string>;

// --- types -------------------------------------------------------------------------------------

TEST(NormalizeTypeTest, IntegerAliases) {
  EXPECT_EQ(ColumnOfType("int").type, "integer");
  EXPECT_EQ(ColumnOfType("integer").type, "integer");
  EXPECT_EQ(ColumnOfType("int4").type, "integer");
  EXPECT_EQ(ColumnOfType("int8").type, "bigint");
  EXPECT_EQ(ColumnOfType("smallint").type, "smallint");
}

TEST(NormalizeTypeTest, CharacterTypes) {
  EXPECT_EQ(ColumnOfType("varchar(20)").type, "character varying(20)");
  EXPECT_EQ(ColumnOfType("character varying(20)").type, "character varying(20)");
  EXPECT_EQ(ColumnOfType("varchar").type, "character varying");
  EXPECT_EQ(ColumnOfType("text").type, "text");
}

TEST(NormalizeTypeTest, TimestampTypes) {
  EXPECT_EQ(ColumnOfType("timestamptz").type, "timestamp with time zone");
  EXPECT_EQ(ColumnOfType("timestamp(3) with time zone").type, "timestamp(3) with time zone");
  EXPECT_EQ(ColumnOfType("timestamp").type, "timestamp without time zone");
}

// format_type() prints interval bare; quoting it makes every interval column look changed.
TEST(NormalizeTypeTest, IntervalIsNotQuoted) {
  EXPECT_EQ(ColumnOfType("interval").type, "interval");
  EXPECT_EQ(ColumnOfType("interval[]").type, "interval[]");
  EXPECT_EQ(ColumnOfType("interval day to second(3)").type, "interval day to second(3)");
}

TEST(NormalizeTypeTest, BoolArrayNumeric) {
  EXPECT_EQ(ColumnOfType("bool").type, "boolean");
  EXPECT_EQ(ColumnOfType("text[]").type, "text[]");
  EXPECT_EQ(ColumnOfType("numeric(10,2)").type, "numeric(10,2)");
  EXPECT_EQ(ColumnOfType("numeric").type, "numeric");
}

TEST(NormalizeTypeTest, SerialIsIntegerWithOwnedSequence) {
  Schema s = MustParse("CREATE TABLE t (id serial);");
  ASSERT_EQ(s.tables.count(Public("t")), 1u);
  const Column& c = s.tables.at(Public("t")).columns.at(0);
  EXPECT_EQ(c.type, "integer");
  EXPECT_TRUE(c.not_null);
  EXPECT_EQ(c.serial_sequence, "t_id_seq");
  EXPECT_EQ(c.default_expr.key, Key("nextval('t_id_seq'::regclass)"));
}

TEST(NormalizeTypeTest, BigserialIsBigint) {
  Schema s = MustParse("CREATE TABLE t (id bigserial PRIMARY KEY);");
  const Column& c = s.tables.at(Public("t")).columns.at(0);
  EXPECT_EQ(c.type, "bigint");
  EXPECT_EQ(c.serial_sequence, "t_id_seq");
}

// --- expressions: the user's spelling and the catalog's must meet -----------------------------

struct ExprPair {
  const char* user;
  const char* catalog;
};

void PrintTo(const ExprPair& p, std::ostream* os) { *os << p.user << " | " << p.catalog; }

class NormalizeEqualTest : public ::testing::TestWithParam<ExprPair> {};

TEST_P(NormalizeEqualTest, SameKey) {
  EXPECT_EQ(Key(GetParam().user), Key(GetParam().catalog))
      << "user: " << GetParam().user << "\ncatalog: " << GetParam().catalog;
}

INSTANTIATE_TEST_SUITE_P(
    CatalogSpellings, NormalizeEqualTest,
    ::testing::Values(
        ExprPair{"price > 0", "(price > (0)::numeric)"},
        ExprPair{"status IN ('a','b')",
                 "((status)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))"},
        ExprPair{"email LIKE '%@%'", "(email ~~ '%@%'::text)"},
        ExprPair{"'pending'", "'pending'::order_status"},
        ExprPair{"-1", "'-1'::integer"},
        ExprPair{"now()", "now()"},
        ExprPair{"(a > 1) AND (b > 2) AND (c > 3)", "(((a > 1) AND (b > 2)) AND (c > 3))"},
        ExprPair{"tenant_id = current_setting('app.current_tenant_id', true)::uuid",
                 "(tenant_id = (current_setting('app.current_tenant_id'::text, true))::uuid)"}));

class NormalizeDifferTest : public ::testing::TestWithParam<ExprPair> {};

TEST_P(NormalizeDifferTest, DifferentKey) {
  EXPECT_NE(Key(GetParam().user), Key(GetParam().catalog))
      << "a: " << GetParam().user << "\nb: " << GetParam().catalog;
}

INSTANTIATE_TEST_SUITE_P(
    DistinctExpressions, NormalizeDifferTest,
    ::testing::Values(ExprPair{"a > 1", "a > 2"},
                      ExprPair{"a > 1", "b > 1"},
                      ExprPair{"a > 1", "a >= 1"},
                      ExprPair{"'a'", "'b'"},
                      ExprPair{"(a > 1) AND (b > 2)", "(a > 1) OR (b > 2)"},
                      ExprPair{"a - (b - c)", "(a - b) - c"},
                      ExprPair{"status IN ('a','b')", "status IN ('a','c')"},
                      ExprPair{"current_setting('x', true)", "current_setting('x', false)"}));

// pg_get_expr adds the implicit int -> numeric cast on a column: a generated column
// `qty * price` (qty int, price numeric) then never compares equal and is rebuilt on every plan.
TEST(NormalizeExprTest, ImplicitCastOnColumnInArithmetic) {
  EXPECT_EQ(Key("qty * price"), Key("((qty)::numeric * price)"));
}

// IN with a non-literal element: pg_get_expr casts each array element, CURRENT_USER included;
// a policy USING (author IN ('admin', current_user)) is altered on every plan.
TEST(NormalizeExprTest, InListWithCurrentUser) {
  EXPECT_EQ(Key("author IN ('admin', current_user)"),
            Key("(author = ANY (ARRAY['admin'::text, (CURRENT_USER)::text]))"));
}

// The server stores BETWEEN as two comparisons; a CHECK (a BETWEEN 1 AND 10) is dropped and
// re-added on every plan.
TEST(NormalizeExprTest, BetweenIsTwoComparisons) {
  EXPECT_EQ(Key("a BETWEEN 1 AND 10"), Key("((a >= 1) AND (a <= 10))"));
}

// interval literals are stored in interval_out's spelling: '1 hour' prints as '01:00:00'.
TEST(NormalizeExprTest, TypedLiteralsNeedTheServer) {
  // The catalog stores '1 hour' as '01:00:00': no text rule can know that, so the keys differ
  // here; RespellLiterals with the server's spelling makes them equal.
  EXPECT_NE(Key("now() + interval '1 hour'"), Key("(now() + '01:00:00'::interval)"));
  auto e = ParseExpression("now() + interval '1 hour'");
  ASSERT_TRUE(e.ok());
  auto respelled = RespellLiterals(*e, "", [](const std::string& lit, const std::string& type) -> std::optional<std::string> {
    if (lit == "1 hour" && type == "interval") return "01:00:00";
    return std::nullopt;
  });
  ASSERT_TRUE(respelled.ok()) << respelled.error().message;
  EXPECT_EQ(*respelled, Key("(now() + '01:00:00'::interval)"));
}

TEST(NormalizeExprTest, EqualityOfExprComparesKeys) {
  auto a = ParseExpression("price > 0");
  auto b = ParseExpression("(price > (0)::numeric)");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
  EXPECT_NE(a->text, "");
}

TEST(NormalizeExprTest, GarbageIsAnError) {
  auto r = ParseExpression("a >");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("syntax error"), std::string::npos) << r.error().message;
}

TEST(NormalizeExprTest, DefaultsAndChecksAreNormalizedInTheModel) {
  Schema s = MustParse(
      "CREATE TABLE t (price numeric CHECK (price > 0), n int DEFAULT -1, "
      "s varchar(10) CHECK (s IN ('a','b')));");
  const Table& t = s.tables.at(Public("t"));
  EXPECT_EQ(t.constraints.at("t_price_check").expr.key, Key("(price > (0)::numeric)"));
  EXPECT_EQ(t.FindColumn("n")->default_expr.key, Key("'-1'::integer"));
  EXPECT_EQ(t.constraints.at("t_s_check").expr.key,
            Key("((s)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))"));
}

TEST(NormalizeExprTest, NullDefaultIsNoDefault) {
  Schema s = MustParse("CREATE TABLE t (a int DEFAULT NULL);");
  EXPECT_TRUE(s.tables.at(Public("t")).columns.at(0).default_expr.empty());
}

// --- PostgreSQL's default names ----------------------------------------------------------------

TEST(NormalizeNamingTest, PrimaryKey) {
  EXPECT_EQ(ConstraintNames("CREATE TABLE t (id int PRIMARY KEY);"), Names{"t_pkey"});
  EXPECT_EQ(ConstraintNames("CREATE TABLE t (id int, PRIMARY KEY (id));"), Names{"t_pkey"});
}

TEST(NormalizeNamingTest, UniqueOverColumns) {
  EXPECT_EQ(ConstraintNames("CREATE TABLE t (a int, b int, UNIQUE (a, b));"), Names{"t_a_b_key"});
  EXPECT_EQ(ConstraintNames("CREATE TABLE t (a int UNIQUE);"), Names{"t_a_key"});
}

TEST(NormalizeNamingTest, ForeignKey) {
  EXPECT_EQ(ConstraintNames("CREATE TABLE p (id int PRIMARY KEY);"
                            "CREATE TABLE t (bb int REFERENCES p (id));"),
            Names{"t_bb_fkey"});
  EXPECT_EQ(ConstraintNames("CREATE TABLE p (id int PRIMARY KEY);"
                            "CREATE TABLE t (bb int, FOREIGN KEY (bb) REFERENCES p);"),
            Names{"t_bb_fkey"});
}

TEST(NormalizeNamingTest, ChecksNamedAfterTheirOnlyColumn) {
  EXPECT_EQ(ConstraintNames("CREATE TABLE t (price numeric CHECK (price > 0));"), Names{"t_price_check"});
  EXPECT_EQ(ConstraintNames("CREATE TABLE t (a int, b int, CHECK (a < b));"), Names{"t_check"});
  // A table-level CHECK over one column is named after it too.
  EXPECT_EQ(ConstraintNames("CREATE TABLE t (a int, b int, CHECK (a > 0));"), Names{"t_a_check"});
}

TEST(NormalizeNamingTest, SecondCollidingNameGetsANumber) {
  EXPECT_EQ(ConstraintNames("CREATE TABLE t (a int, b int, CHECK (a < b), CHECK (b < 10 + a));"),
            (Names{"t_check", "t_check1"}));
}

TEST(NormalizeNamingTest, ExplicitNamesAreKept) {
  EXPECT_EQ(ConstraintNames("CREATE TABLE t (a int CONSTRAINT mine CHECK (a > 0));"), Names{"mine"});
}

TEST(NormalizeNamingTest, Indexes) {
  EXPECT_EQ(IndexNames("CREATE TABLE t (a int); CREATE INDEX ON t (a);"), Names{"t_a_idx"});
  EXPECT_EQ(IndexNames("CREATE TABLE t (email text); CREATE INDEX ON t (lower(email));"),
            Names{"t_lower_idx"});
  EXPECT_EQ(IndexNames("CREATE TABLE t (a int, b int); CREATE UNIQUE INDEX ON t (a, b);"),
            Names{"t_a_b_idx"});
}

TEST(NormalizeNamingTest, IndexNameAvoidsConstraintNames) {
  // t_a_key is taken by the UNIQUE constraint's index; PostgreSQL does not reuse it, and the
  // index named t_a_idx does not collide.
  Schema s = MustParse("CREATE TABLE t (a int UNIQUE); CREATE INDEX ON t (a); CREATE INDEX ON t (a);");
  std::vector<std::string> names;
  for (const auto& [n, ix] : s.indexes) names.push_back(n.name);
  EXPECT_EQ(names, (Names{"t_a_idx", "t_a_idx1"}));
}

TEST(NormalizeNamingTest, LongTableNameIsTruncatedLikePostgres) {
  const std::string table(70, 'x');
  Schema s = MustParse("CREATE TABLE " + table + " (id int PRIMARY KEY, a int UNIQUE);");
  ASSERT_EQ(s.tables.size(), 1u);
  const Table& t = s.tables.begin()->second;
  // NAMEDATALEN 64: identifiers keep 63 bytes.
  EXPECT_EQ(t.name.name, std::string(63, 'x'));
  // makeObjectName shortens the table part so "_pkey" and "_a_key" fit in 63 bytes.
  std::vector<std::string> names;
  for (const auto& [n, c] : t.constraints) names.push_back(n);
  EXPECT_EQ(names, (Names{std::string(57, 'x') + "_a_key", std::string(58, 'x') + "_pkey"}));
}

// --- errors ------------------------------------------------------------------------------------

TEST(ParseDesiredErrorTest, SyntaxErrorNamesFileLineColumn) {
  EXPECT_EQ(ParseError("CREATE TABLE a (id int);\n\nCRATE TABLE b (id int);\n"),
            "f.sql:3:1: syntax error at or near \"CRATE\"");
}

TEST(ParseDesiredErrorTest, SyntaxErrorInsideStatementPointsAtToken) {
  std::string e = ParseError("CREATE TABLE a (\n  id int,\n  name text text\n);\n");
  EXPECT_EQ(e.rfind("f.sql:3:", 0), 0u) << e;
  EXPECT_NE(e.find("syntax error at or near \"text\""), std::string::npos) << e;
}

TEST(ParseDesiredErrorTest, UnsupportedStatementNamesFileAndLine) {
  std::string e = ParseError(
      "CREATE TABLE a (id int, n int);\n"
      "CREATE STATISTICS s ON id, n FROM a;\n");
  EXPECT_EQ(e.rfind("f.sql:2:1: unsupported statement: CREATE STATISTICS s ON id, n FROM a (create_stats_stmt)", 0), 0u) << e;
  EXPECT_NE(e.find("rules, event triggers"), std::string::npos) << e;
}

TEST(ParseDesiredErrorTest, RangeOptionUnknown) {
  std::string e = ParseError("CREATE TYPE r AS RANGE (subtype = int4, subtype_ops = int4_ops);\n");
  EXPECT_EQ(e.rfind("f.sql:1:1: type attribute \"subtype_ops\" not recognized", 0), 0u) << e;
}

TEST(ParseDesiredErrorTest, EventTriggerFilterOtherThanTag) {
  std::string e = ParseError(
      "CREATE FUNCTION f() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;\n"
      "CREATE EVENT TRIGGER e ON ddl_command_start WHEN command IN ('x') EXECUTE FUNCTION f();\n");
  EXPECT_EQ(e.rfind("f.sql:2:1: unrecognized filter variable \"command\"", 0), 0u) << e;
}

TEST(RangeTypeTest, DefaultMultirangeNameFollowsPostgres) {
  // makeMultirangeTypeName: the first "range" becomes "multirange", else "_multirange" is added.
  EXPECT_EQ(RangeType::DefaultMultirangeName({"app", "floatrange"}), (QualifiedName{"app", "floatmultirange"}));
  EXPECT_EQ(RangeType::DefaultMultirangeName({"public", "range_of_x_range"}), (QualifiedName{"public", "multirange_of_x_range"}));
  EXPECT_EQ(RangeType::DefaultMultirangeName({"public", "period"}), (QualifiedName{"public", "period_multirange"}));
}

TEST(ParseDesiredTest, RangeRuleAndEventTriggerModels) {
  auto s = ParseDesired(
      "CREATE FUNCTION d(a float8, b float8) RETURNS float8 LANGUAGE sql AS 'SELECT a - b';"
      "CREATE TYPE r AS RANGE (subtype = float8, subtype_diff = d, multirange_type_name = app_many);"
      "CREATE TABLE t (id int); CREATE RULE x AS ON DELETE TO t DO INSTEAD NOTHING;"
      "CREATE OR REPLACE RULE x AS ON DELETE TO t DO ALSO NOTHING; ALTER TABLE t DISABLE RULE x;"
      "CREATE FUNCTION f() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;"
      "CREATE EVENT TRIGGER e ON ddl_command_end WHEN TAG IN ('create table') EXECUTE FUNCTION f();"
      "ALTER EVENT TRIGGER e ENABLE REPLICA;",
      "f.sql");
  ASSERT_TRUE(s.ok()) << s.error().message;
  const RangeType& r = s->ranges.at({"public", "r"});
  EXPECT_EQ(r.subtype, "double precision");
  EXPECT_EQ(r.subtype_diff, "public.d");  // the desired SQL's own function, not pg_catalog's
  EXPECT_EQ(r.multirange, (QualifiedName{"public", "app_many"}));
  const Rule& rule = s->rules.at({{"public", "t"}, "x"});
  EXPECT_EQ(rule.create_sql.find("OR REPLACE"), std::string::npos) << rule.create_sql;
  EXPECT_EQ(rule.create_sql.find("INSTEAD"), std::string::npos) << rule.create_sql;  // replaced
  EXPECT_EQ(rule.enabled, 'D');
  const EventTrigger& e = s->event_triggers.at("e");
  EXPECT_EQ(e.tags, std::vector<std::string>{"CREATE TABLE"});
  EXPECT_EQ(e.function, (QualifiedName{"public", "f"}));
  EXPECT_EQ(e.enabled, 'R');
}

TEST(ParseDesiredErrorTest, UnknownPublicationParameterIsAnError) {
  std::string e = ParseError("CREATE TABLE a (id int);\n\n   CREATE PUBLICATION pub FOR ALL TABLES WITH (streaming = on);\n");
  EXPECT_EQ(e.rfind("f.sql:3:4: ", 0), 0u) << e;
  EXPECT_NE(e.find("unrecognized publication parameter: \"streaming\" (supported: publish, publish_via_partition_root)"),
            std::string::npos) << e;
}

TEST(ParseDesiredTest, PublicationsAsTheCatalogHoldsThem) {
  auto s = ParseDesired(
      "CREATE SCHEMA s; CREATE TABLE a (id int, b text, c int); CREATE TABLE s.x (id int); CREATE TABLE d (id int);"
      "CREATE PUBLICATION p FOR TABLE a (c, id) WHERE (b = 'on'), d WITH (publish = ' Insert,truncate');"
      "ALTER PUBLICATION p DROP TABLE d; ALTER PUBLICATION p SET (publish_via_partition_root);"
      "CREATE PUBLICATION q FOR ALL TABLES; COMMENT ON PUBLICATION q IS 'all';"
      "CREATE TABLE e (id int); CREATE PUBLICATION r FOR TABLE d; ALTER PUBLICATION r SET TABLE e, TABLES IN SCHEMA s, CURRENT_SCHEMA;"
      "ALTER PUBLICATION r DROP TABLES IN SCHEMA public; DROP TABLE e;"
      "CREATE PUBLICATION gone; DROP PUBLICATION IF EXISTS gone, never;",
      "f.sql");
  ASSERT_TRUE(s.ok()) << s.error().message;
  const Publication& p = s->publications.at("p");
  ASSERT_EQ(p.tables.size(), 1u);
  const Publication::Member& m = p.tables.begin()->second;
  EXPECT_EQ(m.columns, (std::vector<std::string>{"id", "c"}));  // attnum order, as prattrs
  EXPECT_EQ(m.where.key, "b = 'on'");
  EXPECT_EQ(p.PublishList(), "insert, truncate");
  EXPECT_TRUE(p.via_root);
  EXPECT_TRUE(s->publications.at("q").all_tables);
  EXPECT_EQ(s->publications.at("q").comment, "all");
  const Publication& r = s->publications.at("r");
  EXPECT_TRUE(r.tables.empty());  // SET replaced d by e; DROP TABLE e took it out
  EXPECT_EQ(r.schemas, (std::set<std::string>{"s"}));
  EXPECT_FALSE(s->publications.count("gone"));  // a history: created, then dropped
}

TEST(ParseDesiredErrorTest, PublicationRefusals) {
  const char* base = "CREATE TABLE a (id int, b int); CREATE TABLE c () INHERITS (a); CREATE UNLOGGED TABLE u (id int);\n";
  EXPECT_NE(ParseError(std::string(base) + "CREATE PUBLICATION p FOR TABLE a;").find("has inheritance children"), std::string::npos);
  EXPECT_NE(ParseError(std::string(base) + "CREATE PUBLICATION p FOR TABLE u;").find("unlogged tables cannot be published"),
            std::string::npos);
  EXPECT_NE(ParseError(std::string(base) + "CREATE PUBLICATION p FOR TABLE ONLY a (nope);").find("column \"nope\""),
            std::string::npos);
  EXPECT_NE(ParseError(std::string(base) + "CREATE PUBLICATION p FOR ALL TABLES; ALTER PUBLICATION p ADD TABLE ONLY a;")
                .find("FOR ALL TABLES"),
            std::string::npos);
  EXPECT_NE(ParseError(std::string(base) + "CREATE PUBLICATION p FOR TABLE ONLY a (b), TABLES IN SCHEMA public;")
                .find("column lists cannot be specified"),
            std::string::npos);
  EXPECT_NE(ParseError(std::string(base) + "CREATE PUBLICATION p WITH (publish = 'insert, upsert');").find("\"upsert\""),
            std::string::npos);
}

TEST(ParseDesiredErrorTest, UnsupportedAlterTableActionIsAnError) {
  std::string e = ParseError("CREATE TABLE a (id int);\nALTER TABLE a SET WITHOUT CLUSTER;\n");
  EXPECT_EQ(e.rfind("f.sql:2:1: ", 0), 0u) << e;
  EXPECT_NE(e.find("not supported"), std::string::npos) << e;
}

TEST(ParseDesiredTest, AlterTableDropColumnRemovesIt) {
  // Files that keep a history of ALTERs describe the end state.
  auto s = ParseDesired("CREATE TABLE a (id int, gone text);\nALTER TABLE a DROP COLUMN gone;\n", "f.sql");
  ASSERT_TRUE(s.ok()) << s.error().message;
  const Table& t = s->tables.at({"public", "a"});
  ASSERT_EQ(t.columns.size(), 1u);
  EXPECT_EQ(t.columns[0].name, "id");
  auto missing = ParseDesired("CREATE TABLE a (id int);\nALTER TABLE a DROP COLUMN nope;\n", "f.sql");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message, "f.sql:2:1: column \"nope\" of relation \"a\" does not exist; define it in the desired SQL, or correct the name");
}

TEST(ParseDesiredErrorTest, DuplicateTableIsAnError) {
  std::string e = ParseError("CREATE TABLE a (id int);\nCREATE TABLE a (id int);\n");
  EXPECT_EQ(e, "f.sql:2:1: relation \"public.a\" already exists; each object is defined once in the desired SQL: remove or rename one");
}

TEST(ParseDesiredErrorTest, IndexOnMissingTableIsAnError) {
  std::string e = ParseError("CREATE INDEX ON nope (a);\n");
  EXPECT_EQ(e.rfind("f.sql:1:1: ", 0), 0u) << e;
  EXPECT_NE(e.find("\"public.nope\" does not exist"), std::string::npos) << e;
}

TEST(ParseDesiredTest, StatementsInAnyOrder) {
  Schema s = MustParse(
      "CREATE INDEX ON t (a);\n"
      "ALTER TABLE t ENABLE ROW LEVEL SECURITY;\n"
      "CREATE POLICY p ON t USING (a > 0);\n"
      "COMMENT ON TABLE t IS 'hello';\n"
      "CREATE TABLE t (a int);\n");
  ASSERT_EQ(s.tables.count(Public("t")), 1u);
  const Table& t = s.tables.at(Public("t"));
  EXPECT_TRUE(t.rls_enabled);
  EXPECT_EQ(t.policies.count("p"), 1u);
  EXPECT_EQ(t.comment, "hello");
  EXPECT_EQ(s.indexes.count(Public("t_a_idx")), 1u);
}

}  // namespace
}  // namespace schemasync
