// Scratch databases and psql / pg_dump / subprocess helpers for the integration tests.
#pragma once

#include <string>
#include <vector>

#include "schemasync/database.h"

namespace schemasync::pgtest {

// True when the environment names a server (PGHOST set, as scripts/with-postgres.sh does).
// Tests skip without one so that a bare `ctest` does not hang; with one they must pass.
bool HaveServer();

// Output and exit status of a shell command.
struct CommandResult {
  int status = -1;      // exit status; -1 when it did not exit normally
  std::string out;      // stdout
  std::string err;      // stderr
};

// Runs `command` with /bin/sh, stdin from /dev/null, capturing stdout and stderr.
CommandResult RunCommand(const std::string& command);

// Quotes one argument for /bin/sh.
std::string ShellQuote(const std::string& arg);

std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& text);

// A fresh temporary folder, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  // path()/name
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// A database created from template0 on the server the environment names, dropped (with
// FORCE) on destruction. Names are unique per process and call.
class ScratchDb {
 public:
  explicit ScratchDb(const std::string& label = "t");
  ~ScratchDb();
  ScratchDb(const ScratchDb&) = delete;
  ScratchDb& operator=(const ScratchDb&) = delete;

  const std::string& name() const { return name_; }
  // False when creation failed; error() says why.
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  // A libpq conninfo naming this database (host etc. from the environment).
  std::string Conninfo() const { return "dbname=" + name_; }
  // A new connection to this database; aborts the test on failure via the returned Result.
  Result<Database> Connect() const;

  // psql -X -q -v ON_ERROR_STOP=1 -1 -f file; returns psql's status and output.
  CommandResult LoadFile(const std::string& path) const;
  // The same for SQL text (through a temporary file).
  CommandResult LoadSql(const std::string& sql) const;
  // psql -At -c sql: the query's output, rows separated by newlines.
  CommandResult Psql(const std::string& sql) const;
  // pg_dump -s --no-owner (with `owners`: with them), normalized (NormalizeDump); on failure the
  // text holds the error.
  std::string Dump(bool owners = false) const;

 private:
  std::string name_;
  std::string error_;
};

// Like judge.py normalize_dump: drops comments, SET lines, set_config and blank lines, and
// sorts the lines inside each CREATE TABLE (...) block (column order is not compared), with
// trailing commas removed. One line per element of the result, joined by '\n'.
std::string NormalizeDump(const std::string& dump);

// The lines where two normalized dumps differ, for failure messages (a short unified-ish diff).
std::string DumpDiff(const std::string& expected, const std::string& actual);

// Runs the built `schemasync <args>` (arguments already shell-quoted where needed).
CommandResult Schemasync(const std::string& args);
// "--db '<conninfo of db>'".
std::string DbFlag(const ScratchDb& db);
// Exit status, stdout and stderr, for failure messages.
std::string Describe(const CommandResult& r);
// The one-row, one-column answer of `sql` on db, trimmed (a failing query fails the test).
std::string Scalar(const ScratchDb& db, const std::string& sql);

// The data-first cases: the folders of tests/cases holding a desired.sql, sorted by name.
std::vector<std::string> DataCaseNames();

// Creates (NOLOGIN) each role named in the data case folder's roles.txt, one per line, unless
// the server has it; roles are cluster-wide, so they stay for other tests. "" or what failed.
std::string CreateCaseRoles(const ScratchDb& db, const std::string& case_dir);

}  // namespace schemasync::pgtest

// Skips a test that needs the server when none was started (PGHOST unset).
#define REQUIRE_SERVER() \
  if (!::schemasync::pgtest::HaveServer()) GTEST_SKIP() << "PGHOST is not set: run under scripts/with-postgres.sh"
