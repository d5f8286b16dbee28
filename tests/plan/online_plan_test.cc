// Online plans, offline: where a technique does not apply, the plain way is planned (and the
// graph has an order). Lessons from corpus cases, kept as small data.
#include <gtest/gtest.h>

#include <string>

#include "schemasync/plan.h"
#include "support/must_parse.h"

namespace schemasync {
namespace {

using testing_support::MustParse;

std::string AllSql(const Plan& p) {
  std::string out;
  for (const auto& s : p.steps) out += s.kind + ": " + s.sql + "\n";
  return out;
}

// An index whose column the plan drops (or retypes) goes with that change: a swap would build
// the new index after the new column exists and drop the old one before the old column goes,
// which, with the table restructured around them, can leave no order at all.
TEST(OnlinePlanTest, AnIndexOnADroppedColumnIsNotSwapped) {
  auto plan = BuildPlan(MustParse("CREATE TABLE t (id int PRIMARY KEY, fizz int NOT NULL UNIQUE, buzz real);"
                                  "CREATE INDEX normal_idx ON t USING hash (fizz);"),
                        MustParse("CREATE TABLE t (id int PRIMARY KEY, new_fizz int NOT NULL UNIQUE, buzz real);"
                                  "CREATE INDEX normal_idx ON t USING hash (new_fizz);"));
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  const std::string sql = AllSql(*plan);
  EXPECT_EQ(sql.find("ss_new_"), std::string::npos) << sql;
  EXPECT_EQ(sql.find("DROP INDEX CONCURRENTLY"), std::string::npos) << sql;
  EXPECT_NE(sql.find("CREATE INDEX CONCURRENTLY normal_idx"), std::string::npos) << sql;
}

TEST(OnlinePlanTest, AnIndexOnKeptColumnsIsSwapped) {
  auto plan = BuildPlan(MustParse("CREATE TABLE t (id int PRIMARY KEY, a int, b int); CREATE INDEX i ON t (a);"),
                        MustParse("CREATE TABLE t (id int PRIMARY KEY, a int, b int); CREATE INDEX i ON t (a, b);"));
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  ASSERT_EQ(plan->steps.size(), 3u) << AllSql(*plan);
  EXPECT_NE(plan->steps[0].sql.find("CREATE INDEX CONCURRENTLY ss_new_"), std::string::npos) << AllSql(*plan);
  EXPECT_EQ(plan->steps[1].sql, "DROP INDEX CONCURRENTLY public.i;");
  EXPECT_NE(plan->steps[2].sql.find(" RENAME TO i;"), std::string::npos) << AllSql(*plan);
  // The way back: the old definition built before the new one goes.
  Plan back = plan->Reverse();
  ASSERT_EQ(back.steps.size(), 3u);
  EXPECT_NE(back.steps[0].sql.find("RENAME TO ss_new_"), std::string::npos) << back.steps[0].sql;
  EXPECT_NE(back.steps[1].sql.find("CREATE INDEX CONCURRENTLY i ON public.t USING btree (a)"), std::string::npos) << back.steps[1].sql;
  EXPECT_NE(back.steps[2].sql.find("DROP INDEX CONCURRENTLY public.ss_new_"), std::string::npos) << back.steps[2].sql;
}

}  // namespace
}  // namespace schemasync
