// libpq connection with RAII around PGconn / PGresult (see database.h).
#include "schemasync/database.h"

#include <libpq-fe.h>

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

std::string RedactConninfo(const std::string& conninfo) {
  // URI: postgresql://user:secret@host -> postgresql://user@host; key=value: password=... removed.
  std::string s = std::regex_replace(conninfo, std::regex(R"(://([^:@/]*):[^@/]*@)"), "://$1@");
  s = std::regex_replace(s, std::regex(R"(password\s*=\s*('([^'\\]|\\.)*'|\S+)\s*)"), "");
  s = std::regex_replace(s, std::regex(R"(([?&])password=[^&]*&?)"), "$1");
  return s;
}

Result<Database> Database::Connect(const std::string& conninfo) {
  std::string target = conninfo;
  if (target.empty()) {
    const char* url = std::getenv("DATABASE_URL");
    if (url && *url) target = url;
  }
  auto impl = std::make_unique<Impl>();
  impl->conn.reset(PQconnectdb(target.c_str()));
  if (!impl->conn || PQstatus(impl->conn.get()) != CONNECTION_OK) {
    std::string msg = impl->conn ? PQerrorMessage(impl->conn.get()) : "out of memory";
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    std::string shown = target.empty() ? "the database named by the PG* environment" : RedactConninfo(target);
    return MakeError(ErrorKind::kConnect, "cannot connect to " + shown + ": " + msg);
  }
  Database db(std::move(impl));
  // Read the catalog as a client with the default search_path would see it: pg_get_*def output
  // then names objects of schema public bare, as users write them.
  TRY(db.Exec("SET search_path = public; SET client_min_messages = warning"));
  return db;
}

Result<Rows> Database::Query(const std::string& sql) {
  std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(impl_->conn.get(), sql.c_str()), &PQclear);
  ExecStatusType st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK && st != PGRES_EMPTY_QUERY) {
    std::string msg = r ? PQresultErrorMessage(r.get()) : PQerrorMessage(impl_->conn.get());
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    return MakeError(ErrorKind::kCatalog, msg);
  }
  Rows rows;
  int n = PQntuples(r.get()), m = PQnfields(r.get());
  rows.rows.resize(n);
  for (int i = 0; i < n; ++i) {
    rows.rows[i].resize(m);
    for (int j = 0; j < m; ++j) {
      if (!PQgetisnull(r.get(), i, j)) rows.rows[i][j] = std::string(PQgetvalue(r.get(), i, j), PQgetlength(r.get(), i, j));
    }
  }
  return rows;
}

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
