// The shortcuts that keep a big schema cheap to read must agree with the slow way: a statement's
// header read off its packed bytes with the unpacked tree, the deparse cache's key with what
// the deparser prints, and files read on several threads with one.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>
#include <string>

#include "parse/pg_tree.h"
#include "schemasync/parse.h"
#include "support/our_sql_files.h"

namespace schemasync::parse {
namespace {

TEST(PgTreeTest, HeaderReadOffTheBytesMatchesTheUnpackedStatement) {
  const std::string sql =
      "SET search_path = app;\n"
      "CREATE TABLE t (id int PRIMARY KEY, n text CHECK (length(n) > 0));\n"
      "  -- a comment between statements\n"
      "CREATE INDEX ON t (lower(n));\n"
      "ALTER TABLE t ENABLE ROW LEVEL SECURITY;\n"
      "CREATE VIEW v AS SELECT id FROM t;\n"
      "SELECT 1";  // the last statement has no ';' (stmt_len 0: to the end)
  auto parsed = PackedParse::Parse(sql);
  ASSERT_TRUE(std::holds_alternative<PackedParse>(parsed));
  const PackedParse& p = std::get<PackedParse>(parsed);
  ASSERT_EQ(p.stmts.size(), 6u);
  for (size_t i = 0; i < p.stmts.size(); ++i) {
    PackedParse::Header h;
    ASSERT_TRUE(p.ReadHeader(i, &h)) << i;
    StmtTree t(p, i);
    ASSERT_TRUE(t && t->stmt);
    EXPECT_EQ(h.node_case, t->stmt->node_case) << i;
    EXPECT_EQ(h.location, t->stmt_location) << i;
    EXPECT_EQ(h.length, t->stmt_len) << i;
  }
  PackedParse::Header h;
  ASSERT_TRUE(p.ReadHeader(0, &h));
  EXPECT_EQ(h.node_case, PG_QUERY__NODE__NODE_VARIABLE_SET_STMT);
  ASSERT_TRUE(p.ReadHeader(1, &h));
  EXPECT_EQ(h.node_case, PG_QUERY__NODE__NODE_CREATE_STMT);
  EXPECT_GT(h.location, 0);
}

// Bytes of a statement's tree, locations and all.
std::string Packed(const PgQuery__Node* s) {
  std::string out(pg_query__node__get_packed_size(s), '\0');
  pg_query__node__pack(s, reinterpret_cast<uint8_t*>(out.data()));
  return out;
}

TEST(PgTreeTest, StatementsParsedOneByOneAreTheWholeFilesTreesLocationsAndAll) {
  // What the scanner's split gets wrong or nearly: `;` in a BEGIN ATOMIC body (split there,
  // joined again), in a rule's parenthesized actions, in quotes, dollar quotes and comments;
  // comments between statements; a last statement without its `;`.
  const std::string sql =
      "  -- leading comment; with a semicolon\n"
      "CREATE TABLE t (id int PRIMARY KEY, n text DEFAULT 'a;b' CHECK (n <> $$;$$));\n"
      "/* block; comment */ CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql\n"
      "  BEGIN ATOMIC SELECT x + 1; SELECT x + 2; END;\n"
      "CREATE RULE r AS ON INSERT TO t DO ALSO (NOTIFY a; NOTIFY b);;\n"
      "CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1, 'x'); END;\n"
      "COMMENT ON TABLE t IS 'it''s; here';\n"
      "CREATE VIEW v AS SELECT id, n FROM t WHERE n LIKE '%;%'\n"
      "-- trailing comment";
  auto pieces = PackedParse::Parse(sql);
  ASSERT_TRUE(std::holds_alternative<PackedParse>(pieces));
  const PackedParse& p = std::get<PackedParse>(pieces);
  auto whole = ParseTree::Parse(sql);
  ASSERT_TRUE(std::holds_alternative<ParseTree>(whole));
  const ParseTree& w = std::get<ParseTree>(whole);
  ASSERT_EQ(p.stmts.size(), w->n_stmts);
  ASSERT_EQ(p.stmts.size(), 6u);
  for (size_t i = 0; i < p.stmts.size(); ++i) {
    StmtTree t(p, i);
    ASSERT_TRUE(t && t->stmt) << i;
    EXPECT_EQ(Packed(t->stmt), Packed(w->stmts[i]->stmt)) << "statement " << i;
    PackedParse::Header h;
    ASSERT_TRUE(p.ReadHeader(i, &h)) << i;
    EXPECT_EQ(h.location, w->stmts[i]->stmt_location) << i;
    EXPECT_EQ(t->stmt_location, w->stmts[i]->stmt_location) << i;
    // The last: 0 in the whole file's tree (to the end), the rest of the text in a piece's.
    int whole_len = w->stmts[i]->stmt_len ? w->stmts[i]->stmt_len : static_cast<int>(sql.size()) - h.location;
    EXPECT_EQ(h.length, whole_len) << i;
    EXPECT_EQ(t->stmt_len, whole_len) << i;
  }
}

TEST(PgTreeTest, ASyntaxErrorIsReportedWhereTheWholeFileParseReportsIt) {
  for (const std::string& sql : {
           std::string("CREATE TABLE a (x int);\nCREATE TABLE b (x int,);\nCREATE TABLE c (x int);\n"),
           std::string("CREATE TABLE a (x int);\nCREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1;"),
           // the scanner's split drops what follows an unbalanced parenthesis
           std::string("CREATE TABLE a (x int);\nCREATE TABLE b (x int"),
           std::string("CREATE TABLE a (x int);\nCREATE TABLE b (x int));\nCREATE TABLE c (x int);"),
           std::string("CREATE TABLE a (x int);\nSELECT 'open"),
           std::string("CREATE TABLE a (x int); /* open comment"),
           // \v is no blank to PostgreSQL 15's scanner: a statement of it alone is an error
           std::string("CREATE TABLE a (x int);\v;CREATE TABLE b (x int);"),
       }) {
    auto pieces = PackedParse::Parse(sql);
    auto whole = ParseTree::Parse(sql);
    ASSERT_TRUE(std::holds_alternative<ParseFailure>(pieces)) << sql;
    ASSERT_TRUE(std::holds_alternative<ParseFailure>(whole)) << sql;
    EXPECT_EQ(std::get<ParseFailure>(pieces).message, std::get<ParseFailure>(whole).message) << sql;
    EXPECT_EQ(std::get<ParseFailure>(pieces).cursor, std::get<ParseFailure>(whole).cursor) << sql;
  }
}

// Every statement of `sql` parsed alone is the whole text's statement, locations and all.
void ExpectPiecesAreTheWhole(const std::string& sql, const std::string& what) {
  auto pieces = PackedParse::Parse(sql);
  auto whole = ParseTree::Parse(sql);
  ASSERT_EQ(std::holds_alternative<PackedParse>(pieces), std::holds_alternative<ParseTree>(whole)) << what;
  if (!std::holds_alternative<ParseTree>(whole)) return;
  const PackedParse& p = std::get<PackedParse>(pieces);
  const ParseTree& w = std::get<ParseTree>(whole);
  ASSERT_EQ(p.stmts.size(), w->n_stmts) << what;
  for (size_t i = 0; i < p.stmts.size(); ++i) {
    StmtTree t(p, i);
    ASSERT_TRUE(t && t->stmt) << what << " statement " << i;
    EXPECT_EQ(Packed(t->stmt), Packed(w->stmts[i]->stmt)) << what << " statement " << i;
    EXPECT_EQ(t->stmt_location, w->stmts[i]->stmt_location) << what << " statement " << i;
  }
}

TEST(PgTreeTest, SplitStatementsCutsAtTheSemicolonsThatEndStatementsOnly) {
  const std::string sql =
      "SELECT 'a;b', E'c\\';d', \"e;\"\"f\", $$g;h$$, $t$ $$; $t$, a$b$c, U&'x;', x'0;' -- i;j\n"
      "/* k; /* l; */ m; */ FROM (SELECT 1; 2);SELECT 3";
  auto split = SplitStatements(sql);
  ASSERT_TRUE(split) << "a$b$c is an identifier, not a dollar quote left open";
  ASSERT_EQ(split->size(), 2u);
  EXPECT_EQ((*split)[0].second, sql.find(");SELECT 3") + 1);
  EXPECT_EQ(sql.substr((*split)[1].first), "SELECT 3");
  // Unsure: the text ends inside something, or a parenthesis closes that never opened.
  for (const char* bad : {"SELECT 'a", "SELECT $x$ a", "SELECT /* /* */", "SELECT (1", "SELECT 1); SELECT 2",
                          "SELECT \"a"}) {
    EXPECT_FALSE(SplitStatements(bad)) << bad;
  }
}

TEST(PgTreeTest, EveryFileOfOurOwnCasesParsesTheSameInPiecesAsWhole) {
  // The files users write, as this repository holds them: the cases, the examples, desired/.
  size_t files = testing_support::ForEachSqlFileOfOurOwn(ExpectPiecesAreTheWhole);
  EXPECT_GT(files, 200u);
}

// The first target of "SELECT <expr>" in its own tree.
struct Target {
  ParseTree tree;
  const PgQuery__Node* expr() const { return tree->stmts[0]->stmt->select_stmt->target_list[0]->res_target->val; }
};
Target ExprOf(const std::string& text) {
  return Target{std::get<ParseTree>(ParseTree::Parse("SELECT " + text))};
}

TEST(PgTreeTest, ShapeKeyIgnoresPlacesAndNothingElse) {
  // The same expression at other offsets: one key (and the cached deparse is right for both).
  Target a = ExprOf("length(name) BETWEEN 1 AND 200");
  Target b = ExprOf("   length(name)   BETWEEN 1 AND 200");
  EXPECT_EQ(ShapeKey(&a.expr()->base), ShapeKey(&b.expr()->base));
  EXPECT_EQ(DeparseExpr(a.expr()).value(), DeparseExprUncached(b.expr()).value());
  // Any other difference is another key: a name, a constant, an operator, a type, a cast.
  for (const char* other : {"length(title) BETWEEN 1 AND 200", "length(name) BETWEEN 1 AND 201",
                            "length(name) NOT BETWEEN 1 AND 200", "length(name::varchar(10)) BETWEEN 1 AND 200",
                            "length(name::varchar(20)) BETWEEN 1 AND 200", "lower(name) BETWEEN 1 AND 200",
                            "length(name) BETWEEN 1 AND 200.0", "length(name) BETWEEN '1' AND 200"}) {
    Target c = ExprOf(other);
    EXPECT_NE(ShapeKey(&a.expr()->base), ShapeKey(&c.expr()->base)) << other;
    EXPECT_EQ(DeparseExpr(c.expr()).value(), DeparseExprUncached(c.expr()).value()) << other;
  }
  Target v10 = ExprOf("name::varchar(10)");
  Target v20 = ExprOf("name::varchar(20)");
  EXPECT_NE(DeparseExpr(v10.expr()).value(), DeparseExpr(v20.expr()).value());
}

TEST(PgTreeTest, FilesReadOnSeveralThreadsGiveTheOneThreadSchemaAndTheFirstFilesError) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("pg_tree_test_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string all;
  for (int f = 0; f < 6; ++f) {
    std::string sql;
    for (int i = 0; i < 20; ++i) {
      std::string t = "t" + std::to_string(f) + "_" + std::to_string(i);
      sql += "CREATE TABLE " + t + " (id int PRIMARY KEY, n text CHECK (length(n) > " + std::to_string(i) + "));\n";
    }
    std::ofstream(dir / ("f" + std::to_string(f) + ".sql")) << sql;
    all += sql;
  }
  auto many = LoadDesired(dir.string());
  auto one = ParseDesired(all, "all.sql");
  ASSERT_TRUE(many.ok()) << many.error().message;
  ASSERT_TRUE(one.ok()) << one.error().message;
  EXPECT_EQ(many->tables.size(), 120u);
  EXPECT_EQ(Fingerprint(*many), Fingerprint(*one));
  // Two broken files: the error is the first file's, as one thread would meet it.
  std::ofstream(dir / "f2.sql") << "CREATE TABLE broken2 (id int,);\n";
  std::ofstream(dir / "f4.sql") << "CREATE TABLE broken4 (id int,);\n";
  for (int run = 0; run < 5; ++run) {
    auto bad = LoadDesired(dir.string());
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("f2.sql:1:"), std::string::npos) << bad.error().message;
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace schemasync::parse
