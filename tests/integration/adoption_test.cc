// Adopting a database and reviewing without one, on every data-first case (tests/cases/<name>):
//
//   Dump        desired.sql loaded; `schemasync dump --out DIR` of it, read back by drift: in sync
//   PgDump      the same with `pg_dump -s` output as the desired file: in sync
//   Offline     `plan --from current.sql --desired desired.sql` (no database) lists the same
//               changes (kind, object) as the plan against current.sql loaded
//
// and the edges a user meets: dump into a folder that holds SQL, psql meta-commands.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "integration/pg_fixture.h"

namespace schemasync {
namespace {

namespace fs = std::filesystem;
using pgtest::CommandResult;
using pgtest::DbFlag;
using pgtest::Describe;
using pgtest::ReadFile;
using pgtest::RunCommand;
using pgtest::Schemasync;
using pgtest::ScratchDb;
using pgtest::ShellQuote;
using pgtest::TempDir;
using pgtest::WriteFile;

const fs::path kCasesDir = fs::path(SCHEMASYNC_SOURCE_DIR) / "tests" / "cases";

// The data cases, but those DISABLED (they say why in cases_test).
std::vector<std::string> ListCases() {
  std::vector<std::string> out = pgtest::DataCaseNames();
  std::erase_if(out, [](const std::string& name) { return fs::exists(kCasesDir / name / "DISABLED"); });
  return out;
}

// A scratch database holding the case's `file` (desired.sql or current.sql), roles created.
// Returns "" or what went wrong.
std::string Load(const ScratchDb& db, const fs::path& dir, const std::string& file) {
  if (!db.ok()) return db.error();
  if (auto roles = pgtest::CreateCaseRoles(db, dir.string()); !roles.empty()) return roles;
  if (!fs::exists(dir / file)) return "";
  CommandResult r = db.LoadFile((dir / file).string());
  return r.status == 0 ? "" : file + " does not load: " + r.err;
}

// (kind, object) of each step of a JSON plan, counted.
std::map<std::pair<std::string, std::string>, int> Changes(const std::string& json) {
  std::map<std::pair<std::string, std::string>, int> out;
  auto plan = nlohmann::json::parse(json);
  for (const auto& s : plan.at("steps")) ++out[{s.at("kind").get<std::string>(), s.at("object").get<std::string>()}];
  return out;
}

std::string Show(const std::map<std::pair<std::string, std::string>, int>& m) {
  std::string s;
  for (const auto& [k, n] : m) s += "  " + k.first + " " + k.second + (n > 1 ? " x" + std::to_string(n) : "") + "\n";
  return s;
}

class AdoptionTest : public ::testing::TestWithParam<std::string> {};

TEST_P(AdoptionTest, DumpReadsBackInSync) {
  REQUIRE_SERVER();
  const fs::path dir = kCasesDir / GetParam();
  ScratchDb db("adopt_dump");
  ASSERT_EQ(Load(db, dir, "desired.sql"), "");
  TempDir tmp;
  const std::string out = tmp.File("desired");
  CommandResult dump = Schemasync("dump " + DbFlag(db) + " --out " + ShellQuote(out));
  ASSERT_EQ(dump.status, 0) << Describe(dump);
  EXPECT_NE(dump.err.find("finds no change"), std::string::npos) << dump.err;
  CommandResult drift = Schemasync("drift " + DbFlag(db) + " --desired " + ShellQuote(out));
  EXPECT_EQ(drift.status, 0) << Describe(drift);
  // One file to stdout is the same schema.
  CommandResult single = Schemasync("dump " + DbFlag(db));
  ASSERT_EQ(single.status, 0) << Describe(single);
  WriteFile(tmp.File("single.sql"), single.out);
  CommandResult drift1 = Schemasync("drift " + DbFlag(db) + " --desired " + ShellQuote(tmp.File("single.sql")));
  EXPECT_EQ(drift1.status, 0) << Describe(drift1);
}

TEST_P(AdoptionTest, PgDumpIsDesiredInput) {
  REQUIRE_SERVER();
  const fs::path dir = kCasesDir / GetParam();
  ScratchDb db("adopt_pgdump");
  ASSERT_EQ(Load(db, dir, "desired.sql"), "");
  TempDir tmp;
  CommandResult pg_dump = RunCommand("pg_dump -s " + ShellQuote(db.name()) + " > " + ShellQuote(tmp.File("schema.sql")));
  ASSERT_EQ(pg_dump.status, 0) << pg_dump.err;
  CommandResult drift = Schemasync("drift " + DbFlag(db) + " --desired " + ShellQuote(tmp.File("schema.sql")));
  EXPECT_EQ(drift.status, 0) << Describe(drift);
}

TEST_P(AdoptionTest, OfflinePlanListsTheSameChanges) {
  REQUIRE_SERVER();
  const fs::path dir = kCasesDir / GetParam();
  if (!fs::exists(dir / "current.sql")) GTEST_SKIP() << "no current.sql: nothing to compare from";
  if (fs::exists(dir / "data.sql")) {
    // The rows do not change the plan; the case is still compared.
  }
  ScratchDb db("adopt_offline");
  ASSERT_EQ(Load(db, dir, "current.sql"), "");
  const std::string desired = ShellQuote((dir / "desired.sql").string());
  CommandResult online = Schemasync("plan " + DbFlag(db) + " --desired " + desired + " --format json");
  ASSERT_TRUE(online.status == 0 || online.status == 3) << Describe(online);
  // The role that applies is the one the fixture's server logs in as (PGUSER).
  CommandResult offline = Schemasync("plan --from " + ShellQuote((dir / "current.sql").string()) + " --desired " + desired +
                                     " --format json");
  ASSERT_TRUE(offline.status == 0 || offline.status == 3) << Describe(offline);
  auto a = Changes(online.out), b = Changes(offline.out);
  // What only a server spells (views', rules' queries) is compared as written offline, which
  // the warning names: a respelling may show there as a change, never the other way round.
  for (auto it = b.begin(); it != b.end();) {
    bool named = offline.err.find(it->first.second) != std::string::npos;
    bool text_kind = it->first.first == "replace_rule" || it->first.first == "create_view" || it->first.first == "drop_view";
    it = named && text_kind && !a.count(it->first) ? b.erase(it) : std::next(it);
  }
  EXPECT_EQ(a, b) << "against the database:\n" << Show(a) << "offline (respelled views and rules left out):\n" << Show(b);
}

std::string CaseName(const ::testing::TestParamInfo<std::string>& info) {
  std::string n = info.param;
  std::replace_if(n.begin(), n.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
  return n;
}

INSTANTIATE_TEST_SUITE_P(Cases, AdoptionTest, ::testing::ValuesIn(ListCases()), CaseName);

// dump writes into a new or empty folder: files there already would mix with the dump.
TEST(DumpTest, RefusesAFolderHoldingSql) {
  REQUIRE_SERVER();
  ScratchDb db("dump_refuse");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir tmp;
  fs::create_directories(tmp.File("desired/public"));
  WriteFile(tmp.File("desired/public/mine.sql"), "CREATE TABLE mine (id int);\n");
  CommandResult dump = Schemasync("dump " + DbFlag(db) + " --out " + ShellQuote(tmp.File("desired")));
  EXPECT_EQ(dump.status, 1) << Describe(dump);
  EXPECT_NE(dump.err.find("already holds .sql files"), std::string::npos) << dump.err;
  EXPECT_EQ(ReadFile(tmp.File("desired/public/mine.sql")), "CREATE TABLE mine (id int);\n");
}

// Files per schema and kind, each object's comment, grants and indexes beside it, serial kept.
TEST(DumpTest, WritesOneFilePerSchemaAndKind) {
  REQUIRE_SERVER();
  ScratchDb db("dump_layout");
  ASSERT_TRUE(db.ok()) << db.error();
  ASSERT_EQ(db.LoadSql("CREATE SCHEMA app;"
                       "CREATE TYPE app.mood AS ENUM ('ok', 'sad');"
                       "CREATE TABLE app.people (id serial PRIMARY KEY, mood app.mood, name text NOT NULL);"
                       "COMMENT ON TABLE app.people IS 'who';"
                       "GRANT SELECT ON app.people TO PUBLIC;"
                       "CREATE INDEX people_name ON app.people (name);"
                       "CREATE VIEW app.names AS SELECT name FROM app.people;"
                       "CREATE FUNCTION app.one() RETURNS int LANGUAGE sql AS 'SELECT 1';")
                .status,
            0);
  TempDir tmp;
  CommandResult dump = Schemasync("dump " + DbFlag(db) + " --out " + ShellQuote(tmp.File("d")));
  ASSERT_EQ(dump.status, 0) << Describe(dump);
  for (const char* f : {"schemas.sql", "app/types.sql", "app/tables.sql", "app/views.sql", "app/functions.sql"}) {
    EXPECT_TRUE(fs::exists(tmp.File(std::string("d/") + f))) << f;
  }
  std::string tables = ReadFile(tmp.File("d/app/tables.sql"));
  size_t create = tables.find("CREATE TABLE app.people"), comment = tables.find("COMMENT ON TABLE app.people"),
         grant = tables.find("GRANT SELECT ON"), index = tables.find("CREATE INDEX people_name");
  EXPECT_NE(create, std::string::npos) << tables;
  EXPECT_LT(create, comment) << tables;
  EXPECT_LT(create, grant) << tables;
  EXPECT_LT(create, index) << tables;
  EXPECT_NE(tables.find("id serial"), std::string::npos) << tables;
  EXPECT_FALSE(fs::exists(tmp.File("d/app/sequences.sql"))) << "serial's sequence written on its own";
}

// pg_dump's \restrict line is read past; a meta-command that changes what psql does is refused
// with its place.
TEST(PsqlMetaTest, RestrictReadPastConnectRefused) {
  TempDir tmp;
  WriteFile(tmp.File("ok.sql"), "\\restrict abc123\nCREATE TABLE t (id int, note text DEFAULT E'a\\\\b');\n\\unrestrict abc123\n");
  CommandResult ok = Schemasync("plan --from " + ShellQuote(tmp.File("ok.sql")) + " --desired " + ShellQuote(tmp.File("ok.sql")));
  EXPECT_EQ(ok.status, 0) << Describe(ok);
  WriteFile(tmp.File("bad.sql"), "CREATE TABLE t (id int);\n\n\\connect other\nCREATE TABLE u (id int);\n");
  CommandResult bad = Schemasync("plan --from " + ShellQuote(tmp.File("ok.sql")) + " --desired " + ShellQuote(tmp.File("bad.sql")));
  EXPECT_EQ(bad.status, 1) << Describe(bad);
  EXPECT_NE(bad.err.find("bad.sql:3:1: psql meta-command \\connect"), std::string::npos) << bad.err;
  // A backslash inside a string or a body at the start of a line is not a meta-command.
  WriteFile(tmp.File("quoted.sql"), "CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$SELECT '\n\\x'$$;\n"
                                    "COMMENT ON FUNCTION f() IS '\n\\not a command';\n");
  CommandResult quoted = Schemasync("plan --from " + ShellQuote(tmp.File("quoted.sql")) + " --desired " +
                                    ShellQuote(tmp.File("quoted.sql")) + " --format json");
  EXPECT_EQ(quoted.status, 0) << Describe(quoted);
}

// An offline plan cannot be applied: it has no database to be the source of.
TEST(OfflineTest, RefusesOutAndSaysViewsAreComparedAsWritten) {
  TempDir tmp;
  WriteFile(tmp.File("a.sql"), "CREATE TABLE t (id int); CREATE VIEW v AS SELECT id FROM t;\n");
  WriteFile(tmp.File("b.sql"), "CREATE TABLE t (id int, n int); CREATE VIEW v AS SELECT id FROM t;\n");
  CommandResult out = Schemasync("plan --from " + ShellQuote(tmp.File("a.sql")) + " --desired " +
                                 ShellQuote(tmp.File("b.sql")) + " --out " + ShellQuote(tmp.File("p.json")));
  EXPECT_EQ(out.status, 1) << Describe(out);
  EXPECT_FALSE(fs::exists(tmp.File("p.json")));
  CommandResult plan = Schemasync("plan --from " + ShellQuote(tmp.File("a.sql")) + " --desired " +
                                  ShellQuote(tmp.File("b.sql")) + " --format text");
  EXPECT_EQ(plan.status, 0) << Describe(plan);
  EXPECT_NE(plan.out.find("+ column public.t.n  (add_column)"), std::string::npos) << plan.out;
  EXPECT_NE(plan.err.find("compared by their query as written"), std::string::npos) << plan.err;
  CommandResult drift = Schemasync("drift --from " + ShellQuote(tmp.File("a.sql")) + " --desired " + ShellQuote(tmp.File("b.sql")));
  EXPECT_EQ(drift.status, 2) << Describe(drift);
}

}  // namespace
}  // namespace schemasync
