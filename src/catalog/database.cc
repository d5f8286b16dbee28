// libpq connection with RAII around PGconn / PGresult (see database.h).
#include "schemasync/database.h"

#include "schemasync/timing.h"

#include <libpq-fe.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <cstdlib>
#include <regex>

namespace schemasync {

struct Database::Impl {
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn{nullptr, &PQfinish};
};

Database::Database(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Database::Database() : impl_(std::make_unique<Impl>()) {}
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;
Database::~Database() = default;

namespace {

// Passwords this process has seen (from --db, DATABASE_URL, PGPASSWORD, or the one libpq used,
// which may come from ~/.pgpass): every message goes through Redact() before it is shown.
// Guarded: plan and drift connect from two threads (the desired files' reader probes views on a
// connection of its own).
std::vector<std::string>& Secrets() {
  static std::vector<std::string> secrets;
  return secrets;
}
std::mutex& SecretsMutex() {
  static std::mutex mu;
  return mu;
}

void AddSecret(const std::string& s) {
  if (s.empty()) return;
  std::lock_guard<std::mutex> lock(SecretsMutex());
  auto& all = Secrets();
  if (std::find(all.begin(), all.end(), s) == all.end()) all.push_back(s);
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsUri(const std::string& s) { return s.rfind("postgresql://", 0) == 0 || s.rfind("postgres://", 0) == 0; }

// The user-info part of a URI ("user:password" in postgresql://user:password@host/db), taken up
// to the LAST '@' so that a password holding an unencoded '@' or '/' is still all of it; npos
// when there is none.
std::pair<size_t, size_t> UserInfo(const std::string& uri) {
  size_t start = uri.find("://") + 3;
  size_t at = uri.rfind('@');
  if (at == std::string::npos || at < start) return {std::string::npos, std::string::npos};
  return {start, at};
}

// Why a URI's user info cannot be given to libpq as it is, or "". libpq splits the URI at the
// first '@' or '/' and echoes undecodable text in its errors ("invalid percent-encoded token:
// \"<password>\""), so a password holding such characters would be cut apart and printed.
std::string BadUserInfo(const std::string& uri) {
  auto [start, end] = UserInfo(uri);
  if (start == std::string::npos) return "";
  for (size_t i = start; i < end; ++i) {
    char c = uri[i];
    if (c == '@' || c == '/' || c == '?' || c == '#' || c == '[' || c == ']') {
      return std::string("an unencoded '") + c + "'";
    }
    if (c == '%' && (i + 2 >= end || HexValue(uri[i + 1]) < 0 || HexValue(uri[i + 2]) < 0)) {
      return "a '%' that does not start a %XX escape";
    }
  }
  return "";
}

std::string PercentDecode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// Remembers every password `conninfo` holds, raw and decoded, however it is spelled.
void RememberSecrets(const std::string& conninfo) {
  if (const char* env = std::getenv("PGPASSWORD")) AddSecret(env);
  if (IsUri(conninfo)) {
    auto [start, end] = UserInfo(conninfo);
    if (start != std::string::npos) {
      size_t colon = conninfo.find(':', start);
      if (colon != std::string::npos && colon < end) {
        std::string raw = conninfo.substr(colon + 1, end - colon - 1);
        AddSecret(raw);
        AddSecret(PercentDecode(raw));
      }
    }
  }
  static const std::regex kw(R"(password\s*=\s*('(([^'\\]|\\.)*)'?|[^\s&]*))", std::regex::icase);
  for (auto it = std::sregex_iterator(conninfo.begin(), conninfo.end(), kw); it != std::sregex_iterator(); ++it) {
    std::string v = (*it)[2].matched ? (*it)[2].str() : (*it)[1].str();
    AddSecret(v);
    AddSecret(PercentDecode(v));
  }
  char* err = nullptr;
  if (PQconninfoOption* opts = PQconninfoParse(conninfo.c_str(), &err)) {
    for (PQconninfoOption* o = opts; o->keyword; ++o) {
      if (o->val && std::string(o->keyword) == "password") AddSecret(o->val);
    }
    PQconninfoFree(opts);
  }
  if (err) PQfreemem(err);
}

}  // namespace

std::string Redact(std::string text) {
  std::vector<std::string> secrets;
  {
    std::lock_guard<std::mutex> lock(SecretsMutex());
    secrets = Secrets();
  }
  for (const auto& secret : secrets) {
    // A short password is removed where it stands quoted (as libpq quotes what it rejects);
    // from four characters on, wherever it appears.
    for (const std::string& needle : {"\"" + secret + "\"", "'" + secret + "'", secret}) {
      if (needle.size() < 4 && needle == secret) continue;
      std::string mask = needle == secret ? "***" : needle.front() + std::string("***") + needle.back();
      for (size_t pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + mask.size())) {
        text.replace(pos, needle.size(), mask);
      }
    }
  }
  return text;
}

std::string DefaultRole(const std::string& conninfo) {
  // The conninfo's own user first (a URI's user@, user=...), then libpq's defaults.
  std::string given = conninfo.empty() && std::getenv("DATABASE_URL") ? std::getenv("DATABASE_URL") : conninfo;
  if (!given.empty()) {
    char* err = nullptr;
    PQconninfoOption* opts = PQconninfoParse(given.c_str(), &err);
    if (err) PQfreemem(err);
    std::string user;
    for (PQconninfoOption* o = opts; o && o->keyword; ++o) {
      if (std::string(o->keyword) == "user" && o->val) user = o->val;
    }
    if (opts) PQconninfoFree(opts);
    if (!user.empty()) return user;
  }
  PQconninfoOption* defaults = PQconndefaults();
  std::string user;
  for (PQconninfoOption* o = defaults; o && o->keyword; ++o) {
    if (std::string(o->keyword) == "user" && o->val) user = o->val;
  }
  if (defaults) PQconninfoFree(defaults);
  return user;
}

std::string RedactConninfo(const std::string& conninfo) {
  std::string s = conninfo;
  if (IsUri(s)) {
    // postgresql://user:secret@host -> postgresql://user@host
    auto [start, end] = UserInfo(s);
    if (start != std::string::npos) {
      size_t colon = s.find(':', start);
      if (colon != std::string::npos && colon < end) s.erase(colon, end - colon);
    }
    s = std::regex_replace(s, std::regex(R"(([?&])password=[^&]*&?)", std::regex::icase), "$1");
  } else {
    s = std::regex_replace(s, std::regex(R"(password\s*=\s*('([^'\\]|\\.)*'?|\S+)\s*)", std::regex::icase), "");
  }
  return Redact(s);
}

Result<Database> Database::Connect(const std::string& conninfo) {
  std::string target = conninfo;
  if (target.empty()) {
    const char* url = std::getenv("DATABASE_URL");
    if (url && *url) target = url;
  }
  RememberSecrets(target);
  std::string shown = target.empty() ? "the database named by the PG* environment" : RedactConninfo(target);
  if (IsUri(target)) {
    if (std::string bad = BadUserInfo(target); !bad.empty()) {
      return MakeError(ErrorKind::kConnect, "cannot connect to " + shown + ": the user name or password in the URI holds " +
                                                bad + "; percent-encode it (% as %25, @ as %40, / as %2F, ? as %3F, # as %23) "
                                                "or give the password through PGPASSWORD or ~/.pgpass");
    }
  }
  auto impl = std::make_unique<Impl>();
  impl->conn.reset(PQconnectdb(target.c_str()));
  if (impl->conn && PQpass(impl->conn.get())) AddSecret(PQpass(impl->conn.get()));  // may come from ~/.pgpass
  if (!impl->conn || PQstatus(impl->conn.get()) != CONNECTION_OK) {
    std::string msg = impl->conn ? PQerrorMessage(impl->conn.get()) : "out of memory";
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    return MakeError(ErrorKind::kConnect, "cannot connect to " + shown + ": " + Redact(msg));
  }
  Database db(std::move(impl));
  // Name the session in pg_stat_activity unless the connection string did.
  const char* app = PQparameterStatus(db.impl_->conn.get(), "application_name");
  if (!app || !*app) {
    TRY(db.Exec("SET application_name = 'schemasync'"));
  }
  // Read the catalog as a client with the default search_path would see it: pg_get_*def output
  // then names objects of schema public bare, as users write them.
  // The catalog queries join a handful of catalogs over thousands of rows: their estimated cost
  // passes jit_above_cost at a few thousand tables, and compiling them with LLVM then takes
  // longer than running them (0.15 s of a 0.2 s query at 1,000 tables). None ever pays it back.
  std::string jit = db.ServerVersion() >= 110000 ? "; SET jit = off" : "";
  // Nor do parallel workers: each is a process started for one scan of a catalog that takes
  // tens of milliseconds, and the files are being parsed on the other core meanwhile (the
  // catalog read of 10,000 tables took a tenth less time without them).
  std::string parallel = db.ServerVersion() >= 90600 ? "; SET max_parallel_workers_per_gather = 0" : "";
  TRY(db.Exec("SET search_path = public; SET client_min_messages = warning" + jit + parallel));
  return db;
}

namespace {
// The error of a failed statement, with its SQLSTATE.
Error ResultError(PGresult* r, PGconn* conn) {
  std::string msg = r ? PQresultErrorMessage(r) : PQerrorMessage(conn);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  Error e = MakeError(ErrorKind::kCatalog, msg);
  if (r && PQresultErrorField(r, PG_DIAG_SQLSTATE)) e.sqlstate = PQresultErrorField(r, PG_DIAG_SQLSTATE);
  return e;
}
}  // namespace

Result<Rows> Database::Query(const std::string& sql) {
  auto sent = std::chrono::steady_clock::now();
  std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(impl_->conn.get(), sql.c_str()), &PQclear);
  timing::CountStatement(std::chrono::duration<double>(std::chrono::steady_clock::now() - sent).count());
  ExecStatusType st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK && st != PGRES_EMPTY_QUERY) return ResultError(r.get(), impl_->conn.get());
  return Rows(std::make_shared<const Rows::Server>(r.release()));
}

struct Rows::Server {
  explicit Server(PGresult* r) : result(r) {}
  ~Server() { PQclear(result); }
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  PGresult* result;
};

Status Database::Stream(const std::string& sql, const std::function<Status(const Rows& rows, size_t i)>& each,
                        RowMode mode) {
  using Clock = std::chrono::steady_clock;
  PGconn* conn = impl_->conn.get();
  if (!PQsendQuery(conn, sql.c_str())) return ResultError(nullptr, conn);
  // If refused, the rows come as one result: read alike.
  if (mode == RowMode::kOneByOne) (void)PQsetSingleRowMode(conn);
  double waiting = 0;
  std::optional<Error> failed;
  for (auto asked = Clock::now();; asked = Clock::now()) {
    PGresult* raw = PQgetResult(conn);
    waiting += std::chrono::duration<double>(Clock::now() - asked).count();
    if (!raw) break;
    auto result = std::make_shared<const Rows::Server>(raw);
    ExecStatusType st = PQresultStatus(raw);
    if (st == PGRES_SINGLE_TUPLE || st == PGRES_TUPLES_OK) {
      if (failed) continue;
      Rows rows(result);
      for (size_t i = 0; i < rows.size() && !failed; ++i) {
        Status s = each(rows, i);
        if (!s.ok()) failed = s.error();
      }
    } else if (!failed) {
      failed = ResultError(raw, conn);
    }
  }
  timing::CountStatement(waiting);
  if (failed) return *failed;
  return Ok();
}

Rows::Rows(std::shared_ptr<const Server> server) : server_(std::move(server)) {}

size_t Rows::size() const { return server_ ? static_cast<size_t>(PQntuples(server_->result)) : made_.size(); }

std::string Rows::Get(size_t row, size_t col) const {
  if (!server_) return made_[row][col].value_or("");
  const int i = static_cast<int>(row), j = static_cast<int>(col);
  return std::string(PQgetvalue(server_->result, i, j), static_cast<size_t>(PQgetlength(server_->result, i, j)));
}

bool Rows::IsNull(size_t row, size_t col) const {
  if (!server_) return !made_[row][col].has_value();
  return PQgetisnull(server_->result, static_cast<int>(row), static_cast<int>(col)) != 0;
}

void Rows::Add(std::vector<std::optional<std::string>> row) { made_.push_back(std::move(row)); }

Status Database::Exec(const std::string& sql) {
  auto r = Query(sql);
  if (!r.ok()) return r.error();
  return Ok();
}

std::string Database::Describe() const {
  PGconn* c = impl_->conn.get();
  std::string host = PQhost(c) ? PQhost(c) : "";
  return std::string("postgresql://") + PQuser(c) + "@" + (host.empty() || host[0] == '/' ? "localhost" : host) +
         ":" + PQport(c) + "/" + PQdb(c);
}

int Database::ServerVersion() const { return PQserverVersion(impl_->conn.get()); }

void Database::Cancel() {
  PGcancel* c = PQgetCancel(impl_->conn.get());
  if (!c) return;
  char buf[256];
  PQcancel(c, buf, sizeof buf);
  PQfreeCancel(c);
}

}  // namespace schemasync
