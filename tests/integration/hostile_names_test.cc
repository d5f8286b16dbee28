// Hostile role names: roles are cluster-wide, so this is a test of its own (the data case
// tests/cases/hostile_names covers schemas, tables, columns, constraints, indexes, policies,
// comments, defaults, views, functions, triggers, enums and sequences). A role whose name
// carries quotes, spaces, unicode and an injection attempt is granted to, named in a policy,
// planned, applied, checked for drift, and reversed.
#include <gtest/gtest.h>

#include <string>

#include "integration/pg_fixture.h"
#include "util/quote.h"

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

// psql against the server's maintenance database (roles live there as much as anywhere).
CommandResult Admin(const std::string& sql) {
  return RunCommand("psql -X -q -v ON_ERROR_STOP=1 -d postgres -c " + ShellQuote(sql));
}

TEST(HostileNamesTest, RoleNamesRoundTrip) {
  REQUIRE_SERVER();
  const std::string role = "r\"; DROP ROLE postgres; -- ☃ " + std::to_string(::getpid());
  const std::string q = QuoteIdent(role);
  ASSERT_EQ(Admin("CREATE ROLE " + q + " NOLOGIN").status, 0);
  {
    ScratchDb db("hostile_roles");
    ASSERT_TRUE(db.ok()) << db.error();
    ASSERT_EQ(db.LoadSql("CREATE TABLE notes (id int PRIMARY KEY, body text);").status, 0);
    const std::string before = db.Dump();
    TempDir tmp;
    WriteFile(tmp.File("d.sql"), "CREATE TABLE notes (id int PRIMARY KEY, body text);\n"
                                 "GRANT SELECT, UPDATE (body) ON notes TO " + q + ";\n"
                                 "ALTER TABLE notes ENABLE ROW LEVEL SECURITY;\n"
                                 "CREATE POLICY \"own; --\" ON notes FOR SELECT TO " + q + " USING (id > 0);\n");
    const std::string flags = DbFlag(db) + " --desired " + ShellQuote(tmp.File("d.sql"));
    CommandResult reverse = Schemasync("plan --reverse " + flags);
    ASSERT_EQ(reverse.status, 0) << Describe(reverse);
    CommandResult apply = Schemasync("apply --yes " + flags);
    ASSERT_EQ(apply.status, 0) << Describe(apply);
    EXPECT_EQ(Scalar(db, "SELECT has_table_privilege(" + QuoteLiteral(role) + ", 'notes', 'SELECT')"), "t");
    EXPECT_EQ(Scalar(db, "SELECT has_column_privilege(" + QuoteLiteral(role) + ", 'notes', 'body', 'UPDATE')"), "t");
    EXPECT_EQ(Scalar(db, "SELECT count(*) FROM pg_policy WHERE polname = 'own; --' AND " + QuoteLiteral(q) +
                             "::regrole = ANY (polroles)"),
              "1");
    CommandResult drift = Schemasync("drift " + flags);
    EXPECT_EQ(drift.status, 0) << Describe(drift);
    // The reverse plan, taken before the apply, restores the original schema.
    TempDir out;
    WriteFile(out.File("reverse.sql"), reverse.out);
    CommandResult back = RunCommand("psql -X -q -v ON_ERROR_STOP=1 -d " + ShellQuote(db.name()) + " -f " +
                                    ShellQuote(out.File("reverse.sql")));
    ASSERT_EQ(back.status, 0) << Describe(back);
    EXPECT_EQ(db.Dump(), before);
    EXPECT_EQ(Scalar(db, "SELECT has_table_privilege(" + QuoteLiteral(role) + ", 'notes', 'SELECT')"), "f");
  }
  EXPECT_EQ(Admin("DROP ROLE " + q).status, 0);
}

}  // namespace
}  // namespace schemasync
