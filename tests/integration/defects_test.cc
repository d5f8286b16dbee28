// Issue 6's defects, one test each (or more), through the CLI against a real server: a printed
// password, a wipe from an empty folder, a deadlock between applies, a partial apply that did
// not say so, broken function bodies installed, drift blind to a disabled trigger and to a
// misspelt --schema, a non-atomic SQL script, and text that is not UTF-8.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "integration/pg_fixture.h"

namespace schemasync {
namespace {

using pgtest::CommandResult;
using pgtest::DbFlag;
using pgtest::Describe;
using pgtest::RunCommand;
using pgtest::Scalar;
using pgtest::Schemasync;
using pgtest::ScratchDb;
using pgtest::ShellQuote;
using pgtest::TempDir;
using pgtest::WriteFile;
using Clock = std::chrono::steady_clock;

bool Contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

// --- 2. A password is never printed ------------------------------------------------------------

struct LeakCase {
  std::string db;
  std::vector<std::string> secrets;  // none of these may appear in any output
};

TEST(DefectsTest, PasswordIsNeverPrinted) {
  TempDir tmp;
  WriteFile(tmp.File("a.sql"), "CREATE TABLE t (id int);\n");
  const std::vector<LeakCase> cases = {
      // libpq: invalid percent-encoded token: "Tr0ub%dor&3"
      {"postgresql://deployer:Tr0ub%dor&3@db:5432/app", {"Tr0ub", "dor&3"}},
      // an unencoded '@' and '/': libpq would cut it into user, host and path and print the parts
      {"postgresql://deployer:p@ss/w0rd@127.0.0.1:1/app", {"w0rd", "ss/w"}},
      // libpq quotes the whole URI when the host part is malformed
      {"postgresql://u:hunter22@[::1:1/x", {"hunter22"}},
      {"postgresql://u:hunter%2322@127.0.0.1:1/x", {"hunter", "%23"}},
      {"postgresql://u@127.0.0.1:1/x?password=sekr1tpw&sslmode=bogus", {"sekr1tpw"}},
      {"host=127.0.0.1 port=1 password=sekr1tpw sslmode=bogus", {"sekr1tpw"}},
      {"host=127.0.0.1 port=1 password='se cr3t pw' dbname=x", {"se cr3t", "cr3t pw"}},
  };
  for (const auto& c : cases) {
    for (const std::string cmd : {"plan", "drift", "apply --yes"}) {
      CommandResult r = Schemasync(cmd + " --db " + ShellQuote(c.db) + " --desired " + ShellQuote(tmp.File("a.sql")));
      EXPECT_EQ(r.status, 1) << c.db << "\n" << Describe(r);
      EXPECT_TRUE(Contains(r.err, "cannot connect to")) << r.err;
      for (const auto& s : c.secrets) {
        EXPECT_FALSE(Contains(r.err, s)) << "'" << s << "' printed for " << c.db << ":\n" << r.err;
        EXPECT_FALSE(Contains(r.out, s)) << "'" << s << "' printed for " << c.db << ":\n" << r.out;
      }
    }
  }
}

TEST(DefectsTest, PasswordFromTheEnvironmentIsNeverPrinted) {
  TempDir tmp;
  WriteFile(tmp.File("a.sql"), "CREATE TABLE t (id int);\n");
  // libpq echoes what it cannot use; whatever it says, PGPASSWORD and DATABASE_URL stay hidden.
  CommandResult r = RunCommand("PGPASSWORD=envpw-77x DATABASE_URL=" +
                               ShellQuote("postgresql://u:urlpw-88y@[::1:1/x") + " " + ShellQuote(SCHEMASYNC_BINARY) +
                               " drift --desired " + ShellQuote(tmp.File("a.sql")));
  EXPECT_EQ(r.status, 1) << Describe(r);
  EXPECT_FALSE(Contains(r.err + r.out, "urlpw-88y")) << r.err;
  EXPECT_FALSE(Contains(r.err + r.out, "envpw-77x")) << r.err;
}

TEST(DefectsTest, UnencodedPasswordCharactersGetAnActionableError) {
  TempDir tmp;
  WriteFile(tmp.File("a.sql"), "CREATE TABLE t (id int);\n");
  CommandResult r = Schemasync("drift --db " + ShellQuote("postgresql://deployer:Tr0ub%dor&3@db:5432/app") +
                               " --desired " + ShellQuote(tmp.File("a.sql")));
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err,
            "schemasync: cannot connect to postgresql://deployer@db:5432/app: the user name or password in the URI "
            "holds a '%' that does not start a %XX escape; percent-encode it (% as %25, @ as %40, / as %2F, ? as "
            "%3F, # as %23) or give the password through PGPASSWORD or ~/.pgpass\n");
}

// --- 3. An empty desired folder does not wipe the database -------------------------------------

TEST(DefectsTest, DesiredFolderWithoutSqlIsAnErrorAndChangesNothing) {
  REQUIRE_SERVER();
  ScratchDb db("defects_empty");
  ASSERT_TRUE(db.ok()) << db.error();
  ASSERT_EQ(db.LoadSql("CREATE TABLE users (id int PRIMARY KEY); INSERT INTO users VALUES (1);").status, 0);
  TempDir tmp;
  WriteFile(tmp.File("README.md"), "schema files go here\n");  // a folder, but no *.sql in it
  for (const std::string cmd : {"plan", "drift", "apply --allow-destructive --yes"}) {
    CommandResult r = Schemasync(cmd + " " + DbFlag(db) + " --desired " + ShellQuote(tmp.path()));
    EXPECT_EQ(r.status, 1) << cmd << "\n" << Describe(r);
    EXPECT_EQ(r.err, "schemasync: " + tmp.path() +
                         ": no *.sql file in this folder (a wrong --desired path, or a failed checkout?); to drop "
                         "every object on purpose, give an empty .sql file\n");
    EXPECT_FALSE(Contains(r.out, "DROP")) << r.out;
  }
  CommandResult missing = Schemasync("apply --allow-destructive --yes " + DbFlag(db) + " --desired " +
                                     ShellQuote(tmp.File("no-such-folder")));
  EXPECT_EQ(missing.status, 1) << Describe(missing);
  EXPECT_EQ(Scalar(db, "SELECT count(*) FROM users"), "1");
}

TEST(DefectsTest, PlanDroppingEveryTableOfASchemaSaysSoFirstInEveryFormat) {
  REQUIRE_SERVER();
  ScratchDb db("defects_wipe");
  ASSERT_TRUE(db.ok()) << db.error();
  ASSERT_EQ(db.LoadSql("CREATE TABLE users (id int PRIMARY KEY); CREATE TABLE orders (id int);").status, 0);
  TempDir tmp;
  WriteFile(tmp.File("empty.sql"), "");  // emptied on purpose: a legitimate desired state
  const std::string flags = DbFlag(db) + " --desired " + ShellQuote(tmp.File("empty.sql"));
  const std::string warning =
      "this plan drops every table of schema public (2 table(s): orders, users); if that is not what you meant, "
      "check the --desired path";
  CommandResult sql = Schemasync("plan --format sql " + flags);
  EXPECT_EQ(sql.status, 3) << Describe(sql);
  EXPECT_LT(sql.out.find("-- WARNING: " + warning), sql.out.find("DROP TABLE")) << sql.out;
  EXPECT_TRUE(Contains(sql.err, "WARNING: " + warning)) << sql.err;
  CommandResult text = Schemasync("plan --format text " + flags);
  EXPECT_LT(text.out.find("WARNING: " + warning), text.out.find("drop_table")) << text.out;
  CommandResult json = Schemasync("plan --format json " + flags);
  auto j = nlohmann::json::parse(json.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << json.out;
  ASSERT_EQ(j["warnings"].size(), 1u) << json.out;
  EXPECT_EQ(j["warnings"][0], warning);
  // Its reverse creates them again: nothing to warn about.
  CommandResult reverse = Schemasync("plan --reverse --format sql --db " + ShellQuote(db.Conninfo()) + " --desired " +
                                     ShellQuote(tmp.File("empty.sql")));
  EXPECT_FALSE(Contains(reverse.out, "-- WARNING: this plan drops every table")) << reverse.out;
}

// --- 4. Two applies at once never deadlock -----------------------------------------------------

// A writer's open transaction holds the first apply inside CREATE INDEX CONCURRENTLY (which waits
// for it) while the second apply starts and waits for the first. When the writer is gone, the
// build ends by waiting for every transaction with an older snapshot (WaitForOlderSnapshots):
// waiting inside pg_advisory_lock() held such a snapshot, so the build waited for the second
// apply and the second for the first: "deadlock detected" after deadlock_timeout.
TEST(DefectsTest, SecondApplyWaitsForAConcurrentIndexBuildWithoutDeadlock) {
  REQUIRE_SERVER();
  ScratchDb db("defects_deadlock");
  ASSERT_TRUE(db.ok()) << db.error();
  ASSERT_EQ(db.LoadSql("CREATE TABLE big (id int PRIMARY KEY, v int);"
                       "INSERT INTO big SELECT g, g % 100 FROM generate_series(1, 1000) g;")
                .status,
            0);
  TempDir tmp;
  WriteFile(tmp.File("desired.sql"), "CREATE TABLE big (id int PRIMARY KEY, v int);\nCREATE INDEX big_v ON big (v);\n");
  const std::string cmd = "apply --yes --lock-timeout 20 " + DbFlag(db) + " --desired " + ShellQuote(tmp.File("desired.sql"));
  auto writer = db.Connect();
  auto admin = db.Connect();
  ASSERT_TRUE(writer.ok() && admin.ok());
  ASSERT_TRUE(writer->Exec("BEGIN").ok());
  ASSERT_TRUE(writer->Exec("UPDATE big SET v = v WHERE id = 1").ok());
  auto first = std::async(std::launch::async, [&] { return Schemasync(cmd); });
  // Wait until the first apply's index build is waiting for the writer.
  bool building = false;
  for (auto deadline = Clock::now() + std::chrono::seconds(10); Clock::now() < deadline && !building;) {
    auto r = admin->Query("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                          "AND query LIKE 'CREATE INDEX CONCURRENTLY%' AND wait_event_type = 'Lock'");
    building = r.ok() && r->Get(0, 0) == "1";
    if (!building) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(building) << "the first apply never reached its CREATE INDEX CONCURRENTLY";
  auto second = std::async(std::launch::async, [&] { return Schemasync(cmd); });
  // Let the second apply reach its wait for the first, then release the build.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  ASSERT_TRUE(writer->Exec("COMMIT").ok());
  CommandResult a = first.get(), b = second.get();
  EXPECT_EQ(a.status, 0) << Describe(a);
  EXPECT_EQ(b.status, 0) << Describe(b);
  EXPECT_FALSE(Contains(a.err + b.err, "deadlock")) << a.err << b.err;
  EXPECT_TRUE(Contains(a.err, "applied 1 step(s)")) << a.err;
  EXPECT_TRUE(Contains(b.out, "no changes")) << "the second apply must find nothing left to do:\n" << Describe(b);
  EXPECT_EQ(Scalar(db, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'big_v'::regclass"), "t");
}

// --- 5. A failure after a commit says what was committed ---------------------------------------

TEST(DefectsTest, FailedConcurrentIndexAfterTheTransactionSaysWhatWasCommitted) {
  REQUIRE_SERVER();
  ScratchDb db("defects_partial");
  ASSERT_TRUE(db.ok()) << db.error();
  ASSERT_EQ(db.LoadSql("CREATE TABLE t (id int PRIMARY KEY, x int); INSERT INTO t VALUES (1, 0);").status, 0);
  TempDir tmp;
  // The expression index divides by x, which is 0 in a row: the concurrent build fails after the
  // transaction (new column, new table) has committed.
  WriteFile(tmp.File("desired.sql"), "CREATE TABLE t (id int PRIMARY KEY, x int, y int);\n"
                                     "CREATE TABLE u (id int);\n"
                                     "CREATE INDEX t_inv ON t ((1 / x));\n");
  const std::string flags = DbFlag(db) + " --desired " + ShellQuote(tmp.File("desired.sql"));
  CommandResult r = Schemasync("apply --yes " + flags);
  EXPECT_EQ(r.status, 4) << Describe(r);
  EXPECT_TRUE(Contains(r.err, "step 3 of 3 (create_index index public.t_inv) failed: ERROR:  division by zero")) << r.err;
  EXPECT_TRUE(Contains(r.err, "PARTIALLY APPLIED: 2 of 3 step(s) were committed before the failure and stay applied:\n"
                              "    step 1: add_column column public.t.y\n"
                              "    step 2: create_table table public.u\n"
                              "  not applied (the failed step and those after it, or rolled back with it):\n"
                              "    step 3: create_index index public.t_inv\n"))
      << r.err;
  EXPECT_TRUE(Contains(r.err, "the INVALID index it left was dropped")) << r.err;
  EXPECT_TRUE(Contains(r.err, "run apply again: it plans from what is now in the database and resumes")) << r.err;
  EXPECT_EQ(Scalar(db, "SELECT count(*) FROM pg_index WHERE NOT indisvalid"), "0");
  EXPECT_EQ(Scalar(db, "SELECT to_regclass('u') IS NOT NULL"), "t");
  // Fixed data: the next apply does only what is left.
  ASSERT_EQ(db.Psql("UPDATE t SET x = 1").status, 0);
  CommandResult again = Schemasync("apply --yes " + flags);
  EXPECT_EQ(again.status, 0) << Describe(again);
  EXPECT_TRUE(Contains(again.err, "applied 1 step(s)")) << again.err;
}

TEST(DefectsTest, FailureWithNothingCommittedSaysTheDatabaseIsAsItWas) {
  REQUIRE_SERVER();
  ScratchDb db("defects_nothing");
  ASSERT_TRUE(db.ok()) << db.error();
  ASSERT_EQ(db.LoadSql("CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1);").status, 0);
  TempDir tmp;
  WriteFile(tmp.File("desired.sql"), "CREATE TABLE t (id int PRIMARY KEY, must int NOT NULL);\nCREATE TABLE u (id int);\n");
  CommandResult r = Schemasync("apply --yes " + DbFlag(db) + " --desired " + ShellQuote(tmp.File("desired.sql")));
  EXPECT_EQ(r.status, 1) << Describe(r);
  EXPECT_TRUE(Contains(r.err, "nothing was changed: the database is as it was before this apply")) << r.err;
  EXPECT_FALSE(Contains(r.err, "PARTIALLY")) << r.err;
  EXPECT_EQ(Scalar(db, "SELECT to_regclass('u') IS NULL"), "t");
}

// --- 6. Broken function bodies are refused before anything is applied --------------------------

TEST(DefectsTest, BrokenFunctionBodiesAreRefusedWithTheirPlace) {
  REQUIRE_SERVER();
  ScratchDb db("defects_bodies");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir tmp;
  struct Case {
    std::string sql, error;
  };
  const std::vector<Case> cases = {
      {"CREATE TABLE a (id int);\n"
       "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$\n"
       "BEGIN\n"
       "  RETURN x + ;\n"
       "END $$;\n",
       ":4:3: PL/pgSQL body of function f: syntax error at end of input"},
      {"CREATE FUNCTION g(n int) RETURNS SETOF int LANGUAGE plpgsql AS $body$\n"
       "BEGIN\n"
       "  RETURN QUERY SELECT 1 FORM a;\n"
       "END $body$;\n",
       ":3:3: PL/pgSQL body of function g: syntax error at or near \"a\""},
      {"CREATE FUNCTION s(int) RETURNS int LANGUAGE sql AS $$ SELECT $1 + FROM x $$;\n",
       ":1:67: SQL body of function s: syntax error at or near \"FROM\""},
      {"CREATE PROCEDURE p() LANGUAGE plpgsql AS $$ BEGIN IF true THEN COMMIT; END $$;\n",
       ":1:44: PL/pgSQL body of procedure p: syntax error at end of input"},
      {"CREATE FUNCTION u() RETURNS int LANGUAGE plpgsql AS $$\nDECLARE y int;\nBEGIN\n  x := 1;\n  RETURN 1;\nEND $$;\n",
       ":1:55: PL/pgSQL body of function u: \"x\" is not a known variable"},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    std::string file = tmp.File("f" + std::to_string(i) + ".sql");
    WriteFile(file, cases[i].sql);
    CommandResult r = Schemasync("apply --yes " + DbFlag(db) + " --desired " + ShellQuote(file));
    EXPECT_EQ(r.status, 1) << Describe(r);
    EXPECT_TRUE(Contains(r.err, file + cases[i].error)) << "want: " << file + cases[i].error << "\n" << r.err;
    EXPECT_TRUE(Contains(r.err, "function bodies are checked before anything is applied")) << r.err;
  }
  EXPECT_EQ(Scalar(db, "SELECT count(*) FROM pg_proc WHERE pronamespace = 'public'::regnamespace"), "0");
  EXPECT_EQ(Scalar(db, "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace"), "0");
}

TEST(DefectsTest, ValidBodiesTheOfflineParserCannotFullyResolvePass) {
  REQUIRE_SERVER();
  ScratchDb db("defects_bodies_ok");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir tmp;
  // A row type's field, trigger records, OUT parameters, a C-style two-string AS, SQL bodies.
  WriteFile(tmp.File("ok.sql"),
            "CREATE TABLE users (id int PRIMARY KEY, name text, updated_at timestamptz);\n"
            "CREATE FUNCTION rename(i int) RETURNS void LANGUAGE plpgsql AS $$\n"
            "DECLARE r users%ROWTYPE;\nBEGIN\n  SELECT * INTO r FROM users WHERE id = i;\n  r.name := 'x';\nEND $$;\n"
            "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            "BEGIN NEW.updated_at := now(); RETURN NEW; END $$;\n"
            "CREATE FUNCTION pair(a int, OUT b int, OUT c text) LANGUAGE plpgsql AS 'BEGIN b := a; c := ''x''; END';\n"
            "CREATE FUNCTION one() RETURNS int LANGUAGE sql RETURN 1;\n"
            "CREATE FUNCTION three() RETURNS int LANGUAGE sql AS 'SELECT 3';\n");
  const std::string flags = DbFlag(db) + " --desired " + ShellQuote(tmp.File("ok.sql"));
  CommandResult r = Schemasync("apply --yes " + flags);
  EXPECT_EQ(r.status, 0) << Describe(r);
  EXPECT_EQ(Schemasync("drift " + flags).status, 0);
}

// --- 7. Drift sees a disabled trigger and refuses an unknown --schema ---------------------------

TEST(DefectsTest, DriftSeesATriggerDisabledByHand) {
  REQUIRE_SERVER();
  ScratchDb db("defects_trigger");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir tmp;
  WriteFile(tmp.File("d.sql"),
            "CREATE TABLE events (id int);\n"
            "CREATE FUNCTION no_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'append only'; END $$;\n"
            "CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events FOR EACH ROW EXECUTE FUNCTION no_change();\n");
  const std::string flags = DbFlag(db) + " --desired " + ShellQuote(tmp.File("d.sql"));
  ASSERT_EQ(Schemasync("apply --yes " + flags).status, 0);
  ASSERT_EQ(Schemasync("drift " + flags).status, 0);
  ASSERT_EQ(db.Psql("ALTER TABLE events DISABLE TRIGGER events_append_only").status, 0);
  CommandResult drift = Schemasync("drift --format text " + flags);
  EXPECT_EQ(drift.status, 2) << Describe(drift);
  EXPECT_TRUE(Contains(drift.out, "~ trigger public.events.events_append_only  (alter_trigger)")) << drift.out;
  EXPECT_TRUE(Contains(drift.out, "fires: disabled -> enabled")) << drift.out;  // what differs, in words
  CommandResult plan = Schemasync("plan " + flags);
  EXPECT_TRUE(Contains(plan.out, "ALTER TABLE public.events ENABLE TRIGGER events_append_only;")) << plan.out;
  CommandResult reverse = Schemasync("plan --reverse " + flags);
  EXPECT_TRUE(Contains(reverse.out, "ALTER TABLE public.events DISABLE TRIGGER events_append_only;")) << reverse.out;
  ASSERT_EQ(Schemasync("apply --yes " + flags).status, 0);
  EXPECT_EQ(Scalar(db, "SELECT tgenabled FROM pg_trigger WHERE tgname = 'events_append_only'"), "O");
  EXPECT_EQ(Schemasync("drift " + flags).status, 0);
}

TEST(DefectsTest, UnknownSchemaIsAnError) {
  REQUIRE_SERVER();
  ScratchDb db("defects_schema");
  ASSERT_TRUE(db.ok()) << db.error();
  ASSERT_EQ(db.LoadSql("CREATE SCHEMA app; CREATE TABLE app.t (id int);").status, 0);
  TempDir tmp;
  WriteFile(tmp.File("d.sql"), "CREATE SCHEMA app;\nCREATE TABLE app.t (id int);\nCREATE SCHEMA audit;\n");
  const std::string flags = DbFlag(db) + " --desired " + ShellQuote(tmp.File("d.sql"));
  CommandResult typo = Schemasync("drift --schema pubic " + flags);
  EXPECT_EQ(typo.status, 1) << Describe(typo);
  EXPECT_EQ(typo.err, "schemasync: --schema 'pubic': no such schema in the database or in the desired SQL (the "
                      "database has: app, public); check the spelling\n");
  EXPECT_EQ(Schemasync("drift --schema app " + flags).status, 0);
  // A schema only the desired SQL creates is a fine filter: the plan creates it.
  CommandResult only_desired = Schemasync("drift --schema audit " + flags);
  EXPECT_EQ(only_desired.status, 2) << Describe(only_desired);
}

// --- 8. The SQL script is atomic like apply ----------------------------------------------------

TEST(DefectsTest, SqlScriptStopsWithNothingOfItsTransactionApplied) {
  REQUIRE_SERVER();
  ScratchDb db("defects_script");
  ASSERT_TRUE(db.ok()) << db.error();
  ASSERT_EQ(db.LoadSql("CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1);").status, 0);
  TempDir tmp;
  // create_table u runs first; the NOT NULL column without a default then fails on the row.
  WriteFile(tmp.File("d.sql"), "CREATE TABLE t (id int PRIMARY KEY, must int NOT NULL);\nCREATE TABLE u (id int);\n"
                               "CREATE INDEX t_id ON t (id);\n");
  CommandResult plan = Schemasync("plan " + DbFlag(db) + " --desired " + ShellQuote(tmp.File("d.sql")));
  ASSERT_EQ(plan.status, 0) << Describe(plan);
  EXPECT_TRUE(Contains(plan.out, "\nBEGIN;\n")) << plan.out;
  EXPECT_LT(plan.out.find("COMMIT;"), plan.out.find("CREATE INDEX CONCURRENTLY")) << plan.out;
  WriteFile(tmp.File("plan.sql"), plan.out);
  CommandResult run = RunCommand("psql -X -q -v ON_ERROR_STOP=1 -d " + ShellQuote(db.name()) + " -f " +
                                 ShellQuote(tmp.File("plan.sql")));
  EXPECT_NE(run.status, 0) << Describe(run);
  EXPECT_EQ(Scalar(db, "SELECT to_regclass('u') IS NULL"), "t") << "the script applied part of its transaction";
  EXPECT_EQ(Scalar(db, "SELECT count(*) FROM pg_indexes WHERE tablename = 't'"), "1");
}

// --- 9. Desired files must be UTF-8 ------------------------------------------------------------

TEST(DefectsTest, Latin1FileIsRefusedNamingFileAndByte) {
  TempDir tmp;
  WriteFile(tmp.File("latin1.sql"), "CREATE TABLE t (id int);\nCOMMENT ON TABLE t IS 'caf\xe9';\n");
  CommandResult r = Schemasync("plan --db 'host=127.0.0.1 port=1' --desired " + ShellQuote(tmp.File("latin1.sql")));
  EXPECT_EQ(r.status, 1) << Describe(r);
  EXPECT_EQ(r.err, "schemasync: " + tmp.File("latin1.sql") +
                       ":2:27: not valid UTF-8 (byte 0xE9 at offset 51); desired files must be UTF-8: convert it, e.g. "
                       "iconv -f LATIN1 -t UTF-8\n");
}

TEST(DefectsTest, ByteOrderMarkIsSkippedAndPositionsStayRight) {
  TempDir tmp;
  WriteFile(tmp.File("bom.sql"), "\xEF\xBB\xBF" "CREATE TABLE t (id int);\n-- caf\xC3\xA9 \xE2\x82\xAC\nCRATE TABLE u ();\n");
  CommandResult r = Schemasync("plan --db 'host=127.0.0.1 port=1' --desired " + ShellQuote(tmp.File("bom.sql")));
  EXPECT_EQ(r.status, 1) << Describe(r);
  EXPECT_EQ(r.err, "schemasync: " + tmp.File("bom.sql") + ":3:1: syntax error at or near \"CRATE\"\n");
  WriteFile(tmp.File("bom.sql"), "\xEF\xBB\xBF" "CREATE TABLE t (id int);\n");
  CommandResult ok = Schemasync("plan --db 'host=127.0.0.1 port=1' --desired " + ShellQuote(tmp.File("bom.sql")));
  EXPECT_TRUE(Contains(ok.err, "cannot connect")) << "the file parsed; only the connection failed:\n" << ok.err;
}

}  // namespace
}  // namespace schemasync

namespace schemasync {
namespace {

// 1. Crashes: a chained expression is a left-deep tree walked recursively (libpg_query's output
// functions, protobuf-c, the normalizer); a few thousand terms overflowed the default stack.
TEST(DefectsTest, DeepExpressionsNeverCrash) {
  REQUIRE_SERVER();
  ScratchDb db("defects_deep");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir tmp;
  auto chain = [](int n) {
    std::string s = "CREATE TABLE t (a int, CHECK (a";
    for (int i = 1; i < n; ++i) s += " + a";
    return s + " > 0));\n";
  };
  WriteFile(tmp.File("deep.sql"), chain(8000));
  CommandResult ok = Schemasync("plan " + DbFlag(db) + " --desired " + ShellQuote(tmp.File("deep.sql")));
  EXPECT_EQ(ok.status, 0) << Describe(ok).substr(0, 2000);
  WriteFile(tmp.File("deeper.sql"), chain(150000));
  CommandResult refused = Schemasync("plan " + DbFlag(db) + " --desired " + ShellQuote(tmp.File("deeper.sql")));
  EXPECT_EQ(refused.status, 1) << Describe(refused).substr(0, 2000);
  EXPECT_EQ(refused.err, "schemasync: " + tmp.File("deeper.sql") +
                             ":1:1: this statement holds more than 200000 tokens, more than schemasync reads in one "
                             "statement; split it\n");
}

}  // namespace
}  // namespace schemasync
