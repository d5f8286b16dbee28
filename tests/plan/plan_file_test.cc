// Saved plans: EncodePlanFile / DecodePlanFile round trips, decode errors, and the schema
// Fingerprint the plan file is checked against. One test needs a server (skipped without one).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <string>

#include "integration/pg_fixture.h"
#include "schemasync/database.h"
#include "schemasync/model.h"
#include "schemasync/parse.h"
#include "schemasync/plan.h"
#include "schemasync/pipeline.h"
#include "schemasync/plan_file.h"
#include "support/must_parse.h"

namespace schemasync {
namespace {

using testing_support::MustParse;

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// Old and new schemas whose plan holds a bit of everything a plan file must carry: an enum
// ADD VALUE (negative phase, outside the transaction), a concurrent index (non-transactional),
// data_loss hazards, irreversible-ish steps, and SQL text with quotes, newlines, backslashes,
// dollar quotes and non-ASCII characters.
const char* kOld =
    "CREATE TYPE mood AS ENUM ('happy', 'sad');\n"
    "CREATE TABLE a (id int PRIMARY KEY, m mood, old text, price int);\n"
    "CREATE TABLE gone (id int);\n";
const char* kNew =
    "CREATE TYPE mood AS ENUM ('happy', 'ok', 'sad');\n"
    "CREATE TABLE a (id bigint PRIMARY KEY, m mood DEFAULT 'ok', price numeric(10,2) NOT NULL DEFAULT 0 "
    "CHECK (price >= 0), note text DEFAULT E'it''s \\\\ a \"note\"\\nwith a newline');\n"
    "CREATE INDEX a_price_idx ON a (price);\n"
    "CREATE TABLE \"Weird Name\" (\"ünïcødé ✓\" text, id int PRIMARY KEY, a_id bigint REFERENCES a);\n"
    "ALTER TABLE \"Weird Name\" ENABLE ROW LEVEL SECURITY;\n"
    "CREATE POLICY p ON \"Weird Name\" USING (a_id > 0);\n"
    "COMMENT ON TABLE a IS 'Größe: \"10\" \\ tab\there';\n"
    "CREATE FUNCTION f(x int) RETURNS int LANGUAGE plpgsql AS $body$\nBEGIN\n  RETURN x + 1; -- ' \" \\\nEND\n"
    "$body$;\n";

PlanFile MakePlanFile() {
  Schema old_schema = MustParse(kOld);
  Schema new_schema = MustParse(kNew);
  auto plan = BuildPlan(old_schema, new_schema, PlanOptions{});
  EXPECT_TRUE(plan.ok()) << plan.error().message;
  PlanFile f;
  f.source_fingerprint = Fingerprint(old_schema);
  f.target_fingerprint = Fingerprint(new_schema);
  f.schemas = {"public", "Odd \"schema\""};
  f.unverified_views = {{"public", "v"}, {"Odd \"schema\".x", "späte Sicht"}};
  if (plan.ok()) f.plan = *plan;
  return f;
}

TEST(PlanFileTest, EncodeDecodeEncodeIsByteIdentical) {
  PlanFile original = MakePlanFile();
  // The plan really exercises the fields that are easy to lose.
  ASSERT_GE(original.plan.steps.size(), 6u);
  bool non_transactional = false, before_transaction = false, edges = false, hazard = false, non_ascii = false;
  for (const auto& s : original.plan.steps) {
    non_transactional |= !s.transactional;
    before_transaction |= s.before_transaction;
    edges |= !s.depends_on.empty();
    hazard |= !s.hazards.empty();
    non_ascii |= Contains(s.sql, "✓") || Contains(s.sql, "Größe");
  }
  EXPECT_TRUE(non_transactional) << "expected a CREATE INDEX CONCURRENTLY step";
  EXPECT_TRUE(before_transaction) << "expected an ALTER TYPE ... ADD VALUE step";
  EXPECT_TRUE(edges) << "expected a step that depends on another";
  EXPECT_TRUE(hazard) << "expected a step with a hazard";
  EXPECT_TRUE(non_ascii) << "expected non-ASCII text in some step";
  EXPECT_NE(original.source_fingerprint, original.target_fingerprint);

  const std::string first = EncodePlanFile(original);
  auto decoded = DecodePlanFile(first);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message << "\n" << first;
  EXPECT_TRUE(*decoded == original);
  ASSERT_EQ(decoded->plan.steps.size(), original.plan.steps.size());
  for (size_t i = 0; i < original.plan.steps.size(); ++i) {
    const Step& a = original.plan.steps[i];
    const Step& b = decoded->plan.steps[i];
    EXPECT_EQ(b.sql, a.sql) << i;
    EXPECT_EQ(b.reverse_sql, a.reverse_sql) << i;
    EXPECT_EQ(b.object, a.object) << i;
    EXPECT_EQ(b.kind, a.kind) << i;
    EXPECT_EQ(b.hazards, a.hazards) << i;
    EXPECT_EQ(b.transactional, a.transactional) << i;
    EXPECT_EQ(b.before_transaction, a.before_transaction) << i;
    EXPECT_EQ(b.depends_on, a.depends_on) << i;
  }
  EXPECT_EQ(decoded->schemas, original.schemas);
  EXPECT_EQ(decoded->unverified_views, original.unverified_views);
  EXPECT_EQ(decoded->source_fingerprint, original.source_fingerprint);
  EXPECT_EQ(decoded->target_fingerprint, original.target_fingerprint);
  EXPECT_EQ(decoded->plan.destructive(), original.plan.destructive());
  EXPECT_EQ(EncodePlanFile(*decoded), first);
}

TEST(PlanFileTest, EmptyPlanRoundTrips) {
  PlanFile f;
  f.source_fingerprint = f.target_fingerprint = Fingerprint(MustParse("CREATE TABLE t (id int);"));
  const std::string text = EncodePlanFile(f);
  auto decoded = DecodePlanFile(text);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_TRUE(*decoded == f);
  EXPECT_TRUE(decoded->plan.empty());
  EXPECT_EQ(EncodePlanFile(*decoded), text);
}

TEST(PlanFileTest, DestructiveFollowsTheStepsNotTheFileFlag) {
  // A hand-edited "destructive": false must not hide a data_loss step from apply's check.
  PlanFile f;
  f.source_fingerprint = "a";
  f.target_fingerprint = "b";
  Step s;
  s.sql = "DROP TABLE public.t;";
  s.object = "table public.t";
  s.kind = "drop_table";
  s.hazards = {"data_loss"};
  f.plan.steps.push_back(s);
  std::string text = EncodePlanFile(f);
  const std::string flag = "\"destructive\": true";
  ASSERT_TRUE(Contains(text, flag)) << text;
  text.replace(text.find(flag), flag.size(), "\"destructive\": false");
  auto decoded = DecodePlanFile(text);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_TRUE(decoded->plan.destructive());
}

TEST(PlanFileTest, InvalidJsonIsNamed) {
  for (const std::string text : {"", "not json at all", "{\"format_version\": 1,", "[1, 2, 3]"}) {
    auto r = DecodePlanFile(text);
    ASSERT_FALSE(r.ok()) << "accepted: " << text;
    EXPECT_TRUE(Contains(Lower(r.error().message), "json")) << text << " -> " << r.error().message;
  }
}

TEST(PlanFileTest, UnknownFormatVersionIsNamed) {
  PlanFile f = MakePlanFile();
  f.format_version = 99;
  auto r = DecodePlanFile(EncodePlanFile(f));
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Contains(Lower(r.error().message), "version")) << r.error().message;
  EXPECT_TRUE(Contains(r.error().message, "99")) << r.error().message;
}

TEST(PlanFileTest, StepWithoutSqlIsNamed) {
  PlanFile f = MakePlanFile();
  ASSERT_FALSE(f.plan.steps.empty());
  std::string text = EncodePlanFile(f);
  // Remove the first step's "sql" member (the first "sql": key in the file).
  size_t at = text.find("\"sql\": ");
  ASSERT_NE(at, std::string::npos) << text;
  size_t end = text.find(",\n", at);
  ASSERT_NE(end, std::string::npos);
  text.erase(at, end + 2 - at);
  auto r = DecodePlanFile(text);
  ASSERT_FALSE(r.ok()) << text;
  EXPECT_TRUE(Contains(r.error().message, "sql")) << r.error().message;
}

TEST(PlanFileTest, MissingFingerprintIsNamed) {
  std::string text = EncodePlanFile(MakePlanFile());
  size_t at = text.find("\"source_fingerprint\"");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, std::string("\"source_fingerprint\"").size(), "\"src\"");
  auto r = DecodePlanFile(text);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Contains(r.error().message, "source_fingerprint")) << r.error().message;
}

TEST(PlanFileFingerprintTest, IndependentOfDeclarationOrderAndSpelling) {
  const std::string one =
      "CREATE TYPE mood AS ENUM ('happy', 'sad');\n"
      "CREATE TABLE a (id int PRIMARY KEY, m mood, b_id int);\n"
      "CREATE TABLE b (id int PRIMARY KEY, name text NOT NULL);\n"
      "ALTER TABLE a ADD CONSTRAINT a_b_fk FOREIGN KEY (b_id) REFERENCES b (id);\n"
      "CREATE INDEX a_m_idx ON a (m);\n"
      "ALTER TABLE b ENABLE ROW LEVEL SECURITY;\n"
      "CREATE POLICY p ON b USING (id > 0);\n";
  const std::string two =
      "CREATE POLICY p ON b USING (id > 0);\n"
      "ALTER TABLE b ENABLE ROW LEVEL SECURITY;\n"
      "CREATE INDEX a_m_idx ON a USING btree (m);\n"
      "CREATE TABLE b (name text NOT NULL, id integer PRIMARY KEY);\n"
      "CREATE TABLE a (b_id int4, m mood, id int4 PRIMARY KEY);\n"
      "CREATE TYPE mood AS ENUM ('happy', 'sad');\n"
      "ALTER TABLE a ADD CONSTRAINT a_b_fk FOREIGN KEY (b_id) REFERENCES b (id);\n";
  Schema s1 = MustParse(one), s2 = MustParse(two);
  auto plan = BuildPlan(s1, s2);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  ASSERT_TRUE(plan->empty()) << "the two spellings are not the same schema to the differ";
  EXPECT_EQ(Fingerprint(s1), Fingerprint(s2));
  EXPECT_EQ(Fingerprint(s1).size(), 64u) << Fingerprint(s1);  // SHA-256, hex
}

TEST(PlanFileFingerprintTest, ChangesWithEveryComparedFact) {
  const std::string base = "CREATE TABLE a (id int PRIMARY KEY, n int NOT NULL DEFAULT 0);\n";
  const std::string fp = Fingerprint(MustParse(base));
  const std::string variants[] = {
      "CREATE TABLE a (id int PRIMARY KEY, n bigint NOT NULL DEFAULT 0);\n",     // column type
      "CREATE TABLE a (id int PRIMARY KEY, n int DEFAULT 0);\n",                 // nullability
      "CREATE TABLE a (id int PRIMARY KEY, n int NOT NULL DEFAULT 1);\n",        // default
      "CREATE TABLE a (id int PRIMARY KEY, n int NOT NULL DEFAULT 0, m int);\n", // extra column
      "CREATE TABLE a (id int PRIMARY KEY, n int NOT NULL DEFAULT 0 CHECK (n > 0));\n",
      "CREATE TABLE a (id int PRIMARY KEY, n int NOT NULL DEFAULT 0);\nCREATE INDEX ON a (n);\n",
      "CREATE TABLE a (id int PRIMARY KEY, nn int NOT NULL DEFAULT 0);\n",       // renamed column
      "CREATE TABLE b (id int PRIMARY KEY, n int NOT NULL DEFAULT 0);\n",        // renamed table
  };
  for (const auto& v : variants) {
    EXPECT_NE(Fingerprint(MustParse(v)), fp) << v;
  }
  // Column type alone, the case the issue names.
  EXPECT_NE(Fingerprint(MustParse("CREATE TABLE a (x int);")), Fingerprint(MustParse("CREATE TABLE a (x text);")));
}

// A plan file names neither the password nor the connection string of the database the plan
// was made on: it is meant to be committed and reviewed.
TEST(PlanFileTest, NoConnectionSecretsInPlanFile) {
  if (!pgtest::HaveServer()) GTEST_SKIP() << "PGHOST is not set: run under scripts/with-postgres.sh";
  pgtest::ScratchDb db("planfile_secret");
  ASSERT_TRUE(db.ok()) << db.error();
  ASSERT_EQ(db.LoadSql("CREATE TABLE t (id int PRIMARY KEY);\n").status, 0);
  // A password-bearing URI (the test server trusts local connections, so any password works).
  auto percent = [](const std::string& s) {
    std::string out;
    const char* hex = "0123456789ABCDEF";
    for (unsigned char c : s) {
      if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
        out += static_cast<char>(c);
      } else {
        out += '%';
        out += hex[c >> 4];
        out += hex[c & 15];
      }
    }
    return out;
  };
  const char* host = std::getenv("PGHOST");
  const char* port = std::getenv("PGPORT");
  const std::string secret = "Hunter2SecretPw";
  const std::string uri = "postgresql://postgres:" + secret + "@/" + db.name() + "?host=" + percent(host) +
                          (port ? std::string("&port=") + port : "");

  pgtest::TempDir tmp;
  pgtest::WriteFile(tmp.File("desired.sql"), "CREATE TABLE t (id int PRIMARY KEY, v text);\nCREATE TABLE u (id int);\n");

  // Through the library, as the CLI does it.
  auto conn = Database::Connect(uri);
  ASSERT_TRUE(conn.ok()) << conn.error().message;
  auto desired = LoadDesired(tmp.File("desired.sql"));
  ASSERT_TRUE(desired.ok()) << desired.error().message;
  auto planned = PlanDatabase(*conn, *desired);
  ASSERT_TRUE(planned.ok()) << planned.error().message;
  ASSERT_FALSE(planned->plan.empty());
  PlanFile f;
  f.source_fingerprint = planned->source_fingerprint;
  f.target_fingerprint = planned->target_fingerprint;
  f.plan = planned->plan;
  const std::string encoded = EncodePlanFile(f);

  // Through the binary: plan --out.
  pgtest::CommandResult r = pgtest::RunCommand(pgtest::ShellQuote(SCHEMASYNC_BINARY) + " plan --db " +
                                               pgtest::ShellQuote(uri) + " --desired " +
                                               pgtest::ShellQuote(tmp.File("desired.sql")) + " --out " +
                                               pgtest::ShellQuote(tmp.File("plan.json")));
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  const std::string saved = pgtest::ReadFile(tmp.File("plan.json"));
  ASSERT_FALSE(saved.empty());
  ASSERT_TRUE(DecodePlanFile(saved).ok());

  for (const std::string* text : std::initializer_list<const std::string*>{&encoded, &saved, &r.out, &r.err}) {
    EXPECT_FALSE(Contains(*text, secret)) << *text;
    EXPECT_FALSE(Contains(Lower(*text), "password")) << *text;
    EXPECT_FALSE(Contains(*text, uri)) << *text;
    EXPECT_FALSE(Contains(*text, "postgresql://")) << *text;
    EXPECT_FALSE(Contains(*text, host)) << *text;
  }
  EXPECT_FALSE(Contains(saved, db.name())) << saved;
}

}  // namespace
}  // namespace schemasync
