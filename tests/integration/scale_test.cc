// What keeps schemasync fast on big catalogs, checked for behaviour (the timings themselves are
// in scripts/bench.sh, not in a test): server-side probes answer many questions in one batch and
// leave nothing behind, and the number of statements a run sends does not grow with the schema.
#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

#include "catalog/probes.h"
#include "integration/pg_fixture.h"

namespace schemasync {
namespace {

using pgtest::CommandResult;
using pgtest::DbFlag;
using pgtest::Describe;
using pgtest::Scalar;
using pgtest::Schemasync;
using pgtest::ScratchDb;
using pgtest::ShellQuote;
using pgtest::TempDir;
using pgtest::WriteFile;

// The probes of every test below, and what each must answer: rows, or nullopt for a failure.
std::vector<Probe> SampleProbes() {
  return {
      {"CREATE TEMPORARY VIEW v AS SELECT a, b FROM t WHERE b > 0", "SELECT pg_catalog.pg_get_viewdef('pg_temp.v'::regclass)"},
      {"CREATE TEMPORARY VIEW v AS SELECT * FROM no_such_table", "SELECT 'unreachable'"},
      {"", "SELECT ('1 hour'::interval)::text, NULL::text"},
      {"CREATE TABLE public.left_behind (x int)", "SELECT relname::text FROM pg_catalog.pg_class WHERE relname = 'left_behind'"},
      {"", "SELECT n::text FROM pg_catalog.generate_series(1, 3) n"},
      {"", "SELECT 1/0"},
  };
}

void ExpectSampleAnswers(const std::vector<std::optional<Rows>>& a) {
  ASSERT_EQ(a.size(), 6u);
  ASSERT_TRUE(a[0].has_value());
  ASSERT_EQ(a[0]->size(), 1u);
  EXPECT_NE(a[0]->Get(0, 0).find("WHERE (t.b > 0)"), std::string::npos) << a[0]->Get(0, 0);
  EXPECT_FALSE(a[1].has_value()) << "a probe whose setup fails answers nothing";
  ASSERT_TRUE(a[2].has_value());
  ASSERT_EQ(a[2]->size(), 1u);
  EXPECT_EQ(a[2]->Get(0, 0), "01:00:00");
  EXPECT_TRUE(a[2]->IsNull(0, 1));
  ASSERT_TRUE(a[3].has_value());
  EXPECT_EQ(a[3]->size(), 1u) << "the probe sees its own table";
  ASSERT_TRUE(a[4].has_value());
  ASSERT_EQ(a[4]->size(), 3u);
  EXPECT_EQ(a[4]->Get(2, 0), "3");
  EXPECT_FALSE(a[5].has_value()) << "a probe whose query fails answers nothing";
}

TEST(ScaleTest, ProbesAnswerInOrderAndLeaveNothingBehind) {
  REQUIRE_SERVER();
  ScratchDb db("probes");
  ASSERT_TRUE(db.ok()) << db.error();
  ASSERT_EQ(db.LoadSql("CREATE TABLE t (a int, b int);").status, 0);
  auto conn = db.Connect();
  ASSERT_TRUE(conn.ok()) << conn.error().message;
  auto answers = RunProbes(*conn, SampleProbes());
  ASSERT_TRUE(answers.ok()) << answers.error().message;
  ExpectSampleAnswers(*answers);
  // Every probe was undone, and the connection is usable and outside a transaction.
  EXPECT_EQ(Scalar(db, "SELECT count(*) FROM pg_class WHERE relname = 'left_behind'"), "0");
  auto state = conn->Query("SELECT pg_catalog.current_setting('transaction_isolation'), now() = statement_timestamp()");
  ASSERT_TRUE(state.ok()) << state.error().message;
  EXPECT_EQ(state->Get(0, 1), "t") << "RunProbes left a transaction open";
}

TEST(ScaleTest, ProbesWithoutPlpgsqlGiveTheSameAnswers) {
  REQUIRE_SERVER();
  ScratchDb db("probes_noplpgsql");
  ASSERT_TRUE(db.ok()) << db.error();
  ASSERT_EQ(db.LoadSql("CREATE TABLE t (a int, b int); DROP EXTENSION plpgsql;").status, 0);
  auto conn = db.Connect();
  ASSERT_TRUE(conn.ok()) << conn.error().message;
  auto answers = RunProbes(*conn, SampleProbes());
  ASSERT_TRUE(answers.ok()) << answers.error().message;
  ExpectSampleAnswers(*answers);
  EXPECT_EQ(Scalar(db, "SELECT count(*) FROM pg_class WHERE relname = 'left_behind'"), "0");
}

// A schema of n tables with what costs round trips when done one at a time: views, typed
// literals, partitions with bounds, rules.
std::string GrowingSchema(int n) {
  std::string sql = "CREATE TABLE events (at timestamptz NOT NULL, kind text) PARTITION BY RANGE (at);\n";
  for (int i = 0; i < n; ++i) {
    std::string t = "t" + std::to_string(i);
    sql += "CREATE TABLE " + t + " (id bigint PRIMARY KEY, due date DEFAULT '2026-1-" + std::to_string(i % 28 + 1) +
           "', wait interval DEFAULT '" + std::to_string(i + 1) + " hours' CHECK (wait < '" + std::to_string(i + 2) +
           " days'));\n";
    sql += "CREATE VIEW " + t + "_v AS SELECT * FROM " + t + " WHERE due > '2026-01-01';\n";
    sql += "CREATE TABLE events_" + std::to_string(i) + " PARTITION OF events FOR VALUES FROM ('2026-" +
           std::to_string(i / 28 + 1) + "-" + std::to_string(i % 28 + 1) + "') TO ('2026-" + std::to_string(i / 28 + 1) +
           "-" + std::to_string(i % 28 + 1) + " 12:00');\n";
    sql += "CREATE RULE " + t + "_keep AS ON DELETE TO " + t + " DO INSTEAD NOTHING;\n";
  }
  return sql;
}

// "timing: statements N ..." of --timing.
int StatementsSent(const CommandResult& r) {
  std::smatch m;
  static const std::regex kLine(R"(timing: statements\s+(\d+))");
  if (!std::regex_search(r.err, m, kLine)) return -1;
  return std::stoi(m[1]);
}

TEST(ScaleTest, StatementsSentDoNotGrowWithTheSchema) {
  REQUIRE_SERVER();
  std::vector<int> sent;
  for (int n : {5, 40}) {
    ScratchDb db("scale_" + std::to_string(n));
    ASSERT_TRUE(db.ok()) << db.error();
    TempDir tmp;
    WriteFile(tmp.File("schema.sql"), GrowingSchema(n));
    ASSERT_EQ(db.LoadSql(GrowingSchema(n)).status, 0);
    CommandResult drift = Schemasync("drift --timing " + DbFlag(db) + " --desired " + ShellQuote(tmp.path()));
    EXPECT_EQ(drift.status, 0) << Describe(drift);
    for (const char* phase : {"parse", "introspect", "canonicalize", "normalize", "diff", "plan"}) {
      EXPECT_NE(drift.err.find(std::string("timing: ") + phase), std::string::npos) << phase << "\n" << drift.err;
    }
    sent.push_back(StatementsSent(drift));
    ASSERT_GT(sent.back(), 0) << drift.err;
    // From an empty database as well: every view, literal, bound and rule is probed.
    ScratchDb empty("scale_empty_" + std::to_string(n));
    ASSERT_TRUE(empty.ok()) << empty.error();
    CommandResult plan = Schemasync("plan --timing " + DbFlag(empty) + " --desired " + ShellQuote(tmp.path()));
    EXPECT_EQ(plan.status, 0) << Describe(plan);
    sent.push_back(StatementsSent(plan));
  }
  EXPECT_EQ(sent[0], sent[2]) << "drift sent " << sent[0] << " statements for 5 tables, " << sent[2] << " for 40";
  EXPECT_EQ(sent[1], sent[3]) << "plan sent " << sent[1] << " statements for 5 tables, " << sent[3] << " for 40";
}

TEST(ScaleTest, PlacesInALongFileAreExact) {
  // Places come from a line index (not a scan from the top per object): the last statement of
  // a long file with multi-byte text before the error still gets its line and character column.
  TempDir tmp;
  std::string sql;
  for (int i = 0; i < 300; ++i) sql += "CREATE TABLE t" + std::to_string(i) + " (id int); -- é ü\n";
  sql += "COMMENT ON TABLE t1 IS 'ü';  CREATE TABLE t7 (id int);\n";
  WriteFile(tmp.File("long.sql"), sql);
  CommandResult plan = Schemasync("plan --db 'host=/nonexistent' --desired " + ShellQuote(tmp.File("long.sql")));
  EXPECT_EQ(plan.status, 1) << Describe(plan);
  EXPECT_NE(plan.err.find("long.sql:301:30"), std::string::npos) << plan.err;
}

TEST(ScaleTest, StreamGivesEveryRowInOrderAndAnyErrorAfterDraining) {
  REQUIRE_SERVER();
  ScratchDb db("stream");
  ASSERT_TRUE(db.ok()) << db.error();
  auto conn = db.Connect();
  ASSERT_TRUE(conn.ok()) << conn.error().message;
  std::vector<std::string> got;
  Status st = conn->Stream("SELECT g::text, CASE WHEN g % 2 = 0 THEN NULL ELSE 'odd' END FROM generate_series(1, 5000) g",
                           [&](const Rows& r, size_t i) -> Status {
                             got.push_back(r.Get(i, 0) + (r.IsNull(i, 1) ? "" : r.Get(i, 1)));
                             return Ok();
                           });
  ASSERT_TRUE(st.ok()) << st.error().message;
  ASSERT_EQ(got.size(), 5000u);
  EXPECT_EQ(got.front(), "1odd");
  EXPECT_EQ(got[1], "2");
  EXPECT_EQ(got.back(), "5000");
  // No rows: the callback is not called.
  int calls = 0;
  ASSERT_TRUE(conn->Stream("SELECT 1 WHERE false", [&](const Rows&, size_t) -> Status { ++calls; return Ok(); }).ok());
  EXPECT_EQ(calls, 0);
  // The server's error, after some rows were given.
  calls = 0;
  st = conn->Stream("SELECT 1 / (3 - g) FROM generate_series(1, 5) g", [&](const Rows&, size_t) -> Status {
    ++calls;
    return Ok();
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().sqlstate, "22012");
  EXPECT_EQ(calls, 2);
  // The callback's error stops the rows; the result is drained and the connection still answers.
  calls = 0;
  st = conn->Stream("SELECT g FROM generate_series(1, 1000) g", [&](const Rows&, size_t) -> Status {
    if (++calls == 3) return MakeError(ErrorKind::kCatalog, "stop here");
    return Ok();
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().message, "stop here");
  EXPECT_EQ(calls, 3);
  auto after = conn->Query("SELECT 42");
  ASSERT_TRUE(after.ok()) << after.error().message;
  EXPECT_EQ(after->Get(0, 0), "42");
}

}  // namespace
}  // namespace schemasync
