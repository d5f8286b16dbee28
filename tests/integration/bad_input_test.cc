// The bad-input catalogue: tests/bad_input/<name>/ holds what a user might give schemasync and the
// exact error it must answer with (file:line:col, what is wrong, what to do), and the proof that
// nothing was changed. Each entry is copied to a temporary folder and run there as
//
//   schemasync <command> --desired desired --db <scratch database> <args>   (args may name their own)
//
// Files of an entry:
//   desired/       the desired files (absent: a missing path; no *.sql in it: an empty folder)
//   current.sql    loaded into the scratch database first (optional)
//   args           extra arguments, one line (optional); "{db}" is the scratch conninfo
//   command        plan (default), drift or "apply --yes"
//   expected.txt   the exact stderr; "{db}" stands for the scratch database's name
//   exit           the exit status (default 1)
//   generate       a generator run in the copy before the command (see Generate below)
// After the command the scratch database must still dump as current.sql left it.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "integration/pg_fixture.h"

namespace schemasync {
namespace {

namespace fs = std::filesystem;
using pgtest::CommandResult;
using pgtest::Describe;
using pgtest::ReadFile;
using pgtest::RunCommand;
using pgtest::ScratchDb;
using pgtest::ShellQuote;
using pgtest::TempDir;
using pgtest::WriteFile;

const fs::path kCatalogue = fs::path(SCHEMASYNC_SOURCE_DIR) / "tests" / "bad_input";

std::vector<std::string> Entries() {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(kCatalogue, ec)) {
    if (e.is_directory() && fs::exists(e.path() / "expected.txt")) out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

std::string ReplaceAll(std::string s, const std::string& from, const std::string& to) {
  for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) s.replace(pos, from.size(), to);
  return s;
}

// Inputs too big or too odd to keep in git, made in the entry's copy.
void Generate(const std::string& what, const fs::path& dir) {
  if (what == "huge_file") {
    // 200,000 valid statements (about 8 MB), then a mistake on the last line: the error must
    // come back quickly, with the right line.
    std::ofstream f(dir / "desired" / "huge.sql", std::ios::binary);
    for (int i = 0; i < 200000; ++i) f << "COMMENT ON TABLE t IS 'row " << i << " of a very large generated file';\n";
    f << "CREATE TABLE t (id int;\n";
  } else if (what == "not_a_regular_file") {
    fs::create_directories(dir / "desired");
    std::ofstream(dir / "desired" / "010_ok.sql") << "CREATE TABLE t (id int);\n";
    mkfifo((dir / "desired" / "020_pipe.sql").c_str(), 0644);
  } else if (what == "unreadable_file") {
    fs::permissions(dir / "desired" / "010_secret.sql", fs::perms::none);
  }
}

class BadInputTest : public testing::TestWithParam<std::string> {};

TEST_P(BadInputTest, ClearErrorAndNothingChanged) {
  REQUIRE_SERVER();
  const fs::path src = kCatalogue / GetParam();
  if (fs::exists(src / "generate") && Trim(ReadFile(src / "generate")) == "unreadable_file" && geteuid() == 0) {
    GTEST_SKIP() << "running as root: file permissions do not stop reading";
  }
  TempDir tmp;
  fs::copy(src, tmp.path(), fs::copy_options::recursive);
  if (fs::exists(src / "generate")) Generate(Trim(ReadFile(src / "generate")), tmp.path());
  ScratchDb db("bad_input");
  ASSERT_TRUE(db.ok()) << db.error();
  if (fs::exists(src / "current.sql")) {
    CommandResult load = db.LoadFile((src / "current.sql").string());
    ASSERT_EQ(load.status, 0) << "current.sql does not load: " << load.err;
  }
  const std::string before = db.Dump();
  std::string command = fs::exists(src / "command") ? Trim(ReadFile(src / "command")) : "plan";
  std::string args = fs::exists(src / "args") ? Trim(ReadFile(src / "args")) : "";
  args = ReplaceAll(args, "{db}", db.Conninfo());
  if (args.find("--db") == std::string::npos) args += " --db " + ShellQuote(db.Conninfo());
  if (args.find("--desired") == std::string::npos) args = "--desired desired " + args;
  CommandResult r = RunCommand("cd " + ShellQuote(tmp.path()) + " && " + ShellQuote(SCHEMASYNC_BINARY) + " " + command +
                               " " + args);
  int want_exit = fs::exists(src / "exit") ? std::stoi(ReadFile(src / "exit")) : 1;
  std::string want = ReplaceAll(ReadFile(src / "expected.txt"), "{db}", db.name());
  EXPECT_EQ(r.status, want_exit) << Describe(r);
  EXPECT_EQ(r.err, want) << "stderr differs from " << (src / "expected.txt").string();
  EXPECT_EQ(db.Dump(), before) << "the database changed";
}

INSTANTIATE_TEST_SUITE_P(Catalogue, BadInputTest, testing::ValuesIn(Entries()),
                         [](const testing::TestParamInfo<std::string>& i) {
                           std::string n = i.param;
                           std::replace_if(n.begin(), n.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
                           return n;
                         });

}  // namespace
}  // namespace schemasync
