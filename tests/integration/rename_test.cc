// A rename by annotation against a real server: the rows stay, the result dumps as the desired
// SQL loaded fresh, a second plan is empty, and the saved plan's reverse restores the original
// (a view reading the old names, and a trigger naming the old column, are rebuilt both ways; a
// trigger that names only the table follows it, as in the catalog).
#include <gtest/gtest.h>

#include <string>

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

// The round trip every rename test makes: a live database with `current` and rows, the desired
// SQL loaded fresh beside it; the plan saved, applied (the result dumps as the fresh load, drift
// finds nothing), and its reverse applied (the original dump again).
class RoundTrip {
 public:
  RoundTrip(const std::string& label, const std::string& current, const std::string& desired)
      : live_(label + "_live"), want_(label + "_want") {
    if (!live_.ok() || !want_.ok()) return;
    loaded_ = live_.LoadSql(current).status == 0 && want_.LoadSql(desired).status == 0;
    WriteFile(tmp_.File("d.sql"), desired);
    flags_ = DbFlag(live_) + " --desired " + ShellQuote(tmp_.File("d.sql"));
    before_ = live_.Dump();
  }
  bool ok() const { return live_.ok() && want_.ok() && loaded_; }
  std::string error() const { return live_.error() + want_.error() + (loaded_ ? "" : "the SQL did not load"); }
  const ScratchDb& live() const { return live_; }
  const std::string& flags() const { return flags_; }
  CommandResult Save() { return Schemasync("plan --out " + PlanFile() + " " + flags_); }
  void ApplySaved() {
    CommandResult applied = Schemasync("apply --yes --plan " + PlanFile() + " " + flags_);
    ASSERT_EQ(applied.status, 0) << Describe(applied);
    EXPECT_EQ(live_.Dump(), want_.Dump()) << DumpDiff(want_.Dump(), live_.Dump());
    EXPECT_EQ(Schemasync("drift " + flags_).status, 0);
  }
  void RevertSaved() {
    CommandResult reverted = Schemasync("revert --yes --plan " + PlanFile() + " " + flags_);
    ASSERT_EQ(reverted.status, 0) << Describe(reverted);
    EXPECT_EQ(live_.Dump(), before_) << DumpDiff(before_, live_.Dump());
  }

 private:
  std::string PlanFile() { return ShellQuote(tmp_.File("plan.json")); }
  ScratchDb live_, want_;
  TempDir tmp_;
  bool loaded_ = false;
  std::string flags_, before_;
};

TEST(RenameTest, TableColumnConstraintAndIndexKeepTheirRowsAndReverse) {
  REQUIRE_SERVER();
  const char* current =
      "CREATE TABLE accounts (id int PRIMARY KEY, fullname text, score int CHECK (score > 0),\n"
      "  CONSTRAINT accounts_score_cap CHECK (score < 1000000));\n"
      "CREATE INDEX accounts_fullname ON accounts (fullname);\n"
      "CREATE INDEX accounts_lower ON accounts (lower(fullname)) WHERE score > 5;\n"
      "CREATE TABLE orders (id int PRIMARY KEY, account_id int REFERENCES accounts (id));\n"
      "INSERT INTO accounts SELECT g, 'n' || g, g FROM generate_series(1, 5000) g;\n"
      "INSERT INTO orders SELECT g, g FROM generate_series(1, 5000) g;\n"
      "CREATE VIEW v AS SELECT id, fullname FROM accounts;\n"
      "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n"
      "CREATE TRIGGER accounts_insert BEFORE INSERT ON accounts FOR EACH ROW EXECUTE FUNCTION touch();\n"
      "CREATE TRIGGER accounts_name BEFORE UPDATE OF fullname ON accounts FOR EACH ROW EXECUTE FUNCTION touch();\n"
      "CREATE RULE keep_orders AS ON DELETE TO orders WHERE old.account_id < 0 DO INSTEAD NOTHING;\n";
  const char* desired =
      "-- schemasync:renamed-from accounts\n"
      "CREATE TABLE users (\n"
      "  id int PRIMARY KEY,\n"
      "  -- schemasync:renamed-from fullname\n"
      "  display_name text,\n"
      "  score int CHECK (score > 0),\n"
      "  -- schemasync:renamed-from accounts_score_cap\n"
      "  CONSTRAINT score_cap CHECK (score < 1000000)\n"
      ");\n"
      "-- schemasync:renamed-from accounts_fullname\n"
      "CREATE INDEX users_display_name ON users (display_name);\n"
      "CREATE INDEX accounts_lower ON users (lower(display_name)) WHERE score > 5;\n"
      "CREATE TABLE orders (id int PRIMARY KEY, account_id int REFERENCES users (id));\n"
      "CREATE VIEW v AS SELECT id, display_name FROM users;\n"
      "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n"
      "CREATE TRIGGER accounts_insert BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION touch();\n"
      "CREATE TRIGGER accounts_name BEFORE UPDATE OF display_name ON users FOR EACH ROW EXECUTE FUNCTION touch();\n"
      "CREATE RULE keep_orders AS ON DELETE TO orders WHERE old.account_id < 0 DO INSTEAD NOTHING;\n";
  RoundTrip rt("rename", current, desired);
  ASSERT_TRUE(rt.ok()) << rt.error();
  CommandResult plan = rt.Save();
  ASSERT_EQ(plan.status, 0) << Describe(plan);  // nothing lost: no --allow-destructive needed
  CommandResult sql = Schemasync("plan " + rt.flags());
  EXPECT_EQ(sql.out.find("DROP TABLE"), std::string::npos) << sql.out;
  EXPECT_EQ(sql.out.find("DROP COLUMN"), std::string::npos) << sql.out;
  EXPECT_NE(sql.out.find("RENAME COLUMN fullname TO display_name"), std::string::npos) << sql.out;
  EXPECT_EQ(sql.out.find("TRIGGER accounts_insert"), std::string::npos) << sql.out;  // follows the table

  ASSERT_NO_FATAL_FAILURE(rt.ApplySaved());
  EXPECT_EQ(Scalar(rt.live(), "SELECT count(*) FROM users WHERE display_name = 'n' || id"), "5000");
  EXPECT_EQ(Scalar(rt.live(), "SELECT count(*) FROM orders JOIN users ON users.id = orders.account_id"), "5000");

  ASSERT_NO_FATAL_FAILURE(rt.RevertSaved());
  EXPECT_EQ(Scalar(rt.live(), "SELECT count(*) FROM accounts WHERE fullname = 'n' || id"), "5000");
}

// A function renamed: what calls it by name (a default, a CHECK, an index expression, a trigger)
// follows it as the catalog does, so nothing else is rebuilt.
TEST(RenameTest, FunctionAndWhatCallsItFollow) {
  REQUIRE_SERVER();
  const char* current =
      "CREATE FUNCTION norm(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower(t) $$;\n"
      "CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n"
      "CREATE TABLE u (id int PRIMARY KEY, email text DEFAULT norm('X') CHECK (norm(email) <> ''));\n"
      "CREATE INDEX u_norm ON u (norm(email));\n"
      "CREATE TRIGGER u_t BEFORE INSERT ON u FOR EACH ROW EXECUTE FUNCTION trg();\n"
      "INSERT INTO u SELECT g, 'E' || g FROM generate_series(1, 1000) g;\n";
  const char* desired =
      "-- schemasync:renamed-from norm\n"
      "CREATE FUNCTION normalize_text(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower(t) $$;\n"
      "-- schemasync:renamed-from trg\n"
      "CREATE FUNCTION u_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n"
      "CREATE TABLE u (id int PRIMARY KEY, email text DEFAULT normalize_text('X') CHECK (normalize_text(email) <> ''));\n"
      "CREATE INDEX u_norm ON u (normalize_text(email));\n"
      "CREATE TRIGGER u_t BEFORE INSERT ON u FOR EACH ROW EXECUTE FUNCTION u_touch();\n";
  RoundTrip rt("rename_fn", current, desired);
  ASSERT_TRUE(rt.ok()) << rt.error();
  CommandResult text = Schemasync("plan --format text " + rt.flags());
  ASSERT_EQ(text.status, 0) << Describe(text);
  EXPECT_NE(text.out.find("Plan: 2 change(s)"), std::string::npos) << text.out;  // the two renames, nothing rebuilt
  ASSERT_EQ(rt.Save().status, 0);
  ASSERT_NO_FATAL_FAILURE(rt.ApplySaved());
  ASSERT_NO_FATAL_FAILURE(rt.RevertSaved());
}

// Types renamed: an enum and a domain, used by columns (plain and array), a composite's
// attribute, casts in a default, a CHECK and an index predicate, and a function's signature;
// the domain's CHECK keeps its place under the name PostgreSQL would give it.
TEST(RenameTest, TypesAndWhatSpellsThemFollow) {
  REQUIRE_SERVER();
  const char* current =
      "CREATE TYPE color AS ENUM ('red', 'green');\n"
      "CREATE DOMAIN posint AS int CHECK (VALUE > 0);\n"
      "CREATE TYPE pair AS (a int, c color);\n"
      "CREATE TABLE t (id int PRIMARY KEY, c color DEFAULT 'red', cs color[], n posint, p pair, CHECK (c <> 'green'::color));\n"
      "CREATE INDEX t_c ON t (c) WHERE c <> 'red'::color;\n"
      "CREATE FUNCTION paint(x color) RETURNS color LANGUAGE sql AS $$ SELECT x $$;\n"
      "INSERT INTO t SELECT g, 'red', '{red}', g, ROW(1, 'red')::pair FROM generate_series(1, 1000) g;\n";
  const char* desired =
      "-- schemasync:renamed-from color\n"
      "CREATE TYPE colour AS ENUM ('red', 'green');\n"
      "-- schemasync:renamed-from posint\n"
      "CREATE DOMAIN positive_int AS int CHECK (VALUE > 0);\n"
      "CREATE TYPE pair AS (a int, c colour);\n"
      "CREATE TABLE t (id int PRIMARY KEY, c colour DEFAULT 'red', cs colour[], n positive_int, p pair, CHECK (c <> 'green'::colour));\n"
      "CREATE INDEX t_c ON t (c) WHERE c <> 'red'::colour;\n"
      "CREATE FUNCTION paint(x colour) RETURNS colour LANGUAGE sql AS $$ SELECT x $$;\n";
  RoundTrip rt("rename_type", current, desired);
  ASSERT_TRUE(rt.ok()) << rt.error();
  CommandResult text = Schemasync("plan --format text " + rt.flags());
  ASSERT_EQ(text.status, 0) << Describe(text);
  EXPECT_NE(text.out.find("Plan: 3 change(s)"), std::string::npos) << text.out;  // two renames and the domain CHECK's name
  ASSERT_EQ(rt.Save().status, 0);
  ASSERT_NO_FATAL_FAILURE(rt.ApplySaved());
  EXPECT_EQ(Scalar(rt.live(), "SELECT count(*) FROM t WHERE c = 'red'::colour AND cs = '{red}'::colour[]"), "1000");
  ASSERT_NO_FATAL_FAILURE(rt.RevertSaved());
}

}  // namespace
}  // namespace schemasync
