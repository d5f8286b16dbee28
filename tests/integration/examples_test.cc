// The examples in examples/ run as written: each script against a scratch database, and every
// schemasync flag the examples spell (scripts, workflow, unit files, READMEs) exists.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
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
using pgtest::Scalar;
using pgtest::Schemasync;
using pgtest::ScratchDb;
using pgtest::ShellQuote;
using pgtest::TempDir;
using pgtest::WriteFile;

const std::string kSource = SCHEMASYNC_SOURCE_DIR;
const std::string kExamples = kSource + "/examples";
const std::string kRepoDesired = kSource + "/desired";

std::string Example(const std::string& rel) { return kExamples + "/" + rel; }

// Runs an example script with bash from `cwd`, SCHEMASYNC naming the built binary; `env` is a
// prefix of VAR=value words (already quoted).
CommandResult RunScript(const std::string& cwd, const std::string& env, const std::string& script,
                        const std::string& args) {
  return RunCommand("cd " + ShellQuote(cwd) + " && env SCHEMASYNC=" + ShellQuote(SCHEMASYNC_BINARY) + " " + env +
                    " bash " + ShellQuote(Example(script)) + " " + args);
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

size_t CountLines(const std::string& s) {
  size_t n = 0;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) ++n;
  }
  return n;
}

// Files directly in `dir` whose name starts with `prefix` and ends with `suffix`.
std::vector<std::string> FilesLike(const std::string& dir, const std::string& prefix, const std::string& suffix) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::string name = e.path().filename().string();
    if (name.starts_with(prefix) && name.ends_with(suffix)) out.push_back(name);
  }
  return out;
}

// A git environment with no global or system configuration: the scripts must cope on their own.
std::string GitEnv(const TempDir& home) {
  return "HOME=" + ShellQuote(home.path()) + " GIT_CONFIG_NOSYSTEM=1 XDG_CONFIG_HOME=" + ShellQuote(home.path());
}

// ---- adopt/adopt.sh --------------------------------------------------------------------------------

// A database built by hand (no schemasync), as a team adopting schemasync has one.
const char* kHandMadeSchema = R"sql(
CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped');
CREATE TABLE customers (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE orders (
  id bigserial PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  status order_status NOT NULL DEFAULT 'new',
  total numeric(12, 2) NOT NULL CHECK (total >= 0)
);
CREATE INDEX orders_customer_idx ON orders (customer_id, status);
CREATE SCHEMA billing;
CREATE TABLE billing.invoices (
  id bigint PRIMARY KEY,
  order_id bigint NOT NULL REFERENCES public.orders (id),
  issued_on date NOT NULL
);
)sql";

TEST(ExamplesAdopt, DumpCommitNoChangesThenOneChangeAppliedAndInSync) {
  REQUIRE_SERVER();
  ScratchDb db("ex_adopt");
  ASSERT_TRUE(db.ok()) << db.error();
  ASSERT_EQ(db.LoadSql(kHandMadeSchema).status, 0);
  TempDir tmp, home;
  std::string dir = tmp.File("schema");

  CommandResult r = RunScript(tmp.path(), GitEnv(home), "adopt/adopt.sh",
                              DbFlag(db) + " --dir " + ShellQuote(dir) + " --demo-change");
  ASSERT_EQ(r.status, 0) << Describe(r);

  // The dump: one file per schema and kind.
  EXPECT_TRUE(fs::exists(dir + "/public/tables.sql")) << Describe(r);
  EXPECT_TRUE(fs::exists(dir + "/public/types.sql")) << Describe(r);
  EXPECT_TRUE(fs::exists(dir + "/billing/tables.sql")) << Describe(r);
  EXPECT_TRUE(Contains(ReadFile(dir + "/public/tables.sql"), "CREATE TABLE public.orders"));

  // The first plan, right after the dump, found nothing to do.
  size_t s3 = r.out.find("== 3."), s4 = r.out.find("== 4.");
  ASSERT_NE(s3, std::string::npos) << Describe(r);
  ASSERT_NE(s4, std::string::npos) << Describe(r);
  std::string first_plan = r.out.substr(s3, s4 - s3);
  EXPECT_TRUE(Contains(Lower(first_plan), "no changes")) << first_plan;
  EXPECT_FALSE(Contains(first_plan, "create_table")) << first_plan;

  // Committed: the dump, then the demo change, and nothing left over; a new repository got a
  // local identity (there was none anywhere).
  CommandResult log = RunCommand(GitEnv(home) + " git -C " + ShellQuote(dir) + " log --format=%s");
  ASSERT_EQ(log.status, 0) << Describe(log);
  EXPECT_EQ(CountLines(log.out), 2u) << log.out;
  EXPECT_TRUE(Contains(log.out, "Adopt the database schema")) << log.out;
  CommandResult first_files = RunCommand(GitEnv(home) + " git -C " + ShellQuote(dir) +
                                         " show --name-only --format= HEAD~1");
  EXPECT_TRUE(Contains(first_files.out, "public/tables.sql")) << Describe(first_files);
  EXPECT_TRUE(Contains(first_files.out, "billing/tables.sql")) << Describe(first_files);
  CommandResult status = RunCommand(GitEnv(home) + " git -C " + ShellQuote(dir) + " status --porcelain");
  EXPECT_EQ(status.status, 0) << Describe(status);
  EXPECT_EQ(status.out, "") << "left uncommitted";
  CommandResult email = RunCommand(GitEnv(home) + " git -C " + ShellQuote(dir) + " config --local user.email");
  EXPECT_NE(email.out, "");

  // The change reached the database, and the files and the database agree.
  EXPECT_EQ(Scalar(db, "SELECT to_regclass('public.schemasync_adoption_demo') IS NOT NULL"), "t");
  EXPECT_EQ(Scalar(db, "SELECT count(*) FROM customers"), "0") << "the existing tables were kept";
  CommandResult drift = Schemasync("drift " + DbFlag(db) + " --desired " + ShellQuote(dir));
  EXPECT_EQ(drift.status, 0) << Describe(drift);
}

TEST(ExamplesAdopt, InsideAnExistingRepositoryCommitsOnlyItsFolderAndRefusesToDumpTwice) {
  REQUIRE_SERVER();
  ScratchDb db("ex_adopt_repo");
  ASSERT_TRUE(db.ok()) << db.error();
  ASSERT_EQ(db.LoadSql(kHandMadeSchema).status, 0);
  TempDir tmp, home;
  std::string repo = tmp.File("app");
  // An application repository with someone's work staged, and no git identity configured.
  ASSERT_EQ(RunCommand(GitEnv(home) + " git init -q " + ShellQuote(repo)).status, 0);
  WriteFile(repo + "/notes.txt", "work in progress\n");
  ASSERT_EQ(RunCommand(GitEnv(home) + " git -C " + ShellQuote(repo) + " add notes.txt").status, 0);

  CommandResult r = RunScript(tmp.path(), GitEnv(home), "adopt/adopt.sh", DbFlag(db) + " --dir " + ShellQuote(repo + "/db"));
  ASSERT_EQ(r.status, 0) << Describe(r);
  EXPECT_TRUE(Contains(Lower(r.out), "no changes")) << Describe(r);

  CommandResult committed = RunCommand(GitEnv(home) + " git -C " + ShellQuote(repo) + " show --name-only --format= HEAD");
  ASSERT_EQ(committed.status, 0) << Describe(committed);
  EXPECT_TRUE(Contains(committed.out, "db/public/tables.sql")) << committed.out;
  EXPECT_FALSE(Contains(committed.out, "notes.txt")) << "committed someone else's staged file";
  CommandResult staged = RunCommand(GitEnv(home) + " git -C " + ShellQuote(repo) + " diff --cached --name-only");
  EXPECT_EQ(staged.out, "notes.txt\n");
  CommandResult email = RunCommand(GitEnv(home) + " git -C " + ShellQuote(repo) + " config --local user.email");
  EXPECT_EQ(email.out, "") << "changed the repository's configuration";
  // No --demo-change: the database is as it was.
  EXPECT_EQ(Scalar(db, "SELECT to_regclass('public.schemasync_adoption_demo') IS NULL"), "t");

  // A second run would mix two dumps: dump refuses, and so does the script, before committing.
  CommandResult again = RunScript(tmp.path(), GitEnv(home), "adopt/adopt.sh", DbFlag(db) + " --dir " + ShellQuote(repo + "/db"));
  EXPECT_EQ(again.status, 1) << Describe(again);
  EXPECT_TRUE(Contains(again.err, "already holds .sql files")) << Describe(again);
  CommandResult log = RunCommand(GitEnv(home) + " git -C " + ShellQuote(repo) + " log --format=%s");
  EXPECT_EQ(CountLines(log.out), 1u) << log.out;
}

// ---- cron/drift-check.sh ---------------------------------------------------------------------------

TEST(ExamplesDriftCheck, AlertsOnlyOnDriftKeepsReportsAndSaysCouldNotCheck) {
  REQUIRE_SERVER();
  ScratchDb db("ex_drift");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir tmp;
  std::string desired = tmp.File("desired"), state = tmp.File("state");
  fs::create_directories(desired);
  WriteFile(desired + "/schema.sql",
            "CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL);\n"
            "CREATE INDEX accounts_name_idx ON accounts (name);\n");
  CommandResult applied = Schemasync("apply " + DbFlag(db) + " --desired " + ShellQuote(desired) + " --yes");
  ASSERT_EQ(applied.status, 0) << Describe(applied);

  std::string marker = tmp.File("alerted");
  std::string alert_env =
      "ALERT_COMMAND=" + ShellQuote("echo \"$DRIFT_CHANGES|$DRIFT_SUMMARY|$DRIFT_JSON\" > " + ShellQuote(marker) +
                                    "; cat > " + ShellQuote(marker + ".stdin"));
  std::string args = DbFlag(db) + " --desired " + ShellQuote(desired) + " --state-dir " + ShellQuote(state);

  // In sync: exit 0, no alert, nothing printed (cron mails nothing), a report kept.
  CommandResult ok = RunScript(tmp.path(), alert_env, "cron/drift-check.sh", args);
  EXPECT_EQ(ok.status, 0) << Describe(ok);
  EXPECT_FALSE(fs::exists(marker)) << "alerted while in sync";
  EXPECT_EQ(ok.out + ok.err, "");
  auto in_sync = nlohmann::json::parse(ReadFile(state + "/latest.json"), nullptr, false);
  ASSERT_FALSE(in_sync.is_discarded()) << ReadFile(state + "/latest.json");
  EXPECT_TRUE(in_sync["steps"].empty());
  EXPECT_TRUE(Contains(ReadFile(state + "/status"), " 0 in-sync"));

  // The database drifts behind schemasync's back.
  ASSERT_EQ(db.LoadSql("ALTER TABLE accounts ADD COLUMN nickname text; CREATE TABLE rogue (id int);").status, 0);
  CommandResult drift = RunScript(tmp.path(), alert_env, "cron/drift-check.sh", args);
  EXPECT_EQ(drift.status, 2) << Describe(drift);
  ASSERT_TRUE(fs::exists(marker)) << "no alert on drift: " << Describe(drift);
  std::string alert = ReadFile(marker);
  EXPECT_TRUE(alert.starts_with("2|2 change(s) needed: ")) << alert;
  EXPECT_TRUE(Contains(alert, "column public.accounts.nickname")) << alert;
  EXPECT_TRUE(Contains(alert, "table public.rogue")) << alert;
  // The report is kept, parses, is the latest one, and is what the alert command read.
  std::string latest = ReadFile(state + "/latest.json");
  auto report = nlohmann::json::parse(latest, nullptr, false);
  ASSERT_FALSE(report.is_discarded()) << latest;
  EXPECT_EQ(report["steps"].size(), 2u) << latest;
  EXPECT_EQ(ReadFile(marker + ".stdin"), latest);
  EXPECT_EQ(FilesLike(state, "drift-", ".json").size(), 2u) << "one report per run";
  EXPECT_TRUE(Contains(ReadFile(state + "/status"), " 2 drift"));

  // Without ALERT_COMMAND the alert is one line on stderr.
  CommandResult plain = RunScript(tmp.path(), "", "cron/drift-check.sh", args);
  EXPECT_EQ(plain.status, 2) << Describe(plain);
  EXPECT_EQ(CountLines(plain.err), 1u) << plain.err;
  EXPECT_TRUE(Contains(plain.err, "DRIFT: 2 change(s) needed")) << plain.err;
  EXPECT_TRUE(Contains(plain.err, "table public.rogue")) << plain.err;

  // Could not check (no such database, or no binary): exit 1, said as such, no drift alert, and
  // latest.json still the last real report.
  fs::remove(marker);
  std::string bad_args = "--db " + ShellQuote("dbname=" + db.name() + "_missing") + " --desired " + ShellQuote(desired) +
                         " --state-dir " + ShellQuote(state);
  CommandResult error = RunScript(tmp.path(), alert_env, "cron/drift-check.sh", bad_args);
  EXPECT_EQ(error.status, 1) << Describe(error);
  EXPECT_TRUE(Contains(error.err, "could not check")) << Describe(error);
  EXPECT_FALSE(Contains(error.err, "DRIFT")) << Describe(error);
  EXPECT_FALSE(fs::exists(marker)) << "a failed check alerted as drift";
  EXPECT_EQ(ReadFile(state + "/latest.json"), latest);
  EXPECT_TRUE(Contains(ReadFile(state + "/latest-error.log"), "_missing")) << ReadFile(state + "/latest-error.log");
  EXPECT_TRUE(Contains(ReadFile(state + "/status"), " 1 could-not-check"));

  CommandResult no_binary = RunCommand("cd " + ShellQuote(tmp.path()) + " && env SCHEMASYNC=/nonexistent/schemasync bash " +
                                       ShellQuote(Example("cron/drift-check.sh")) + " " + args);
  EXPECT_EQ(no_binary.status, 1) << Describe(no_binary);
  EXPECT_TRUE(Contains(no_binary.err, "could not check")) << Describe(no_binary);
}

// ---- github-actions/ -----------------------------------------------------------------------------

TEST(ExamplesGithubActions, PullRequestPlanThenDeployOfThatPlan) {
  REQUIRE_SERVER();
  ScratchDb ci("ex_gh_ci"), prod("ex_gh_prod");
  ASSERT_TRUE(ci.ok()) << ci.error();
  ASSERT_TRUE(prod.ok()) << prod.error();
  TempDir tmp;

  // The first pull request brings the repository's desired/ to an empty database.
  std::string out1 = tmp.File("pr1");
  CommandResult pr1 = RunScript(tmp.path(), "", "github-actions/pr-plan.sh",
                                DbFlag(ci) + " --desired " + ShellQuote(kRepoDesired) + " --out-dir " + ShellQuote(out1));
  ASSERT_EQ(pr1.status, 0) << Describe(pr1);
  std::string md = ReadFile(out1 + "/plan.md");
  EXPECT_TRUE(md.starts_with("### schemasync plan")) << md.substr(0, 200);
  EXPECT_TRUE(Contains(md, "create_table")) << md.substr(0, 400);
  auto plan = nlohmann::json::parse(ReadFile(out1 + "/plan.json"), nullptr, false);
  ASSERT_FALSE(plan.is_discarded());
  EXPECT_TRUE(plan.contains("format_version"));
  EXPECT_TRUE(plan.contains("source_fingerprint"));
  EXPECT_FALSE(plan["steps"].empty());
  EXPECT_EQ(plan["destructive"], false);
  // Planning changed nothing in the CI database.
  EXPECT_EQ(Scalar(ci, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), "0");

  CommandResult deploy1 = RunScript(tmp.path(), "", "github-actions/deploy.sh",
                                    DbFlag(prod) + " --plan " + ShellQuote(out1 + "/plan.json"));
  ASSERT_EQ(deploy1.status, 0) << Describe(deploy1);
  CommandResult drift1 = Schemasync("drift " + DbFlag(prod) + " --desired " + ShellQuote(kRepoDesired));
  EXPECT_EQ(drift1.status, 0) << Describe(drift1);

  // The second pull request adds a table. Its plan is made as the workflow makes it: a fresh
  // CI database brought to the base branch's desired/, then the PR's desired/ planned.
  std::string head = tmp.File("head");
  fs::copy(kRepoDesired, head, fs::copy_options::recursive);
  WriteFile(head + "/900_webhooks.sql", "CREATE TABLE public.webhooks (id bigint PRIMARY KEY, url text NOT NULL);\n");
  ScratchDb ci2("ex_gh_ci2");
  ASSERT_TRUE(ci2.ok()) << ci2.error();
  std::string out2 = tmp.File("pr2");
  CommandResult pr2 = RunScript(tmp.path(), "", "github-actions/pr-plan.sh",
                                DbFlag(ci2) + " --desired " + ShellQuote(head) + " --base-desired " +
                                    ShellQuote(kRepoDesired) + " --out-dir " + ShellQuote(out2));
  ASSERT_EQ(pr2.status, 0) << Describe(pr2);
  std::string md2 = ReadFile(out2 + "/plan.md");
  EXPECT_TRUE(md2.starts_with("### schemasync plan: 1 change(s)")) << md2.substr(0, 200);
  EXPECT_TRUE(Contains(md2, "table public.webhooks")) << md2;

  // Deployed to production, which is at the base: the plan file made elsewhere fits.
  CommandResult deploy2 = RunScript(tmp.path(), "", "github-actions/deploy.sh",
                                    DbFlag(prod) + " --plan " + ShellQuote(out2 + "/plan.json"));
  ASSERT_EQ(deploy2.status, 0) << Describe(deploy2);
  CommandResult drift2 = Schemasync("drift " + DbFlag(prod) + " --desired " + ShellQuote(head));
  EXPECT_EQ(drift2.status, 0) << Describe(drift2);

  // The same plan again (a re-run deploy): production is no longer its source; refused.
  CommandResult again = RunScript(tmp.path(), "", "github-actions/deploy.sh",
                                  DbFlag(prod) + " --plan " + ShellQuote(out2 + "/plan.json"));
  EXPECT_EQ(again.status, 1) << Describe(again);
  EXPECT_TRUE(Contains(again.err, "changed since the plan was made")) << Describe(again);

  // A missing artifact is an error, not "nothing to deploy".
  CommandResult missing = RunScript(tmp.path(), "", "github-actions/deploy.sh",
                                    DbFlag(prod) + " --plan " + ShellQuote(tmp.File("nope.json")));
  EXPECT_EQ(missing.status, 1) << Describe(missing);
}

TEST(ExamplesGithubActions, DestructivePlanIsPostedFailsTheCheckAndNeedsAllowing) {
  REQUIRE_SERVER();
  TempDir tmp;
  // The base branch has a table the pull request removes.
  std::string base = tmp.File("base");
  fs::create_directories(base);
  WriteFile(base + "/schema.sql",
            "CREATE TABLE keep (id int PRIMARY KEY);\nCREATE TABLE legacy (id int PRIMARY KEY, payload text);\n");
  std::string head = tmp.File("head");
  fs::create_directories(head);
  WriteFile(head + "/schema.sql", "CREATE TABLE keep (id int PRIMARY KEY);\n");

  ScratchDb ci("ex_gh_destr_ci"), prod("ex_gh_destr_prod");
  ASSERT_TRUE(ci.ok()) << ci.error();
  ASSERT_TRUE(prod.ok()) << prod.error();
  std::string out = tmp.File("out");
  CommandResult pr = RunScript(tmp.path(), "DESTRUCTIVE_HINT=" + ShellQuote("Add the label allow-it."),
                               "github-actions/pr-plan.sh",
                               DbFlag(ci) + " --desired " + ShellQuote(head) + " --base-desired " + ShellQuote(base) +
                                   " --out-dir " + ShellQuote(out));
  EXPECT_EQ(pr.status, 3) << Describe(pr);
  // Still a full comment: the title first, the warning under it, the drop in the plan.
  std::string md = ReadFile(out + "/plan.md");
  EXPECT_TRUE(md.starts_with("### schemasync plan: 1 change(s)")) << md;
  size_t warning = md.find("[!WARNING]");
  ASSERT_NE(warning, std::string::npos) << md;
  EXPECT_LT(warning, md.find("drop_table")) << md;
  EXPECT_TRUE(Contains(md, "cannot be applied")) << md;
  EXPECT_TRUE(Contains(md, "Add the label allow-it.")) << md;
  EXPECT_TRUE(Contains(md, "DROP TABLE public.legacy")) << md;
  auto plan = nlohmann::json::parse(ReadFile(out + "/plan.json"), nullptr, false);
  ASSERT_FALSE(plan.is_discarded());
  EXPECT_EQ(plan["destructive"], true);

  // With the label (ALLOW_DESTRUCTIVE=true, as the workflow sets it) the check passes.
  ScratchDb ci2("ex_gh_destr_ci2");
  ASSERT_TRUE(ci2.ok()) << ci2.error();
  CommandResult allowed = RunScript(tmp.path(), "ALLOW_DESTRUCTIVE=true", "github-actions/pr-plan.sh",
                                    DbFlag(ci2) + " --desired " + ShellQuote(head) + " --base-desired " +
                                        ShellQuote(base) + " --out-dir " + ShellQuote(tmp.File("out2")));
  EXPECT_EQ(allowed.status, 0) << Describe(allowed);
  EXPECT_FALSE(Contains(ReadFile(tmp.File("out2/plan.md")), "[!WARNING]"));

  // Production at the base: the deploy refuses the destructive plan unless allowed.
  CommandResult at_base = Schemasync("apply " + DbFlag(prod) + " --desired " + ShellQuote(base) + " --yes");
  ASSERT_EQ(at_base.status, 0) << Describe(at_base);
  ASSERT_EQ(prod.LoadSql("INSERT INTO legacy VALUES (1, 'x');").status, 0);
  std::string plan_flag = " --plan " + ShellQuote(out + "/plan.json");
  CommandResult refused = RunScript(tmp.path(), "", "github-actions/deploy.sh", DbFlag(prod) + plan_flag);
  EXPECT_EQ(refused.status, 3) << Describe(refused);
  EXPECT_EQ(Scalar(prod, "SELECT count(*) FROM legacy"), "1");
  CommandResult deployed = RunScript(tmp.path(), "ALLOW_DESTRUCTIVE=1", "github-actions/deploy.sh", DbFlag(prod) + plan_flag);
  EXPECT_EQ(deployed.status, 0) << Describe(deployed);
  EXPECT_EQ(Scalar(prod, "SELECT to_regclass('public.legacy') IS NULL"), "t");
  CommandResult drift = Schemasync("drift " + DbFlag(prod) + " --desired " + ShellQuote(head));
  EXPECT_EQ(drift.status, 0) << Describe(drift);

  // An error (no such database) still leaves a comment saying what failed, and no plan file.
  std::string out3 = tmp.File("out3");
  CommandResult broken = RunScript(tmp.path(), "", "github-actions/pr-plan.sh",
                                   "--db " + ShellQuote("dbname=" + ci.name() + "_missing") + " --desired " +
                                       ShellQuote(head) + " --out-dir " + ShellQuote(out3));
  EXPECT_EQ(broken.status, 1) << Describe(broken);
  EXPECT_TRUE(ReadFile(out3 + "/plan.md").starts_with("### schemasync plan: failed")) << ReadFile(out3 + "/plan.md");
  EXPECT_FALSE(fs::exists(out3 + "/plan.json"));
}

// ---- Every flag the examples spell exists ------------------------------------------------------------

// The files whose commands are checked: scripts, the workflow, the unit files, the READMEs.
std::vector<std::string> ExampleFiles() {
  std::vector<std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(kExamples)) {
    if (!e.is_regular_file()) continue;
    std::string p = e.path().string();
    if (p.ends_with(".sh") || p.ends_with(".yml") || p.ends_with(".md") || p.ends_with(".service") ||
        p.ends_with(".timer")) {
      files.push_back(p);
    }
  }
  return files;
}

// The logical lines of a file: backslash continuations joined.
std::vector<std::string> LogicalLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string acc;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\\') {
      acc += line.substr(0, line.size() - 1) + " ";
      continue;
    }
    lines.push_back(acc + line);
    acc.clear();
  }
  if (!acc.empty()) lines.push_back(acc);
  return lines;
}

// The --flags of a command's argument text, up to where the shell command ends.
std::vector<std::string> FlagsOf(std::string segment) {
  size_t end = segment.find_first_of("|;&`)#");
  if (end != std::string::npos) segment.resize(end);
  static const std::regex kFlag(R"((?:^|[\s"'(])(--[a-z][a-z0-9-]*))");
  std::vector<std::string> flags;
  for (std::sregex_iterator it(segment.begin(), segment.end(), kFlag), last; it != last; ++it) {
    flags.push_back((*it)[1]);
  }
  return flags;
}

bool HelpHasFlag(const std::string& help, const std::string& flag) {
  std::regex word("(^|[\\s,\\[(])" + flag + "([\\s,=\\]]|$)");
  return std::regex_search(help, word);
}

TEST(ExamplesLint, EverySchemasyncFlagInTheExamplesExists) {
  const std::vector<std::string> subcommands = {"plan", "apply", "drift", "revert", "dump"};
  std::map<std::string, std::string> help;
  for (const auto& sub : subcommands) {
    CommandResult h = Schemasync(sub + " --help");
    ASSERT_EQ(h.status, 0) << Describe(h);
    help[sub] = h.out;
  }
  // The example scripts' own options, from their --help.
  std::map<std::string, std::string> script_help;
  for (const char* s : {"github-actions/pr-plan.sh", "github-actions/deploy.sh", "cron/drift-check.sh", "adopt/adopt.sh"}) {
    CommandResult h = RunCommand("bash " + ShellQuote(Example(s)) + " --help");
    ASSERT_EQ(h.status, 0) << s << ": " << Describe(h);
    script_help[fs::path(s).filename().string()] = h.out;
  }

  // `schemasync SUB`, `"$SCHEMASYNC" SUB`, `build/schemasync SUB`; and the example scripts.
  static const std::regex kCommand(
      R"re((?:schemasync|\$\{?SCHEMASYNC\}?)"?\s+(plan|apply|drift|revert|dump)\b|([a-z-]+\.sh)\b)re");
  // Flags kept in arrays for schemasync: plan_args=(...), apply_args+=(...), db_args=(...).
  static const std::regex kArray(R"(\b([a-z]+)_args\+?=\(([^)]*)\))");

  std::set<std::pair<std::string, std::string>> seen;  // (file name, subcommand or script)
  size_t checked = 0;
  for (const auto& file : ExampleFiles()) {
    std::string name = fs::path(file).filename().string();
    std::set<std::string> used;  // subcommands this file runs
    std::vector<std::pair<std::string, std::string>> arrays;
    for (const auto& line : LogicalLines(ReadFile(file))) {
      std::vector<std::smatch> matches;
      for (std::sregex_iterator it(line.begin(), line.end(), kCommand), last; it != last; ++it) matches.push_back(*it);
      for (size_t i = 0; i < matches.size(); ++i) {
        size_t from = matches[i].position(0) + matches[i].length(0);
        size_t to = i + 1 < matches.size() ? static_cast<size_t>(matches[i + 1].position(0)) : line.size();
        std::vector<std::string> flags = FlagsOf(line.substr(from, to - from));
        if (matches[i][1].matched) {
          std::string sub = matches[i][1];
          used.insert(sub);
          seen.insert({name, sub});
          for (const auto& f : flags) {
            ++checked;
            EXPECT_TRUE(HelpHasFlag(help[sub], f)) << file << ": schemasync " << sub << " has no " << f << "\n  " << line;
          }
        } else {
          std::string script = matches[i][2];
          auto h = script_help.find(script);
          if (h == script_help.end()) continue;  // another script (install-schemasync.sh, ...)
          seen.insert({name, script});
          for (const auto& f : flags) {
            ++checked;
            EXPECT_TRUE(HelpHasFlag(h->second, f)) << file << ": " << script << " has no " << f << "\n  " << line;
          }
        }
      }
      if (name.ends_with(".sh")) {
        for (std::sregex_iterator it(line.begin(), line.end(), kArray), last; it != last; ++it) {
          arrays.push_back({(*it)[1], (*it)[2]});
        }
      }
    }
    // An array named after a subcommand goes to it; db_args and the like go to each one used.
    for (const auto& [array, body] : arrays) {
      for (const auto& f : FlagsOf(body)) {
        std::vector<std::string> targets;
        if (help.count(array)) targets = {array};
        else targets.assign(used.begin(), used.end());
        for (const auto& sub : targets) {
          ++checked;
          EXPECT_TRUE(HelpHasFlag(help[sub], f)) << file << ": " << array << "_args holds " << f
                                                 << ", which schemasync " << sub << " does not take";
        }
      }
    }
  }
  // The scan found the commands it is meant to check (a changed spelling must not turn it off).
  for (const auto& want : std::vector<std::pair<std::string, std::string>>{
           {"pr-plan.sh", "plan"}, {"pr-plan.sh", "apply"}, {"deploy.sh", "apply"}, {"drift-check.sh", "drift"},
           {"adopt.sh", "dump"}, {"adopt.sh", "plan"}, {"adopt.sh", "apply"}, {"adopt.sh", "drift"},
           {"schemasync.yml", "pr-plan.sh"}, {"schemasync.yml", "deploy.sh"},
           {"schemasync-drift.service", "drift-check.sh"}}) {
    EXPECT_TRUE(seen.count(want)) << want.first << " should run " << want.second;
  }
  EXPECT_GT(checked, 30u);
}

TEST(ExamplesLint, ScriptsAreExecutableParseAndTheWorkflowReferencesThem) {
  for (const auto& file : ExampleFiles()) {
    if (!file.ends_with(".sh")) continue;
    struct stat st {};
    ASSERT_EQ(stat(file.c_str(), &st), 0) << file;
    EXPECT_TRUE(st.st_mode & S_IXUSR) << file << " is not executable";
    std::string text = ReadFile(file);
    EXPECT_TRUE(text.starts_with("#!/usr/bin/env bash\n")) << file;
    EXPECT_TRUE(Contains(text, "\nset -euo pipefail\n")) << file;
    CommandResult syntax = RunCommand("bash -n " + ShellQuote(file));
    EXPECT_EQ(syntax.status, 0) << file << ": " << Describe(syntax);
    if (RunCommand("command -v shellcheck").status == 0) {
      CommandResult sc = RunCommand("shellcheck " + ShellQuote(file));
      EXPECT_EQ(sc.status, 0) << Describe(sc);
    }
  }

  // The workflow runs scripts from .github/schemasync/: each is one of this folder's.
  std::string workflow = ReadFile(Example("github-actions/schemasync.yml"));
  static const std::regex kRef(R"(\.github/schemasync/([A-Za-z0-9_.-]+\.sh))");
  size_t refs = 0;
  for (std::sregex_iterator it(workflow.begin(), workflow.end(), kRef), last; it != last; ++it, ++refs) {
    EXPECT_TRUE(fs::exists(Example("github-actions/" + (*it)[1].str()))) << (*it)[1];
  }
  EXPECT_GE(refs, 3u);
  for (const char* must : {"postgres:15", "pull_request:", "workflow_dispatch:", "actions/upload-artifact@",
                           "actions/download-artifact@", "--plan plan.json"}) {
    EXPECT_TRUE(Contains(workflow, must)) << must;
  }
  // It is YAML with the two jobs (when PyYAML is there to say so).
  if (RunCommand("python3 -c 'import yaml'").status == 0) {
    CommandResult parsed = RunCommand(
        "python3 -c 'import sys, yaml; d = yaml.safe_load(open(sys.argv[1])); "
        "print(\" \".join(sorted(d[\"jobs\"])))' " +
        ShellQuote(Example("github-actions/schemasync.yml")));
    EXPECT_EQ(parsed.status, 0) << Describe(parsed);
    EXPECT_EQ(parsed.out, "deploy plan\n");
  }
}

}  // namespace
}  // namespace schemasync
