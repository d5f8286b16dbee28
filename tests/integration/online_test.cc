// Online changes against a real server, on tables that hold rows: each technique's statements
// are in the plan, the result is the desired schema as PostgreSQL dumps it, a second plan is
// empty, and the saved plan's reverse brings back the original; a write workload keeps
// committing while an index, a foreign key and a NOT NULL are added to a table of 1M rows.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "integration/pg_fixture.h"

namespace schemasync {
namespace {
using pgtest::CommandResult;
using pgtest::DbFlag;
using pgtest::Describe;
using pgtest::DumpDiff;
using pgtest::Scalar;
using pgtest::Schemasync;
using pgtest::ScratchDb;
using pgtest::ShellQuote;
using pgtest::TempDir;
using pgtest::WriteFile;

bool Contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

// Rows enough that a scan or a build is real work, few enough for every run of the suite.
const char* kRows =
    "CREATE TABLE parent (id int NOT NULL, name text);\n"
    "INSERT INTO parent SELECT g, 'p' || g FROM generate_series(1, 2000) g;\n"
    "CREATE TABLE child (id int PRIMARY KEY, parent_id int, email text, score int, code varchar(10));\n"
    "INSERT INTO child SELECT g, 1 + g % 2000, 'e' || g, g, 'c' || g FROM generate_series(1, 20000) g;\n";

struct OnlineCase {
  const char* name;
  const char* current;    // run after kRows
  const char* desired;    // the whole desired schema
  std::vector<const char*> expect;   // in the online plan's SQL
  std::vector<const char*> plain;    // in the --no-online plan's SQL instead
  const char* after = "SELECT true";  // true once applied
};

std::vector<OnlineCase> Cases() {
  return {
      {"foreign_key", "ALTER TABLE parent ADD PRIMARY KEY (id);",
       "CREATE TABLE parent (id int PRIMARY KEY, name text);\n"
       "CREATE TABLE child (id int PRIMARY KEY, parent_id int REFERENCES parent (id), email text, score int, code varchar(10));\n",
       {"FOREIGN KEY (parent_id) REFERENCES public.parent(id) NOT VALID;", "VALIDATE CONSTRAINT child_parent_id_fkey"},
       {"FOREIGN KEY (parent_id) REFERENCES public.parent(id);"}},
      {"check", "",
       "CREATE TABLE parent (id int NOT NULL, name text);\n"
       "CREATE TABLE child (id int PRIMARY KEY, parent_id int, email text, score int CONSTRAINT score_positive CHECK (score > 0), code varchar(10));\n",
       {"CHECK (score > 0) NOT VALID;", "VALIDATE CONSTRAINT score_positive"},
       {"CHECK (score > 0);"}},
      {"not_null", "",
       "CREATE TABLE parent (id int NOT NULL, name text);\n"
       "CREATE TABLE child (id int PRIMARY KEY, parent_id int NOT NULL, email text, score int, code varchar(10));\n",
       {"CHECK (parent_id IS NOT NULL) NOT VALID;", "VALIDATE CONSTRAINT ss_nn_", "ALTER COLUMN parent_id SET NOT NULL; ALTER TABLE public.child DROP CONSTRAINT ss_nn_"},
       {"ALTER COLUMN parent_id SET NOT NULL;"}},
      {"primary_key", "",
       "CREATE TABLE parent (id int PRIMARY KEY, name text);\n"
       "CREATE TABLE child (id int PRIMARY KEY, parent_id int, email text, score int, code varchar(10));\n",
       {"CREATE UNIQUE INDEX CONCURRENTLY parent_pkey ON public.parent USING btree (id);", "ADD CONSTRAINT parent_pkey PRIMARY KEY USING INDEX parent_pkey;"},
       {"ADD CONSTRAINT parent_pkey PRIMARY KEY (id);"}},
      {"unique_deferrable", "",
       "CREATE TABLE parent (id int NOT NULL, name text, CONSTRAINT parent_name_key UNIQUE (name) DEFERRABLE INITIALLY DEFERRED);\n"
       "CREATE TABLE child (id int PRIMARY KEY, parent_id int, email text, score int, code varchar(10));\n",
       {"CREATE UNIQUE INDEX CONCURRENTLY parent_name_key", "UNIQUE USING INDEX parent_name_key DEFERRABLE INITIALLY DEFERRED;"},
       {"UNIQUE (name) DEFERRABLE INITIALLY DEFERRED;"}},
      {"index_changed", "CREATE INDEX child_score ON child (score); COMMENT ON INDEX child_score IS 'by score';",
       "CREATE TABLE parent (id int NOT NULL, name text);\n"
       "CREATE TABLE child (id int PRIMARY KEY, parent_id int, email text, score int, code varchar(10));\n"
       "CREATE INDEX child_score ON child (score DESC) WHERE score > 10;\n"
       "COMMENT ON INDEX child_score IS 'by score, descending';\n",
       {"CREATE INDEX CONCURRENTLY ss_new_", "DROP INDEX CONCURRENTLY public.child_score;", "RENAME TO child_score;"},
       {"DROP INDEX public.child_score;", "CREATE INDEX child_score ON public.child"}},
      {"index_dropped", "CREATE INDEX child_email ON child (email);",
       "CREATE TABLE parent (id int NOT NULL, name text);\n"
       "CREATE TABLE child (id int PRIMARY KEY, parent_id int, email text, score int, code varchar(10));\n",
       {"DROP INDEX CONCURRENTLY public.child_email;"},
       {"DROP INDEX public.child_email;"}},
      {"volatile_default", "",
       "CREATE TABLE parent (id int NOT NULL, name text);\n"
       "CREATE TABLE child (id int PRIMARY KEY, parent_id int, email text, score int, code varchar(10), token uuid DEFAULT gen_random_uuid());\n",
       {"ADD COLUMN token uuid; ALTER TABLE public.child ALTER COLUMN token SET DEFAULT gen_random_uuid();",
        "SET token = DEFAULT WHERE token IS NULL"},
       {"ADD COLUMN token uuid DEFAULT gen_random_uuid();"},
       "SELECT count(DISTINCT token) = 20000 FROM child"},  // one value per row, as the rewrite gives
      {"volatile_default_not_null", "",
       "CREATE TABLE parent (id int NOT NULL, name text);\n"
       "CREATE TABLE child (id int PRIMARY KEY, parent_id int, email text, score int, code varchar(10),\n"
       "  at timestamptz NOT NULL DEFAULT clock_timestamp());\n",
       {"SET at = DEFAULT WHERE at IS NULL", "VALIDATE CONSTRAINT ss_nn_", "ALTER COLUMN at SET NOT NULL; ALTER TABLE public.child DROP CONSTRAINT ss_nn_"},
       {"ADD COLUMN at timestamp with time zone DEFAULT clock_timestamp() NOT NULL;"},
       "SELECT count(*) = 0 FROM child WHERE at IS NULL"},
      {"unique_index_added", "",
       "CREATE TABLE parent (id int NOT NULL, name text);\n"
       "CREATE TABLE child (id int PRIMARY KEY, parent_id int, email text, score int, code varchar(10));\n"
       "CREATE UNIQUE INDEX child_email ON child (email);\n",
       {"CREATE UNIQUE INDEX CONCURRENTLY child_email ON public.child"},
       {"CREATE UNIQUE INDEX child_email ON public.child"}},
  };
}

void PrintTo(const OnlineCase& c, std::ostream* os) { *os << c.name; }

class OnlineTest : public ::testing::TestWithParam<OnlineCase> {};

TEST_P(OnlineTest, TechniqueConvergesAndReverses) {
  REQUIRE_SERVER();
  const OnlineCase& c = GetParam();
  const std::string desired = c.desired;
  ScratchDb live(std::string("online_") + c.name), want(std::string("online_want_") + c.name);
  ASSERT_TRUE(live.ok() && want.ok()) << live.error() << want.error();
  ASSERT_EQ(live.LoadSql(std::string(kRows) + c.current).status, 0);
  ASSERT_EQ(want.LoadSql(desired).status, 0);
  TempDir tmp;
  WriteFile(tmp.File("d.sql"), desired);
  const std::string flags = DbFlag(live) + " --desired " + ShellQuote(tmp.File("d.sql"));
  const std::string before = live.Dump();

  CommandResult plain = Schemasync("plan --no-online " + flags);
  ASSERT_EQ(plain.status, 0) << Describe(plain);
  for (const char* s : c.plain) EXPECT_TRUE(Contains(plain.out, s)) << s << "\n" << plain.out;
  EXPECT_FALSE(Contains(plain.out, "CONCURRENTLY")) << plain.out;
  size_t transactions = 0;
  for (size_t at = plain.out.find("\nBEGIN;"); at != std::string::npos; at = plain.out.find("\nBEGIN;", at + 1)) ++transactions;
  EXPECT_EQ(transactions, 1u) << "--no-online plans one transaction\n" << plain.out;

  CommandResult plan = Schemasync("plan --out " + ShellQuote(tmp.File("plan.json")) + " " + flags);
  ASSERT_EQ(plan.status, 0) << Describe(plan);
  CommandResult sql = Schemasync("plan " + flags);
  for (const char* s : c.expect) EXPECT_TRUE(Contains(sql.out, s)) << s << "\n" << sql.out;

  CommandResult applied = Schemasync("apply --yes --plan " + ShellQuote(tmp.File("plan.json")) + " " + flags);
  ASSERT_EQ(applied.status, 0) << Describe(applied);
  EXPECT_EQ(live.Dump(), want.Dump()) << DumpDiff(want.Dump(), live.Dump());
  EXPECT_EQ(Scalar(live, "SELECT count(*) FROM child"), "20000");
  EXPECT_EQ(Scalar(live, c.after), "t") << c.after;
  // No temporary object is left behind.
  EXPECT_EQ(Scalar(live, "SELECT count(*) FROM pg_constraint WHERE conname LIKE 'ss\\_nn\\_%'"), "0");
  EXPECT_EQ(Scalar(live, "SELECT count(*) FROM pg_class WHERE relname LIKE 'ss\\_new\\_%'"), "0");
  EXPECT_EQ(Scalar(live, "SELECT count(*) FROM pg_index WHERE NOT indisvalid"), "0");
  CommandResult drift = Schemasync("drift " + flags);
  EXPECT_EQ(drift.status, 0) << Describe(drift);

  // The way back drops what was added (a column: --allow-destructive).
  CommandResult reverted = Schemasync("revert --yes --allow-destructive --plan " + ShellQuote(tmp.File("plan.json")) + " " + flags);
  ASSERT_EQ(reverted.status, 0) << Describe(reverted);
  EXPECT_EQ(live.Dump(), before) << DumpDiff(before, live.Dump());
}

INSTANTIATE_TEST_SUITE_P(Techniques, OnlineTest, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<OnlineCase>& i) { return std::string(i.param.name); });

// varchar(n) to a longer varchar, varchar to text and numeric(p,s) to numeric keep every row
// where it is (ATColumnChangeRequiresRewrite): the relation's file is the same after the plan.
TEST(OnlineTypeChangeTest, WideningWithoutRewriteKeepsTheFile) {
  REQUIRE_SERVER();
  ScratchDb db("online_widen");
  ASSERT_TRUE(db.ok()) << db.error();
  ASSERT_EQ(db.LoadSql("CREATE TABLE t (id int PRIMARY KEY, code varchar(10), note varchar(5), amount numeric(10,2));"
                       "INSERT INTO t SELECT g, 'c' || g, 'n', g FROM generate_series(1, 5000) g;").status, 0);
  const std::string file = Scalar(db, "SELECT relfilenode FROM pg_class WHERE relname = 't'");
  TempDir tmp;
  WriteFile(tmp.File("d.sql"), "CREATE TABLE t (id int PRIMARY KEY, code varchar(40), note text, amount numeric);\n");
  const std::string flags = DbFlag(db) + " --desired " + ShellQuote(tmp.File("d.sql"));
  CommandResult text = Schemasync("plan --format text " + flags);
  ASSERT_EQ(text.status, 0) << Describe(text);
  EXPECT_FALSE(Contains(text.out, "table_rewrite")) << text.out;
  EXPECT_TRUE(Contains(text.out, "for a catalog update")) << text.out;
  ASSERT_EQ(Schemasync("apply --yes " + flags).status, 0);
  EXPECT_EQ(Scalar(db, "SELECT relfilenode FROM pg_class WHERE relname = 't'"), file) << "the table was rewritten";
  EXPECT_EQ(Schemasync("drift " + flags).status, 0);
}

// An online plan commits in several transactions. The connection lost before any step: the
// apply says what was committed, and the next apply plans from what is there and converges.
TEST(OnlineResumeTest, AFailedValidationLeavesAResumablePlan) {
  REQUIRE_SERVER();
  ScratchDb db("online_resume");
  ASSERT_TRUE(db.ok()) << db.error();
  ASSERT_EQ(db.LoadSql(std::string(kRows) + "UPDATE child SET score = -1 WHERE id = 7;").status, 0);
  TempDir tmp;
  WriteFile(tmp.File("d.sql"),
            "CREATE TABLE parent (id int NOT NULL, name text);\n"
            "CREATE TABLE child (id int PRIMARY KEY, parent_id int NOT NULL, email text, score int CONSTRAINT score_positive CHECK (score > 0), code varchar(10));\n");
  const std::string flags = DbFlag(db) + " --desired " + ShellQuote(tmp.File("d.sql"));
  CommandResult failed = Schemasync("apply --yes " + flags);
  EXPECT_EQ(failed.status, 4) << Describe(failed);  // partially applied
  EXPECT_TRUE(Contains(failed.err, "VALIDATE CONSTRAINT score_positive")) << failed.err;
  EXPECT_TRUE(Contains(failed.err, "PARTIALLY APPLIED")) << failed.err;
  EXPECT_TRUE(Contains(failed.err, "run apply again")) << failed.err;
  // The rows are untouched and new rows are already checked (the constraint is there, NOT VALID).
  EXPECT_EQ(Scalar(db, "SELECT convalidated FROM pg_constraint WHERE conname = 'score_positive'"), "f");
  EXPECT_NE(db.Psql("INSERT INTO child VALUES (999999, 1, 'x', -5, 'x')").status, 0);
  // Fixed by hand, the next apply validates what is left and converges.
  ASSERT_EQ(db.Psql("UPDATE child SET score = 1 WHERE id = 7").status, 0);
  CommandResult resumed = Schemasync("apply --yes " + flags);
  ASSERT_EQ(resumed.status, 0) << Describe(resumed);
  EXPECT_EQ(Schemasync("drift " + flags).status, 0);
}

// A write workload on a second connection keeps committing while an index, a foreign key and
// a NOT NULL are added to a table of 1M rows. Each write gives up after the lock timeout; none
// may, and the longest wait stays under it. The plain plan (--no-online) holds the table's
// lock across the whole scan and build: the same measure is printed beside it.
struct Workload {
  long writes = 0, failures = 0;
  double longest_ms = 0;
  std::string first_error;
};

Workload WriteWhile(const ScratchDb& db, const std::string& command, CommandResult* result, int lock_timeout_ms) {
  Workload w;
  auto conn = db.Connect();
  if (!conn.ok()) {
    w.failures = 1;
    w.first_error = conn.error().message;
    return w;
  }
  (void)conn->Exec("SET lock_timeout = " + std::to_string(lock_timeout_ms));
  std::atomic<bool> done{false};
  std::thread apply([&] {
    *result = Schemasync(command);
    done = true;
  });
  for (long k = 0; !done; ++k) {
    auto start = std::chrono::steady_clock::now();
    Status st = conn->Exec("INSERT INTO big (ref, val) VALUES (" + std::to_string(1 + k % 1000) + ", " + std::to_string(k) + ")");
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    w.longest_ms = std::max(w.longest_ms, ms);
    ++w.writes;
    if (!st.ok()) {
      if (w.failures++ == 0) w.first_error = st.error().message;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  apply.join();
  return w;
}

TEST(OnlineWorkloadTest, WritesKeepCommittingWhileAMillionRowTableChanges) {
  REQUIRE_SERVER();
  const char* current =
      "CREATE TABLE ref (id int PRIMARY KEY);\n"
      "INSERT INTO ref SELECT generate_series(1, 1000);\n"
      "CREATE TABLE big (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, ref int, val bigint);\n"
      "INSERT INTO big (ref, val) SELECT 1 + g % 1000, g FROM generate_series(1, 1000000) g;\n"
      "ANALYZE big;\n";
  const char* desired =
      "CREATE TABLE ref (id int PRIMARY KEY);\n"
      "CREATE TABLE big (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, ref int NOT NULL REFERENCES ref (id), val bigint);\n"
      "CREATE INDEX big_val ON big (val);\n";
  const int lock_timeout_ms = 1000;
  TempDir tmp;
  WriteFile(tmp.File("d.sql"), desired);
  for (bool online : {true, false}) {
    SCOPED_TRACE(online ? "online" : "--no-online");
    ScratchDb db(online ? "online_workload" : "plain_workload");
    ASSERT_TRUE(db.ok()) << db.error();
    ASSERT_EQ(db.LoadSql(current).status, 0);
    const std::string flags = DbFlag(db) + " --desired " + ShellQuote(tmp.File("d.sql"));
    CommandResult applied;
    Workload w = WriteWhile(db, std::string("apply --yes ") + (online ? "" : "--no-online ") + flags, &applied, lock_timeout_ms);
    ASSERT_EQ(applied.status, 0) << Describe(applied);
    EXPECT_EQ(Schemasync("drift " + flags).status, 0);
    std::printf("[ workload ] %s: %ld writes during apply, %ld failed, longest wait %.0f ms (lock timeout %d ms)\n",
                online ? "online" : "--no-online", w.writes, w.failures, w.longest_ms, lock_timeout_ms);
    if (!online) continue;  // the plain way is measured, not judged: it blocks by design
    EXPECT_GT(w.writes, 10) << "the workload did not run alongside the apply";
    EXPECT_EQ(w.failures, 0) << w.first_error;
    EXPECT_LT(w.longest_ms, lock_timeout_ms);
  }
}

}  // namespace
}  // namespace schemasync
