// The PostgreSQL backend of the SQL layer (storage/sql/sql.h), for a region
// that runs several stateless nodes on one database: libpq, statements
// prepared once per connection, a bounded pool, and transactions retried
// when they lose a race (serialization failure, deadlock).
#pragma once

#include <libpq-fe.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "storage/sql/sql.h"

namespace doma::storage::postgres {

// Whether `location` names a PostgreSQL database (postgresql://… or
// postgres://…) rather than a SQLite file.
bool IsAddress(std::string_view location);
// The address without its password, for messages and logs.
std::string Redacted(std::string_view address);
// `sql` with SQLite's `?` and `?N` placeholders as PostgreSQL's `$N` (a bare
// `?` takes the number after the highest seen so far, as in SQLite); quoted
// text and identifiers are left alone.
std::string NumberPlaceholders(std::string_view sql);

// The application_name every connection of this process gives the server
// ("doma serve" for a node), so that pg_stat_activity tells nodes apart from
// commands: `doma rotate-key` refuses to run while a node is connected.
// Set once at start, before any connection.
void SetApplicationName(std::string name);

class Connection;

class PgCursor final : public sql::Cursor {
 public:
  PgCursor(Connection& conn, std::string sql) : conn_(conn), sql_(std::move(sql)) {}
  ~PgCursor() override;
  void BindText(int i, std::string_view v) override;
  void BindInt(int i, long long v) override;
  void BindDouble(int i, double v) override;
  void BindNull(int i) override;
  Result<bool> Step() override;
  void Reset() override;
  std::string Text(int col) const override;
  long long Int(int col) const override;
  double Double(int col) const override;
  bool IsNull(int col) const override;

 private:
  friend class Connection;
  void Set(int i, std::optional<std::string> v, Oid type);
  void Clear();

  Connection& conn_;
  std::string sql_;  // numbered
  std::vector<std::optional<std::string>> values_;
  std::vector<Oid> types_;  // of the values bound, for a statement the server cannot type alone
  PGresult* res_ = nullptr;
  int row_ = -1;
  int rows_ = 0;
};

class Connection final : public sql::Connection {
 public:
  static Result<std::unique_ptr<Connection>> Open(const std::string& address);
  ~Connection() override;

  Status Exec(std::string_view sql) override;
  Error LastError(std::string_view what) override;
  sql::Dialect dialect() const override { return sql::Dialect::kPostgres; }
  sql::Cursor* Acquire(const std::string& sql) override;
  void Release(const std::string& sql, sql::Cursor* c) override;

  PGconn* raw() { return conn_; }
  bool broken() const { return PQstatus(conn_) != CONNECTION_OK; }
  // Whether a statement since the last ClearRace lost a race with another
  // transaction (SQLSTATE 40001, 40P01, or 23505: a unique key taken
  // meanwhile): the transaction is worth running again.
  bool lost_race() const { return lost_race_; }
  void ClearRace() { lost_race_ = false; }

  // Runs a cursor's statement (preparing it on this connection the first
  // time), keeping the result or the error.
  PGresult* Execute(PgCursor& cur);

 private:
  explicit Connection(PGconn* c) : conn_(c) {}
  // Records a failed result's SQLSTATE and message; returns false.
  bool Failed(PGresult* res, std::string_view fallback);

  PGconn* conn_;
  std::unordered_map<std::string, std::unique_ptr<PgCursor>> cache_;
  struct Prepared {
    std::string name;
    // Per parameter: 1 where the server expects bytea (sealed data, which is
    // not text), sent as raw bytes; 0 (text) elsewhere.
    std::vector<int> formats;
  };
  std::unordered_map<std::string, Prepared> prepared_;  // by numbered SQL
  std::string last_state_;
  std::string last_message_;
  bool lost_race_ = false;
};

// A bounded pool of connections to one database. Write runs fn inside
// BEGIN … COMMIT on a pooled connection (READ COMMITTED: what a write decides
// on is locked with FOR UPDATE); a transaction that lost a race is rolled back
// and run again, up to kMaxAttempts times, then refused as Unavailable (503,
// "try again"), never an internal error.
class Database final : public sql::Database {
 public:
  struct Options {
    std::size_t max_connections = 24;
    std::chrono::milliseconds wait_for_connection{10000};
  };
  static Result<std::shared_ptr<Database>> Open(const std::string& address, Options options);
  static Result<std::shared_ptr<Database>> Open(const std::string& address) {
    return Open(address, Options{});
  }

  Result<Lease> Reader() override;
  sql::Dialect dialect() const override { return sql::Dialect::kPostgres; }
  const std::string& where() const override { return redacted_; }
  const std::string& address() const { return address_; }

  static constexpr int kMaxAttempts = 8;

 private:
  Database(std::string address, Options options)
      : address_(std::move(address)), redacted_(Redacted(address_)), options_(options) {}
  Result<std::unique_ptr<Connection>> Take();
  void Return(std::unique_ptr<sql::Connection> c) override;
  void Submit(Job& job) override;

  std::string address_;
  std::string redacted_;
  Options options_;
  std::mutex mu_;
  std::condition_variable freed_;
  std::size_t open_ = 0;  // connections handed out or idle
  std::vector<std::unique_ptr<Connection>> idle_;
};

// Applies the numbered PostgreSQL migrations not yet applied, each in its own
// transaction, one node at a time. Returns how many were applied.
Result<int> Migrate(Database& db);

}  // namespace doma::storage::postgres
