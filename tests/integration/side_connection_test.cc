// The catalog read's second connection (side_connection.h) and the views' probe that runs on it
// (RunViewProbes): the side works in the snapshot it is given, what it has not started is the
// caller's again, and the views it reads and spells are the ones the main connection would.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "catalog/probes.h"
#include "integration/pg_fixture.h"
#include "schemasync/catalog.h"
#include "schemasync/side_connection.h"

namespace schemasync {
namespace {

using pgtest::ScratchDb;

// A side whose connection the test waits for (Connected()), so that work offered after it is
// the side's, not given back for want of a connection.
class ConnectedSide {
 public:
  explicit ConnectedSide(std::function<Result<Database>()> connect)
      : side_([this, connect = std::move(connect)] {
          auto d = connect();
          done_.set_value();
          return d;
        }) {
    done_.get_future().wait();
  }
  SideConnection& operator*() { return side_; }
  SideConnection* operator->() { return &side_; }

 private:
  std::promise<void> done_;
  SideConnection side_;
};

// Begins a REPEATABLE READ transaction on `main` and returns the snapshot it exports.
std::string BeginAndExport(Database& main) {
  EXPECT_TRUE(main.Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").ok());
  auto snapshot = main.Query("SELECT pg_catalog.pg_export_snapshot()");
  EXPECT_TRUE(snapshot.ok()) << snapshot.error().message;
  return snapshot.ok() && snapshot->size() == 1 ? snapshot->Get(0, 0) : "";
}

TEST(SideConnectionTest, WorkRunsInTheSnapshotOffered) {
  REQUIRE_SERVER();
  ScratchDb db("side_snapshot");
  ASSERT_TRUE(db.ok()) << db.error();
  auto main = db.Connect();
  ASSERT_TRUE(main.ok()) << main.error().message;
  const std::string snapshot = BeginAndExport(*main);
  ASSERT_FALSE(snapshot.empty());
  // Committed after the snapshot was taken: the side must not see it.
  ASSERT_EQ(db.LoadSql("CREATE TABLE later (x int);").status, 0);

  ConnectedSide side([&db] { return db.Connect(); });
  std::string seen;
  ASSERT_TRUE(side->Offer(snapshot, [&seen](Database& d) -> Status {
    auto r = d.Query("SELECT count(*) FROM pg_catalog.pg_class WHERE relname = 'later'");
    if (!r.ok()) return r.error();
    seen = r->Get(0, 0);
    return Ok();
  }));
  Status finished = side->Finish();  // the side has connected: it runs the work, and this waits
  ASSERT_TRUE(main->Exec("COMMIT").ok());
  ASSERT_TRUE(finished.ok()) << finished.error().message;
  EXPECT_EQ(seen, "0") << "the side read outside the snapshot it was given";
  auto now = main->Query("SELECT count(*) FROM pg_catalog.pg_class WHERE relname = 'later'");
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(now->Get(0, 0), "1");
  // Its connection is left outside any transaction, for the views' probe.
  Database* after = side->Connection();
  ASSERT_NE(after, nullptr);
  auto count = after->Query("SELECT count(*) FROM pg_catalog.pg_class WHERE relname = 'later'");
  ASSERT_TRUE(count.ok()) << count.error().message;
  EXPECT_EQ(count->Get(0, 0), "1");
}

TEST(SideConnectionTest, FinishWaitsForTheSideToConnectAndRunTheWork) {
  REQUIRE_SERVER();
  ScratchDb db("side_waits");
  ASSERT_TRUE(db.ok()) << db.error();
  auto main = db.Connect();
  ASSERT_TRUE(main.ok()) << main.error().message;
  const std::string snapshot = BeginAndExport(*main);
  ASSERT_FALSE(snapshot.empty());
  std::promise<void> go;
  std::shared_future<void> connect_now = go.get_future().share();
  SideConnection side([&db, connect_now] {
    connect_now.wait();  // still connecting when the work is offered and waited for
    return db.Connect();
  });
  std::atomic<bool> ran{false};
  ASSERT_TRUE(side.Offer(snapshot, [&ran](Database&) -> Status {
    ran = true;
    return Ok();
  }));
  EXPECT_FALSE(side.Offer("again", [](Database&) { return Ok(); })) << "one piece of work at a time";
  std::thread release([&go] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    go.set_value();
  });
  Status finished = side.Finish();
  release.join();
  EXPECT_TRUE(finished.ok()) << finished.error().message;
  EXPECT_TRUE(ran) << "the work was given back while the side was connecting";
  ASSERT_TRUE(main->Exec("COMMIT").ok());
}

TEST(SideConnectionTest, AClosedSideTakesNoWorkAndHandsOverItsConnection) {
  REQUIRE_SERVER();
  ScratchDb db("side_closed");
  ASSERT_TRUE(db.ok()) << db.error();
  ConnectedSide side([&db] { return db.Connect(); });
  side->Close();
  EXPECT_FALSE(side->Offer("x", [](Database&) { return Ok(); })) << "a closed side took work";
  Database* d = side->Connection();
  ASSERT_NE(d, nullptr);
  EXPECT_TRUE(d->Exec("SELECT 1").ok());
}

TEST(SideConnectionTest, ASideThatCannotConnectLeavesTheWorkToTheCaller) {
  REQUIRE_SERVER();
  SideConnection side([] { return Database::Connect("dbname=schemasync_no_such_database"); });
  bool ran = false;
  (void)side.Offer("x", [&ran](Database&) -> Status {
    ran = true;
    return Ok();
  });
  EXPECT_FALSE(side.Finish().ok());
  EXPECT_EQ(side.Connection(), nullptr);
  EXPECT_FALSE(ran);
}

TEST(SideConnectionTest, ABadSnapshotIsTheSidesErrorAndItsConnectionStaysUsable) {
  REQUIRE_SERVER();
  ScratchDb db("side_bad_snapshot");
  ASSERT_TRUE(db.ok()) << db.error();
  ConnectedSide side([&db] { return db.Connect(); });
  bool ran = false;
  ASSERT_TRUE(side->Offer("00000003-0000001B-1", [&ran](Database&) -> Status {
    ran = true;
    return Ok();
  }));
  Status finished = side->Finish();
  ASSERT_FALSE(finished.ok()) << "a snapshot no transaction exported was imported";
  EXPECT_NE(finished.error().message.find("snapshot"), std::string::npos) << finished.error().message;
  EXPECT_FALSE(ran) << "the work ran outside the snapshot it was meant for";
  Database* d = side->Connection();
  ASSERT_NE(d, nullptr);
  auto state = d->Query("SELECT now() = statement_timestamp()");
  ASSERT_TRUE(state.ok()) << state.error().message;
  EXPECT_EQ(state->Get(0, 0), "t") << "the side's failed transaction was left open";
}

// The views a catalog read with a side connection finds are the ones it finds alone. The side
// is told apart by its search_path: pg_get_viewdef qualifies a table that is not on the path.
constexpr const char* kViews = R"sql(
CREATE SCHEMA app;
CREATE TABLE app.t (id int PRIMARY KEY, name text, "Odd ""col""" text);
CREATE TABLE public.p (id int);
CREATE VIEW app.v WITH (security_barrier) AS SELECT id, name, "Odd ""col""" FROM app.t WHERE name <> 'x''y';
CREATE VIEW app.w AS SELECT v.id, p.id AS pid FROM app.v JOIN public.p ON p.id = v.id;
CREATE MATERIALIZED VIEW app.m AS SELECT count(*) AS n FROM app.t WITH NO DATA;
COMMENT ON VIEW app.v IS 'the live rows';
COMMENT ON COLUMN app.v.name IS 'shown';
)sql";

void ExpectSameViews(const Schema& a, const Schema& b) {
  ASSERT_EQ(a.views.size(), b.views.size());
  for (const auto& [name, v] : a.views) {
    auto it = b.views.find(name);
    ASSERT_NE(it, b.views.end()) << name.schema << "." << name.name;
    const View& w = it->second;
    EXPECT_EQ(v.query, w.query);
    EXPECT_EQ(v.materialized, w.materialized);
    EXPECT_EQ(v.comment, w.comment);
    EXPECT_EQ(v.options, w.options);
    EXPECT_EQ(v.populated, w.populated);
    EXPECT_EQ(v.column_comments, w.column_comments);
    EXPECT_EQ(v.depends_on, w.depends_on);
  }
}

TEST(SideConnectionTest, ViewsReadOnTheSideAreTheViewsReadAlone) {
  REQUIRE_SERVER();
  ScratchDb db("side_views");
  ASSERT_TRUE(db.ok()) << db.error();
  ASSERT_EQ(db.LoadSql(kViews).status, 0);
  auto main = db.Connect();
  ASSERT_TRUE(main.ok()) << main.error().message;
  auto alone = Introspect(*main);
  ASSERT_TRUE(alone.ok()) << alone.error().message;
  ASSERT_EQ(alone->views.size(), 3u);
  const std::string& own = alone->views.at({"app", "w"}).query;
  EXPECT_NE(own.find("app.v"), std::string::npos) << own;
  EXPECT_NE(own.find("JOIN p ON"), std::string::npos) << "public is on the path here: " << own;

  // A side on another search_path: its spelling shows it read the views.
  ConnectedSide marked([&db]() -> Result<Database> {
    auto d = db.Connect();
    if (d.ok() && !d->Exec("SET search_path = app").ok()) return MakeError(ErrorKind::kCatalog, "SET failed");
    return d;
  });
  auto with_marked = Introspect(*main, {}, &*marked);
  ASSERT_TRUE(with_marked.ok()) << with_marked.error().message;
  const std::string& w = with_marked->views.at({"app", "w"}).query;
  EXPECT_EQ(w.find("app.v"), std::string::npos) << "not read on the side: " << w;
  EXPECT_NE(w.find("JOIN public.p ON"), std::string::npos) << w;

  // A side configured like the main connection: the same views, field by field.
  ConnectedSide same([&db] { return db.Connect(); });
  auto with_side = Introspect(*main, {}, &*same);
  ASSERT_TRUE(with_side.ok()) << with_side.error().message;
  ExpectSameViews(*alone, *with_side);
  ExpectSameViews(*with_side, *alone);
}

// Every kind of object the side reads, with comments, owners and grants: the whole model read
// with a side is the model read alone.
constexpr const char* kEveryKind = R"sql(
CREATE SCHEMA app;
COMMENT ON SCHEMA app IS 'the app';
CREATE TYPE app.mood AS ENUM ('ok', 'meh');
CREATE DOMAIN app.positive AS integer CHECK (VALUE > 0);
CREATE TYPE app.pair AS (a integer, b text);
CREATE TYPE app.span AS RANGE (subtype = integer);
CREATE COLLATION app.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE SEQUENCE app.counter START 5 INCREMENT 2;
CREATE TABLE app.t (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text COLLATE app.ci, m app.mood,
                    n app.positive CHECK (n < 100), s serial);
CREATE INDEX t_name ON app.t (lower(name COLLATE "C")) WHERE m = 'ok';
ALTER TABLE app.t ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON app.t USING (name = current_user);
CREATE VIEW app.v AS SELECT id, name FROM app.t WHERE m = 'ok';
CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE TRIGGER t_touch BEFORE UPDATE ON app.t FOR EACH ROW EXECUTE FUNCTION app.touch();
CREATE AGGREGATE app.total(integer) (SFUNC = int4pl, STYPE = integer, INITCOND = '0');
CREATE TABLE app.log (at timestamptz DEFAULT now());
CREATE RULE log_keep AS ON DELETE TO app.log DO INSTEAD NOTHING;
CREATE PUBLICATION pub FOR TABLE app.log;
GRANT SELECT ON app.v TO PUBLIC;
GRANT UPDATE (name) ON app.t TO PUBLIC;
GRANT USAGE ON SCHEMA app TO PUBLIC;
ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO PUBLIC;
CREATE OPERATOR app.=== (LEFTARG = integer, RIGHTARG = integer, FUNCTION = int4eq);
COMMENT ON FUNCTION app.touch() IS 'keeps rows fresh';
)sql";

TEST(SideConnectionTest, TheWholeModelReadWithASideIsTheModelReadAlone) {
  REQUIRE_SERVER();
  ScratchDb db("side_every_kind");
  ASSERT_TRUE(db.ok()) << db.error();
  auto loaded = db.LoadSql(kEveryKind);
  ASSERT_EQ(loaded.status, 0) << loaded.err;
  auto main = db.Connect();
  ASSERT_TRUE(main.ok()) << main.error().message;
  auto alone = Introspect(*main);
  ASSERT_TRUE(alone.ok()) << alone.error().message;
  // What the comparison stands on is there.
  EXPECT_EQ(alone->enums.size(), 1u);
  EXPECT_EQ(alone->functions.size(), 1u);
  EXPECT_EQ(alone->aggregates.size(), 1u);
  EXPECT_EQ(alone->triggers.size(), 1u);
  EXPECT_EQ(alone->rules.size(), 1u);
  EXPECT_EQ(alone->publications.size(), 1u);
  EXPECT_FALSE(alone->default_acls.empty());
  EXPECT_FALSE(alone->unmanaged.empty()) << "the operator is reported as unmanaged";
  EXPECT_FALSE(alone->owners.empty());
  ConnectedSide side([&db] { return db.Connect(); });
  auto with_side = Introspect(*main, {}, &*side);
  ASSERT_TRUE(with_side.ok()) << with_side.error().message;
  EXPECT_EQ(Fingerprint(*with_side), Fingerprint(*alone));
  EXPECT_EQ(with_side->owners, alone->owners);
  EXPECT_EQ(with_side->unmanaged, alone->unmanaged);
  EXPECT_EQ(with_side->current_role, alone->current_role);

  // And it was the side that read them: on its search_path a trigger's table is printed bare.
  ConnectedSide marked([&db]() -> Result<Database> {
    auto d = db.Connect();
    if (d.ok() && !d->Exec("SET search_path = app").ok()) return MakeError(ErrorKind::kCatalog, "SET failed");
    return d;
  });
  auto with_marked = Introspect(*main, {}, &*marked);
  ASSERT_TRUE(with_marked.ok()) << with_marked.error().message;
  ASSERT_EQ(with_marked->triggers.size(), 1u);
  EXPECT_NE(Fingerprint(*with_marked), Fingerprint(*alone)) << "the side did not read the triggers";
}

// The views' own probe spells each view as the general probes do, with the characters an array
// literal must escape in the texts, and answers nothing for a view that does not compile.
std::vector<std::string> HostileViewCreates() {
  const std::string head = "CREATE TEMPORARY VIEW schemasync_canonical";
  return {
      head + " AS SELECT id, \"we\"\"ird, {col}\" FROM t WHERE \"we\"\"ird, {col}\" <> 'a\"b\\c{,}'",
      head + " AS SELECT * FROM no_such_table",
      head + " (x, \"Y\") AS SELECT id, E'tab\\there' FROM t",
      head + " AS SELECT 'line one\nline two' AS s, $q$dollar 'quoted' \\ text$q$ AS d",
      head + " AS SELECT 1/0 AS fails_only_when_read",
  };
}

void ExpectSameAsGeneralProbes(Database& conn) {
  auto creates = HostileViewCreates();
  auto answers = RunViewProbes(conn, creates);
  ASSERT_TRUE(answers.ok()) << answers.error().message;
  ASSERT_EQ(answers->size(), creates.size());
  std::vector<Probe> probes;
  for (const auto& c : creates) {
    probes.push_back({c, "SELECT pg_catalog.pg_get_viewdef('pg_temp.schemasync_canonical'::pg_catalog.regclass)"});
  }
  auto general = RunProbes(conn, probes);
  ASSERT_TRUE(general.ok()) << general.error().message;
  for (size_t i = 0; i < creates.size(); ++i) {
    SCOPED_TRACE(creates[i]);
    ASSERT_EQ((*answers)[i].has_value(), (*general)[i].has_value());
    if ((*answers)[i]) EXPECT_EQ(*(*answers)[i], (*general)[i]->Get(0, 0));
  }
  EXPECT_FALSE((*answers)[1].has_value()) << "a view over a missing table was spelled";
  ASSERT_TRUE((*answers)[0].has_value());
  EXPECT_NE((*answers)[0]->find("'a\"b\\c{,}'::text"), std::string::npos) << *(*answers)[0];
  ASSERT_TRUE((*answers)[3].has_value());
  EXPECT_NE((*answers)[3]->find("line one\nline two"), std::string::npos) << *(*answers)[3];
  EXPECT_TRUE((*answers)[4].has_value()) << "a view is compiled, not run";
  auto state = conn.Query("SELECT now() = statement_timestamp(), "
                          "(SELECT count(*) FROM pg_catalog.pg_class WHERE relname = 'schemasync_canonical')");
  ASSERT_TRUE(state.ok()) << state.error().message;
  EXPECT_EQ(state->Get(0, 0), "t") << "the probe left a transaction open";
  EXPECT_EQ(state->Get(0, 1), "0") << "the probe left a view behind";
}

TEST(SideConnectionTest, ViewProbesSpellViewsAsTheGeneralProbesDo) {
  REQUIRE_SERVER();
  ScratchDb db("view_probes");
  ASSERT_TRUE(db.ok()) << db.error();
  ASSERT_EQ(db.LoadSql("CREATE TABLE t (id int, \"we\"\"ird, {col}\" text);").status, 0);
  auto conn = db.Connect();
  ASSERT_TRUE(conn.ok()) << conn.error().message;
  ExpectSameAsGeneralProbes(*conn);
}

TEST(SideConnectionTest, ViewProbesWithoutPlpgsqlGiveTheSameAnswers) {
  REQUIRE_SERVER();
  ScratchDb db("view_probes_noplpgsql");
  ASSERT_TRUE(db.ok()) << db.error();
  ASSERT_EQ(db.LoadSql("CREATE TABLE t (id int, \"we\"\"ird, {col}\" text); DROP EXTENSION plpgsql;").status, 0);
  auto conn = db.Connect();
  ASSERT_TRUE(conn.ok()) << conn.error().message;
  ExpectSameAsGeneralProbes(*conn);
}

}  // namespace
}  // namespace schemasync
