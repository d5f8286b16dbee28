// Foreign data through the CLI: a user mapping's secret options never reach any output (stdout,
// stderr, plan files in every format, the reverse plan), and schemasync leaves them as they are.
#include <gtest/gtest.h>

#include <string>

#include "integration/pg_fixture.h"

namespace schemasync {
namespace {

using pgtest::CommandResult;
using pgtest::DbFlag;
using pgtest::Describe;
using pgtest::ReadFile;
using pgtest::Scalar;
using pgtest::Schemasync;
using pgtest::ScratchDb;
using pgtest::ShellQuote;
using pgtest::TempDir;
using pgtest::WriteFile;

const std::string kSecret = "Hunter2-Sekr1t-fdw";
const std::string kKeySecret = "k3y-material-77q";

bool Contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

void ExpectNoSecret(const std::string& what, const std::string& text) {
  EXPECT_FALSE(Contains(text, kSecret)) << what << " holds the password:\n" << text;
  EXPECT_FALSE(Contains(text, kKeySecret)) << what << " holds the key:\n" << text;
}

TEST(ForeignDataTest, UserMappingSecretsNeverLeaveTheServer) {
  REQUIRE_SERVER();
  ScratchDb db("fdw_secret");
  ASSERT_TRUE(db.ok()) << db.error();
  ASSERT_EQ(db.LoadSql("CREATE FOREIGN DATA WRAPPER dummy;"
                       "CREATE SERVER remote FOREIGN DATA WRAPPER dummy;"
                       "CREATE USER MAPPING FOR PUBLIC SERVER remote OPTIONS (user 'old', password '" + kSecret + "');"
                       "CREATE SERVER gone FOREIGN DATA WRAPPER dummy;"
                       "CREATE USER MAPPING FOR CURRENT_USER SERVER gone OPTIONS (password '" + kSecret +
                       "', sslkey '" + kKeySecret + "', user 'x');")
                .status,
            0);
  TempDir tmp;
  // The password is not named in the desired SQL: schemasync manages the rest of the mapping.
  WriteFile(tmp.File("s.sql"),
            "CREATE FOREIGN DATA WRAPPER dummy;\n"
            "CREATE SERVER remote FOREIGN DATA WRAPPER dummy;\n"
            "CREATE USER MAPPING FOR PUBLIC SERVER remote OPTIONS (user 'new');\n"
            "CREATE SERVER gone FOREIGN DATA WRAPPER dummy;\n");
  const std::string flags = DbFlag(db) + " --desired " + ShellQuote(tmp.File("s.sql"));
  for (const std::string format : {"sql", "json", "text"}) {
    const std::string file = tmp.File("plan-" + format + ".json");
    CommandResult plan = Schemasync("plan " + flags + " --format " + format + " --out " + ShellQuote(file));
    EXPECT_EQ(plan.status, 3) << Describe(plan);  // the drop of a mapping holding a secret is destructive
    if (format != "text") {  // text lists the steps without their SQL
      EXPECT_TRUE(Contains(plan.out, "SET \\\"user\\\" 'new'") || Contains(plan.out, "SET \"user\" 'new'")) << plan.out;
      EXPECT_TRUE(Contains(plan.out, "DROP USER MAPPING")) << plan.out;
    }
    EXPECT_TRUE(Contains(plan.out, "drop_user_mapping")) << plan.out;
    ExpectNoSecret("plan --format " + format, plan.out + plan.err);
    ExpectNoSecret("plan file", ReadFile(file));
    CommandResult reverse = Schemasync("plan --reverse " + flags + " --format " + format);
    ExpectNoSecret("plan --reverse --format " + format, reverse.out + reverse.err);
  }
  CommandResult drift = Schemasync("drift " + flags + " --format json");
  EXPECT_EQ(drift.status, 2) << Describe(drift);
  ExpectNoSecret("drift", drift.out + drift.err);

  // Dropping a mapping that holds a secret loses it: destructive, and irreversible.
  CommandResult refused = Schemasync("apply --yes " + flags);
  EXPECT_EQ(refused.status, 3) << Describe(refused);
  ExpectNoSecret("apply", refused.out + refused.err);
  CommandResult applied = Schemasync("apply --yes --allow-destructive " + flags);
  EXPECT_EQ(applied.status, 0) << Describe(applied);
  ExpectNoSecret("apply", applied.out + applied.err);

  // The password is where it was; only the managed option changed.
  EXPECT_EQ(Scalar(db, "SELECT array_to_string(ARRAY(SELECT o FROM unnest(umoptions) o ORDER BY 1), ',') "
                       "FROM pg_user_mappings WHERE srvname = 'remote'"),
            "password=" + kSecret + ",user=new");
  EXPECT_EQ(Scalar(db, "SELECT count(*) FROM pg_user_mappings WHERE srvname = 'gone'"), "0");
  CommandResult again = Schemasync("drift " + flags);
  EXPECT_EQ(again.status, 0) << Describe(again);
  ExpectNoSecret("drift", again.out + again.err);
}

TEST(ForeignDataTest, SecretInDesiredSqlIsRefusedWithoutItsValue) {
  TempDir tmp;
  WriteFile(tmp.File("s.sql"),
            "CREATE FOREIGN DATA WRAPPER dummy;\nCREATE SERVER remote FOREIGN DATA WRAPPER dummy;\n"
            "CREATE USER MAPPING FOR PUBLIC SERVER remote OPTIONS (user 'u', password '" + kSecret + "');\n");
  // No database is reached: the desired files are read first.
  CommandResult r = Schemasync("plan --db " + ShellQuote("host=127.0.0.1 port=1 dbname=x") + " --desired " +
                               ShellQuote(tmp.File("s.sql")));
  EXPECT_EQ(r.status, 1) << Describe(r);
  EXPECT_TRUE(Contains(r.err, "user mapping option \"password\" holds a secret")) << r.err;
  ExpectNoSecret("plan", r.out + r.err);
}

}  // namespace
}  // namespace schemasync
