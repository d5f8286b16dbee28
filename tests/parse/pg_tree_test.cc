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
