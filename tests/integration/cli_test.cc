// The schemasync binary as a subprocess: exit codes, output formats and apply's guarantees.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "integration/pg_fixture.h"

namespace schemasync {
namespace {

using pgtest::CommandResult;
using pgtest::DumpDiff;
using pgtest::RunCommand;
using pgtest::ScratchDb;
using pgtest::ShellQuote;
using pgtest::TempDir;
using pgtest::WriteFile;
using pgtest::Schemasync;
using pgtest::DbFlag;
using pgtest::Describe;
using pgtest::Scalar;

const std::string kRepoDesired = std::string(SCHEMASYNC_SOURCE_DIR) + "/desired";

TEST(CliTest, PlanOnEmptyDatabaseIsAScriptPsqlRuns) {
  REQUIRE_SERVER();
  ScratchDb db("cli_plan");
  ASSERT_TRUE(db.ok()) << db.error();
  CommandResult plan = Schemasync("plan " + DbFlag(db) + " --desired " + ShellQuote(kRepoDesired) + " --format sql");
  ASSERT_EQ(plan.status, 0) << Describe(plan);
  EXPECT_NE(plan.out.find("CREATE TABLE"), std::string::npos) << plan.out;

  TempDir tmp;
  WriteFile(tmp.File("plan.sql"), plan.out);
  CommandResult psql = RunCommand("psql -X -q -v ON_ERROR_STOP=1 -d " + ShellQuote(db.name()) + " -f " +
                                  ShellQuote(tmp.File("plan.sql")));
  ASSERT_EQ(psql.status, 0) << psql.err;
  EXPECT_EQ(Scalar(db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), "8");

  // What psql ran is the whole way: the database now matches desired/.
  CommandResult drift = Schemasync("drift " + DbFlag(db) + " --desired " + ShellQuote(kRepoDesired));
  EXPECT_EQ(drift.status, 0) << Describe(drift);
}

// Objects of kinds the model does not hold are named, so that "in sync" never hides them.
TEST(CliTest, DriftNamesWhatItDoesNotCompare) {
  REQUIRE_SERVER();
  ScratchDb db("cli_unmanaged");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir tmp;
  WriteFile(tmp.File("s.sql"), "CREATE TABLE t (id int PRIMARY KEY);\n");
  WriteFile(tmp.File("extra.sql"),
            "CREATE TABLE t (id int PRIMARY KEY);\n"
            "CREATE FUNCTION same_parity(int, int) RETURNS boolean LANGUAGE sql AS 'SELECT $1 % 2 = $2 % 2';\n"
            "CREATE OPERATOR === (LEFTARG = int, RIGHTARG = int, FUNCTION = same_parity);\n"
            "CREATE TEXT SEARCH CONFIGURATION english_plain (COPY = english);\n");
  ASSERT_EQ(db.LoadFile(tmp.File("extra.sql")).status, 0);
  WriteFile(tmp.File("s.sql"), "CREATE TABLE t (id int PRIMARY KEY);\n"
                               "CREATE FUNCTION same_parity(int, int) RETURNS boolean LANGUAGE sql AS 'SELECT $1 % 2 = $2 % 2';\n");
  CommandResult drift = Schemasync("drift " + DbFlag(db) + " --desired " + ShellQuote(tmp.File("s.sql")));
  EXPECT_EQ(drift.status, 0) << Describe(drift);
  EXPECT_NE(drift.err.find("WARNING: the database holds 2 object(s) of kinds schemasync does not manage yet"), std::string::npos)
      << drift.err;
  EXPECT_NE(drift.err.find("operator public.===(integer, integer)"), std::string::npos) << drift.err;
  EXPECT_NE(drift.err.find("text search configuration public.english_plain"), std::string::npos) << drift.err;
}

TEST(CliTest, PlanWithoutChangesPrintsNoStatement) {
  REQUIRE_SERVER();
  ScratchDb db("cli_noop");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir tmp;
  WriteFile(tmp.File("s.sql"), "CREATE TABLE t (id int PRIMARY KEY);\n");
  ASSERT_EQ(db.LoadFile(tmp.File("s.sql")).status, 0);
  CommandResult plan = Schemasync("plan " + DbFlag(db) + " --desired " + ShellQuote(tmp.File("s.sql")));
  ASSERT_EQ(plan.status, 0) << Describe(plan);
  std::regex statement(R"((^|\n)[ \t]*[^-\s])");
  EXPECT_FALSE(std::regex_search(plan.out, statement)) << "expected only comments:\n" << plan.out;
}

TEST(CliTest, DriftExitsTwoBeforeAndZeroAfterApply) {
  REQUIRE_SERVER();
  ScratchDb db("cli_drift");
  ASSERT_TRUE(db.ok()) << db.error();
  const std::string flags = DbFlag(db) + " --desired " + ShellQuote(kRepoDesired);
  CommandResult before = Schemasync("drift " + flags);
  EXPECT_EQ(before.status, 2) << Describe(before);
  CommandResult apply = Schemasync("apply --yes " + flags);
  ASSERT_EQ(apply.status, 0) << Describe(apply);
  CommandResult after = Schemasync("drift " + flags);
  EXPECT_EQ(after.status, 0) << Describe(after);
  CommandResult again = Schemasync("apply --yes " + flags);
  EXPECT_EQ(again.status, 0) << Describe(again);
}

TEST(CliTest, ApplyWithoutYesAndWithoutTerminalRefuses) {
  REQUIRE_SERVER();
  ScratchDb db("cli_noyes");
  ASSERT_TRUE(db.ok()) << db.error();
  CommandResult apply = Schemasync("apply " + DbFlag(db) + " --desired " + ShellQuote(kRepoDesired));
  EXPECT_EQ(apply.status, 1) << Describe(apply);
  EXPECT_NE(apply.err.find("--yes"), std::string::npos) << apply.err;
  EXPECT_EQ(Scalar(db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), "0");
}

TEST(CliTest, DestructivePlanNeedsAllowDestructive) {
  REQUIRE_SERVER();
  ScratchDb db("cli_destructive");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir tmp;
  WriteFile(tmp.File("current.sql"), "CREATE TABLE keep (id int PRIMARY KEY);\nCREATE TABLE doomed (id int);\n"
                                     "INSERT INTO doomed VALUES (1);\n");
  WriteFile(tmp.File("desired.sql"), "CREATE TABLE keep (id int PRIMARY KEY);\n");
  ASSERT_EQ(db.LoadFile(tmp.File("current.sql")).status, 0);
  const std::string flags = DbFlag(db) + " --desired " + ShellQuote(tmp.File("desired.sql"));

  CommandResult plan = Schemasync("plan " + flags);
  EXPECT_EQ(plan.status, 3) << Describe(plan);
  EXPECT_NE(plan.out.find("DROP TABLE"), std::string::npos) << plan.out;  // still printed
  EXPECT_NE(plan.err.find("--allow-destructive"), std::string::npos) << plan.err;
  CommandResult allowed = Schemasync("plan --allow-destructive " + flags);
  EXPECT_EQ(allowed.status, 0) << Describe(allowed);

  CommandResult apply = Schemasync("apply --yes " + flags);
  EXPECT_EQ(apply.status, 3) << Describe(apply);
  EXPECT_NE(apply.err.find("--allow-destructive"), std::string::npos) << apply.err;
  EXPECT_EQ(Scalar(db, "SELECT count(*) FROM doomed"), "1");

  CommandResult forced = Schemasync("apply --yes --allow-destructive " + flags);
  EXPECT_EQ(forced.status, 0) << Describe(forced);
  EXPECT_EQ(Scalar(db, "SELECT to_regclass('doomed') IS NULL"), "t");
}

TEST(CliTest, JsonPlanHasTheContractFields) {
  REQUIRE_SERVER();
  ScratchDb db("cli_json");
  ASSERT_TRUE(db.ok()) << db.error();
  CommandResult plan = Schemasync("plan " + DbFlag(db) + " --desired " + ShellQuote(kRepoDesired) + " --format json");
  ASSERT_EQ(plan.status, 0) << Describe(plan);
  nlohmann::json j = nlohmann::json::parse(plan.out, nullptr, /*allow_exceptions=*/false);
  ASSERT_FALSE(j.is_discarded()) << "not JSON:\n" << plan.out;
  ASSERT_TRUE(j.contains("steps") && j["steps"].is_array()) << plan.out;
  ASSERT_FALSE(j["steps"].empty());
  for (const auto& s : j["steps"]) {
    ASSERT_TRUE(s.contains("sql") && s["sql"].is_string()) << s.dump();
    ASSERT_TRUE(s.contains("reverse_sql") && s["reverse_sql"].is_string()) << s.dump();
    ASSERT_TRUE(s.contains("object") && s["object"].is_string()) << s.dump();
    ASSERT_TRUE(s.contains("kind") && s["kind"].is_string()) << s.dump();
    ASSERT_TRUE(s.contains("hazards") && s["hazards"].is_array()) << s.dump();
    for (const auto& h : s["hazards"]) EXPECT_TRUE(h.is_string()) << s.dump();
    ASSERT_TRUE(s.contains("transactional") && s["transactional"].is_boolean()) << s.dump();
    EXPECT_FALSE(s["sql"].get<std::string>().empty()) << s.dump();
    EXPECT_FALSE(s["object"].get<std::string>().empty()) << s.dump();
  }
}

TEST(CliTest, ReversePlanRestoresTheSchema) {
  REQUIRE_SERVER();
  ScratchDb db("cli_reverse");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir tmp;
  WriteFile(tmp.File("current.sql"), "CREATE TABLE t (id int PRIMARY KEY, a text);\n");
  WriteFile(tmp.File("desired.sql"),
            "CREATE TABLE t (id int PRIMARY KEY, a text NOT NULL DEFAULT '', b int CHECK (b > 0));\n"
            "CREATE INDEX ON t (b);\nCREATE TABLE u (id int REFERENCES t);\n");
  ASSERT_EQ(db.LoadFile(tmp.File("current.sql")).status, 0);
  const std::string before = db.Dump();
  const std::string flags = DbFlag(db) + " --desired " + ShellQuote(tmp.File("desired.sql"));
  // The way back drops what the plan adds: exit 3 without --allow-destructive (still printed).
  CommandResult reverse = Schemasync("plan --reverse --format sql " + flags);
  ASSERT_TRUE(reverse.status == 0 || reverse.status == 3) << Describe(reverse);
  if (reverse.status == 3) {
    EXPECT_NE(reverse.err.find("reverse plan"), std::string::npos) << reverse.err;
  }
  CommandResult apply = Schemasync("apply --yes " + flags);
  ASSERT_EQ(apply.status, 0) << Describe(apply);
  ASSERT_NE(db.Dump(), before);
  WriteFile(tmp.File("reverse.sql"), reverse.out);
  CommandResult psql = RunCommand("psql -X -q -v ON_ERROR_STOP=1 -d " + ShellQuote(db.name()) + " -f " +
                                  ShellQuote(tmp.File("reverse.sql")));
  ASSERT_EQ(psql.status, 0) << psql.err << "\n" << reverse.out;
  const std::string after = db.Dump();
  EXPECT_EQ(after, before) << DumpDiff(before, after);
}

TEST(CliTest, DatabaseUrlIsUsedWithoutDb) {
  REQUIRE_SERVER();
  ScratchDb db("cli_url");
  ASSERT_TRUE(db.ok()) << db.error();
  // Host and port come from PGHOST/PGPORT; DATABASE_URL names the database.
  CommandResult apply = RunCommand("DATABASE_URL=" + ShellQuote("postgresql:///" + db.name()) + " " +
                                   ShellQuote(SCHEMASYNC_BINARY) + " apply --yes --desired " +
                                   ShellQuote(kRepoDesired));
  EXPECT_EQ(apply.status, 0) << Describe(apply);
  EXPECT_EQ(Scalar(db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), "8");
}

TEST(CliTest, TextFormatPutsHazardsFirst) {
  REQUIRE_SERVER();
  ScratchDb db("cli_text");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir tmp;
  WriteFile(tmp.File("current.sql"), "CREATE TABLE doomed (id int);\n");
  WriteFile(tmp.File("desired.sql"), "CREATE TABLE fresh (id int);\n");
  ASSERT_EQ(db.LoadFile(tmp.File("current.sql")).status, 0);
  CommandResult plan =
      Schemasync("plan --format text " + DbFlag(db) + " --desired " + ShellQuote(tmp.File("desired.sql")));
  EXPECT_EQ(plan.status, 3) << Describe(plan);
  size_t hazard = plan.out.find("data_loss"), fresh = plan.out.find("public.fresh");
  ASSERT_NE(hazard, std::string::npos) << plan.out;
  ASSERT_NE(fresh, std::string::npos) << plan.out;
  EXPECT_LT(hazard, fresh) << plan.out;
  EXPECT_EQ(plan.out.find("DROP TABLE"), std::string::npos) << "text format is not SQL:\n" << plan.out;
}

TEST(CliTest, SavedPlanAppliesAndReverts) {
  REQUIRE_SERVER();
  ScratchDb db("cli_saved");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir tmp;
  WriteFile(tmp.File("current.sql"), "CREATE TABLE t (id int PRIMARY KEY, a text);\n");
  WriteFile(tmp.File("desired.sql"),
            "CREATE TABLE t (id int PRIMARY KEY, a text NOT NULL DEFAULT '', b int CHECK (b > 0));\n"
            "CREATE TABLE u (id int REFERENCES t);\n");
  ASSERT_EQ(db.LoadFile(tmp.File("current.sql")).status, 0);
  const std::string before = db.Dump();
  const std::string flags = DbFlag(db) + " --desired " + ShellQuote(tmp.File("desired.sql"));
  CommandResult plan = Schemasync("plan --out " + ShellQuote(tmp.File("plan.json")) + " " + flags);
  ASSERT_EQ(plan.status, 0) << Describe(plan);
  CommandResult apply = Schemasync("apply --yes --plan " + ShellQuote(tmp.File("plan.json")) + " " + DbFlag(db));
  ASSERT_EQ(apply.status, 0) << Describe(apply);
  EXPECT_EQ(Schemasync("drift " + flags).status, 0);
  // Undoing what the plan created drops it: destructive, so refused (exit 3) without the flag.
  CommandResult refused = Schemasync("revert --yes --plan " + ShellQuote(tmp.File("plan.json")) + " " + DbFlag(db));
  EXPECT_EQ(refused.status, 3) << Describe(refused);
  EXPECT_NE(refused.err.find("--allow-destructive"), std::string::npos) << refused.err;
  EXPECT_EQ(Schemasync("drift " + flags).status, 0) << "a refused revert changed nothing";
  CommandResult revert = Schemasync("revert --yes --allow-destructive --plan " + ShellQuote(tmp.File("plan.json")) + " " + DbFlag(db));
  ASSERT_EQ(revert.status, 0) << Describe(revert);
  const std::string after = db.Dump();
  EXPECT_EQ(after, before) << DumpDiff(before, after);
}

TEST(CliTest, SavedPlanIsRefusedWhenTheDatabaseChanged) {
  REQUIRE_SERVER();
  ScratchDb db("cli_stale");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir tmp;
  WriteFile(tmp.File("desired.sql"), "CREATE TABLE t (id int PRIMARY KEY);\n");
  CommandResult plan = Schemasync("plan --out " + ShellQuote(tmp.File("plan.json")) + " " + DbFlag(db) +
                                  " --desired " + ShellQuote(tmp.File("desired.sql")));
  ASSERT_EQ(plan.status, 0) << Describe(plan);
  ASSERT_EQ(db.Psql("CREATE TABLE other (id int)").status, 0);
  CommandResult apply = Schemasync("apply --yes --plan " + ShellQuote(tmp.File("plan.json")) + " " + DbFlag(db));
  EXPECT_EQ(apply.status, 1) << Describe(apply);
  EXPECT_NE(apply.err.find("the database changed since the plan was made"), std::string::npos) << apply.err;
  EXPECT_EQ(Scalar(db, "SELECT to_regclass('t') IS NULL"), "t");
}

TEST(CliTest, ConnectionErrorHidesThePassword) {
  CommandResult plan = Schemasync("plan --db " + ShellQuote("postgresql://u:secret@127.0.0.1:1/x") +
                                  " --desired " + ShellQuote(kRepoDesired));
  EXPECT_EQ(plan.status, 1) << Describe(plan);
  EXPECT_NE(plan.err.find("cannot connect to"), std::string::npos) << plan.err;
  EXPECT_NE(plan.err.find("127.0.0.1"), std::string::npos) << plan.err;
  EXPECT_EQ(plan.err.find("secret"), std::string::npos) << plan.err;
  EXPECT_EQ(plan.out.find("secret"), std::string::npos) << plan.out;
}

TEST(CliTest, ConnectionErrorHidesKeyValuePassword) {
  CommandResult plan = Schemasync("drift --db " + ShellQuote("host=127.0.0.1 port=1 user=u password=secret dbname=x") +
                                  " --desired " + ShellQuote(kRepoDesired));
  EXPECT_EQ(plan.status, 1) << Describe(plan);
  EXPECT_NE(plan.err.find("cannot connect to"), std::string::npos) << plan.err;
  EXPECT_EQ(plan.err.find("secret"), std::string::npos) << plan.err;
}

TEST(CliTest, DesiredSyntaxErrorNamesFileLineColumn) {
  TempDir tmp;
  WriteFile(tmp.File("bad.sql"), "CREATE TABLE a (id int);\n\nCRATE TABLE b (id int);\n");
  CommandResult plan = Schemasync("plan --db " + ShellQuote("postgresql://u@127.0.0.1:1/x") + " --desired " +
                                  ShellQuote(tmp.File("bad.sql")));
  EXPECT_EQ(plan.status, 1) << Describe(plan);
  if (pgtest::HaveServer()) {
    // The connection is made first when no server answers, so only check the text with one.
    ScratchDb db("cli_syntax");
    ASSERT_TRUE(db.ok()) << db.error();
    plan = Schemasync("plan " + DbFlag(db) + " --desired " + ShellQuote(tmp.File("bad.sql")));
    EXPECT_EQ(plan.status, 1) << Describe(plan);
    EXPECT_NE(plan.err.find(tmp.File("bad.sql") + ":3:1: syntax error at or near \"CRATE\""), std::string::npos)
        << plan.err;
  }
}

TEST(CliTest, FailedStepLeavesTheDatabaseUnchanged) {
  REQUIRE_SERVER();
  ScratchDb db("cli_failstep");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir tmp;
  WriteFile(tmp.File("current.sql"), "CREATE TABLE t (id int PRIMARY KEY, price numeric);\n"
                                     "INSERT INTO t VALUES (1, -5), (2, 10);\n");
  // The function the CHECK calls is created first (the CHECK needs it) and succeeds; the CHECK
  // that row 1 violates fails after it, and the function must not survive it.
  WriteFile(tmp.File("desired.sql"),
            "CREATE FUNCTION positive(n numeric) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT n > 0 $$;\n"
            "CREATE TABLE t (id int PRIMARY KEY, price numeric CONSTRAINT t_price_positive CHECK (positive(price)));\n");
  ASSERT_EQ(db.LoadFile(tmp.File("current.sql")).status, 0);
  const std::string before = db.Dump();
  // One transaction (--no-online; online, the CHECK is committed NOT VALID first and its
  // validation fails apart: OnlineResumeTest).
  CommandResult apply = Schemasync("apply --yes --no-online " + DbFlag(db) + " --desired " + ShellQuote(tmp.File("desired.sql")));
  EXPECT_EQ(apply.status, 1) << Describe(apply);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(apply.err, m, std::regex(R"(step (\d+) of (\d+))"))) << apply.err;
  EXPECT_GE(std::stoi(m[1]), 2) << apply.err;
  EXPECT_NE(apply.err.find("t_price_positive"), std::string::npos) << apply.err;
  EXPECT_NE(apply.err.find("is violated by some row"), std::string::npos) << apply.err;
  const std::string after = db.Dump();
  EXPECT_EQ(after, before) << DumpDiff(before, after);
  EXPECT_EQ(Scalar(db, "SELECT to_regclass('u') IS NULL"), "t");
}

TEST(CliTest, NotNullColumnWithoutDefaultOnRowsFailsCleanly) {
  REQUIRE_SERVER();
  ScratchDb db("cli_notnull");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir tmp;
  WriteFile(tmp.File("current.sql"), "CREATE TABLE t (id int PRIMARY KEY);\nINSERT INTO t VALUES (1);\n");
  WriteFile(tmp.File("desired.sql"),
            "CREATE SCHEMA extra;\nCREATE TABLE t (id int PRIMARY KEY, code text NOT NULL);\n");
  ASSERT_EQ(db.LoadFile(tmp.File("current.sql")).status, 0);
  const std::string before = db.Dump();
  CommandResult apply = Schemasync("apply --yes " + DbFlag(db) + " --desired " + ShellQuote(tmp.File("desired.sql")));
  EXPECT_EQ(apply.status, 1) << Describe(apply);
  EXPECT_TRUE(std::regex_search(apply.err, std::regex(R"(step \d+ of \d+)"))) << apply.err;
  EXPECT_NE(apply.err.find("public.t"), std::string::npos) << apply.err;
  EXPECT_NE(apply.err.find("contains null values"), std::string::npos) << apply.err;
  const std::string after = db.Dump();
  EXPECT_EQ(after, before) << DumpDiff(before, after);
}

TEST(CliTest, SchemaFlagLimitsTheComparison) {
  REQUIRE_SERVER();
  ScratchDb db("cli_schema");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir tmp;
  WriteFile(tmp.File("current.sql"), "CREATE SCHEMA other;\nCREATE TABLE other.x (id int);\n");
  WriteFile(tmp.File("desired.sql"), "CREATE TABLE t (id int);\n");
  ASSERT_EQ(db.LoadFile(tmp.File("current.sql")).status, 0);
  // Only public is compared: other.x is not dropped, so nothing is destructive.
  CommandResult apply = Schemasync("apply --yes --schema public " + DbFlag(db) + " --desired " +
                                   ShellQuote(tmp.File("desired.sql")));
  EXPECT_EQ(apply.status, 0) << Describe(apply);
  EXPECT_EQ(Scalar(db, "SELECT to_regclass('other.x') IS NOT NULL AND to_regclass('public.t') IS NOT NULL"), "t");
}

}  // namespace
}  // namespace schemasync

namespace schemasync {
namespace {

TEST(CliTest, VersionFlag) {
  CommandResult r = pgtest::Schemasync("--version");
  EXPECT_EQ(r.status, 0) << pgtest::Describe(r);
  EXPECT_EQ(r.out.rfind("schemasync ", 0), 0u) << r.out;
}

// A pipeline asking for json (or sql) gets a document in every outcome, in sync included.
TEST(CliTest, DriftPrintsTheRequestedFormatWhenInSync) {
  REQUIRE_SERVER();
  pgtest::ScratchDb db("cli_drift_formats");
  ASSERT_TRUE(db.ok()) << db.error();
  pgtest::TempDir tmp;
  pgtest::WriteFile(tmp.File("d.sql"), "");
  const std::string flags = pgtest::DbFlag(db) + " --desired " + pgtest::ShellQuote(tmp.File("d.sql"));
  CommandResult json = pgtest::Schemasync("drift --format json " + flags);
  EXPECT_EQ(json.status, 0) << pgtest::Describe(json);
  auto j = nlohmann::json::parse(json.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << json.out;
  EXPECT_EQ(j["steps"].size(), 0u);
  CommandResult sql = pgtest::Schemasync("drift --format sql " + flags);
  EXPECT_EQ(sql.out, "-- schemasync: no changes\n");
  CommandResult text = pgtest::Schemasync("drift " + flags);
  EXPECT_EQ(text.out, "");
  EXPECT_EQ(text.err, "schemasync: in sync\n");
}

}  // namespace
}  // namespace schemasync
