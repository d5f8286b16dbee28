// CLI11 subcommands over the pipeline: desired + live -> plan -> render / apply / drift,
// and saved plans: plan --out, apply --plan, revert --plan.
#include "cli/cli.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <vector>

#include "cli/desired_reader.h"
#include "schemasync/apply.h"
#include "schemasync/catalog.h"
#include "schemasync/dump.h"
#include "schemasync/parse.h"
#include "schemasync/pipeline.h"
#include "schemasync/plan.h"
#include "schemasync/plan_file.h"
#include "schemasync/render.h"
#include "schemasync/side_connection.h"
#include "schemasync/step_kind.h"
#include "schemasync/timing.h"
#include "util/quote.h"

namespace schemasync {
namespace {

// 4 extends the contract: apply failed after committing part of the plan (the message lists
// what is in); re-running apply resumes.
constexpr int kExitOk = 0, kExitError = 1, kExitDrift = 2, kExitDestructive = 3, kExitPartial = 4;
constexpr const char* kExitCodes =
    "Exit codes: 0 done (drift: in sync); 1 error (on stderr, with file:line:col for bad SQL); 2 drift found;\n"
    "  3 refused by a hazard gate (--allow-destructive, --deny-hazards; the plan is still printed);\n"
    "  4 apply failed after committing part of an online plan (it lists what is in; run it again to resume).\n"
    "Results go to stdout, messages to stderr.\n";

struct Options {
  std::string db;
  std::string desired = "desired";
  std::string from;  // plan/drift --from: a desired state instead of the database
  std::string role;  // with --from: who would apply the plan
  std::vector<std::string> schemas;
  std::string format;  // "": sql for plan/apply/revert, text for drift
  std::string out;
  std::string plan_file;
  bool reverse = false;
  bool allow_destructive = false;
  std::vector<std::string> allow_hazards, deny_hazards;  // hazard names (--allow-hazards, --deny-hazards)
  bool yes = false;
  bool no_concurrent_indexes = false;
  bool no_online = false;
  bool manage_owners = false;
  bool timing = false;
  bool single_file = false;
  double lock_timeout_s = 5;
  double statement_timeout_s = 0;
  double wait_s = 60;
};

// Every error leaves through here: no password reaches the terminal or a CI log (Redact).
int Fail(const Error& e) {
  std::cerr << "schemasync: " << Redact(e.message) << "\n";
  return e.kind == ErrorKind::kPartialApply ? kExitPartial : kExitError;
}

// For a pipeline that asked for JSON, an error is a JSON document too (on stdout, beside the
// message on stderr): {"error": ..., "exit": 1}, so that every outcome parses.
int FailAs(const Error& e, const Options& o) {
  int code = Fail(e);
  if (o.format == "json") {
    nlohmann::json j;
    j["error"] = Redact(e.message);
    j["exit"] = code;
    std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  return code;
}

// The hazard gates: a step with a denied hazard stops the plan whatever else is allowed; a step
// that loses data needs --allow-destructive (or data_loss in --allow-hazards). Returns the exit
// code when the plan may not run, nothing when it may. `what` begins the message ("refusing
// to apply").
std::optional<int> Gate(const Plan& plan, const Options& o, const std::string& what) {
  auto listed = [](const std::vector<std::string>& v, const std::string& h) {
    return std::find(v.begin(), v.end(), h) != v.end();
  };
  std::vector<std::string> denied;
  for (const auto& s : plan.steps) {
    for (const auto& h : s.hazards) {
      if (listed(o.deny_hazards, h)) denied.push_back(s.kind + " " + s.object + " (" + h + ")");
    }
  }
  if (!denied.empty()) {
    std::vector<std::string> shown(denied.begin(), denied.begin() + std::min<size_t>(denied.size(), 5));
    std::cerr << "schemasync: " << what << ": " << denied.size() << " step(s) with a hazard --deny-hazards refuses: "
              << Join(shown, "; ") << (denied.size() > shown.size() ? "; ..." : "") << "\n";
    return kExitDestructive;
  }
  if (plan.destructive() && !o.allow_destructive && !listed(o.allow_hazards, std::string(Name(Hazard::kDataLoss)))) {
    std::cerr << "schemasync: " << what << ": the plan holds destructive steps (data_loss), which need --allow-destructive\n";
    return kExitDestructive;
  }
  return std::nullopt;
}

// Warnings about the plan as a whole (e.g. it drops every table of a schema), before anything.
void Warn(const Plan& plan) {
  for (const auto& w : plan.warnings) std::cerr << "schemasync: WARNING: " << w << "\n";
}

// Colours in text output: on a terminal, unless NO_COLOR is set to anything (no-color.org).
bool Colour() {
  const char* no = std::getenv("NO_COLOR");
  return isatty(STDOUT_FILENO) && !(no && *no);
}

Format ParseFormat(const std::string& f, Format fallback = Format::kSql) {
  if (f == "json") return Format::kJson;
  if (f == "text") return Format::kText;
  if (f == "sql") return Format::kSql;
  if (f == "markdown") return Format::kMarkdown;
  return fallback;
}

// Connects; catalog reads wait for locks no longer than apply steps do (a table held ACCESS
// EXCLUSIVE by a long ALTER would otherwise stall pg_get_viewdef, and with it plan and drift).
Result<Database> Connect(const Options& o) {
  Database db;
  TRY_ASSIGN(db, Database::Connect(o.db));
  TRY(db.Exec("SET lock_timeout = " + std::to_string(static_cast<int>(o.lock_timeout_s * 1000))));
  return db;
}

PlanOptions PlanOptionsOf(const Options& o) {
  PlanOptions po;
  po.concurrent_indexes = !o.no_concurrent_indexes && !o.no_online;
  po.online = !o.no_online;
  po.manage_owners = o.manage_owners;
  po.fingerprints = !o.out.empty();  // only plan --out writes them
  return po;
}

// The desired SQL is read before connecting: its errors need no database.
Result<Planned> ComputePlan(Database& db, const Options& o, Schema desired) {
  return PlanDatabase(db, std::move(desired), o.schemas, PlanOptionsOf(o));
}

Result<Planned> ComputePlan(Database& db, const Options& o) {
  Schema desired;
  TRY_ASSIGN(desired, LoadDesired(o.desired));
  return ComputePlan(db, o, std::move(desired));
}

// Keeps a run's two models, when the command is done with them, until the process ends, which
// gives their memory back at once: freed node by node they took a tenth of a second after the
// answer was known, at 10,000 tables. They stay reachable (from `kept`), so LeakSanitizer
// reports nothing.
class KeptUntilExit {
 public:
  explicit KeptUntilExit(Planned& p) : p_(p) {}
  ~KeptUntilExit() {
    static auto* kept = new std::vector<std::unique_ptr<Planned>>;
    kept->push_back(std::make_unique<Planned>(std::move(p_)));
  }
  KeptUntilExit(const KeptUntilExit&) = delete;
  KeptUntilExit& operator=(const KeptUntilExit&) = delete;

 private:
  Planned& p_;
};

// Plans from the desired files, read on a thread of their own while this one connects and reads
// the catalog. The desired files' errors still come first: they need no database.
Result<Planned> PlanFromFiles(const Options& o) {
  if (!o.from.empty()) {
    // Offline: both sides are files, read one after the other (their errors in that order).
    Schema from, desired;
    std::vector<std::string> data;
    auto f = LoadSchemaScript(o.from, &data);
    if (!f.ok()) return MakeError(f.error().kind, "--from: " + f.error().message);
    from = std::move(*f);
    TRY_ASSIGN(desired, LoadDesired(o.desired));
    Planned p;
    TRY_ASSIGN(p, PlanOffline(std::move(from), std::move(desired), o.role.empty() ? DefaultRole() : o.role, o.schemas,
                              PlanOptionsOf(o)));
    if (!data.empty()) {
      p.plan.warnings.push_back("--from: " + std::to_string(data.size()) + " statement(s) that change only rows left out (" +
                                data.front() + (data.size() > 1 ? ", ..." : "") + "): the schema is compared");
    }
    return p;
  }
  // A second connection reads part of the catalog in the catalog read's snapshot, the live views
  // among it (side_connection.h);
  // once the files are read, the reader has the server spell their views there
  // (CanonicalizeViews: a probe per view, most of what follows the catalog read), while this
  // thread still reads the catalog. Whatever it could not spell is asked again below.
  SideConnection side([&o] { return Connect(o); });
  DesiredReader reader(o.desired, [&o, &side](Schema& desired) {
    if (desired.views.empty()) return;
    Database* on = side.Connection();
    std::optional<Result<Database>> own;
    if (!on) {
      own.emplace(Connect(o));
      if (own->ok()) on = &own->value();
    }
    if (on) (void)CanonicalizeViews(*on, desired);
  });
  auto db = Connect(o);
  std::optional<Result<Schema>> live;
  if (db.ok()) live.emplace(ReadLiveSchema(*db, o.schemas, &side));
  side.Close();  // the reader may have it now for the views' probe
  Schema desired;
  TRY_ASSIGN(desired, reader.Wait());
  if (!db.ok()) return db.error();
  if (!live->ok()) return live->error();
  return PlanDatabase(*db, std::move(desired), std::move(**live), o.schemas, PlanOptionsOf(o));
}

Status WriteFile(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  f.close();
  if (!f) return MakeError(ErrorKind::kIo, path + ": cannot write");
  return Ok();
}

Result<PlanFile> ReadPlanFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return MakeError(ErrorKind::kIo, path + ": cannot read");
  std::stringstream ss;
  ss << f.rdbuf();
  auto pf = DecodePlanFile(ss.str());
  if (!pf.ok()) return MakeError(pf.error().kind, path + ": " + pf.error().message);
  return pf;
}

int CmdPlan(const Options& o) {
  if (!o.from.empty() && !o.out.empty()) {
    return Fail(MakeError(ErrorKind::kUsage, "--out with --from: a plan between two folders of files is for review; "
                                             "apply needs one made against the database (plan --db ... --out)"));
  }
  auto c = PlanFromFiles(o);
  if (!c.ok()) return FailAs(c.error(), o);
  KeptUntilExit keep(*c);
  std::optional<Plan> reversed;
  if (o.reverse) reversed = c->plan.Reverse();
  const Plan& shown = reversed ? *reversed : c->plan;  // a plan of 10,000 tables is not copied to be printed
  Warn(shown);
  std::cout << Render(shown, ParseFormat(o.format), o.reverse, Colour());
  if (!o.out.empty()) {
    PlanFile f{PlanFile::kFormatVersion, c->source_fingerprint, c->target_fingerprint, o.schemas, c->plan, {}};
    f.unverified_views.assign(c->unverified_views.begin(), c->unverified_views.end());
    if (auto st = WriteFile(o.out, EncodePlanFile(f)); !st.ok()) return Fail(st.error());
    std::cerr << "schemasync: plan written to " << o.out << "\n";
  }
  if (auto refused = Gate(shown, o, std::string(o.reverse ? "the reverse plan" : "the plan") + " cannot run as is")) {
    return *refused;
  }
  return kExitOk;
}

int CmdDrift(const Options& o) {
  auto c = PlanFromFiles(o);
  if (!c.ok()) return FailAs(c.error(), o);
  KeptUntilExit keep(*c);
  Warn(c->plan);
  // For people by default; a pipeline asking for json or sql gets a document in every outcome.
  Format format = ParseFormat(o.format, Format::kText);
  if (c->plan.empty()) {
    if (format != Format::kText) std::cout << Render(c->plan, format);
    std::cerr << "schemasync: in sync\n";
    return kExitOk;
  }
  std::cout << Render(c->plan, format, false, Colour());
  std::cerr << "schemasync: drift found: " << c->plan.steps.size() << " change(s) needed\n";
  return kExitDrift;
}

// Asks on a terminal; without one, --yes is required.
bool Confirm(const Options& o, const Plan& plan, Database& db, const std::string& verb) {
  if (o.yes) return true;
  if (!(isatty(STDIN_FILENO) && isatty(STDERR_FILENO))) {
    std::cerr << "schemasync: not a terminal: pass --yes to " << verb << "\n";
    return false;
  }
  std::cerr << verb << " these " << plan.steps.size() << " step(s) on " << db.Describe() << "? [y/N] ";
  std::string answer;
  std::getline(std::cin, answer);
  if (answer == "y" || answer == "Y" || answer == "yes") return true;
  std::cerr << "schemasync: nothing done\n";
  return false;
}

ApplyOptions MakeApplyOptions(const Options& o) {
  ApplyOptions ao;
  ao.lock_timeout_ms = static_cast<int>(o.lock_timeout_s * 1000);
  ao.statement_timeout_ms = static_cast<int>(o.statement_timeout_s * 1000);
  if (isatty(STDERR_FILENO)) {
    auto start = std::chrono::steady_clock::now();
    ao.on_step = [start](size_t i, size_t n, const Step& s) {
      double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::fprintf(stderr, "[%zu/%zu %6.1fs] %s %s\n", i + 1, n, secs, s.kind.c_str(), s.object.c_str());
    };
  }
  return ao;
}

int CmdApply(const Options& o) {
  std::optional<Schema> desired;
  if (o.plan_file.empty()) {
    auto d = LoadDesired(o.desired);
    if (!d.ok()) return Fail(d.error());
    desired = std::move(*d);
  }
  auto db = Connect(o);
  if (!db.ok()) return Fail(db.error());
  // Serialize first: a second apply waits here, then plans against what the first one left.
  auto lock = ApplyLock::Acquire(*db, static_cast<int>(o.wait_s * 1000));
  if (!lock.ok()) return Fail(lock.error());
  Plan plan;
  std::string target;
  std::set<QualifiedName> unverified;
  std::vector<std::string> schemas = o.schemas;
  if (!o.plan_file.empty()) {
    auto pf = ReadPlanFile(o.plan_file);
    if (!pf.ok()) return Fail(pf.error());
    schemas = pf->schemas;
    auto live = ReadLiveSchema(*db, schemas);
    if (!live.ok()) return Fail(live.error());
    if (Fingerprint(*live) != pf->source_fingerprint) {
      return Fail(MakeError(ErrorKind::kPlan, "the database changed since the plan was made (its schema fingerprint " +
                                                  Fingerprint(*live).substr(0, 12) + " is not the plan's source " +
                                                  pf->source_fingerprint.substr(0, 12) + "): make a new plan"));
    }
    plan = pf->plan;
    target = pf->target_fingerprint;
    unverified = pf->UnverifiedSet();
  } else {
    auto c = ComputePlan(*db, o, std::move(*desired));
    if (!c.ok()) return Fail(c.error());
    plan = c->plan;
  }
  Warn(plan);
  std::cout << Render(plan, ParseFormat(o.format), false, Colour()) << std::flush;
  if (plan.empty()) return kExitOk;
  if (auto refused = Gate(plan, o, "refusing to apply")) return *refused;
  if (!Confirm(o, plan, *db, "apply")) return kExitError;
  if (auto st = Apply(*db, plan, MakeApplyOptions(o)); !st.ok()) return Fail(st.error());
  // Verify: the live schema must now be the desired one.
  if (!target.empty()) {
    auto live = ReadLiveSchema(*db, schemas);
    if (!live.ok()) return Fail(live.error());
    if (Fingerprint(*live, unverified) != target) {
      return Fail(MakeError(ErrorKind::kApply, "applied, but the schema fingerprint is not the plan's target"));
    }
  } else {
    auto after = ComputePlan(*db, o);
    if (!after.ok()) return Fail(after.error());
    if (!after->plan.empty()) {
      std::cerr << "schemasync: applied, but the database still differs from the desired schema:\n"
                << Render(after->plan, Format::kText);
      return kExitError;
    }
  }
  std::cerr << "schemasync: applied " << plan.steps.size() << " step(s); the database matches the desired schema\n";
  return kExitOk;
}

int CmdRevert(const Options& o) {
  auto pf = ReadPlanFile(o.plan_file);
  if (!pf.ok()) return Fail(pf.error());
  auto db = Connect(o);
  if (!db.ok()) return Fail(db.error());
  auto lock = ApplyLock::Acquire(*db, static_cast<int>(o.wait_s * 1000));
  if (!lock.ok()) return Fail(lock.error());
  auto live = ReadLiveSchema(*db, pf->schemas);
  if (!live.ok()) return Fail(live.error());
  if (Fingerprint(*live, pf->UnverifiedSet()) != pf->target_fingerprint) {
    return Fail(MakeError(ErrorKind::kPlan, "the database is not in the state the plan produces (fingerprint " +
                                                Fingerprint(*live, pf->UnverifiedSet()).substr(0, 12) + ", plan target " +
                                                pf->target_fingerprint.substr(0, 12) + "): nothing reverted"));
  }
  Plan reverse = pf->plan.Reverse();
  for (const auto& s : reverse.steps) {
    if (s.sql.empty()) {
      return Fail(MakeError(ErrorKind::kPlan, "step " + s.kind + " " + s.object + " cannot be reverted: nothing reverted"));
    }
  }
  std::cout << Render(reverse, ParseFormat(o.format), true, Colour()) << std::flush;
  if (auto refused = Gate(reverse, o, "refusing to revert")) return *refused;
  if (!Confirm(o, reverse, *db, "revert")) return kExitError;
  if (auto st = Apply(*db, reverse, MakeApplyOptions(o)); !st.ok()) return Fail(st.error());
  auto after = ReadLiveSchema(*db, pf->schemas);
  if (!after.ok()) return Fail(after.error());
  if (Fingerprint(*after) != pf->source_fingerprint) {
    return Fail(MakeError(ErrorKind::kApply, "reverted, but the schema fingerprint is not the plan's source"));
  }
  std::cerr << "schemasync: reverted " << reverse.steps.size() << " step(s)\n";
  return kExitOk;
}

// The desired schema of an empty folder, as the applying role sees it: what a new database has.
Result<Schema> FreshDatabase(const Schema& live) {
  Schema fresh;
  TRY_ASSIGN(fresh, ParseDesired("", "(a new database)"));
  ResolveCurrentRole(fresh, live.current_role);
  return fresh;
}

// True when the folder holds a .sql file (recursively): dump would mix with what is there.
bool HoldsSql(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return false;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->path().extension() == ".sql") return true;
  }
  return false;
}

Status WriteDump(const std::string& dir, const std::vector<DumpFile>& files) {
  namespace fs = std::filesystem;
  for (const auto& f : files) {
    fs::path p = fs::path(dir) / f.path;
    std::error_code ec;
    fs::create_directories(p.parent_path(), ec);
    if (ec) return MakeError(ErrorKind::kIo, p.parent_path().string() + ": cannot create: " + ec.message());
    TRY(WriteFile(p.string(), f.text));
  }
  return Ok();
}

// A folder of its own under TMPDIR, removed with what it holds when this goes (dump to stdout
// reads its files back from one).
class TempDirectory {
 public:
  TempDirectory() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base && *base ? base : "/tmp") + "/schemasync-dump.XXXXXX";
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    if (mkdtemp(buf.data())) path_ = buf.data();
  }
  ~TempDirectory() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDirectory(const TempDirectory&) = delete;
  TempDirectory& operator=(const TempDirectory&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

int CmdDump(const Options& o) {
  if (!o.out.empty() && HoldsSql(o.out)) {
    return Fail(MakeError(ErrorKind::kUsage, o.out + ": already holds .sql files; dump writes into an empty or new "
                                                     "folder (it would mix with them): remove them, or give another --out"));
  }
  auto db = Connect(o);
  if (!db.ok()) return Fail(db.error());
  auto live = ReadLiveSchema(*db, o.schemas);
  if (!live.ok()) return Fail(live.error());
  auto fresh = FreshDatabase(*live);
  if (!fresh.ok()) return Fail(fresh.error());
  Schema shown = *live;
  if (o.manage_owners) {
    ResolveOwners(*fresh, live->current_role);
  } else {
    shown.owners.clear();
    fresh->owners.clear();
  }
  DumpOptions options;
  options.single_file = o.single_file || o.out.empty();
  auto files = DumpSchema(shown, *fresh, options);
  if (!files.ok()) return Fail(files.error());
  Options plain = o;
  plain.no_online = true;
  // Read back and planned against the same database: a dump that does not describe the database
  // it came from says so, rather than leaving the first plan to find out.
  auto plan_back = [&](const std::string& path) -> Result<Planned> {
    auto desired = LoadDesired(path);
    if (!desired.ok()) return MakeError(desired.error().kind, "the dump does not read back: " + desired.error().message);
    auto back = PlanDatabase(*db, std::move(*desired), *live, o.schemas, PlanOptionsOf(plain));
    if (!back.ok()) return MakeError(back.error().kind, "the dump does not plan back: " + back.error().message);
    return back;
  };
  auto remove = [](const std::string& dir, const std::vector<DumpFile>& written) {
    std::error_code ec;
    for (const auto& f : written) std::filesystem::remove(std::filesystem::path(dir) / f.path, ec);
  };
  // Written as a person would (no names PostgreSQL chooses anyway); should that read back
  // differently (a derived name taken by another object first), everything spelled out instead.
  TempDirectory scratch;
  if (o.out.empty() && scratch.path().empty()) return Fail(MakeError(ErrorKind::kIo, "cannot create a temporary folder"));
  const std::string first = o.out.empty() ? scratch.path() : o.out;
  if (auto st = WriteDump(first, *files); !st.ok()) return Fail(st.error());
  auto back = plan_back(first);
  if (!back.ok() || !back->plan.empty()) {
    remove(first, *files);
    options.as_written = false;
    files = DumpSchema(shown, *fresh, options);
    if (!files.ok()) return Fail(files.error());
    if (auto st = WriteDump(first, *files); !st.ok()) return Fail(st.error());
    back = plan_back(first);
  }
  if (!back.ok()) return Fail(back.error());
  if (o.out.empty()) {
    if (!back->plan.empty()) {
      std::cerr << "schemasync: planning the dump against the database finds " << back->plan.steps.size()
                << " change(s): these objects are not dumped faithfully (please report it):\n"
                << Render(back->plan, Format::kText);
      return kExitError;
    }
    std::cout << files->front().text;
    return kExitOk;
  }
  if (!back->plan.empty()) {
    std::cerr << "schemasync: dump written to " << o.out << ", but planning it against the database finds "
              << back->plan.steps.size() << " change(s): these objects are not dumped faithfully (please report it):\n"
              << Render(back->plan, Format::kText);
    return kExitError;
  }
  std::cerr << "schemasync: dumped " << files->size() << " file(s) to " << o.out << "; planning them against the database finds no change\n";
  return kExitOk;
}

void CommonFlags(CLI::App* cmd, Options& o) {
  cmd->add_option("--db", o.db, "libpq connection string or URI (default: DATABASE_URL, then PG* environment)");
  cmd->add_option("--desired", o.desired, "desired .sql file or folder (default: ./desired)");
  cmd->add_option("--schema", o.schemas, "limit to this schema (repeatable)");
  if (cmd->get_name() == "plan" || cmd->get_name() == "drift") {
    cmd->add_option("--from", o.from,
                    "compare with this desired .sql file or folder instead of a database (offline: e.g. the base "
                    "branch's desired/); view queries are compared as written")
        ->excludes("--db");
    cmd->add_option("--role", o.role,
                    "with --from: the role that would apply the plan (what CURRENT_USER names, the owner of new "
                    "objects; default: PGUSER, else the operating system user, as libpq would log in)");
  }
  cmd->add_option("--format", o.format, "output format: sql (default; text for drift), json, text, markdown (a pull-request comment)")
      ->check(CLI::IsMember({"sql", "json", "text", "markdown"}));
  cmd->add_flag("--allow-destructive", o.allow_destructive, "allow steps that lose data (DROP TABLE, DROP COLUMN)");
  const std::vector<std::string> hazards = HazardNames();
  cmd->add_option("--allow-hazards", o.allow_hazards,
                  "hazard kinds to accept, comma-separated (data_loss here is --allow-destructive)")
      ->delimiter(',')
      ->check(CLI::IsMember(hazards));
  cmd->add_option("--deny-hazards", o.deny_hazards,
                  "hazard kinds to refuse outright, comma-separated (e.g. table_rewrite,blocks_reads): plan exits 3, "
                  "apply and revert do nothing")
      ->delimiter(',')
      ->check(CLI::IsMember(hazards));
  cmd->add_option("--lock-timeout", o.lock_timeout_s, "seconds a catalog read or a step may wait for a lock (default 5)");
  cmd->add_flag("--no-concurrent-indexes", o.no_concurrent_indexes,
                "build new indexes on existing tables inside the transaction instead of CONCURRENTLY");
  cmd->add_flag("--no-online", o.no_online,
                "plan the plain way, in one transaction, for a maintenance window: no NOT VALID + VALIDATE, no SET NOT "
                "NULL through a CHECK, no concurrent index builds, drops or swaps (implies --no-concurrent-indexes)");
  cmd->add_flag("--manage-owners", o.manage_owners,
                "compare and change object owners (ALTER ... OWNER TO in the desired SQL; otherwise the applying role)");
  cmd->add_flag("--timing", o.timing,
                "print to stderr where the run spent its time (parse, introspect, canonicalize, normalize, diff, "
                "plan) and how many statements it sent");
}

void ApplyFlags(CLI::App* cmd, Options& o) {
  cmd->add_flag("--yes", o.yes, "do not ask");
  cmd->add_option("--statement-timeout", o.statement_timeout_s, "seconds a step may run (default: no limit)");
  cmd->add_option("--wait", o.wait_s, "seconds to wait for another apply on the same database (default 60)");
}

}  // namespace

int RunCli(int argc, char** argv) {
  CLI::App app{"schemasync: keep a PostgreSQL schema in sync with declarative SQL"};
  app.set_version_flag("--version", std::string("schemasync ") + SCHEMASYNC_VERSION);
  app.require_subcommand(1);
  Options o;
  CLI::App* plan = app.add_subcommand("plan", "print the ordered plan from the live schema to the desired one");
  CommonFlags(plan, o);
  plan->add_flag("--reverse", o.reverse, "print the reverse plan (desired state back to today's)");
  plan->add_option("--out", o.out, "also write the plan (with fingerprints) to this file, for apply --plan");
  CLI::App* apply = app.add_subcommand("apply", "plan, apply (plain changes in one transaction; online ones commit in steps, see --no-online), verify");
  CommonFlags(apply, o);
  ApplyFlags(apply, o);
  apply->add_option("--plan", o.plan_file, "apply exactly this saved plan (refused if the database changed since)");
  CLI::App* revert = app.add_subcommand("revert", "apply a saved plan's reverse steps");
  CommonFlags(revert, o);
  ApplyFlags(revert, o);
  revert->add_option("--plan", o.plan_file, "the saved plan to revert")->required();
  CLI::App* drift = app.add_subcommand("drift", "compare only: exit 0 in sync, 2 drift");
  CommonFlags(drift, o);
  app.footer(
      "Examples:\n"
      "  schemasync plan --db postgresql://app@localhost/app --desired desired --format text\n"
      "  schemasync apply --db dbname=app --yes\n"
      "  schemasync drift --db dbname=app --format json\n"
      "  schemasync dump --db dbname=app --out desired\n"
      "  schemasync plan --from base/desired --desired desired --format markdown\n"
      "\n" +
      std::string(kExitCodes) + "\n'schemasync COMMAND --help' shows each command's options and an example.");
  plan->footer("Example:\n  schemasync plan --db \"$DATABASE_URL\" --desired desired --format markdown --out plan.json > plan.md\n" +
               std::string(kExitCodes));
  apply->footer("Examples:\n  schemasync apply --db \"$DATABASE_URL\" --desired desired --yes\n"
                "  schemasync apply --db \"$DATABASE_URL\" --plan plan.json --yes   # exactly the reviewed plan\n" +
                std::string(kExitCodes));
  revert->footer("Example:\n  schemasync revert --db \"$DATABASE_URL\" --plan plan.json --yes --allow-destructive\n" +
                 std::string(kExitCodes));
  drift->footer("Examples:\n  schemasync drift --db \"$DATABASE_URL\" --desired desired --format json > drift.json\n"
                "  schemasync drift --from base/desired --desired desired   # two folders, no database\n" +
                std::string(kExitCodes));
  CLI::App* dump = app.add_subcommand("dump", "write the live schema as desired-state SQL files (adopting a database)");
  dump->add_option("--db", o.db, "libpq connection string or URI (default: DATABASE_URL, then PG* environment)");
  dump->add_option("--schema", o.schemas, "limit to this schema (repeatable)");
  dump->add_option("--out", o.out, "folder to write (new or empty): one file per schema and kind of object; without it, "
                                   "one file on stdout");
  dump->add_flag("--single-file", o.single_file, "write one schema.sql into --out instead");
  dump->add_flag("--manage-owners", o.manage_owners, "write owners (ALTER ... OWNER TO), for plans run with --manage-owners");
  dump->add_option("--lock-timeout", o.lock_timeout_s, "seconds a catalog read may wait for a lock (default 5)");
  dump->add_flag("--timing", o.timing, "print to stderr where the run spent its time");
  dump->footer("Examples:\n  schemasync dump --db \"$DATABASE_URL\" --out desired   # then 'schemasync plan' says no changes\n"
               "  schemasync dump --db \"$DATABASE_URL\" > schema.sql\n" +
               std::string(kExitCodes));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitError;
  }
  int code = plan->parsed()     ? CmdPlan(o)
             : apply->parsed()  ? CmdApply(o)
             : revert->parsed() ? CmdRevert(o)
             : dump->parsed()   ? CmdDump(o)
                                : CmdDrift(o);
  if (o.timing) std::cerr << timing::Report();
  return code;
}

}  // namespace schemasync
