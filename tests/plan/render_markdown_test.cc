// --format markdown: a pull-request comment. The summary and the hazards come before the list
// of changes and the SQL; names cannot break the tables; an empty plan says so.
#include <gtest/gtest.h>

#include <string>

#include "schemasync/plan.h"
#include "schemasync/render.h"
#include "support/must_parse.h"

namespace schemasync {
namespace {

using testing_support::MustParse;

TEST(MarkdownTest, SummaryAndHazardsLeadAndTheSqlIsFolded) {
  auto plan = BuildPlan(MustParse("CREATE TABLE users (id int PRIMARY KEY, email text, legacy text);"),
                        MustParse("CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL, \"we|ird\" int);"));
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  const std::string md = Render(*plan, Format::kMarkdown);
  const size_t summary = md.find("| Hazards |"), hazards = md.find("#### Hazards"), changes = md.find("<summary>All "),
               sql = md.find("```sql\n");
  ASSERT_NE(summary, std::string::npos) << md;
  ASSERT_NE(hazards, std::string::npos) << md;
  ASSERT_NE(changes, std::string::npos) << md;
  ASSERT_NE(sql, std::string::npos) << md;
  EXPECT_LT(summary, hazards);
  EXPECT_LT(hazards, changes);
  EXPECT_LT(changes, sql);
  EXPECT_NE(md.find("| Needs `--allow-destructive` | **yes** |"), std::string::npos) << md;
  EXPECT_NE(md.find("| `column public.users.legacy` | `drop_column` | `data_loss`"), std::string::npos) << md;
  EXPECT_NE(md.find("`column public.users.we\\|ird`"), std::string::npos) << md;  // the pipe cannot end a cell
  EXPECT_NE(md.find("ALTER TABLE public.users DROP COLUMN legacy;"), std::string::npos) << md;
  EXPECT_NE(md.find("| Transactions | 3 (online"), std::string::npos) << md;  // main, VALIDATE, SET NOT NULL
}

TEST(MarkdownTest, TheFenceOutgrowsBackticksInTheSql) {
  auto plan = BuildPlan(MustParse("CREATE TABLE t (id int);"), MustParse("CREATE TABLE t (id int); COMMENT ON TABLE t IS 'a ```` b';"));
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  const std::string md = Render(*plan, Format::kMarkdown);
  EXPECT_NE(md.find("`````sql\n"), std::string::npos) << md;
}

TEST(MarkdownTest, AnEmptyPlanSaysSo) {
  auto plan = BuildPlan(MustParse("CREATE TABLE t (id int);"), MustParse("CREATE TABLE t (id int);"));
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(Render(*plan, Format::kMarkdown), "### schemasync plan: no changes\n\nThe live schema matches the desired one.\n");
}

}  // namespace
}  // namespace schemasync
