// A safe apply, against a real server: a connection lost at any step changes nothing (the
// transactional part) or is finished by the next run (CREATE INDEX CONCURRENTLY); concurrent
// applies serialize; a held lock makes apply give up quickly; saved plans are refused when the
// database moved; revert --plan restores the original schema.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "integration/pg_fixture.h"
#include "schemasync/apply.h"
#include "schemasync/parse.h"
#include "schemasync/pipeline.h"
#include "schemasync/plan.h"

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
using Clock = std::chrono::steady_clock;

// "table=count" for each table, one per line.
std::string RowCounts(const ScratchDb& db, const std::vector<std::string>& tables) {
  std::string out;
  for (const auto& t : tables) out += t + "=" + Scalar(db, "SELECT count(*) FROM " + t) + "\n";
  return out;
}

// A plan output with only comments (no statement).
bool HasStatement(const std::string& sql) {
  static const std::regex statement(R"((^|\n)[ \t]*[^-\s])");
  return std::regex_search(sql, statement);
}

std::string Summary(const Plan& plan) {
  std::string out;
  for (size_t i = 0; i < plan.steps.size(); ++i) {
    const Step& s = plan.steps[i];
    out += std::to_string(i) + ": " + s.kind + " " + s.object + (s.transactional ? "" : " (outside tx)") + "\n";
  }
  return out;
}

// The plan from the live database to the desired file, computed like the CLI does.
Result<Plan> PlanAgainst(Database& db, const std::string& desired_path, const PlanOptions& options = {}) {
  Schema desired;
  TRY_ASSIGN(desired, LoadDesired(desired_path));
  Planned planned;
  TRY_ASSIGN(planned, PlanDatabase(db, std::move(desired), {}, options));
  return planned.plan;
}

int BackendPid(Database& db) {
  auto r = db.Query("SELECT pg_backend_pid()");
  if (!r.ok() || r->size() != 1) return -1;
  return std::stoi(r->Get(0, 0));
}

bool BackendGone(Database& admin, int pid) {
  auto r = admin.Query("SELECT count(*) FROM pg_stat_activity WHERE pid = " + std::to_string(pid));
  return r.ok() && r->Get(0, 0) == "0";
}

// Terminates backend `pid` from `admin` and waits (up to 5 s) until it is gone.
bool TerminateAndWait(Database& admin, int pid) {
  auto r = admin.Query("SELECT pg_terminate_backend(" + std::to_string(pid) + ", 5000)");
  if (!r.ok()) return false;
  for (auto deadline = Clock::now() + std::chrono::seconds(5); Clock::now() < deadline;) {
    if (BackendGone(admin, pid)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

// Waits (up to `seconds`) until `pid` is waiting for a heavyweight lock.
bool WaitUntilBlocked(Database& admin, int pid, double seconds) {
  auto deadline = Clock::now() + std::chrono::milliseconds(static_cast<int>(seconds * 1000));
  while (Clock::now() < deadline) {
    auto r = admin.Query("SELECT wait_event_type FROM pg_stat_activity WHERE pid = " + std::to_string(pid));
    if (r.ok() && r->size() == 1 && r->Get(0, 0) == "Lock") return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

std::string InvalidIndexes(const ScratchDb& db) {
  return Scalar(db,
                "SELECT coalesce(string_agg(indexrelid::regclass::text, ',' ORDER BY 1), '') FROM pg_index "
                "WHERE NOT indisvalid OR NOT indisready");
}

// The normalized pg_dump of `sql` loaded into a fresh database.
std::string FreshDump(const std::string& sql_path) {
  ScratchDb fresh("safety_fresh");
  if (!fresh.ok()) return "cannot create: " + fresh.error();
  CommandResult r = fresh.LoadFile(sql_path);
  if (r.status != 0) return "cannot load " + sql_path + ": " + r.err;
  return fresh.Dump();
}

// ---------------------------------------------------------------------------------------------
// a. The connection dies before step k of the transactional part: nothing changes.

const char* kFaultCurrent =
    "CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);\n"
    "CREATE TABLE orders (id int PRIMARY KEY, customer_id int, amount numeric);\n"
    "INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 100) g;\n"
    "INSERT INTO orders SELECT g, 1 + g % 100, g FROM generate_series(1, 500) g;\n";
const char* kFaultDesired =
    "CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, email text,\n"
    "  tier int NOT NULL DEFAULT 1 CONSTRAINT customers_tier_range CHECK (tier BETWEEN 1 AND 3));\n"
    "CREATE UNIQUE INDEX customers_email_key ON customers (email);\n"
    "CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers (id),\n"
    "  amount numeric CONSTRAINT orders_amount_nonneg CHECK (amount >= 0), note text);\n"
    "ALTER TABLE orders ENABLE ROW LEVEL SECURITY;\n"
    "CREATE POLICY orders_positive ON orders USING (customer_id > 0);\n"
    "CREATE TABLE audit (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at timestamptz NOT NULL DEFAULT now());\n"
    "COMMENT ON TABLE orders IS 'orders placed';\n";

TEST(SafetyTest, ConnectionLostAtAnyTransactionalStepChangesNothing) {
  REQUIRE_SERVER();
  TempDir tmp;
  WriteFile(tmp.File("current.sql"), kFaultCurrent);
  WriteFile(tmp.File("desired.sql"), kFaultDesired);
  const std::vector<std::string> tables = {"customers", "orders"};

  size_t steps = 0;
  for (size_t k = 0; k == 0 || k < steps; ++k) {
    SCOPED_TRACE("connection terminated before step " + std::to_string(k));
    ScratchDb db("safety_fault_" + std::to_string(k));
    ASSERT_TRUE(db.ok()) << db.error();
    ASSERT_EQ(db.LoadFile(tmp.File("current.sql")).status, 0);
    const std::string before = db.Dump();
    const std::string counts = RowCounts(db, tables);

    auto conn = db.Connect();
    ASSERT_TRUE(conn.ok()) << conn.error().message;
    auto admin = db.Connect();
    ASSERT_TRUE(admin.ok()) << admin.error().message;
    const int pid = BackendPid(*conn);
    ASSERT_GT(pid, 0);
    // The plain plan, one transaction (--no-online); online plans commit in several and resume
    // (OnlineTest.ConnectionLostAtAnyStepResumes).
    PlanOptions plain;
    plain.online = false;
    auto plan = PlanAgainst(*conn, tmp.File("desired.sql"), plain);
    ASSERT_TRUE(plan.ok()) << plan.error().message;
    if (k == 0) {
      steps = plan->steps.size();
      ASSERT_GE(steps, 5u) << Summary(*plan);
      for (const auto& s : plan->steps) ASSERT_TRUE(s.transactional) << Summary(*plan);
    }
    ASSERT_EQ(plan->steps.size(), steps) << Summary(*plan);

    bool fired = false, terminated = false;
    ApplyOptions options;
    options.on_step = [&](size_t i, size_t, const Step&) {
      if (i != k) return;
      fired = true;
      terminated = TerminateAndWait(*admin, pid);
    };
    Status st = Apply(*conn, *plan, options);
    ASSERT_TRUE(fired);
    ASSERT_TRUE(terminated) << "backend " << pid << " did not go away";
    ASSERT_FALSE(st.ok()) << "Apply succeeded on a dead connection at step " << k << "\n" << Summary(*plan);
    EXPECT_NE(st.error().message.find("step " + std::to_string(k + 1) + " of " + std::to_string(steps)),
              std::string::npos)
        << st.error().message;

    const std::string after = db.Dump();
    EXPECT_EQ(after, before) << DumpDiff(before, after);
    EXPECT_EQ(RowCounts(db, tables), counts);
    EXPECT_EQ(Scalar(db, "SELECT to_regclass('audit') IS NULL"), "t");

    // The next apply, on a new connection, starts from scratch and converges.
    auto again = db.Connect();
    ASSERT_TRUE(again.ok()) << again.error().message;
    auto replan = PlanAgainst(*again, tmp.File("desired.sql"), plain);
    ASSERT_TRUE(replan.ok()) << replan.error().message;
    EXPECT_EQ(replan->steps.size(), steps) << Summary(*replan);
    Status st2 = Apply(*again, *replan, ApplyOptions{});
    ASSERT_TRUE(st2.ok()) << st2.error().message;
    auto empty = PlanAgainst(*again, tmp.File("desired.sql"));
    ASSERT_TRUE(empty.ok()) << empty.error().message;
    EXPECT_TRUE(empty->empty()) << Summary(*empty);
    EXPECT_EQ(RowCounts(db, tables), counts);
  }
}

// ---------------------------------------------------------------------------------------------
// b. Faults in the non-transactional part: CREATE INDEX CONCURRENTLY.

const char* kConcCurrent =
    "CREATE TABLE big (id int PRIMARY KEY, v int, w text);\n"
    "INSERT INTO big SELECT g, g % 1000, md5(g::text) FROM generate_series(1, 20000) g;\n";
const char* kConcDesired =
    "CREATE TABLE big (id int PRIMARY KEY, v int, w text, extra int);\n"
    "CREATE INDEX big_v_idx ON big (v);\n";

// The backend is terminated while CREATE INDEX CONCURRENTLY waits for a writer: the index entry
// is already committed, invalid. The next full apply must drop and rebuild it.
TEST(SafetyTest, ConcurrentIndexKilledMidBuildIsRebuiltByTheNextApply) {
  REQUIRE_SERVER();
  ScratchDb db("safety_cic_kill");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir tmp;
  WriteFile(tmp.File("current.sql"), kConcCurrent);
  WriteFile(tmp.File("desired.sql"), kConcDesired);
  ASSERT_EQ(db.LoadFile(tmp.File("current.sql")).status, 0);

  auto conn = db.Connect();
  auto admin = db.Connect();
  auto writer = db.Connect();
  ASSERT_TRUE(conn.ok() && admin.ok() && writer.ok());
  const int pid = BackendPid(*conn);
  PlanOptions po;
  po.concurrent_indexes = true;
  auto plan = PlanAgainst(*conn, tmp.File("desired.sql"), po);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  ASSERT_GE(plan->steps.size(), 2u) << Summary(*plan);
  const Step& last = plan->steps.back();
  ASSERT_FALSE(last.transactional) << Summary(*plan);
  ASSERT_NE(last.sql.find("CONCURRENTLY"), std::string::npos) << last.sql;

  std::atomic<bool> killed{false};
  std::thread killer;
  ApplyOptions options;
  options.on_step = [&](size_t i, size_t n, const Step&) {
    if (i + 1 != n) return;
    // The transactional part has committed. An open writing transaction makes the index build
    // wait after its catalog entry is in; kill the backend while it waits.
    ASSERT_TRUE(writer->Exec("BEGIN").ok());
    ASSERT_TRUE(writer->Exec("INSERT INTO big VALUES (-1, -1, 'in flight')").ok());
    killer = std::thread([&] {
      if (WaitUntilBlocked(*admin, pid, 5)) killed = TerminateAndWait(*admin, pid);
    });
  };
  Status st = Apply(*conn, *plan, options);
  if (killer.joinable()) killer.join();
  ASSERT_TRUE(writer->Exec("ROLLBACK").ok());
  ASSERT_TRUE(killed) << "the index build never waited, or its backend did not go away";
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("big_v_idx"), std::string::npos) << st.error().message;
  // The fault left what a real one leaves: the transactional part applied, a half-built index.
  EXPECT_EQ(Scalar(db, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'big' "
                       "AND column_name = 'extra'"),
            "1");
  ASSERT_EQ(InvalidIndexes(db), "big_v_idx");

  // Drift sees the invalid index; a second full apply on a new connection converges.
  CommandResult drift = Schemasync("drift " + DbFlag(db) + " --desired " + ShellQuote(tmp.File("desired.sql")));
  EXPECT_EQ(drift.status, 2) << Describe(drift);
  auto again = db.Connect();
  ASSERT_TRUE(again.ok());
  auto replan = PlanAgainst(*again, tmp.File("desired.sql"), po);
  ASSERT_TRUE(replan.ok()) << replan.error().message;
  ASSERT_FALSE(replan->empty());
  Status st2 = Apply(*again, *replan, ApplyOptions{});
  ASSERT_TRUE(st2.ok()) << st2.error().message << "\n" << Summary(*replan);
  auto empty = PlanAgainst(*again, tmp.File("desired.sql"), po);
  ASSERT_TRUE(empty.ok()) << empty.error().message;
  EXPECT_TRUE(empty->empty()) << Summary(*empty);
  EXPECT_EQ(InvalidIndexes(db), "");
  const std::string want = FreshDump(tmp.File("desired.sql"));
  const std::string got = db.Dump();
  EXPECT_EQ(got, want) << DumpDiff(want, got);
  EXPECT_EQ(Scalar(db, "SELECT count(*) FROM big"), "20000");
}

// The backend dies just before CREATE INDEX CONCURRENTLY starts (on_step fires before the step).
TEST(SafetyTest, ConnectionLostBeforeConcurrentIndexConvergesOnRetry) {
  REQUIRE_SERVER();
  ScratchDb db("safety_cic_before");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir tmp;
  WriteFile(tmp.File("current.sql"), kConcCurrent);
  WriteFile(tmp.File("desired.sql"), kConcDesired);
  ASSERT_EQ(db.LoadFile(tmp.File("current.sql")).status, 0);
  auto conn = db.Connect();
  auto admin = db.Connect();
  ASSERT_TRUE(conn.ok() && admin.ok());
  const int pid = BackendPid(*conn);
  auto plan = PlanAgainst(*conn, tmp.File("desired.sql"));
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  ASSERT_FALSE(plan->steps.back().transactional) << Summary(*plan);
  bool terminated = false;
  ApplyOptions options;
  options.on_step = [&](size_t i, size_t n, const Step&) {
    if (i + 1 == n) terminated = TerminateAndWait(*admin, pid);
  };
  Status st = Apply(*conn, *plan, options);
  ASSERT_TRUE(terminated);
  ASSERT_FALSE(st.ok());

  auto again = db.Connect();
  ASSERT_TRUE(again.ok());
  auto replan = PlanAgainst(*again, tmp.File("desired.sql"));
  ASSERT_TRUE(replan.ok()) << replan.error().message;
  ASSERT_EQ(replan->steps.size(), 1u) << "only the index is left to build:\n" << Summary(*replan);
  Status st2 = Apply(*again, *replan, ApplyOptions{});
  ASSERT_TRUE(st2.ok()) << st2.error().message;
  auto empty = PlanAgainst(*again, tmp.File("desired.sql"));
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty()) << Summary(*empty);
  EXPECT_EQ(InvalidIndexes(db), "");
  const std::string want = FreshDump(tmp.File("desired.sql"));
  const std::string got = db.Dump();
  EXPECT_EQ(got, want) << DumpDiff(want, got);
}

// Through the CLI: the index build gives up on --lock-timeout behind a writer, leaving an invalid
// index; once the writer is gone, apply finishes the job.
TEST(SafetyTest, ConcurrentIndexLockTimeoutThenCliApplyConverges) {
  REQUIRE_SERVER();
  ScratchDb db("safety_cic_cli");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir tmp;
  WriteFile(tmp.File("current.sql"), kConcCurrent);
  WriteFile(tmp.File("desired.sql"), "CREATE TABLE big (id int PRIMARY KEY, v int, w text);\n"
                                     "CREATE INDEX big_v_idx ON big (v);\n");
  ASSERT_EQ(db.LoadFile(tmp.File("current.sql")).status, 0);
  const std::string flags = DbFlag(db) + " --desired " + ShellQuote(tmp.File("desired.sql"));
  auto writer = db.Connect();
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE(writer->Exec("BEGIN").ok());
  ASSERT_TRUE(writer->Exec("UPDATE big SET w = 'x' WHERE id = 1").ok());
  auto start = Clock::now();
  CommandResult apply = Schemasync("apply --yes --lock-timeout 1 " + flags);
  double secs = std::chrono::duration<double>(Clock::now() - start).count();
  ASSERT_TRUE(writer->Exec("ROLLBACK").ok());
  // The invalid index it left cannot be dropped while the writer holds the table: the run says
  // so and exits 4 (something stays behind), and the next apply rebuilds it.
  EXPECT_EQ(apply.status, 4) << Describe(apply);
  EXPECT_LT(secs, 10.0);
  EXPECT_NE(apply.err.find("lock timeout"), std::string::npos) << apply.err;
  EXPECT_NE(apply.err.find("big_v_idx"), std::string::npos) << apply.err;
  EXPECT_NE(apply.err.find("left an INVALID index behind"), std::string::npos) << apply.err;
  EXPECT_EQ(InvalidIndexes(db), "big_v_idx");
  CommandResult drift = Schemasync("drift " + flags);
  EXPECT_EQ(drift.status, 2) << Describe(drift);

  CommandResult retry = Schemasync("apply --yes " + flags);
  ASSERT_EQ(retry.status, 0) << Describe(retry);
  EXPECT_EQ(InvalidIndexes(db), "");
  CommandResult after = Schemasync("drift " + flags);
  EXPECT_EQ(after.status, 0) << Describe(after);
  const std::string want = FreshDump(tmp.File("desired.sql"));
  const std::string got = db.Dump();
  EXPECT_EQ(got, want) << DumpDiff(want, got);
}

// An invalid index someone left behind (a failed CREATE UNIQUE INDEX CONCURRENTLY on duplicate
// data) has the desired name and definition; the planner must still rebuild it.
TEST(SafetyTest, InvalidUniqueIndexLeftBehindIsRebuilt) {
  REQUIRE_SERVER();
  ScratchDb db("safety_invalid_unique");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir tmp;
  WriteFile(tmp.File("desired.sql"), "CREATE TABLE users (id int PRIMARY KEY, email text);\n"
                                     "CREATE UNIQUE INDEX users_email_key ON users (email);\n");
  ASSERT_EQ(db.LoadSql("CREATE TABLE users (id int PRIMARY KEY, email text);\n"
                       "INSERT INTO users SELECT g, 'u' || (g % 50) FROM generate_series(1, 200) g;\n")
                .status,
            0);
  CommandResult cic = db.Psql("CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email)");
  ASSERT_NE(cic.status, 0) << "the duplicates should have made the build fail";
  ASSERT_EQ(InvalidIndexes(db), "users_email_key");
  ASSERT_EQ(db.Psql("DELETE FROM users WHERE id > 50").status, 0);

  auto conn = db.Connect();
  ASSERT_TRUE(conn.ok());
  auto plan = PlanAgainst(*conn, tmp.File("desired.sql"));
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  ASSERT_FALSE(plan->empty()) << "the invalid index was taken for the desired one";
  Status st = Apply(*conn, *plan, ApplyOptions{});
  ASSERT_TRUE(st.ok()) << st.error().message << "\n" << Summary(*plan);
  EXPECT_EQ(InvalidIndexes(db), "");
  EXPECT_EQ(Scalar(db, "SELECT indisunique FROM pg_index WHERE indexrelid = 'users_email_key'::regclass"), "t");
  auto empty = PlanAgainst(*conn, tmp.File("desired.sql"));
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty()) << Summary(*empty);
  const std::string want = FreshDump(tmp.File("desired.sql"));
  const std::string got = db.Dump();
  EXPECT_EQ(got, want) << DumpDiff(want, got);
  EXPECT_EQ(Scalar(db, "SELECT count(*) FROM users"), "50");
}

// The same for a plain index whose concurrent build failed on the data (division by zero); it is
// rebuilt concurrently, through the CLI.
TEST(SafetyTest, InvalidPlainIndexLeftBehindIsRebuiltByCli) {
  REQUIRE_SERVER();
  ScratchDb db("safety_invalid_plain");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir tmp;
  WriteFile(tmp.File("desired.sql"), "CREATE TABLE t (id int PRIMARY KEY, v int);\n"
                                     "CREATE INDEX t_inv_idx ON t ((100 / v));\n");
  ASSERT_EQ(db.LoadSql("CREATE TABLE t (id int PRIMARY KEY, v int);\n"
                       "INSERT INTO t SELECT g, g % 7 FROM generate_series(1, 500) g;\n")
                .status,
            0);
  ASSERT_NE(db.Psql("CREATE INDEX CONCURRENTLY t_inv_idx ON t ((100 / v))").status, 0);
  ASSERT_EQ(InvalidIndexes(db), "t_inv_idx");
  ASSERT_EQ(db.Psql("UPDATE t SET v = 1 WHERE v = 0").status, 0);
  const std::string flags = DbFlag(db) + " --desired " + ShellQuote(tmp.File("desired.sql"));
  CommandResult drift = Schemasync("drift " + flags);
  EXPECT_EQ(drift.status, 2) << Describe(drift);
  CommandResult apply = Schemasync("apply --yes " + flags);
  ASSERT_EQ(apply.status, 0) << Describe(apply);
  EXPECT_NE(apply.out.find("CONCURRENTLY"), std::string::npos) << apply.out;
  EXPECT_EQ(InvalidIndexes(db), "");
  CommandResult after = Schemasync("drift " + flags);
  EXPECT_EQ(after.status, 0) << Describe(after);
  const std::string want = FreshDump(tmp.File("desired.sql"));
  const std::string got = db.Dump();
  EXPECT_EQ(got, want) << DumpDiff(want, got);
}

// ---------------------------------------------------------------------------------------------
// c. Two applies at once: they serialize, one does the work, the other finds nothing to do.

const char* kRaceCurrent =
    "CREATE TABLE big (id int PRIMARY KEY, v int NOT NULL);\n"
    "INSERT INTO big SELECT g, g FROM generate_series(1, 200000) g;\n";
// A rewrite (int -> bigint) that takes a moment, and steps a second run could not repeat.
const char* kRaceDesired =
    "CREATE TABLE big (id int PRIMARY KEY, v bigint NOT NULL, added text);\n"
    "CREATE TABLE fresh (id int PRIMARY KEY);\n";

// Waits (up to 6 s) until two schemasync sessions are seen: one blocked on a table lock and one
// idle outside any transaction (polling for the apply lock); returns what was last seen, as
// "idle,relation" when so.
std::string SchemasyncSessions(Database& admin, const std::string& other_pids) {
  std::string seen;
  for (auto deadline = Clock::now() + std::chrono::seconds(6); Clock::now() < deadline;) {
    auto r = admin.Query("SELECT coalesce(string_agg(s, ',' ORDER BY s), '') FROM (SELECT CASE WHEN wait_event_type = "
                         "'Lock' THEN wait_event ELSE state END AS s FROM pg_stat_activity WHERE datname = "
                         "current_database() AND application_name = 'schemasync' AND pid NOT IN (" + other_pids + ")) a");
    if (r.ok()) seen = r->Get(0, 0);
    if (seen == "idle,relation") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return seen;
}

void CheckOneAppliedOneIdle(const CommandResult& a, const CommandResult& b) {
  EXPECT_EQ(a.status, 0) << Describe(a);
  EXPECT_EQ(b.status, 0) << Describe(b);
  auto applied = [](const CommandResult& r) { return r.err.find("applied ") != std::string::npos; };
  EXPECT_NE(applied(a), applied(b)) << "exactly one apply must have run steps\nA: " << Describe(a)
                                    << "\nB: " << Describe(b);
  const CommandResult& idle = applied(a) ? b : a;
  const CommandResult& worker = applied(a) ? a : b;
  EXPECT_FALSE(HasStatement(idle.out)) << "the second apply printed statements:\n" << idle.out;
  EXPECT_TRUE(HasStatement(worker.out)) << worker.out;
}

TEST(SafetyTest, TwoSimultaneousAppliesSerialize) {
  REQUIRE_SERVER();
  ScratchDb db("safety_race");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir tmp;
  WriteFile(tmp.File("current.sql"), kRaceCurrent);
  WriteFile(tmp.File("desired.sql"), kRaceDesired);
  ASSERT_EQ(db.LoadFile(tmp.File("current.sql")).status, 0);
  const std::string flags = DbFlag(db) + " --desired " + ShellQuote(tmp.File("desired.sql"));
  const std::string cmd = "apply --yes --allow-destructive " + flags;
  auto start = Clock::now();
  auto fa = std::async(std::launch::async, [&] { return Schemasync(cmd); });
  auto fb = std::async(std::launch::async, [&] { return Schemasync(cmd); });
  CommandResult a = fa.get(), b = fb.get();
  EXPECT_LT(std::chrono::duration<double>(Clock::now() - start).count(), 20.0);
  CheckOneAppliedOneIdle(a, b);
  CommandResult drift = Schemasync("drift " + flags);
  EXPECT_EQ(drift.status, 0) << Describe(drift);
  EXPECT_EQ(Scalar(db, "SELECT count(*) FROM big"), "200000");
}

// The same, with the overlap made certain: a reader holds the table, so the first apply waits at
// its ALTER TABLE; the second must then be waiting for the first (not for the table), and is
// released only after the first is done.
TEST(SafetyTest, SecondApplyWaitsForTheFirstAndThenFindsNothingToDo) {
  REQUIRE_SERVER();
  ScratchDb db("safety_race_held");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir tmp;
  WriteFile(tmp.File("current.sql"), kRaceCurrent);
  WriteFile(tmp.File("desired.sql"), kRaceDesired);
  ASSERT_EQ(db.LoadFile(tmp.File("current.sql")).status, 0);
  const std::string flags = DbFlag(db) + " --desired " + ShellQuote(tmp.File("desired.sql"));
  auto reader = db.Connect();
  auto admin = db.Connect();
  ASSERT_TRUE(reader.ok() && admin.ok());
  ASSERT_TRUE(reader->Exec("BEGIN").ok());
  ASSERT_TRUE(reader->Query("SELECT count(*) FROM big").ok());
  const std::string reader_pid = std::to_string(BackendPid(*reader));
  const std::string admin_pid = std::to_string(BackendPid(*admin));

  const std::string cmd = "apply --yes --allow-destructive --lock-timeout 8 " + flags;
  auto fa = std::async(std::launch::async, [&] { return Schemasync(cmd); });
  auto fb = std::async(std::launch::async, [&] { return Schemasync(cmd); });
  // One schemasync backend blocked on the table (relation); the other waiting for the first
  // apply, polling the apply lock with no transaction open (idle), so that nothing the first
  // does can wait for it. If both waited on the table, the applies would not be serialized.
  std::string waits = SchemasyncSessions(*admin, reader_pid + ", " + admin_pid);
  ASSERT_TRUE(reader->Exec("COMMIT").ok());
  CommandResult a = fa.get(), b = fb.get();
  EXPECT_EQ(waits, "idle,relation")
      << "expected one apply waiting for the table and the other idle, waiting for the first apply";
  CheckOneAppliedOneIdle(a, b);
  CommandResult drift = Schemasync("drift " + flags);
  EXPECT_EQ(drift.status, 0) << Describe(drift);
}

// Two apply --plan of the same saved plan at once: one applies it, the other then finds the
// database moved on and refuses, changing nothing.
TEST(SafetyTest, TwoSimultaneousSavedPlanAppliesOneRefused) {
  REQUIRE_SERVER();
  ScratchDb db("safety_race_saved");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir tmp;
  WriteFile(tmp.File("current.sql"), kRaceCurrent);
  WriteFile(tmp.File("desired.sql"), kRaceDesired);
  ASSERT_EQ(db.LoadFile(tmp.File("current.sql")).status, 0);
  const std::string plan_path = tmp.File("plan.json");
  CommandResult plan = Schemasync("plan --allow-destructive --out " + ShellQuote(plan_path) + " " + DbFlag(db) +
                                  " --desired " + ShellQuote(tmp.File("desired.sql")));
  ASSERT_EQ(plan.status, 0) << Describe(plan);
  auto reader = db.Connect();
  auto admin = db.Connect();
  ASSERT_TRUE(reader.ok() && admin.ok());
  ASSERT_TRUE(reader->Exec("BEGIN").ok());
  ASSERT_TRUE(reader->Query("SELECT count(*) FROM big").ok());
  const std::string others = std::to_string(BackendPid(*reader)) + ", " + std::to_string(BackendPid(*admin));
  const std::string cmd = "apply --yes --allow-destructive --lock-timeout 8 --plan " + ShellQuote(plan_path) + " " + DbFlag(db);
  auto fa = std::async(std::launch::async, [&] { return Schemasync(cmd); });
  auto fb = std::async(std::launch::async, [&] { return Schemasync(cmd); });
  std::string waits = SchemasyncSessions(*admin, others);
  ASSERT_TRUE(reader->Exec("COMMIT").ok());
  CommandResult a = fa.get(), b = fb.get();
  EXPECT_EQ(waits, "idle,relation") << "both applies should have been waiting: one for the table, one for the other";
  EXPECT_TRUE((a.status == 0) != (b.status == 0)) << "A: " << Describe(a) << "\nB: " << Describe(b);
  const CommandResult& loser = a.status == 0 ? b : a;
  EXPECT_NE(loser.err.find("the database changed since the plan was made"), std::string::npos) << Describe(loser);
  CommandResult drift = Schemasync("drift " + DbFlag(db) + " --desired " + ShellQuote(tmp.File("desired.sql")));
  EXPECT_EQ(drift.status, 0) << Describe(drift);
}

// ---------------------------------------------------------------------------------------------
// d. A lock held by someone else: apply gives up after --lock-timeout instead of queueing.

TEST(SafetyTest, HeldLockMakesApplyGiveUpQuicklyAndChangeNothing) {
  REQUIRE_SERVER();
  ScratchDb db("safety_lock");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir tmp;
  WriteFile(tmp.File("current.sql"), "CREATE TABLE t (id int PRIMARY KEY, v int);\n"
                                     "INSERT INTO t SELECT g, g FROM generate_series(1, 100) g;\n");
  WriteFile(tmp.File("desired.sql"), "CREATE TABLE t (id int PRIMARY KEY, v int, w text NOT NULL DEFAULT '');\n"
                                     "CREATE TABLE u (id int PRIMARY KEY);\n");
  ASSERT_EQ(db.LoadFile(tmp.File("current.sql")).status, 0);
  const std::string before = db.Dump();
  const std::string flags = DbFlag(db) + " --desired " + ShellQuote(tmp.File("desired.sql"));

  auto reader = db.Connect();
  ASSERT_TRUE(reader.ok());
  ASSERT_TRUE(reader->Exec("BEGIN").ok());
  ASSERT_TRUE(reader->Query("SELECT count(*) FROM t").ok());  // ACCESS SHARE until the end
  auto start = Clock::now();
  CommandResult apply = Schemasync("apply --yes --lock-timeout 1 " + flags);
  double secs = std::chrono::duration<double>(Clock::now() - start).count();
  EXPECT_EQ(apply.status, 1) << Describe(apply);
  EXPECT_LT(secs, 10.0);
  EXPECT_GE(secs, 0.9) << "gave up before the lock timeout?\n" << Describe(apply);
  EXPECT_TRUE(std::regex_search(apply.err, std::regex(R"(step \d+ of \d+)"))) << apply.err;
  EXPECT_NE(apply.err.find("public.t"), std::string::npos) << apply.err;
  EXPECT_NE(apply.err.find("lock timeout"), std::string::npos) << apply.err;
  std::string during = db.Dump();
  EXPECT_EQ(during, before) << DumpDiff(before, during);
  EXPECT_EQ(Scalar(db, "SELECT to_regclass('u') IS NULL"), "t");
  // The reader was not disturbed.
  EXPECT_TRUE(reader->Query("SELECT count(*) FROM t").ok());
  ASSERT_TRUE(reader->Exec("COMMIT").ok());

  CommandResult retry = Schemasync("apply --yes --lock-timeout 1 " + flags);
  ASSERT_EQ(retry.status, 0) << Describe(retry);
  CommandResult drift = Schemasync("drift " + flags);
  EXPECT_EQ(drift.status, 0) << Describe(drift);
  EXPECT_EQ(Scalar(db, "SELECT count(*) FROM t"), "100");
}

// Catalog reads honour --lock-timeout too: pg_get_viewdef of a view waits for its base table.
TEST(SafetyTest, ExclusiveLockOnAViewsTableDoesNotHangApply) {
  REQUIRE_SERVER();
  ScratchDb db("safety_lock_view");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir tmp;
  WriteFile(tmp.File("current.sql"), "CREATE TABLE t (id int PRIMARY KEY, a text);\n"
                                     "CREATE VIEW v AS SELECT id, a FROM t;\n");
  WriteFile(tmp.File("desired.sql"), "CREATE TABLE t (id int PRIMARY KEY, a text);\n"
                                     "CREATE VIEW v AS SELECT id, a FROM t;\n"
                                     "CREATE TABLE u (id int PRIMARY KEY);\n");
  ASSERT_EQ(db.LoadFile(tmp.File("current.sql")).status, 0);
  const std::string before = db.Dump();
  auto locker = db.Connect();
  ASSERT_TRUE(locker.ok());
  ASSERT_TRUE(locker->Exec("BEGIN").ok());
  ASSERT_TRUE(locker->Exec("LOCK TABLE t IN ACCESS EXCLUSIVE MODE").ok());  // e.g. a long ALTER TABLE
  auto start = Clock::now();
  // `timeout` keeps a hang from blocking the test run.
  CommandResult apply = RunCommand("timeout 12 " + ShellQuote(SCHEMASYNC_BINARY) + " apply --yes --lock-timeout 1 " +
                                   DbFlag(db) + " --desired " + ShellQuote(tmp.File("desired.sql")));
  double secs = std::chrono::duration<double>(Clock::now() - start).count();
  ASSERT_TRUE(locker->Exec("ROLLBACK").ok());  // before pg_dump, which would wait for it too
  EXPECT_LT(secs, 10.0) << Describe(apply);
  EXPECT_NE(apply.status, 124) << "hung until killed";
  if (apply.status != 0) {
    EXPECT_NE(apply.err.find("lock timeout"), std::string::npos) << Describe(apply);
    const std::string after = db.Dump();
    EXPECT_EQ(after, before) << DumpDiff(before, after);
  }
}

// ---------------------------------------------------------------------------------------------
// e. Saved plans are refused when the database is not where the plan expects it.

const char* kSavedCurrent = "CREATE TABLE t (id int PRIMARY KEY, a text);\nINSERT INTO t VALUES (1, 'x');\n";
const char* kSavedDesired =
    "CREATE TABLE t (id int PRIMARY KEY, a text, b int CONSTRAINT t_b_positive CHECK (b > 0));\n"
    "CREATE INDEX t_b_idx ON t (b);\n"
    "CREATE TABLE u (id int PRIMARY KEY, t_id int REFERENCES t (id));\n";

TEST(SafetyTest, SavedPlanRefusedAfterAHandMadeChange) {
  REQUIRE_SERVER();
  ScratchDb db("safety_stale");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir tmp;
  WriteFile(tmp.File("current.sql"), kSavedCurrent);
  WriteFile(tmp.File("desired.sql"), kSavedDesired);
  ASSERT_EQ(db.LoadFile(tmp.File("current.sql")).status, 0);
  const std::string plan_path = tmp.File("plan.json");
  CommandResult plan =
      Schemasync("plan --out " + ShellQuote(plan_path) + " " + DbFlag(db) + " --desired " + ShellQuote(tmp.File("desired.sql")));
  ASSERT_EQ(plan.status, 0) << Describe(plan);

  // Someone adds a column by hand.
  ASSERT_EQ(db.Psql("ALTER TABLE t ADD COLUMN added_by_hand int").status, 0);
  const std::string changed = db.Dump();
  CommandResult apply = Schemasync("apply --yes --plan " + ShellQuote(plan_path) + " " + DbFlag(db));
  EXPECT_NE(apply.status, 0) << Describe(apply);
  EXPECT_NE(apply.err.find("the database changed since the plan was made"), std::string::npos) << apply.err;
  EXPECT_FALSE(HasStatement(apply.out)) << "statements shown as if applied:\n" << apply.out;
  const std::string after = db.Dump();
  EXPECT_EQ(after, changed) << DumpDiff(changed, after);

  // Undoing the hand change makes the plan good again.
  ASSERT_EQ(db.Psql("ALTER TABLE t DROP COLUMN added_by_hand").status, 0);
  CommandResult ok = Schemasync("apply --yes --plan " + ShellQuote(plan_path) + " " + DbFlag(db));
  EXPECT_EQ(ok.status, 0) << Describe(ok);
}

TEST(SafetyTest, SavedPlanRefusedAfterAnIndexOrConstraintChange) {
  REQUIRE_SERVER();
  TempDir tmp;
  WriteFile(tmp.File("current.sql"), kSavedCurrent);
  WriteFile(tmp.File("desired.sql"), kSavedDesired);
  // Changes that add no column: an index, a constraint, a policy, a default.
  const std::vector<std::string> changes = {
      "CREATE INDEX t_a_idx ON t (a)",
      "ALTER TABLE t ADD CONSTRAINT t_a_nonempty CHECK (a <> '')",
      "ALTER TABLE t ENABLE ROW LEVEL SECURITY",
      "ALTER TABLE t ALTER COLUMN a SET DEFAULT 'd'",
      "ALTER TABLE t ALTER COLUMN a SET NOT NULL",
  };
  for (const auto& change : changes) {
    SCOPED_TRACE(change);
    ScratchDb db("safety_stale_kind");
    ASSERT_TRUE(db.ok()) << db.error();
    ASSERT_EQ(db.LoadFile(tmp.File("current.sql")).status, 0);
    const std::string plan_path = tmp.File("plan.json");
    CommandResult plan = Schemasync("plan --out " + ShellQuote(plan_path) + " " + DbFlag(db) + " --desired " +
                                    ShellQuote(tmp.File("desired.sql")));
    ASSERT_EQ(plan.status, 0) << Describe(plan);
    ASSERT_EQ(db.Psql(change).status, 0);
    const std::string changed = db.Dump();
    CommandResult apply = Schemasync("apply --yes --plan " + ShellQuote(plan_path) + " " + DbFlag(db));
    EXPECT_NE(apply.status, 0) << Describe(apply);
    EXPECT_NE(apply.err.find("the database changed since the plan was made"), std::string::npos) << apply.err;
    const std::string after = db.Dump();
    EXPECT_EQ(after, changed) << DumpDiff(changed, after);
  }
}

struct HandChange {
  const char* what;
  const char* undo;
};

// Whatever hand change the differ sees (the database no longer matches the plan's source), apply
// --plan must see too. Each change is made, checked, and undone on one database and one plan.
// Returns how many of the changes the differ saw.
int CheckSavedPlanSeesHandChanges(const std::vector<HandChange>& changes) {
  ScratchDb db("safety_stale_any");
  EXPECT_TRUE(db.ok()) << db.error();
  TempDir tmp;
  const std::string current =
      "CREATE TABLE t (id int PRIMARY KEY, a text);\n"
      "CREATE TABLE t2 (id int PRIMARY KEY, a text);\n"
      "CREATE VIEW v AS SELECT id, a FROM t;\n"
      "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';\n"
      "CREATE SEQUENCE s;\n";
  WriteFile(tmp.File("current.sql"), current);
  WriteFile(tmp.File("desired.sql"), current + "CREATE TABLE u (id int PRIMARY KEY);\n");
  EXPECT_EQ(db.LoadFile(tmp.File("current.sql")).status, 0);
  const std::string plan_path = tmp.File("plan.json");
  CommandResult plan = Schemasync("plan --out " + ShellQuote(plan_path) + " " + DbFlag(db) + " --desired " +
                                  ShellQuote(tmp.File("desired.sql")));
  EXPECT_EQ(plan.status, 0) << Describe(plan);
  const std::string source_drift = "drift " + DbFlag(db) + " --desired " + ShellQuote(tmp.File("current.sql"));
  CommandResult in_sync = Schemasync(source_drift);
  EXPECT_EQ(in_sync.status, 0) << Describe(in_sync);
  if (plan.status != 0 || in_sync.status != 0) return 0;

  int seen = 0;
  for (const auto& c : changes) {
    SCOPED_TRACE(c.what);
    CommandResult made = db.Psql(c.what);
    EXPECT_EQ(made.status, 0) << made.err;
    CommandResult drift = Schemasync(source_drift);
    EXPECT_NE(drift.status, 1) << Describe(drift);
    if (drift.status == 2) {  // the differ sees it: so must the saved plan's check
      ++seen;
      const std::string changed = db.Dump();
      CommandResult apply = Schemasync("apply --yes --plan " + ShellQuote(plan_path) + " " + DbFlag(db));
      EXPECT_NE(apply.status, 0) << "the differ sees this change, apply --plan did not:\n"
                                 << drift.out << "\n" << Describe(apply);
      EXPECT_NE(apply.err.find("the database changed since the plan was made"), std::string::npos) << apply.err;
      const std::string after = db.Dump();
      EXPECT_EQ(after, changed) << DumpDiff(changed, after);
      if (apply.status == 0) {  // it went ahead: put the database back in the plan's source state
        CommandResult revert = Schemasync("revert --yes --allow-destructive --plan " + ShellQuote(plan_path) + " " +
                                          DbFlag(db));
        EXPECT_EQ(revert.status, 0) << Describe(revert);
      }
    }
    EXPECT_EQ(db.Psql(c.undo).status, 0);
    CommandResult back = Schemasync(source_drift);
    EXPECT_EQ(back.status, 0) << "undo did not restore the source state\n" << Describe(back);
    if (back.status != 0) return seen;
  }
  CommandResult apply = Schemasync("apply --yes --plan " + ShellQuote(plan_path) + " " + DbFlag(db));
  EXPECT_EQ(apply.status, 0) << Describe(apply);
  return seen;
}

TEST(SafetyTest, SavedPlanRefusedWheneverTheDifferSeesAChange) {
  REQUIRE_SERVER();
  int seen = CheckSavedPlanSeesHandChanges({
      {"CREATE OR REPLACE VIEW v AS SELECT id, a FROM t WHERE id > 10", "CREATE OR REPLACE VIEW v AS SELECT id, a FROM t"},
      {"ALTER TABLE t2 INHERIT t", "ALTER TABLE t2 NO INHERIT t"},
      {"COMMENT ON VIEW v IS 'by hand'", "COMMENT ON VIEW v IS NULL"},
      {"COMMENT ON SCHEMA public IS 'by hand'", "COMMENT ON SCHEMA public IS 'standard public schema'"},
      {"CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 2'",
       "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'"},
      {"COMMENT ON FUNCTION f() IS 'by hand'", "COMMENT ON FUNCTION f() IS NULL"},
      {"ALTER SEQUENCE s INCREMENT 5", "ALTER SEQUENCE s INCREMENT 1"},
      {"ALTER TABLE t2 ALTER COLUMN a SET DEFAULT 'x'", "ALTER TABLE t2 ALTER COLUMN a DROP DEFAULT"},
      {"COMMENT ON COLUMN t2.a IS 'by hand'", "COMMENT ON COLUMN t2.a IS NULL"},
      {"COMMENT ON CONSTRAINT t_pkey ON t IS 'by hand'", "COMMENT ON CONSTRAINT t_pkey ON t IS NULL"},
      {"COMMENT ON INDEX t_pkey IS 'by hand'", "COMMENT ON INDEX t_pkey IS NULL"},
      {"COMMENT ON SEQUENCE s IS 'by hand'", "COMMENT ON SEQUENCE s IS NULL"},
  });
  EXPECT_GE(seen, 6);
}

TEST(SafetyTest, RevertRefusedWhenTheDatabaseIsNotInThePlansTargetState) {
  REQUIRE_SERVER();
  ScratchDb db("safety_revert_refused");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir tmp;
  WriteFile(tmp.File("current.sql"), kSavedCurrent);
  WriteFile(tmp.File("desired.sql"), kSavedDesired);
  ASSERT_EQ(db.LoadFile(tmp.File("current.sql")).status, 0);
  const std::string original = db.Dump();
  const std::string plan_path = tmp.File("plan.json");
  CommandResult plan =
      Schemasync("plan --out " + ShellQuote(plan_path) + " " + DbFlag(db) + " --desired " + ShellQuote(tmp.File("desired.sql")));
  ASSERT_EQ(plan.status, 0) << Describe(plan);
  auto refused = [](const CommandResult& r) {
    return r.status != 0 && std::regex_search(r.err, std::regex("not in the state|changed", std::regex::icase));
  };

  // Never applied: the database is in the plan's source state, not its target.
  CommandResult revert = Schemasync("revert --yes --allow-destructive --plan " + ShellQuote(plan_path) + " " + DbFlag(db));
  EXPECT_TRUE(refused(revert)) << Describe(revert);
  std::string now = db.Dump();
  EXPECT_EQ(now, original) << DumpDiff(original, now);

  // Applied, then changed by hand: refused too, and the hand change and the plan's work stay.
  CommandResult apply = Schemasync("apply --yes --plan " + ShellQuote(plan_path) + " " + DbFlag(db));
  ASSERT_EQ(apply.status, 0) << Describe(apply);
  ASSERT_EQ(db.Psql("ALTER TABLE u ADD COLUMN note text").status, 0);
  const std::string changed = db.Dump();
  revert = Schemasync("revert --yes --allow-destructive --plan " + ShellQuote(plan_path) + " " + DbFlag(db));
  EXPECT_TRUE(refused(revert)) << Describe(revert);
  now = db.Dump();
  EXPECT_EQ(now, changed) << DumpDiff(changed, now);

  // Back in the target state, revert works.
  ASSERT_EQ(db.Psql("ALTER TABLE u DROP COLUMN note").status, 0);
  revert = Schemasync("revert --yes --allow-destructive --plan " + ShellQuote(plan_path) + " " + DbFlag(db));
  ASSERT_EQ(revert.status, 0) << Describe(revert);
  now = db.Dump();
  EXPECT_EQ(now, original) << DumpDiff(original, now);
}

// apply --plan verifies against the plan's target fingerprint and revert --plan checks it before
// running: both rely on a database in sync with the desired SQL having the desired SQL's
// fingerprint. Checked on each data-driven case's desired.sql, loaded as is.
std::vector<std::string> FingerprintMismatches(const std::vector<std::string>& cases) {
  std::vector<std::string> bad;
  for (const auto& name : cases) {
    const std::string path = std::string(SCHEMASYNC_SOURCE_DIR) + "/tests/cases/" + name + "/desired.sql";
    ScratchDb db("safety_fp_" + name);
    EXPECT_TRUE(db.ok()) << db.error();
    const std::string roles = pgtest::CreateCaseRoles(db, std::string(SCHEMASYNC_SOURCE_DIR) + "/tests/cases/" + name);
    EXPECT_TRUE(roles.empty()) << roles;
    CommandResult load = db.LoadFile(path);
    EXPECT_EQ(load.status, 0) << name << ": " << load.err;
    if (load.status != 0) continue;
    auto conn = db.Connect();
    EXPECT_TRUE(conn.ok());
    if (!conn.ok()) continue;
    auto desired = LoadDesired(path);
    EXPECT_TRUE(desired.ok()) << name << ": " << desired.error().message;
    if (!desired.ok()) continue;
    auto planned = PlanDatabase(*conn, *desired);
    EXPECT_TRUE(planned.ok()) << name << ": " << planned.error().message;
    if (!planned.ok() || !planned->plan.empty()) continue;  // not in sync: the cases test reports it
    if (planned->source_fingerprint != planned->target_fingerprint) bad.push_back(name);
  }
  return bad;
}

std::vector<std::string> AllCases() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(std::string(SCHEMASYNC_SOURCE_DIR) + "/tests/cases")) {
    if (e.is_directory()) out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(SafetyTest, InSyncDatabaseHasTheDesiredFingerprint) {
  REQUIRE_SERVER();
  std::vector<std::string> cases = AllCases();
  ASSERT_GE(cases.size(), 20u);
  ASSERT_NE(std::find(cases.begin(), cases.end(), "partitions"), cases.end());
  std::vector<std::string> bad = FingerprintMismatches(cases);
  std::string names;
  for (const auto& b : bad) names += b + " ";
  EXPECT_TRUE(bad.empty()) << "in sync (empty plan) but fingerprints differ: " << names;
}

// ---------------------------------------------------------------------------------------------
// f. plan --out, apply --plan, revert --plan: back to the original pg_dump, exactly.

const char* kRoundCurrent =
    "CREATE TYPE status AS ENUM ('new', 'done');\n"
    "CREATE SEQUENCE ticket_seq START 100;\n"
    "CREATE TABLE projects (id int PRIMARY KEY, name text NOT NULL, budget numeric(12,2) DEFAULT 0);\n"
    "CREATE TABLE tasks (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, project_id int NOT NULL,\n"
    "  title text NOT NULL, state status NOT NULL DEFAULT 'new', ticket int DEFAULT nextval('ticket_seq'),\n"
    "  CONSTRAINT tasks_title_len CHECK (length(title) < 200));\n"
    "CREATE INDEX tasks_title_idx ON tasks (title);\n"
    "CREATE VIEW open_tasks AS SELECT id, title FROM tasks WHERE state = 'new';\n"
    "COMMENT ON TABLE projects IS 'projects';\n"
    "INSERT INTO projects VALUES (1, 'p1', 10), (2, 'p2', 20);\n"
    "INSERT INTO tasks (project_id, title) SELECT 1 + g % 2, 'task ' || g FROM generate_series(1, 300) g;\n";
const char* kRoundDesired =
    "CREATE TYPE status AS ENUM ('new', 'doing', 'done');\n"
    "CREATE TYPE priority AS ENUM ('low', 'high');\n"
    "CREATE SEQUENCE ticket_seq START 100;\n"
    "CREATE SCHEMA reporting;\n"
    "CREATE TABLE projects (id int PRIMARY KEY, name text NOT NULL UNIQUE, budget numeric(12,2) DEFAULT 100,\n"
    "  archived boolean NOT NULL DEFAULT false, CONSTRAINT projects_budget_nonneg CHECK (budget >= 0));\n"
    "CREATE TABLE tasks (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n"
    "  project_id int NOT NULL REFERENCES projects (id) ON DELETE CASCADE,\n"
    "  title text NOT NULL, state status NOT NULL DEFAULT 'new', ticket int DEFAULT nextval('ticket_seq'),\n"
    "  prio priority, due date);\n"
    "CREATE INDEX tasks_project_idx ON tasks (project_id, state);\n"
    "CREATE INDEX tasks_due_idx ON tasks (due) WHERE due IS NOT NULL;\n"
    "CREATE TABLE reporting.snapshots (id int PRIMARY KEY, taken_at timestamptz NOT NULL DEFAULT now(), data jsonb);\n"
    // Over a table the plan creates: the server cannot compile it at plan time (unverified).
    "CREATE VIEW reporting.latest AS SELECT id, taken_at FROM reporting.snapshots ORDER BY taken_at DESC LIMIT 1;\n"
    "CREATE VIEW open_tasks AS SELECT id, title, prio FROM tasks WHERE state = 'new';\n"
    "CREATE FUNCTION touch_due() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN\n  NEW.due := coalesce(NEW.due, current_date + 7);\n  RETURN NEW;\nEND\n$$;\n"
    "CREATE TRIGGER tasks_touch_due BEFORE INSERT ON tasks FOR EACH ROW EXECUTE FUNCTION touch_due();\n"
    "ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;\n"
    "CREATE POLICY tasks_visible ON tasks USING (state <> 'done');\n"
    "COMMENT ON TABLE projects IS 'projects, with archive flag';\n"
    "COMMENT ON COLUMN tasks.due IS 'due date';\n";

// plan --out, apply --plan, revert --plan, apply --plan again; pg_dump checked at each stage.
void RoundTripThroughSavedPlan(const std::string& current_sql, const std::string& desired_sql) {
  ScratchDb db("safety_round");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir tmp;
  WriteFile(tmp.File("current.sql"), current_sql);
  WriteFile(tmp.File("desired.sql"), desired_sql);
  CommandResult load = db.LoadFile(tmp.File("current.sql"));
  ASSERT_EQ(load.status, 0) << load.err;
  const std::string original = db.Dump();
  const std::string plan_path = tmp.File("plan.json");
  const std::string flags = DbFlag(db) + " --desired " + ShellQuote(tmp.File("desired.sql"));

  CommandResult plan = Schemasync("plan --out " + ShellQuote(plan_path) + " " + flags);
  ASSERT_EQ(plan.status, 0) << Describe(plan);
  CommandResult apply = Schemasync("apply --yes --plan " + ShellQuote(plan_path) + " " + DbFlag(db));
  ASSERT_EQ(apply.status, 0) << Describe(apply);
  CommandResult drift = Schemasync("drift " + flags);
  EXPECT_EQ(drift.status, 0) << Describe(drift);
  const std::string want = FreshDump(tmp.File("desired.sql"));
  const std::string applied = db.Dump();
  EXPECT_EQ(applied, want) << DumpDiff(want, applied);

  CommandResult revert = Schemasync("revert --yes --allow-destructive --plan " + ShellQuote(plan_path) + " " + DbFlag(db));
  ASSERT_EQ(revert.status, 0) << Describe(revert);
  const std::string reverted = db.Dump();
  EXPECT_EQ(reverted, original) << DumpDiff(original, reverted);
  EXPECT_EQ(InvalidIndexes(db), "");

  // Back in the source state, the same saved plan applies again.
  CommandResult again = Schemasync("apply --yes --plan " + ShellQuote(plan_path) + " " + DbFlag(db));
  EXPECT_EQ(again.status, 0) << Describe(again);
  const std::string reapplied = db.Dump();
  EXPECT_EQ(reapplied, want) << DumpDiff(want, reapplied);
}

TEST(SafetyTest, SavedPlanRoundTripRestoresTheOriginalDump) {
  REQUIRE_SERVER();
  RoundTripThroughSavedPlan(kRoundCurrent, kRoundDesired);
}

TEST(SafetyTest, SavedPlanRoundTripWithPartitionsAndInheritance) {
  REQUIRE_SERVER();
  const std::string current =
      "CREATE TABLE events (id bigint NOT NULL, at date NOT NULL, payload jsonb) PARTITION BY RANGE (at);\n"
      "CREATE TABLE events_2026_01 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2026-02-01');\n"
      "INSERT INTO events VALUES (1, '2026-01-05', '{}');\n"
      "CREATE TABLE stamped (created_at timestamp DEFAULT now());\n"
      "CREATE TABLE notes (id int, body text) INHERITS (stamped);\n";
  const std::string desired =
      "CREATE TABLE events (id bigint NOT NULL, at date NOT NULL, payload jsonb, tenant int) PARTITION BY RANGE (at);\n"
      "CREATE TABLE events_2026_01 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2026-02-01');\n"
      "CREATE TABLE events_2026_02 PARTITION OF events FOR VALUES FROM ('2026-02-01') TO ('2026-03-01');\n"
      "CREATE INDEX events_tenant_idx ON events (tenant);\n"
      "CREATE TABLE stamped (created_at timestamp DEFAULT now(), by_whom text);\n"
      "CREATE TABLE notes (id int, body text CHECK (body <> '')) INHERITS (stamped);\n"
      "CREATE VIEW recent_notes AS SELECT id, body, created_at, by_whom FROM notes;\n";
  RoundTripThroughSavedPlan(current, desired);
}

// Identifiers with dots, quotes and spaces in a saved plan's bookkeeping (its unverified views:
// views over tables the plan creates).
TEST(SafetyTest, SavedPlanRoundTripWithOddNames) {
  REQUIRE_SERVER();
  const std::string current = "CREATE TABLE \"x.y\" (id int PRIMARY KEY);\n";
  const std::string desired =
      "CREATE TABLE \"x.y\" (id int PRIMARY KEY, \"we.ird\" text);\n"
      "CREATE SCHEMA \"App V2\";\n"
      "CREATE TABLE \"App V2\".\"Items\" (id int PRIMARY KEY, \"na me\" text);\n"
      "CREATE VIEW \"App V2\".\"item.names\" AS SELECT id, \"na me\" FROM \"App V2\".\"Items\";\n"
      "CREATE VIEW public.\"odd\"\"view\" AS SELECT id, \"na me\" FROM \"App V2\".\"Items\";\n";
  RoundTripThroughSavedPlan(current, desired);
}

TEST(SafetyTest, SavedPlanRoundTripWithViewInDottedSchema) {
  REQUIRE_SERVER();
  RoundTripThroughSavedPlan("CREATE TABLE t (id int);\n",
                            "CREATE TABLE t (id int);\n"
                            "CREATE SCHEMA \"app.v2\";\n"
                            "CREATE TABLE \"app.v2\".items (id int PRIMARY KEY);\n"
                            "CREATE VIEW \"app.v2\".v AS SELECT id FROM \"app.v2\".items;\n");
}

}  // namespace
}  // namespace schemasync
