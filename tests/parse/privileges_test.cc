// Privileges in the desired SQL: CURRENT_USER grantees, ON ALL ... IN SCHEMA in statement order,
// type privileges, ALTER DEFAULT PRIVILEGES and the objects created after it; and the plan's
// order around default privileges.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "schemasync/model.h"
#include "schemasync/parse.h"
#include "schemasync/plan.h"
#include "support/must_parse.h"

namespace schemasync {
namespace {

using testing_support::MustParse;

std::string ErrorOf(const std::string& sql) {
  auto r = ParseDesired(sql, "f.sql");
  return r.ok() ? "(no error)" : r.error().message;
}

Grants GrantsOf(const Schema& s, const std::string& schema, const std::string& name) {
  auto it = s.grants.find({schema, name});
  return it == s.grants.end() ? Grants{} : it->second;
}

TEST(PrivilegesTest, CurrentUserIsThePlaceholderUntilResolved) {
  Schema s = MustParse(
      "CREATE TABLE t (id int); GRANT SELECT ON t TO CURRENT_USER, reader; "
      "ALTER TABLE t ENABLE ROW LEVEL SECURITY; CREATE POLICY p ON t TO zed, SESSION_USER USING (true);");
  EXPECT_EQ(GrantsOf(s, "public", "t"), (Grants{{kCurrentRole, {"SELECT"}}, {"reader", {"SELECT"}}}));
  ResolveCurrentRole(s, "app");
  EXPECT_EQ(GrantsOf(s, "public", "t"), (Grants{{"app", {"SELECT"}}, {"reader", {"SELECT"}}}));
  EXPECT_EQ(s.tables.at({"public", "t"}).policies.at("p").roles, (std::vector<std::string>{"app", "zed"}));
  EXPECT_EQ(s.current_role, "app");
}

TEST(PrivilegesTest, AllTablesInSchemaMeansThoseCreatedBeforeIt) {
  Schema s = MustParse(
      "CREATE SCHEMA app; CREATE TABLE app.a (id serial); CREATE VIEW app.v AS SELECT 1 AS x; "
      "CREATE MATERIALIZED VIEW app.m AS SELECT 1 AS x; CREATE TABLE public.elsewhere (id int); "
      "GRANT SELECT ON ALL TABLES IN SCHEMA app TO reader; "
      "CREATE TABLE app.later (id int);");
  const Grants read{{"reader", {"SELECT"}}};
  EXPECT_EQ(GrantsOf(s, "app", "a"), read);
  EXPECT_EQ(GrantsOf(s, "app", "v"), read);
  EXPECT_EQ(GrantsOf(s, "app", "m"), read);
  EXPECT_EQ(GrantsOf(s, "app", "a_id_seq"), Grants{});  // ALL TABLES holds no sequences
  EXPECT_EQ(GrantsOf(s, "app", "later"), Grants{});
  EXPECT_EQ(GrantsOf(s, "public", "elsewhere"), Grants{});
}

TEST(PrivilegesTest, AllFunctionsProceduresRoutines) {
  Schema s = MustParse(
      "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'; CREATE PROCEDURE p() LANGUAGE sql AS 'SELECT 1'; "
      "REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC; "
      "GRANT EXECUTE ON ALL PROCEDURES IN SCHEMA public TO a; GRANT ALL ON ALL ROUTINES IN SCHEMA public TO b;");
  EXPECT_EQ(s.functions.at({"public", "f()"}).grants, (Grants{{"b", {"EXECUTE"}}}));
  EXPECT_EQ(s.functions.at({"public", "p()"}).grants, (Grants{{"PUBLIC", {"EXECUTE"}}, {"a", {"EXECUTE"}}, {"b", {"EXECUTE"}}}));
}

TEST(PrivilegesTest, TypePrivilegesStartWithUsageForPublic) {
  Schema s = MustParse(
      "CREATE TYPE e AS ENUM ('x'); CREATE DOMAIN d AS int; CREATE TYPE c AS (a int); "
      "REVOKE ALL ON TYPE e FROM PUBLIC; GRANT USAGE ON DOMAIN d TO r WITH GRANT OPTION;");
  EXPECT_EQ(s.enums.at({"public", "e"}).grants, Grants{});
  EXPECT_EQ(s.domains.at({"public", "d"}).grants, (Grants{{"PUBLIC", {"USAGE"}}, {"r", {"USAGE WITH GRANT OPTION"}}}));
  EXPECT_EQ(s.composites.at({"public", "c"}).grants, (Grants{{"PUBLIC", {"USAGE"}}}));
  EXPECT_NE(ErrorOf("CREATE TYPE e AS ENUM ('x'); GRANT SELECT ON TYPE e TO r;").find("invalid privilege type SELECT for types"),
            std::string::npos);
  EXPECT_NE(ErrorOf("CREATE TYPE e AS ENUM ('x'); GRANT USAGE ON DOMAIN e TO r;").find("is not a domain"), std::string::npos);
  EXPECT_NE(ErrorOf("GRANT USAGE ON TYPE nope TO r;").find("type \"public.nope\" does not exist"), std::string::npos);
}

TEST(PrivilegesTest, DefaultPrivilegesAreStoredAsPostgresqlStoresThem) {
  Schema s = MustParse(
      "CREATE SCHEMA app; "
      "ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC; "
      "ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO reader; "
      "ALTER DEFAULT PRIVILEGES IN SCHEMA app REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC; "  // nothing to take away
      "ALTER DEFAULT PRIVILEGES GRANT USAGE ON TYPES TO reader; "
      "ALTER DEFAULT PRIVILEGES REVOKE USAGE ON TYPES FROM reader; "                      // back to the default: deleted
      "ALTER DEFAULT PRIVILEGES FOR ROLE other GRANT SELECT ON SEQUENCES TO reader;");
  EXPECT_EQ(s.default_acls, (std::map<DefaultAclKey, Grants>{
                                {{kCurrentRole, "", 'f'}, {{kCurrentRole, {"EXECUTE"}}}},
                                {{kCurrentRole, "app", 'r'}, {{"reader", {"SELECT"}}}},
                                {{"other", "", 'S'}, {{"other", {"SELECT", "UPDATE", "USAGE"}}, {"reader", {"SELECT"}}}},
                            }));
}

TEST(PrivilegesTest, ObjectsCreatedAfterDefaultPrivilegesGetThem) {
  Schema s = MustParse(
      "CREATE SCHEMA app; CREATE TABLE app.before (id int); CREATE FUNCTION app.f0() RETURNS int LANGUAGE sql AS 'SELECT 0'; "
      "ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO reader; "
      "ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT INSERT ON TABLES TO writer; "
      "ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC; "
      "ALTER DEFAULT PRIVILEGES FOR ROLE other GRANT DELETE ON TABLES TO reader; "
      "ALTER DEFAULT PRIVILEGES GRANT USAGE ON SCHEMAS TO reader; "
      "CREATE TABLE app.after (id int); CREATE TABLE public.other_schema (id int); CREATE SCHEMA late; "
      "CREATE FUNCTION app.f1() RETURNS int LANGUAGE sql AS 'SELECT 1'; "
      "REVOKE SELECT ON app.after FROM reader;");
  EXPECT_EQ(GrantsOf(s, "app", "before"), Grants{});
  EXPECT_EQ(GrantsOf(s, "app", "after"), (Grants{{"writer", {"INSERT"}}}));
  EXPECT_EQ(GrantsOf(s, "public", "other_schema"), (Grants{{"reader", {"SELECT"}}}));
  EXPECT_EQ(s.functions.at({"app", "f0()"}).grants, (Grants{{"PUBLIC", {"EXECUTE"}}}));
  EXPECT_EQ(s.functions.at({"app", "f1()"}).grants, Grants{});
  EXPECT_EQ(s.schema_grants.at("late"), (Grants{{"reader", {"USAGE"}}}));
  EXPECT_FALSE(s.schema_grants.count("app"));
}

TEST(PrivilegesTest, WhatStaysRefusedSaysWhatToDo) {
  EXPECT_NE(ErrorOf("GRANT CONNECT ON DATABASE postgres TO r;").find("not part of a schema"), std::string::npos);
  EXPECT_NE(ErrorOf("CREATE TABLE t (id int); GRANT SELECT ON t TO r GRANTED BY boss;").find("remove GRANTED BY"), std::string::npos);
  EXPECT_EQ(ErrorOf("CREATE TABLE t (id int); GRANT SELECT ON t TO r GRANTED BY CURRENT_USER;"), "(no error)");
  EXPECT_NE(ErrorOf("GRANT SELECT ON ALL TABLES IN SCHEMA app TO r; CREATE SCHEMA app;").find("schema \"app\" does not exist"),
            std::string::npos);
  EXPECT_NE(ErrorOf("CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY); GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO r;")
                .find("name the sequences instead"),
            std::string::npos);
  EXPECT_NE(ErrorOf("ALTER DEFAULT PRIVILEGES GRANT USAGE ON SEQUENCES TO r; CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY);")
                .find("grant on the sequences by name instead"),
            std::string::npos);
  EXPECT_NE(ErrorOf("CREATE SCHEMA app; ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT USAGE ON SCHEMAS TO r;")
                .find("cannot use IN SCHEMA clause"),
            std::string::npos);
  EXPECT_NE(ErrorOf("ALTER DEFAULT PRIVILEGES GRANT SELECT (id) ON TABLES TO r;").find("cannot be set for columns"),
            std::string::npos);
  EXPECT_NE(ErrorOf("ALTER DEFAULT PRIVILEGES GRANT USAGE ON TABLES TO r;").find("invalid privilege type USAGE for tables"),
            std::string::npos);
}

TEST(PrivilegesTest, DefaultPrivilegeStepsComeAfterTheCreationsTheyGovern) {
  // The plan creates objects under the live defaults and grants from there; a default changed
  // before a creation would give the new object privileges the plan does not expect.
  Schema live = MustParse("CREATE TABLE gone (id int); ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO reader;");
  Schema desired = MustParse("CREATE TABLE fresh (id int); ALTER DEFAULT PRIVILEGES GRANT INSERT ON TABLES TO writer;");
  ResolveCurrentRole(live, "app");
  ResolveCurrentRole(desired, "app");
  auto plan = BuildPlan(live, desired);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  auto at = [&](const std::string& sql) {
    auto it = std::find_if(plan->steps.begin(), plan->steps.end(), [&](const Step& s) { return s.sql.find(sql) != std::string::npos; });
    return it == plan->steps.end() ? -1 : static_cast<int>(it - plan->steps.begin());
  };
  const int create = at("CREATE TABLE public.fresh"), drop = at("DROP TABLE public.gone");
  const int revoke_default = at("ALTER DEFAULT PRIVILEGES FOR ROLE app REVOKE SELECT ON TABLES FROM reader");
  const int grant_default = at("ALTER DEFAULT PRIVILEGES FOR ROLE app GRANT INSERT ON TABLES TO writer");
  // The new table starts with the live default (SELECT for reader), which the plan takes away.
  const int revoke_new = at("REVOKE SELECT ON TABLE public.fresh FROM reader");
  ASSERT_GE(create, 0);
  ASSERT_GE(drop, 0);
  ASSERT_GE(revoke_default, 0);
  ASSERT_GE(grant_default, 0);
  ASSERT_GT(revoke_new, create);
  EXPECT_GT(revoke_default, create);
  EXPECT_GT(grant_default, create);
  EXPECT_GT(revoke_default, drop);
  // The inverse of the drop creates the table again under the live defaults: they come back first.
  Plan back = plan->Reverse();
  auto back_at = [&](const std::string& sql) {
    auto it = std::find_if(back.steps.begin(), back.steps.end(), [&](const Step& s) { return s.sql.find(sql) != std::string::npos; });
    return it == back.steps.end() ? -1 : static_cast<int>(it - back.steps.begin());
  };
  EXPECT_LT(back_at("ALTER DEFAULT PRIVILEGES FOR ROLE app GRANT SELECT ON TABLES TO reader"), back_at("CREATE TABLE public.gone"));
}

}  // namespace
}  // namespace schemasync
