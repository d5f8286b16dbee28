// Renames by annotation, offline: where `-- schemasync:renamed-from old` counts (the line right
// before the object; a column or constraint needs a line of its own), how the name is read
// (as PostgreSQL reads an identifier), and the plan it makes: ALTER ... RENAME, no drop.
#include <gtest/gtest.h>

#include <string>

#include "schemasync/parse.h"
#include "schemasync/plan.h"
#include "support/must_parse.h"

namespace schemasync {
namespace {

using testing_support::MustParse;

std::string Annotation(const Schema& s, ObjectKind kind, const std::string& name, const std::string& sub = "") {
  auto it = s.renamed_from.find(ObjectRef::Of(kind, "public", name, sub));
  return it == s.renamed_from.end() ? "(none)" : it->second;
}

TEST(RenameAnnotationTest, ReadOnTheLineBeforeTheObject) {
  Schema s = MustParse(
      "-- schemasync:renamed-from Accounts\n"
      "CREATE TABLE users (id int PRIMARY KEY,\n"
      "  -- schemasync:renamed-from \"Full Name\"\n"
      "  display_name text,\n"
      "  --   schemasync:renamed-from   old_score   \n"
      "  score int,\n"
      "  -- schemasync:renamed-from users_score_check_old\n"
      "  CONSTRAINT score_positive CHECK (score > 0));\n"
      "-- schemasync:renamed-from by_name\n"
      "CREATE INDEX users_by_name ON users (display_name);\n"
      "-- schemasync:renamed-from v_old\n"
      "CREATE VIEW v AS SELECT id FROM users;\n"
      "-- schemasync:renamed-from g\n"
      "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS $$ SELECT a $$;\n"
      "-- schemasync:renamed-from feeling\n"
      "CREATE TYPE mood AS ENUM ('ok');\n"
      "-- schemasync:renamed-from positive\n"
      "CREATE DOMAIN pos AS int CHECK (VALUE > 0);\n");
  EXPECT_EQ(Annotation(s, ObjectKind::kTable, "users"), "accounts");  // unquoted: folded to lower case
  EXPECT_EQ(Annotation(s, ObjectKind::kColumn, "users", "display_name"), "Full Name");
  EXPECT_EQ(Annotation(s, ObjectKind::kColumn, "users", "score"), "old_score");
  EXPECT_EQ(Annotation(s, ObjectKind::kColumn, "users", "id"), "(none)");  // on the statement's line
  EXPECT_EQ(Annotation(s, ObjectKind::kConstraint, "users", "score_positive"), "users_score_check_old");
  EXPECT_EQ(Annotation(s, ObjectKind::kIndex, "users", "users_by_name"), "by_name");
  EXPECT_EQ(Annotation(s, ObjectKind::kView, "v"), "v_old");
  EXPECT_EQ(Annotation(s, ObjectKind::kFunction, "f", "integer"), "g");
  EXPECT_EQ(Annotation(s, ObjectKind::kType, "mood"), "feeling");
  EXPECT_EQ(Annotation(s, ObjectKind::kType, "pos"), "positive");
  EXPECT_EQ(s.renamed_from.size(), 9u);
}

TEST(RenameAnnotationTest, OtherCommentsAndLinesFurtherUpDoNotCount) {
  Schema s = MustParse(
      "-- schemasync:renamed-from a\n"
      "\n"
      "CREATE TABLE t1 (id int);\n"
      "-- schemasync:renamed-from b c\n"
      "CREATE TABLE t2 (id int);\n"
      "-- schemasync:renamed-fromx d\n"
      "CREATE TABLE t3 (id int);\n"
      "-- renamed-from e\n"
      "CREATE TABLE t4 (id int);\n");
  EXPECT_TRUE(s.renamed_from.empty());
}

TEST(RenamePlanTest, RenamesInsteadOfDroppingAndKeepsWhatFollowsTheName) {
  auto plan = BuildPlan(MustParse("CREATE TABLE accounts (id int PRIMARY KEY, fullname text CHECK (fullname <> ''));"
                                  "CREATE INDEX accounts_fullname_idx ON accounts (lower(fullname));"),
                        MustParse("-- schemasync:renamed-from accounts\n"
                                  "CREATE TABLE users (id int PRIMARY KEY,\n"
                                  "  -- schemasync:renamed-from fullname\n"
                                  "  name text CHECK (name <> ''));\n"
                                  "CREATE INDEX users_lower_idx ON users (lower(name));\n"));
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  std::string sql;
  for (const auto& s : plan->steps) {
    sql += s.kind + ": " + s.sql + "\n";
    EXPECT_EQ(s.hazards.end(), std::find(s.hazards.begin(), s.hazards.end(), "data_loss")) << s.sql;
  }
  EXPECT_NE(sql.find("ALTER TABLE public.accounts RENAME TO users;"), std::string::npos) << sql;
  EXPECT_NE(sql.find("ALTER TABLE public.users RENAME COLUMN fullname TO name;"), std::string::npos) << sql;
  // PostgreSQL's names from the old table name follow it: the key, the CHECK, the index.
  EXPECT_NE(sql.find("RENAME CONSTRAINT accounts_pkey TO users_pkey;"), std::string::npos) << sql;
  EXPECT_NE(sql.find("RENAME CONSTRAINT accounts_fullname_check TO users_name_check;"), std::string::npos) << sql;
  EXPECT_NE(sql.find("ALTER INDEX public.accounts_fullname_idx RENAME TO users_lower_idx;"), std::string::npos) << sql;
  EXPECT_EQ(sql.find("DROP"), std::string::npos) << sql;
  EXPECT_EQ(sql.find("CREATE"), std::string::npos) << sql;
  EXPECT_FALSE(plan->destructive());
}

TEST(RenamePlanTest, DroppedAndAddedColumnOfOneTypeGetsTheHint) {
  auto plan = BuildPlan(MustParse("CREATE TABLE t (id int, fullname text);"), MustParse("CREATE TABLE t (id int, name text);"));
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  ASSERT_EQ(plan->warnings.size(), 1u);
  EXPECT_NE(plan->warnings[0].find("-- schemasync:renamed-from fullname"), std::string::npos) << plan->warnings[0];
  EXPECT_TRUE(plan->destructive());  // without the annotation it is a drop
}

TEST(RenamePlanTest, AnAnnotationThatRenamesNothingSaysWhy) {
  auto plan = BuildPlan(MustParse("CREATE TABLE t (id int);"),
                        MustParse("CREATE TABLE t (id int,\n  -- schemasync:renamed-from nosuch\n  n text);"));
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  ASSERT_EQ(plan->warnings.size(), 1u);
  EXPECT_NE(plan->warnings[0].find("the database has no such column"), std::string::npos) << plan->warnings[0];
  ASSERT_EQ(plan->steps.size(), 1u);
  EXPECT_EQ(plan->steps[0].kind, "add_column");
}

}  // namespace
}  // namespace schemasync
