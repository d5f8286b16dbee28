// Plan::changes: each object a plan touches, created, dropped or altered, with the old and new
// value of every attribute that differs (compared by normalized keys), definitions as dtl
// diffs; kept in plan files, turned around by Reverse(), rendered for people.
#include <gtest/gtest.h>

#include <string>

#include "schemasync/plan.h"
#include "schemasync/plan_file.h"
#include "schemasync/render.h"
#include "support/must_parse.h"

namespace schemasync {
namespace {

using testing_support::MustParse;

const Change* Find(const Plan& p, const std::string& object) {
  for (const auto& c : p.changes) {
    if (c.object == object) return &c;
  }
  return nullptr;
}

const AttributeChange* Attribute(const Change* c, const std::string& name) {
  if (!c) return nullptr;
  for (const auto& a : c->attributes) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

constexpr const char* kBefore =
    "CREATE TABLE users (id int PRIMARY KEY, created_at timestamptz DEFAULT now(), legacy text);"
    "GRANT SELECT ON users TO PUBLIC;"
    "CREATE FUNCTION one() RETURNS int LANGUAGE sql AS $$\nSELECT\n  1\n$$;"
    "CREATE TABLE gone (id int);";
constexpr const char* kAfter =
    "CREATE TABLE users (id int PRIMARY KEY, created_at timestamptz DEFAULT clock_timestamp() NOT NULL, fresh int);"
    "GRANT SELECT, INSERT ON users TO PUBLIC;"
    "CREATE FUNCTION one() RETURNS int LANGUAGE sql AS $$\nSELECT\n  2\n$$;"
    "CREATE TABLE made (id int);";

TEST(ChangesTest, OldAndNewValuesPerAttribute) {
  auto plan = BuildPlan(MustParse(kBefore), MustParse(kAfter));
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  const Change* col = Find(*plan, "column public.users.created_at");
  ASSERT_NE(col, nullptr);
  EXPECT_EQ(col->kind, "alter");
  const AttributeChange* def = Attribute(col, "default");
  ASSERT_NE(def, nullptr);
  EXPECT_EQ(def->old_value, "now()");
  EXPECT_EQ(def->new_value, "clock_timestamp()");
  const AttributeChange* nn = Attribute(col, "not null");
  ASSERT_NE(nn, nullptr);
  EXPECT_EQ(nn->old_value, "no");
  EXPECT_EQ(nn->new_value, "yes");
  EXPECT_EQ(Attribute(col, "type"), nullptr);  // unchanged: not listed

  const AttributeChange* grants = Attribute(Find(*plan, "privilege public.users"), "privileges of PUBLIC");
  const Change* table = Find(*plan, "table public.users");
  if (!grants) grants = Attribute(table, "privileges of PUBLIC");
  ASSERT_NE(grants, nullptr) << "privileges of PUBLIC on public.users";
  EXPECT_EQ(grants->old_value, "SELECT");
  EXPECT_EQ(grants->new_value, "INSERT, SELECT");

  ASSERT_NE(Find(*plan, "table public.made"), nullptr);
  EXPECT_EQ(Find(*plan, "table public.made")->kind, "create");
  EXPECT_EQ(Find(*plan, "table public.gone")->kind, "drop");
  EXPECT_EQ(Find(*plan, "column public.users.legacy")->kind, "drop");
  EXPECT_EQ(Find(*plan, "column public.users.fresh")->kind, "create");
}

TEST(ChangesTest, ARespellingIsNoChange) {
  // The same default and CHECK, written differently: equal keys, nothing to show or do.
  auto plan = BuildPlan(MustParse("CREATE TABLE t (a int DEFAULT (1 + 1), CONSTRAINT c CHECK (a > 0));"),
                        MustParse("CREATE TABLE t (a int DEFAULT 1+1, CONSTRAINT c CHECK ((a > 0)));"));
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_TRUE(plan->changes.empty());
}

TEST(ChangesTest, DefinitionsAsUnifiedDiffs) {
  auto plan = BuildPlan(MustParse(kBefore), MustParse(kAfter));
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  const Change* fn = Find(*plan, "function public.one()");
  ASSERT_NE(fn, nullptr);
  const AttributeChange* body = Attribute(fn, "body");  // the body changed: shown alone
  ASSERT_NE(body, nullptr);
  auto diff = UnifiedDiff(body->old_value, body->new_value);
  ASSERT_FALSE(diff.empty());
  EXPECT_EQ(diff.front().rfind("@@ -", 0), 0u) << diff.front();
  EXPECT_NE(std::find(diff.begin(), diff.end(), "-  1"), diff.end());
  EXPECT_NE(std::find(diff.begin(), diff.end(), "+  2"), diff.end());

  const std::string text = Render(*plan, Format::kText);
  EXPECT_NE(text.find("default: now() -> clock_timestamp()"), std::string::npos) << text;
  EXPECT_NE(text.find("        -  1\n        +  2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  + table public.made  (create_table)"), std::string::npos) << text;
  EXPECT_NE(text.find("  - table public.gone  (drop_table)"), std::string::npos) << text;
  EXPECT_EQ(text.find("\033["), std::string::npos) << "no colour unless asked";
  const std::string coloured = Render(*plan, Format::kText, false, true);
  EXPECT_NE(coloured.find("\033[31m-  1\033[0m"), std::string::npos) << coloured;

  const std::string md = Render(*plan, Format::kMarkdown);
  EXPECT_NE(md.find("```diff\n"), std::string::npos) << md;
  EXPECT_NE(md.find("default: `now()` → `clock_timestamp()`"), std::string::npos) << md;
}

TEST(ChangesTest, KeptInPlanFilesAndTurnedAroundByReverse) {
  auto plan = BuildPlan(MustParse(kBefore), MustParse(kAfter));
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  PlanFile f;
  f.plan = *plan;
  auto back = DecodePlanFile(EncodePlanFile(f));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->plan.changes, plan->changes);

  Plan reverse = plan->Reverse();
  const AttributeChange* def = Attribute(Find(reverse, "column public.users.created_at"), "default");
  ASSERT_NE(def, nullptr);
  EXPECT_EQ(def->old_value, "clock_timestamp()");
  EXPECT_EQ(def->new_value, "now()");
  EXPECT_EQ(Find(reverse, "table public.made")->kind, "drop");
  EXPECT_EQ(Find(reverse, "table public.gone")->kind, "create");
}

}  // namespace
}  // namespace schemasync
