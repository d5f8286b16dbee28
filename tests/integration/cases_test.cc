// Data-first cases: tests/cases/<name>/{current.sql,desired.sql} planned, applied, re-read and
// reversed against a real server; PostgreSQL's pg_dump decides whether the result is right.
//
// Optional files in a case folder:
//   data.sql           rows loaded into the current database after current.sql
//   roles.txt          roles the case grants to, one per line: created (NOLOGIN) when the
//                      server lacks them; roles are cluster-wide, so they stay for other cases
//   expect_error.txt   the plan must fail with an error containing this text
//   manage_owners      plan with --manage-owners, and compare dumps with their owners
//   DISABLED           the case is skipped with this file's text as the reason (a known bug);
//                      SCHEMASYNC_RUN_DISABLED_CASES=1 in the environment runs it anyway
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "integration/pg_fixture.h"
#include "schemasync/apply.h"
#include "schemasync/catalog.h"
#include "schemasync/pipeline.h"
#include "schemasync/parse.h"
#include "schemasync/plan.h"
#include "schemasync/pipeline.h"
#include "schemasync/render.h"

namespace schemasync {
namespace {

namespace fs = std::filesystem;
using pgtest::DumpDiff;
using pgtest::ReadFile;
using pgtest::ScratchDb;

const fs::path kCasesDir = fs::path(SCHEMASYNC_SOURCE_DIR) / "tests" / "cases";


std::string Trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  return s.substr(i);
}


// The plan from the live database `db` to the desired SQL at `desired_path`.
Result<Plan> PlanAgainst(Database& db, const std::string& desired_path, const PlanOptions& options) {
  Schema desired;
  TRY_ASSIGN(desired, LoadDesired(desired_path));
  Planned p;
  TRY_ASSIGN(p, PlanDatabase(db, std::move(desired), {}, options));
  // Nothing to do means one fingerprint for both sides: saved plans rely on it.
  if (p.plan.empty() && p.source_fingerprint != p.target_fingerprint) {
    return MakeError(ErrorKind::kPlan, "in sync, but the fingerprints differ: " + p.source_fingerprint + " vs " +
                                           p.target_fingerprint);
  }
  return p.plan;
}

class CasesTest : public ::testing::TestWithParam<std::string> {};

TEST_P(CasesTest, PlanApplyReverse) {
  if (!pgtest::HaveServer()) GTEST_SKIP() << "PGHOST is not set: run under scripts/with-postgres.sh";
  const fs::path dir = kCasesDir / GetParam();
  if (fs::exists(dir / "DISABLED") && !std::getenv("SCHEMASYNC_RUN_DISABLED_CASES")) {
    GTEST_SKIP() << "DISABLED: " << Trim(ReadFile(dir / "DISABLED"));
  }
  PlanOptions options;
  options.manage_owners = fs::exists(dir / "manage_owners");
  const bool owners = options.manage_owners;
  const std::string current_sql = (dir / "current.sql").string();
  const std::string desired_sql = (dir / "desired.sql").string();

  // The oracle: desired.sql loaded by psql into a fresh database.
  ScratchDb a(GetParam() + "_a"), b(GetParam() + "_b");
  ASSERT_TRUE(a.ok()) << a.error();
  ASSERT_TRUE(b.ok()) << b.error();
  {
    const std::string failed = pgtest::CreateCaseRoles(a, dir.string());
    ASSERT_TRUE(failed.empty()) << failed;
  }
  if (fs::exists(current_sql)) {
    auto r = a.LoadFile(current_sql);
    ASSERT_EQ(r.status, 0) << "current.sql does not load: " << r.err;
  }
  if (fs::exists(dir / "data.sql")) {
    auto r = a.LoadFile((dir / "data.sql").string());
    ASSERT_EQ(r.status, 0) << "data.sql does not load: " << r.err;
  }
  {
    auto r = b.LoadFile(desired_sql);
    ASSERT_EQ(r.status, 0) << "desired.sql does not load: " << r.err;
  }
  const std::string dump_a_before = a.Dump(owners);
  const std::string dump_b = b.Dump(owners);
  ASSERT_NE(dump_a_before, dump_b) << "the case changes nothing";

  auto db = a.Connect();
  ASSERT_TRUE(db.ok()) << db.error().message;

  // current.sql read back from the server must already be in sync with itself.
  if (fs::exists(current_sql)) {
    auto self = PlanAgainst(*db, current_sql, options);
    ASSERT_TRUE(self.ok()) << self.error().message;
    EXPECT_TRUE(self->empty()) << "current.sql is not in sync with itself after loading; plan:\n"
                               << Render(*self, Format::kText);
  }

  auto plan = PlanAgainst(*db, desired_sql, options);
  if (fs::exists(dir / "expect_error.txt")) {
    const std::string expected = Trim(ReadFile(dir / "expect_error.txt"));
    ASSERT_FALSE(plan.ok()) << "expected a plan error containing: " << expected << "\nplan:\n"
                            << Render(*plan, Format::kSql);
    EXPECT_NE(plan.error().message.find(expected), std::string::npos) << plan.error().message;
    return;
  }
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  ASSERT_FALSE(plan->empty());
  const Plan reverse = plan->Reverse();
  const std::string plan_sql = Render(*plan, Format::kSql);

  // Forward: the plan applies, a second plan is empty, and the schema is desired.sql's.
  auto applied = Apply(*db, *plan, ApplyOptions{});
  ASSERT_TRUE(applied.ok()) << applied.error().message << "\nplan:\n" << plan_sql;
  auto again = PlanAgainst(*db, desired_sql, options);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_TRUE(again->empty()) << "not idempotent; second plan:\n"
                              << Render(*again, Format::kSql) << "\nfirst plan:\n" << plan_sql;
  const std::string dump_a_after = a.Dump(owners);
  EXPECT_EQ(dump_a_after, dump_b) << "did not converge (- desired, + actual):\n"
                                  << DumpDiff(dump_b, dump_a_after) << "\nplan:\n" << plan_sql;

  // Backward: the reverse plan, computed before applying, restores the original schema.
  const std::string reverse_sql = Render(reverse, Format::kSql, true);
  auto reverted = Apply(*db, reverse, ApplyOptions{});
  ASSERT_TRUE(reverted.ok()) << reverted.error().message << "\nreverse plan:\n" << reverse_sql;
  const std::string dump_a_reverted = a.Dump(owners);
  EXPECT_EQ(dump_a_reverted, dump_a_before) << "not reversible (- original, + after reverse):\n"
                                            << DumpDiff(dump_a_before, dump_a_reverted) << "\nreverse plan:\n"
                                            << reverse_sql;
  if (fs::exists(current_sql)) {
    auto back = PlanAgainst(*db, current_sql, options);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_TRUE(back->empty()) << "after the reverse plan, current.sql is not in sync; plan:\n"
                               << Render(*back, Format::kText);
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, CasesTest, ::testing::ValuesIn(pgtest::DataCaseNames()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string n = info.param;
                           for (char& c : n) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return n;
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(CasesTest);

}  // namespace
}  // namespace schemasync
