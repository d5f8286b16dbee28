// The hazard gates through the CLI against a real server: a reviewer sees each risky step's
// hazards and lock first; --deny-hazards stops plan (exit 3) and apply (nothing changes);
// --allow-hazards data_loss is --allow-destructive; a misspelt kind is a usage error.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

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

bool Contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

TEST(HazardGateTest, DenyStopsPlanAndApplyAndTheTextLeadsWithTheLock) {
  REQUIRE_SERVER();
  ScratchDb db("hazard_gate");
  ASSERT_TRUE(db.ok()) << db.error();
  ASSERT_EQ(db.LoadSql("CREATE TABLE users (id int PRIMARY KEY, email text, legacy text);"
                       "INSERT INTO users SELECT g, 'u' || g, 'x' FROM generate_series(1, 1000) g;").status, 0);
  TempDir tmp;
  // token: a volatile default, filled in batches online; seq: an identity, which rewrites the
  // table whatever the way.
  WriteFile(tmp.File("d.sql"), "CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL, token uuid DEFAULT gen_random_uuid(),\n"
                               "  seq bigint GENERATED ALWAYS AS IDENTITY);\n");
  const std::string flags = DbFlag(db) + " --desired " + ShellQuote(tmp.File("d.sql"));

  CommandResult text = Schemasync("plan --format text " + flags);
  EXPECT_EQ(text.status, 3) << Describe(text);  // drops a column: data_loss
  size_t hazards = text.out.find("Hazards:"), changes = text.out.find("Changes:");
  ASSERT_NE(hazards, std::string::npos) << text.out;
  EXPECT_LT(hazards, changes) << text.out;
  // Online (the default), NOT NULL is proved by a CHECK validated under a lock that lets writes
  // through; SET NOT NULL itself is then a catalog update.
  EXPECT_TRUE(Contains(text.out, "validate_constraint (validation_scan)")) << text.out;
  EXPECT_TRUE(Contains(text.out, "takes SHARE UPDATE EXCLUSIVE on public.users for a scan of its rows")) << text.out;
  EXPECT_TRUE(Contains(text.out, "set_not_null (blocks_reads, blocks_writes)")) << text.out;
  EXPECT_FALSE(Contains(text.out, "takes ACCESS EXCLUSIVE on public.users for a scan of its rows")) << text.out;
  EXPECT_TRUE(Contains(text.out, "column public.users.seq: add_column (table_rewrite")) << text.out;
  EXPECT_TRUE(Contains(text.out, "column public.users.token: backfill_column (backfill)")) << text.out;
  EXPECT_TRUE(Contains(text.out, "takes ROW EXCLUSIVE on public.users for each batch")) << text.out;
  // The plain way scans under ACCESS EXCLUSIVE, and says so.
  CommandResult plain = Schemasync("plan --format text --no-online " + flags);
  EXPECT_TRUE(Contains(plain.out, "set_not_null (validation_scan, blocks_reads, blocks_writes)")) << plain.out;
  EXPECT_TRUE(Contains(plain.out, "takes ACCESS EXCLUSIVE on public.users for a scan of its rows")) << plain.out;

  CommandResult json = Schemasync("plan --format json " + flags);
  auto doc = nlohmann::json::parse(json.out, nullptr, false);
  ASSERT_TRUE(doc.is_object()) << json.out;
  bool saw_lock = false;
  for (const auto& s : doc["steps"]) saw_lock |= s.contains("lock") && s["lock"].get<std::string>().rfind("ACCESS EXCLUSIVE", 0) == 0;
  EXPECT_TRUE(saw_lock) << json.out;

  // Denied: plan exits 3 naming the step; apply refuses and the table keeps its shape and rows.
  CommandResult denied = Schemasync("plan --allow-destructive --deny-hazards table_rewrite " + flags);
  EXPECT_EQ(denied.status, 3) << Describe(denied);
  EXPECT_TRUE(Contains(denied.err, "add_column column public.users.seq (table_rewrite)")) << denied.err;
  CommandResult refused = Schemasync("apply --yes --allow-destructive --deny-hazards table_rewrite,blocks_reads " + flags);
  EXPECT_EQ(refused.status, 3) << Describe(refused);
  EXPECT_EQ(Scalar(db, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'legacy'"), "1");

  // A misspelt kind is refused before anything runs.
  CommandResult typo = Schemasync("plan --deny-hazards tabel_rewrite " + flags);
  EXPECT_EQ(typo.status, 1) << Describe(typo);  // CLI11's usage error
  EXPECT_TRUE(Contains(typo.err, "tabel_rewrite")) << typo.err;

  // --allow-hazards data_loss stands for --allow-destructive.
  CommandResult applied = Schemasync("apply --yes --allow-hazards data_loss " + flags);
  EXPECT_EQ(applied.status, 0) << Describe(applied);
  EXPECT_EQ(Scalar(db, "SELECT count(*) FROM users WHERE token IS NOT NULL"), "1000");
  EXPECT_EQ(Schemasync("drift " + flags).status, 0);
}

}  // namespace
}  // namespace schemasync
