// Scratch databases and psql / pg_dump / subprocess helpers (see pg_fixture.h).
#include "integration/pg_fixture.h"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>

namespace schemasync::pgtest {
namespace fs = std::filesystem;

bool HaveServer() {
  const char* host = std::getenv("PGHOST");
  return host && *host;
}

std::string ShellQuote(const std::string& arg) {
  std::string out = "'";
  for (char c : arg) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

TempDir::TempDir() {
  std::string tmpl = (fs::temp_directory_path() / "schemasync-test.XXXXXX").string();
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  const char* p = mkdtemp(buf.data());
  path_ = p ? p : "";
}

TempDir::~TempDir() {
  std::error_code ec;
  if (!path_.empty()) fs::remove_all(path_, ec);
}

CommandResult RunCommand(const std::string& command) {
  TempDir tmp;
  std::string out = tmp.File("out"), err = tmp.File("err");
  std::string full = "( " + command + " ) </dev/null >" + ShellQuote(out) + " 2>" + ShellQuote(err);
  int raw = std::system(full.c_str());
  CommandResult r;
  r.status = (raw != -1 && WIFEXITED(raw)) ? WEXITSTATUS(raw) : -1;
  r.out = ReadFile(out);
  r.err = ReadFile(err);
  return r;
}

namespace {

std::string UniqueName(const std::string& label) {
  static std::atomic<int> counter{0};
  std::string clean;
  for (char c : label) clean += std::isalnum(static_cast<unsigned char>(c)) ? std::tolower(c) : '_';
  clean = clean.substr(0, 30);
  return "ss_" + clean + "_" + std::to_string(getpid()) + "_" + std::to_string(counter++);
}

}  // namespace

ScratchDb::ScratchDb(const std::string& label) : name_(UniqueName(label)) {
  auto admin = Database::Connect("dbname=postgres");
  if (!admin.ok()) {
    error_ = admin.error().message;
    return;
  }
  if (auto st = admin->Exec("CREATE DATABASE " + name_ + " TEMPLATE template0"); !st.ok()) {
    error_ = st.error().message;
  }
}

ScratchDb::~ScratchDb() {
  if (!ok()) return;
  auto admin = Database::Connect("dbname=postgres");
  if (admin.ok()) (void)admin->Exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
}

Result<Database> ScratchDb::Connect() const { return Database::Connect(Conninfo()); }

CommandResult ScratchDb::LoadFile(const std::string& path) const {
  return RunCommand("psql -X -q -v ON_ERROR_STOP=1 -1 -d " + ShellQuote(name_) + " -f " + ShellQuote(path));
}

CommandResult ScratchDb::LoadSql(const std::string& sql) const {
  TempDir tmp;
  WriteFile(tmp.File("load.sql"), sql);
  return LoadFile(tmp.File("load.sql"));
}

CommandResult ScratchDb::Psql(const std::string& sql) const {
  return RunCommand("psql -X -q -At -v ON_ERROR_STOP=1 -d " + ShellQuote(name_) + " -c " + ShellQuote(sql));
}

std::string ScratchDb::Dump(bool owners) const {
  CommandResult r = RunCommand(std::string("pg_dump -s ") + (owners ? "" : "--no-owner ") + "-d " + ShellQuote(name_));
  if (r.status != 0) return "pg_dump failed (" + std::to_string(r.status) + "): " + r.err;
  return NormalizeDump(r.out);
}

std::string NormalizeDump(const std::string& dump) {
  static const std::regex kCreateTable(R"(^CREATE (UNLOGGED |FOREIGN )?TABLE .*\($)");
  std::vector<std::string> out;
  std::optional<std::vector<std::string>> block;
  std::istringstream in(dump);
  std::string line;
  while (std::getline(in, line)) {
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
    if (line.empty() || line.starts_with("--") || line.starts_with("SET ") ||
        line.starts_with("SELECT pg_catalog.set_config") || line.starts_with("\\restrict") ||
        line.starts_with("\\unrestrict")) {
      continue;
    }
    if (block) {
      if (line.starts_with(")")) {
        std::sort(block->begin(), block->end());
        out.insert(out.end(), block->begin(), block->end());
        out.push_back(line);
        block.reset();
      } else {
        if (line.back() == ',') line.pop_back();
        block->push_back(line);
      }
      continue;
    }
    out.push_back(line);
    if (std::regex_match(line, kCreateTable)) block.emplace();
  }
  std::string joined;
  for (const auto& l : out) joined += l + "\n";
  return joined;
}

std::string DumpDiff(const std::string& expected, const std::string& actual) {
  auto lines = [](const std::string& s) {
    std::vector<std::string> v;
    std::istringstream in(s);
    for (std::string l; std::getline(in, l);) v.push_back(l);
    return v;
  };
  std::vector<std::string> a = lines(expected), b = lines(actual);
  // Longest common subsequence: dumps are a few hundred lines at most.
  std::vector<std::vector<int>> lcs(a.size() + 1, std::vector<int>(b.size() + 1, 0));
  for (size_t i = a.size(); i-- > 0;) {
    for (size_t j = b.size(); j-- > 0;) {
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  std::string out;
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) {
      ++i, ++j;
    } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
      out += "+ " + b[j++] + "\n";
    } else {
      out += "- " + a[i++] + "\n";
    }
  }
  return out.empty() ? "(no difference)" : out;
}

CommandResult Schemasync(const std::string& args) { return RunCommand(ShellQuote(SCHEMASYNC_BINARY) + " " + args); }

std::string DbFlag(const ScratchDb& db) { return "--db " + ShellQuote(db.Conninfo()); }

std::string Describe(const CommandResult& r) {
  return "exit " + std::to_string(r.status) + "\nstdout:\n" + r.out + "\nstderr:\n" + r.err;
}

std::string Scalar(const ScratchDb& db, const std::string& sql) {
  CommandResult r = db.Psql(sql);
  EXPECT_EQ(r.status, 0) << r.err;
  while (!r.out.empty() && r.out.back() == '\n') r.out.pop_back();
  return r.out;
}

std::string CreateCaseRoles(const ScratchDb& db, const std::string& case_dir) {
  const fs::path path = fs::path(case_dir) / "roles.txt";
  if (!fs::exists(path)) return "";
  std::stringstream lines(ReadFile(path.string()));
  std::string role;
  while (std::getline(lines, role)) {
    while (!role.empty() && std::isspace(static_cast<unsigned char>(role.back()))) role.pop_back();
    if (role.empty()) continue;
    std::string quoted = "\"";
    for (char c : role) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    quoted += "\"";
    // Two tests may race to create one role: the loser's CREATE ROLE fails with
    // duplicate_object or unique_violation, both ignored.
    auto r = db.LoadSql("DO $$ BEGIN CREATE ROLE " + quoted +
                        " NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;");
    if (r.status != 0) return "creating role " + role + ": " + r.err;
  }
  return "";
}

std::vector<std::string> DataCaseNames() {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(fs::path(SCHEMASYNC_SOURCE_DIR) / "tests" / "cases", ec)) {
    if (e.is_directory() && fs::exists(e.path() / "desired.sql")) out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace schemasync::pgtest
