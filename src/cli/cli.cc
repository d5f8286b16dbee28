// CLI11 subcommands over the pipeline: desired + live -> plan -> render / apply / drift.
#include "cli/cli.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "schemasync/apply.h"
#include "schemasync/catalog.h"
#include "schemasync/parse.h"
#include "schemasync/plan.h"
#include "schemasync/render.h"

namespace schemasync {
namespace {

constexpr int kExitOk = 0, kExitError = 1, kExitDrift = 2, kExitDestructive = 3;

struct Options {
  std::string db;
  std::string desired = "desired";
  std::vector<std::string> schemas;
  std::string format = "sql";
  bool reverse = false;
  bool allow_destructive = false;
  bool yes = false;
  double lock_timeout_s = 5;
  double statement_timeout_s = 0;
};

int Fail(const Error& e) {
  std::cerr << "schemasync: " << e.message << "\n";
  return kExitError;
}

Format ParseFormat(const std::string& f) {
  if (f == "json") return Format::kJson;
  if (f == "text") return Format::kText;
  return Format::kSql;
}

// Keeps only the schemas named by --schema (the desired side; the live side is read so).
void FilterSchemas(Schema& s, const std::vector<std::string>& keep) {
  if (keep.empty()) return;
  auto in = [&](const std::string& n) { return std::find(keep.begin(), keep.end(), n) != keep.end(); };
  std::erase_if(s.schemas, [&](const auto& kv) { return !in(kv.first); });
  std::erase_if(s.enums, [&](const auto& kv) { return !in(kv.first.schema); });
  std::erase_if(s.tables, [&](const auto& kv) { return !in(kv.first.schema); });
  std::erase_if(s.indexes, [&](const auto& kv) { return !in(kv.first.schema); });
  std::erase_if(s.views, [&](const auto& kv) { return !in(kv.first.schema); });
  s.extensions.clear();  // extensions are database-wide: not compared under --schema
}

Result<Plan> ComputePlan(Database& db, const Options& o) {
  Schema desired;
  TRY_ASSIGN(desired, LoadDesired(o.desired));
  FilterSchemas(desired, o.schemas);
  Schema live;
  TRY_ASSIGN(live, Introspect(db, o.schemas));
  if (!o.schemas.empty()) live.extensions.clear();
  TRY(CanonicalizeViews(db, desired));
  return BuildPlan(live, desired);
}

int CmdPlan(const Options& o) {
  auto db = Database::Connect(o.db);
  if (!db.ok()) return Fail(db.error());
  auto plan = ComputePlan(*db, o);
  if (!plan.ok()) return Fail(plan.error());
  Plan shown = o.reverse ? plan->Reverse() : *plan;
  std::cout << Render(shown, ParseFormat(o.format), o.reverse);
  if (plan->destructive() && !o.allow_destructive) {
    std::cerr << "schemasync: the plan holds destructive steps (data_loss): apply needs --allow-destructive\n";
    return kExitDestructive;
  }
  return kExitOk;
}

int CmdDrift(const Options& o) {
  auto db = Database::Connect(o.db);
  if (!db.ok()) return Fail(db.error());
  auto plan = ComputePlan(*db, o);
  if (!plan.ok()) return Fail(plan.error());
  if (plan->empty()) {
    std::cerr << "schemasync: in sync\n";
    return kExitOk;
  }
  std::cout << Render(*plan, o.format == "sql" ? Format::kText : ParseFormat(o.format));
  std::cerr << "schemasync: drift found: " << plan->steps.size() << " change(s) needed\n";
  return kExitDrift;
}

int CmdApply(const Options& o) {
  auto db = Database::Connect(o.db);
  if (!db.ok()) return Fail(db.error());
  auto plan = ComputePlan(*db, o);
  if (!plan.ok()) return Fail(plan.error());
  if (plan->empty()) {
    std::cout << Render(*plan, ParseFormat(o.format));
    return kExitOk;
  }
  std::cout << Render(*plan, ParseFormat(o.format)) << std::flush;
  if (plan->destructive() && !o.allow_destructive) {
    std::cerr << "schemasync: refusing to apply destructive steps (data_loss) without --allow-destructive\n";
    return kExitDestructive;
  }
  bool tty = isatty(STDIN_FILENO) && isatty(STDERR_FILENO);
  if (!o.yes) {
    if (!tty) {
      std::cerr << "schemasync: not a terminal: pass --yes to apply\n";
      return kExitError;
    }
    std::cerr << "Apply these " << plan->steps.size() << " step(s) to " << db->Describe() << "? [y/N] ";
    std::string answer;
    std::getline(std::cin, answer);
    if (answer != "y" && answer != "Y" && answer != "yes") {
      std::cerr << "schemasync: not applied\n";
      return kExitError;
    }
  }
  ApplyOptions ao;
  ao.lock_timeout_ms = static_cast<int>(o.lock_timeout_s * 1000);
  ao.statement_timeout_ms = static_cast<int>(o.statement_timeout_s * 1000);
  auto start = std::chrono::steady_clock::now();
  if (isatty(STDERR_FILENO)) {
    ao.on_step = [start](size_t i, size_t n, const Step& s) {
      double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::fprintf(stderr, "[%zu/%zu %.1fs] %s %s\n", i + 1, n, secs, s.kind.c_str(), s.object.c_str());
    };
  }
  if (auto st = Apply(*db, *plan, ao); !st.ok()) return Fail(st.error());
  // Verify: the live schema must now equal the desired one.
  auto after = ComputePlan(*db, o);
  if (!after.ok()) return Fail(after.error());
  if (!after->empty()) {
    std::cerr << "schemasync: applied, but the database still differs from the desired schema:\n"
              << Render(*after, Format::kText);
    return kExitError;
  }
  std::cerr << "schemasync: applied " << plan->steps.size() << " step(s); the database matches the desired schema\n";
  return kExitOk;
}

void CommonFlags(CLI::App* cmd, Options& o) {
  cmd->add_option("--db", o.db, "libpq connection string or URI (default: DATABASE_URL, then PG* environment)");
  cmd->add_option("--desired", o.desired, "desired .sql file or folder (default: ./desired)");
  cmd->add_option("--schema", o.schemas, "limit to this schema (repeatable)");
  cmd->add_option("--format", o.format, "output format")->check(CLI::IsMember({"sql", "json", "text"}));
  cmd->add_flag("--allow-destructive", o.allow_destructive, "allow steps that lose data (DROP TABLE, DROP COLUMN)");
}

}  // namespace

int RunCli(int argc, char** argv) {
  CLI::App app{"schemasync: keep a PostgreSQL schema in sync with declarative SQL"};
  app.require_subcommand(1);
  Options o;
  CLI::App* plan = app.add_subcommand("plan", "print the ordered plan from the live schema to the desired one");
  CommonFlags(plan, o);
  plan->add_flag("--reverse", o.reverse, "print the reverse plan (desired state back to today's)");
  CLI::App* apply = app.add_subcommand("apply", "plan, apply in one transaction, verify");
  CommonFlags(apply, o);
  apply->add_flag("--yes", o.yes, "apply without asking");
  apply->add_option("--lock-timeout", o.lock_timeout_s, "seconds a step may wait for a lock (default 5)");
  apply->add_option("--statement-timeout", o.statement_timeout_s, "seconds a step may run (default: no limit)");
  CLI::App* drift = app.add_subcommand("drift", "compare only: exit 0 in sync, 2 drift");
  CommonFlags(drift, o);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitError;
  }
  if (plan->parsed()) return CmdPlan(o);
  if (apply->parsed()) return CmdApply(o);
  return CmdDrift(o);
}

}  // namespace schemasync
