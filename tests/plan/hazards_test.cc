// Hazards of steps, table-driven: for each change to an existing table, the step's kind, the
// hazards a reviewer must see and the lock it takes; the same change to a table the plan
// creates takes none.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "schemasync/parse.h"
#include "schemasync/plan.h"
#include "support/must_parse.h"

namespace schemasync {
namespace {

using testing_support::MustParse;

struct HazardCase {
  const char* name;
  const char* live;     // what the database has
  const char* desired;  // what the files say
  const char* kind;     // the step to look at
  std::set<std::string> hazards;  // exactly these, among the lock / scan / build / authz kinds
  const char* lock;     // its Step::lock starts so ("" = none)
  bool plain = false;   // planned --no-online (PlanOptions::online off)
};

const char* kUsers = "CREATE TABLE orgs (id int PRIMARY KEY); CREATE TABLE users (id int PRIMARY KEY, email text, org int);";

const HazardCase kCases[] = {
    {"set_not_null_scans", kUsers,
     "CREATE TABLE orgs (id int PRIMARY KEY); CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL, org int);",
     "set_not_null", {"validation_scan", "blocks_reads", "blocks_writes"}, "ACCESS EXCLUSIVE on public.users for a scan", true},
    {"set_not_null_online_validates_a_check_without_blocking_writes", kUsers,
     "CREATE TABLE orgs (id int PRIMARY KEY); CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL, org int);",
     "validate_constraint", {"validation_scan"}, "SHARE UPDATE EXCLUSIVE on public.users for a scan"},
    {"set_not_null_online_is_then_a_catalog_update", kUsers,
     "CREATE TABLE orgs (id int PRIMARY KEY); CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL, org int);",
     "set_not_null", {"blocks_reads", "blocks_writes"}, "ACCESS EXCLUSIVE on public.users for a catalog update"},
    {"foreign_key_scans_under_share_row_exclusive", kUsers,
     "CREATE TABLE orgs (id int PRIMARY KEY); CREATE TABLE users (id int PRIMARY KEY, email text, org int REFERENCES orgs);",
     "add_constraint", {"validation_scan", "blocks_writes"}, "SHARE ROW EXCLUSIVE on public.users for a scan", true},
    {"foreign_key_online_is_added_not_valid", kUsers,
     "CREATE TABLE orgs (id int PRIMARY KEY); CREATE TABLE users (id int PRIMARY KEY, email text, org int REFERENCES orgs);",
     "add_constraint", {"blocks_writes"}, "SHARE ROW EXCLUSIVE on public.users for a catalog update"},
    {"foreign_key_online_is_validated_apart", kUsers,
     "CREATE TABLE orgs (id int PRIMARY KEY); CREATE TABLE users (id int PRIMARY KEY, email text, org int REFERENCES orgs);",
     "validate_constraint", {"validation_scan"}, "SHARE UPDATE EXCLUSIVE on public.users for a scan"},
    {"check_scans", kUsers,
     "CREATE TABLE orgs (id int PRIMARY KEY); CREATE TABLE users (id int PRIMARY KEY, email text CHECK (email <> ''), org int);",
     "add_constraint", {"validation_scan", "blocks_reads", "blocks_writes"}, "ACCESS EXCLUSIVE on public.users for a scan", true},
    {"check_online_is_added_not_valid", kUsers,
     "CREATE TABLE orgs (id int PRIMARY KEY); CREATE TABLE users (id int PRIMARY KEY, email text CHECK (email <> ''), org int);",
     "add_constraint", {"blocks_reads", "blocks_writes"}, "ACCESS EXCLUSIVE on public.users for a catalog update"},
    {"not_valid_check_does_not_scan", kUsers,
     "CREATE TABLE orgs (id int PRIMARY KEY); CREATE TABLE users (id int PRIMARY KEY, email text, org int);"
     "ALTER TABLE users ADD CONSTRAINT e CHECK (email <> '') NOT VALID;",
     "add_constraint", {"blocks_reads", "blocks_writes"}, "ACCESS EXCLUSIVE on public.users for a catalog update"},
    {"unique_key_builds_its_index", kUsers,
     "CREATE TABLE orgs (id int PRIMARY KEY); CREATE TABLE users (id int PRIMARY KEY, email text UNIQUE, org int);",
     "add_constraint", {"index_build", "blocks_reads", "blocks_writes"}, "ACCESS EXCLUSIVE on public.users for the index build", true},
    {"unique_key_online_builds_its_index_concurrently", kUsers,
     "CREATE TABLE orgs (id int PRIMARY KEY); CREATE TABLE users (id int PRIMARY KEY, email text UNIQUE, org int);",
     "create_index", {"index_build"}, "SHARE UPDATE EXCLUSIVE on public.users for the index build"},
    {"unique_key_online_then_takes_the_index", kUsers,
     "CREATE TABLE orgs (id int PRIMARY KEY); CREATE TABLE users (id int PRIMARY KEY, email text UNIQUE, org int);",
     "add_constraint", {"blocks_reads", "blocks_writes"}, "ACCESS EXCLUSIVE on public.users for a catalog update"},
    {"volatile_default_rewrites", kUsers,
     "CREATE TABLE orgs (id int PRIMARY KEY); CREATE TABLE users (id int PRIMARY KEY, email text, org int, t uuid DEFAULT gen_random_uuid());",
     "add_column", {"table_rewrite", "blocks_reads", "blocks_writes"}, "ACCESS EXCLUSIVE on public.users for a rewrite", true},
    {"volatile_default_online_is_added_bare", kUsers,
     "CREATE TABLE orgs (id int PRIMARY KEY); CREATE TABLE users (id int PRIMARY KEY, email text, org int, t uuid DEFAULT gen_random_uuid());",
     "add_column", {"blocks_reads", "blocks_writes"}, "ACCESS EXCLUSIVE on public.users for a catalog update"},
    {"volatile_default_online_fills_the_rows_in_batches", kUsers,
     "CREATE TABLE orgs (id int PRIMARY KEY); CREATE TABLE users (id int PRIMARY KEY, email text, org int, t uuid DEFAULT gen_random_uuid());",
     "backfill_column", {"backfill"}, "ROW EXCLUSIVE on public.users for each batch"},
    {"volatile_default_not_null_online_validates_after_the_fill", kUsers,
     "CREATE TABLE orgs (id int PRIMARY KEY); CREATE TABLE users (id int PRIMARY KEY, email text, org int, t uuid NOT NULL DEFAULT gen_random_uuid());",
     "backfill_column", {"backfill", "validation_scan"}, "ROW EXCLUSIVE on public.users for each batch"},
    {"stable_default_is_a_catalog_update", kUsers,
     "CREATE TABLE orgs (id int PRIMARY KEY); CREATE TABLE users (id int PRIMARY KEY, email text, org int, at timestamptz DEFAULT now());",
     "add_column", {"blocks_reads", "blocks_writes"}, "ACCESS EXCLUSIVE on public.users for a catalog update"},
    {"identity_column_rewrites", kUsers,
     "CREATE TABLE orgs (id int PRIMARY KEY); CREATE TABLE users (id int PRIMARY KEY, email text, org int, n bigint GENERATED ALWAYS AS IDENTITY);",
     "add_column", {"table_rewrite", "blocks_reads", "blocks_writes"}, "ACCESS EXCLUSIVE on public.users for a rewrite"},
    {"retype_rewrites", kUsers,
     "CREATE TABLE orgs (id int PRIMARY KEY); CREATE TABLE users (id int PRIMARY KEY, email text, org bigint);",
     "alter_column_type", {"table_rewrite", "statistics_reset", "blocks_reads", "blocks_writes"},
     "ACCESS EXCLUSIVE on public.users for a rewrite"},
    {"widening_without_rewrite_still_resets_statistics_and_rebuilds_its_index",
     "CREATE TABLE t (id int PRIMARY KEY, code varchar(10)); CREATE INDEX t_code ON t (code);",
     "CREATE TABLE t (id int PRIMARY KEY, code varchar(20)); CREATE INDEX t_code ON t (code);", "alter_column_type",
     {"statistics_reset", "index_build", "blocks_reads", "blocks_writes"}, "ACCESS EXCLUSIVE on public.t for a catalog update"},
    {"serial_giving_up_its_sequence_loses_its_position", "CREATE TABLE t (id int PRIMARY KEY, n serial);",
     "CREATE TABLE t (id int PRIMARY KEY, n int NOT NULL);", "drop_sequence", {"data_loss"}, ""},
    {"unique_index_in_the_transaction_blocks_writes", kUsers,
     "CREATE TABLE orgs (id int PRIMARY KEY); CREATE TABLE users (id int PRIMARY KEY, email text, org int);"
     "CREATE UNIQUE INDEX users_email ON users (email);",
     "create_index", {"index_build", "blocks_writes"}, "SHARE on public.users for the index build", true},
    {"unique_index_online_is_built_concurrently", kUsers,
     "CREATE TABLE orgs (id int PRIMARY KEY); CREATE TABLE users (id int PRIMARY KEY, email text, org int);"
     "CREATE UNIQUE INDEX users_email ON users (email);",
     "create_index", {"index_build"}, "SHARE UPDATE EXCLUSIVE on public.users for the index build"},
    {"plain_index_is_built_concurrently", kUsers,
     "CREATE TABLE orgs (id int PRIMARY KEY); CREATE TABLE users (id int PRIMARY KEY, email text, org int);"
     "CREATE INDEX users_email ON users (email);",
     "create_index", {"index_build"}, "SHARE UPDATE EXCLUSIVE on public.users for the index build"},
    {"dropped_index", "CREATE TABLE users (id int PRIMARY KEY, email text); CREATE INDEX users_email ON users (email);",
     "CREATE TABLE users (id int PRIMARY KEY, email text);", "drop_index", {"index_dropped", "blocks_reads", "blocks_writes"},
     "ACCESS EXCLUSIVE on public.users", true},
    {"dropped_index_online_goes_concurrently",
     "CREATE TABLE users (id int PRIMARY KEY, email text); CREATE INDEX users_email ON users (email);",
     "CREATE TABLE users (id int PRIMARY KEY, email text);", "drop_index", {"index_dropped"},
     "SHARE UPDATE EXCLUSIVE on public.users"},
    {"changed_index_online_is_swapped_under_its_name",
     "CREATE TABLE users (id int PRIMARY KEY, email text); CREATE INDEX users_email ON users (email);",
     "CREATE TABLE users (id int PRIMARY KEY, email text); CREATE INDEX users_email ON users (lower(email));", "rename_index", {},
     "SHARE UPDATE EXCLUSIVE on public.users for a catalog update"},
    {"dropped_key_drops_its_index", "CREATE TABLE users (id int PRIMARY KEY, email text UNIQUE);",
     "CREATE TABLE users (id int PRIMARY KEY, email text);", "drop_constraint",
     {"index_dropped", "blocks_reads", "blocks_writes"}, "ACCESS EXCLUSIVE on public.users"},
    {"row_security_is_an_authz_change", kUsers,
     "CREATE TABLE orgs (id int PRIMARY KEY); CREATE TABLE users (id int PRIMARY KEY, email text, org int);"
     "ALTER TABLE users ENABLE ROW LEVEL SECURITY;",
     "enable_rls", {"authz_change", "blocks_reads", "blocks_writes"}, "ACCESS EXCLUSIVE on public.users"},
    {"policy_is_an_authz_change", kUsers,
     "CREATE TABLE orgs (id int PRIMARY KEY); CREATE TABLE users (id int PRIMARY KEY, email text, org int);"
     "CREATE POLICY p ON users USING (org = 1);",
     "create_policy", {"authz_change", "blocks_reads", "blocks_writes"}, "ACCESS EXCLUSIVE on public.users"},
    {"grant_is_an_authz_change", kUsers,
     "CREATE TABLE orgs (id int PRIMARY KEY); CREATE TABLE users (id int PRIMARY KEY, email text, org int);"
     "GRANT SELECT ON users TO PUBLIC;",
     "grant", {"authz_change"}, ""},
    {"trigger_blocks_writes", kUsers,
     "CREATE TABLE orgs (id int PRIMARY KEY); CREATE TABLE users (id int PRIMARY KEY, email text, org int);"
     "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;"
     "CREATE TRIGGER t BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION f();",
     "create_trigger", {"blocks_writes"}, "SHARE ROW EXCLUSIVE on public.users"},
    // The same changes to a table the plan creates: nobody reads or writes it yet.
    {"new_table_needs_none", "",
     "CREATE TABLE orgs (id int PRIMARY KEY); CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL UNIQUE, org int REFERENCES orgs);"
     "CREATE INDEX users_org ON users (org);",
     "create_index", {}, ""},
    {"new_table_policy_is_still_authz", "",
     "CREATE TABLE users (id int PRIMARY KEY, org int); CREATE POLICY p ON users USING (org = 1);",
     "create_policy", {"authz_change"}, ""},
};

class LockHazardTest : public ::testing::TestWithParam<HazardCase> {};

TEST_P(LockHazardTest, StepCarriesItsHazardsAndLock) {
  const HazardCase& c = GetParam();
  PlanOptions options;
  options.online = !c.plain;
  options.concurrent_indexes = !c.plain;
  auto plan = BuildPlan(MustParse(c.live), MustParse(c.desired), options);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  const Step* step = nullptr;
  for (const auto& s : plan->steps) {
    if (s.kind == c.kind) step = &s;
  }
  ASSERT_NE(step, nullptr) << "no " << c.kind << " step";
  static const std::set<std::string> kAssessed = {"blocks_writes", "blocks_reads", "index_build", "index_dropped",
                                                  "validation_scan", "authz_change", "table_rewrite",
                                                  "statistics_reset", "data_loss", "backfill"};
  std::set<std::string> got;
  for (const auto& h : step->hazards) {
    if (kAssessed.count(h)) got.insert(h);
  }
  EXPECT_EQ(got, c.hazards) << step->sql;
  EXPECT_EQ(step->lock.rfind(c.lock, 0), 0u) << "lock: " << step->lock;
  if (std::string(c.lock).empty()) EXPECT_EQ(step->lock, "");
}

INSTANTIATE_TEST_SUITE_P(Catalogue, LockHazardTest, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

// Every table-changing step of a new table's plan is free of lock hazards; the plan of a change
// to a live table leads with them in text form, with the lock.
TEST(LockHazardTest, NewTablesTakeNoLocks) {
  auto plan = BuildPlan(MustParse(""), MustParse("CREATE TABLE t (id int PRIMARY KEY, n text NOT NULL CHECK (n <> ''));"
                                                   "CREATE INDEX ON t (n); ALTER TABLE t ENABLE ROW LEVEL SECURITY;"));
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  for (const auto& s : plan->steps) {
    EXPECT_EQ(s.lock, "") << s.kind;
    for (const auto& h : s.hazards) EXPECT_TRUE(h == "authz_change" || h == "irreversible") << s.kind << " " << h;
  }
}

// A reverse step takes the lock of its own statement, on the database as the plan left it: the
// forward step's lock is not its inverse's.
TEST(LockHazardTest, ReverseStepsCarryTheirOwnLock) {
  PlanOptions plain;
  plain.online = false;
  auto change = BuildPlan(MustParse(kUsers + std::string("CREATE INDEX users_email ON users (email);")),
                          MustParse("CREATE TABLE orgs (id int PRIMARY KEY); CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL, org int);"
                                    "CREATE TABLE audit (id int);"),
                          plain);
  ASSERT_TRUE(change.ok()) << change.error().message;
  Plan back = change->Reverse();
  std::map<std::string, const Step*> by_kind;
  for (const auto& s : back.steps) by_kind[s.kind] = &s;
  ASSERT_TRUE(by_kind.count("revert_set_not_null"));
  EXPECT_EQ(by_kind["revert_set_not_null"]->lock, "ACCESS EXCLUSIVE on public.users for a catalog update");  // DROP NOT NULL: no scan
  ASSERT_TRUE(by_kind.count("revert_drop_index"));
  EXPECT_EQ(by_kind["revert_drop_index"]->lock, "SHARE on public.users for the index build");  // CREATE INDEX back
  ASSERT_TRUE(by_kind.count("revert_create_table"));
  EXPECT_EQ(by_kind["revert_create_table"]->lock, "ACCESS EXCLUSIVE on public.audit for a catalog update");  // it exists by then
  const auto& h = by_kind["revert_create_table"]->hazards;
  EXPECT_NE(std::find(h.begin(), h.end(), "data_loss"), h.end());
  EXPECT_NE(std::find(h.begin(), h.end(), "blocks_reads"), h.end());
}

}  // namespace
}  // namespace schemasync
