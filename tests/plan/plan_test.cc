// BuildPlan and Plan::Reverse over parsed models: properties of plans, not their exact text.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "schemasync/parse.h"
#include "schemasync/plan.h"
#include "support/must_parse.h"

namespace schemasync {
namespace {

using testing_support::MustParse;

Result<Plan> PlanFor(const std::string& live_sql, const std::string& desired_sql) {
  return BuildPlan(MustParse(live_sql), MustParse(desired_sql));
}

bool HasHazard(const Step& s, const std::string& h) {
  return std::find(s.hazards.begin(), s.hazards.end(), h) != s.hazards.end();
}

const char* kLive =
    "CREATE TYPE mood AS ENUM ('happy', 'sad');"
    "CREATE TABLE a (id int PRIMARY KEY, m mood, old text);"
    "CREATE TABLE gone (id int);";
const char* kDesired =
    "CREATE TYPE mood AS ENUM ('happy', 'ok', 'sad');"
    "CREATE TABLE a (id bigint PRIMARY KEY, m mood DEFAULT 'happy', n int NOT NULL DEFAULT 0 CHECK (n >= 0));"
    "CREATE INDEX ON a (n);"
    "CREATE TABLE b (id int PRIMARY KEY, a_id bigint REFERENCES a);"
    "ALTER TABLE b ENABLE ROW LEVEL SECURITY;"
    "CREATE POLICY p ON b USING (a_id > 0);"
    "COMMENT ON TABLE b IS 'b';";

TEST(BuildPlanTest, SameSchemaGivesEmptyPlan) {
  auto plan = PlanFor(kDesired, kDesired);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_TRUE(plan->empty());
  EXPECT_FALSE(plan->destructive());
}

TEST(BuildPlanTest, StepsFollowTheirDependenciesAndAreComplete) {
  auto plan = PlanFor(kLive, kDesired);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  ASSERT_FALSE(plan->empty());
  for (size_t i = 0; i < plan->steps.size(); ++i) {
    const Step& s = plan->steps[i];
    for (int d : s.depends_on) EXPECT_LT(d, static_cast<int>(i)) << s.kind << " " << s.object;
    EXPECT_FALSE(s.kind.empty());
    EXPECT_FALSE(s.object.empty()) << s.kind;
    ASSERT_FALSE(s.sql.empty()) << s.kind << " " << s.object;
    EXPECT_EQ(s.sql.back(), ';') << s.sql;
  }
}

TEST(BuildPlanTest, DroppingATableOrColumnIsDestructive) {
  auto plan = PlanFor(kLive, kDesired);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_TRUE(plan->destructive());
  bool drop_table = false, drop_column = false;
  for (const auto& s : plan->steps) {
    if (s.object.find("gone") != std::string::npos) drop_table |= HasHazard(s, "data_loss");
    if (s.object.find("old") != std::string::npos) drop_column |= HasHazard(s, "data_loss");
  }
  EXPECT_TRUE(drop_table);
  EXPECT_TRUE(drop_column);
}

TEST(BuildPlanTest, AddingIsNotDestructive) {
  auto plan = PlanFor("CREATE TABLE a (id int);", "CREATE TABLE a (id int, b text); CREATE TABLE c (id int);");
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_EQ(plan->steps.size(), 2u);
  EXPECT_FALSE(plan->destructive());
}

TEST(PlanReverseTest, ReversesOrderAndSwapsStatements) {
  auto plan = PlanFor(kLive, kDesired);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  Plan r = plan->Reverse();
  // Every step but those with nothing to reverse (an online VALIDATE), in mirror order.
  std::vector<const Step*> kept;
  for (const auto& s : plan->steps) {
    if (!s.nothing_to_reverse) kept.push_back(&s);
  }
  ASSERT_EQ(r.steps.size(), kept.size());
  const size_t n = r.steps.size();
  for (size_t i = 0; i < n; ++i) {
    const Step& fwd = *kept[n - 1 - i];
    EXPECT_EQ(r.steps[i].sql, fwd.reverse_sql);
    EXPECT_EQ(r.steps[i].reverse_sql, fwd.sql);
    EXPECT_EQ(r.steps[i].object, fwd.object);
  }
  Plan rr = r.Reverse();
  ASSERT_EQ(rr.steps.size(), n);
  for (size_t i = 0; i < n; ++i) EXPECT_EQ(rr.steps[i].sql, kept[i]->sql);
}

// SET NOT NULL online: a NOT VALID CHECK, its validation (a transaction of its own), then SET
// NOT NULL dropping the CHECK. The reverse leaves the validation out but keeps the order
// through it: the CHECK is dropped after the column gives up NOT NULL.
TEST(PlanReverseTest, NothingToReverseStepsAreLeftOutWithTheirOrderKept) {
  auto plan = PlanFor("CREATE TABLE a (id int, x text);", "CREATE TABLE a (id int, x text NOT NULL);");
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  ASSERT_EQ(plan->steps.size(), 3u);
  EXPECT_EQ(plan->steps[0].kind, "add_constraint");
  EXPECT_NE(plan->steps[0].sql.find("NOT VALID"), std::string::npos) << plan->steps[0].sql;
  EXPECT_EQ(plan->steps[1].kind, "validate_constraint");
  EXPECT_TRUE(plan->steps[1].own_transaction);
  EXPECT_TRUE(plan->steps[1].nothing_to_reverse);
  EXPECT_TRUE(plan->steps[1].hazards.end() == std::find(plan->steps[1].hazards.begin(), plan->steps[1].hazards.end(), "irreversible"));
  EXPECT_EQ(plan->steps[2].kind, "set_not_null");
  EXPECT_TRUE(plan->steps[2].own_transaction);
  Plan r = plan->Reverse();
  ASSERT_EQ(r.steps.size(), 2u);
  EXPECT_EQ(r.steps[0].kind, "revert_set_not_null");
  EXPECT_EQ(r.steps[1].kind, "revert_add_constraint");
  EXPECT_EQ(r.steps[1].depends_on, std::vector<int>{0});
  for (const auto& s : r.steps) EXPECT_TRUE(std::find(s.hazards.begin(), s.hazards.end(), "irreversible") == s.hazards.end());
}

TEST(PlanReverseTest, EveryStepOfASimplePlanHasAnInverse) {
  auto plan = PlanFor("CREATE TABLE a (id int, x text);",
                      "CREATE TABLE a (id int PRIMARY KEY, x varchar(10) NOT NULL DEFAULT 'x');"
                      "CREATE INDEX ON a (x); COMMENT ON COLUMN a.x IS 'x';");
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  for (const auto& s : plan->steps) {
    // Or nothing to reverse: an online VALIDATE of what the plan adds.
    if (s.nothing_to_reverse) EXPECT_EQ(s.kind, "validate_constraint");
    else EXPECT_FALSE(s.reverse_sql.empty()) << s.kind << " " << s.object;
  }
}

TEST(BuildPlanTest, RemovingAnEnumValueRebuildsTheTypeBothWays) {
  auto plan = PlanFor("CREATE TYPE color AS ENUM ('red', 'green', 'blue'); CREATE TABLE t (c color DEFAULT 'red');",
                      "CREATE TYPE color AS ENUM ('red', 'blue'); CREATE TABLE t (c color DEFAULT 'red');");
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  ASSERT_EQ(plan->steps.size(), 1u);
  const Step& s = plan->steps[0];
  EXPECT_EQ(s.kind, "rebuild_type");
  EXPECT_NE(s.sql.find("CREATE TYPE public.color AS ENUM ('red', 'blue')"), std::string::npos) << s.sql;
  EXPECT_NE(s.sql.find("ALTER TABLE public.t ALTER COLUMN c TYPE public.color USING c::text::public.color"), std::string::npos) << s.sql;
  EXPECT_NE(s.reverse_sql.find("CREATE TYPE public.color AS ENUM ('red', 'green', 'blue')"), std::string::npos) << s.reverse_sql;
}

TEST(BuildPlanTest, ReorderingEnumValuesRebuildsTheType) {
  auto plan = PlanFor("CREATE TYPE color AS ENUM ('red', 'blue');", "CREATE TYPE color AS ENUM ('blue', 'red');");
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  ASSERT_EQ(plan->steps.size(), 1u);
  EXPECT_NE(plan->steps[0].sql.find("AS ENUM ('blue', 'red')"), std::string::npos) << plan->steps[0].sql;
}

TEST(BuildPlanTest, AddingEnumValuesKeepsTheirPlace) {
  auto plan = PlanFor("CREATE TYPE c AS ENUM ('b', 'd');", "CREATE TYPE c AS ENUM ('a', 'b', 'c', 'd', 'e');");
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_EQ(plan->steps.size(), 3u);
  EXPECT_FALSE(plan->destructive());
}

}  // namespace
}  // namespace schemasync

namespace schemasync {
namespace {

const Step* FindStep(const Plan& p, const std::string& kind, const std::string& object) {
  for (const auto& s : p.steps) {
    if (s.kind == kind && s.object == object) return &s;
  }
  return nullptr;
}

TEST(HazardsTest, WideningTypeChangesLoseNoData) {
  auto plan = PlanFor("CREATE TABLE t (a int, b varchar(10), c varchar(10), d numeric(8,2));",
                      "CREATE TABLE t (a bigint, b varchar(20), c text, d numeric);");
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  for (const char* col : {"a", "b", "c", "d"}) {
    const Step* s = FindStep(*plan, "alter_column_type", std::string("column public.t.") + col);
    ASSERT_NE(s, nullptr) << col;
    EXPECT_FALSE(HasHazard(*s, "data_loss")) << col;
    // The way back narrows: that is where data can be lost.
    EXPECT_TRUE(std::find(s->reverse_hazards.begin(), s->reverse_hazards.end(), "data_loss") !=
                s->reverse_hazards.end() || std::string(col) == "c" || std::string(col) == "d") << col;
  }
  EXPECT_FALSE(plan->destructive());
}

TEST(HazardsTest, NarrowingTypeChangeIsDataLoss) {
  auto plan = PlanFor("CREATE TABLE t (a bigint, b text);", "CREATE TABLE t (a int, b varchar(5));");
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_TRUE(HasHazard(*FindStep(*plan, "alter_column_type", "column public.t.a"), "data_loss"));
  EXPECT_TRUE(HasHazard(*FindStep(*plan, "alter_column_type", "column public.t.b"), "data_loss"));
  EXPECT_TRUE(plan->destructive());
}

TEST(HazardsTest, ReversePlanCarriesTheInverseHazards) {
  // Creating a table is safe; undoing it drops the table and its rows.
  auto plan = PlanFor("CREATE TABLE t (a int);", "CREATE TABLE t (a int, b int); CREATE TABLE u (id int);");
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_FALSE(plan->destructive());
  EXPECT_TRUE(plan->Reverse().destructive());
  // And the inverse of a drop restores the schema without losing anything further.
  auto drop = PlanFor("CREATE TABLE t (a int, b int);", "CREATE TABLE t (a int);");
  ASSERT_TRUE(drop.ok());
  EXPECT_TRUE(drop->destructive());
  EXPECT_FALSE(drop->Reverse().destructive());
}

}  // namespace
}  // namespace schemasync
