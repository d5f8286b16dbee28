// A live PostgreSQL connection (libpq behind a pimpl: <libpq-fe.h> stays in src/).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "schemasync/result.h"

namespace schemasync {

// A query's rows: read in place from the server's result (not copied cell by cell: the
// columns of 10,000 tables are 1.5 million cells), or made here (Add).
class Rows {
 public:
  Rows() = default;
  size_t size() const;
  // Text of a cell; "" for NULL.
  std::string Get(size_t row, size_t col) const;
  bool IsNull(size_t row, size_t col) const;
  void Add(std::vector<std::optional<std::string>> row);

  struct Server;  // the PGresult (database.cc)
  explicit Rows(std::shared_ptr<const Server> server);

 private:
  std::shared_ptr<const Server> server_;
  std::vector<std::vector<std::optional<std::string>>> made_;
};

class Database {
 public:
  // conninfo: a libpq URI or key=value string; empty means DATABASE_URL, else the libpq
  // environment (PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD, PGSERVICE, ~/.pgpass).
  static Result<Database> Connect(const std::string& conninfo);
  Database();  // not connected; assign a connected one
  Database(Database&&) noexcept;
  Database& operator=(Database&&) noexcept;
  ~Database();

  Result<Rows> Query(const std::string& sql);
  // Query, a row at a time (libpq's single-row mode): `each` gets each row (row `i` of `rows`)
  // while the server still sends the rest, and the whole result is never held (the columns of
  // 10,000 tables were 30 MB as one PGresult). The first error (the server's or `each`'s) is
  // returned once the result is drained; rows after an error of `each` are skipped.
  //
  // kWhole: the rows as one result, handed to `each` the same way once all have come. libpq's
  // single-row mode makes a result per row (a copy of the column descriptions, a 2 KiB block):
  // 2 microseconds a row, a tenth of a second for 50,000 rows, which a result of a few MB does
  // not cost. For the statements whose whole result is small enough to hold.
  enum class RowMode { kOneByOne, kWhole };
  Status Stream(const std::string& sql, const std::function<Status(const Rows& rows, size_t i)>& each,
                RowMode mode = RowMode::kOneByOne);
  Status Exec(const std::string& sql);
  // The connection target without password: "postgresql://user@host:port/db".
  std::string Describe() const;
  int ServerVersion() const;
  // Asks the server to cancel the statement running on this connection (from another thread).
  void Cancel();

 private:
  struct Impl;
  explicit Database(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The role a connection made with `conninfo` would log in as, without connecting: the user it
// names, else PGUSER, else the operating system user (libpq's PQconndefaults). "" if unknown.
std::string DefaultRole(const std::string& conninfo = "");

// The conninfo string with any password removed, for messages.
std::string RedactConninfo(const std::string& conninfo);

// `text` with every password this process has been given (--db, DATABASE_URL, PGPASSWORD, the
// one libpq used from ~/.pgpass) masked as ***: every message shown goes through it.
std::string Redact(std::string text);

}  // namespace schemasync
