// A thin RAII layer over the SQLite C API. Every statement is prepared and
// every value bound: no SQL is ever built from input.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace doma::storage::sqlite {

class Connection;

class Statement {
 public:
  Statement(Connection& conn, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  bool ok() const { return stmt_ != nullptr; }
  sqlite3_stmt* raw() { return stmt_; }
  Statement& Bind(int i, std::string_view v);
  Statement& Bind(int i, long long v);
  Statement& BindDouble(int i, double v);
  Statement& BindNull(int i);
  Statement& BindOptional(int i, const std::optional<int>& v);
  // Empty strings are stored as NULL.
  Statement& BindText(int i, std::string_view v);

  // SQLITE_ROW -> true, SQLITE_DONE -> false, otherwise an error.
  Result<bool> Step();
  Status Run();  // steps to completion
  void Reset();

  std::string Text(int col) const;
  long long Int(int col) const;
  double Double(int col) const;
  bool IsNull(int col) const;

 private:
  Connection& conn_;
  sqlite3_stmt* stmt_ = nullptr;
  std::string sql_;
};

class Connection {
 public:
  // Opens (creating if needed) and applies the pragmas every connection needs:
  // WAL, synchronous=FULL, foreign keys, a busy timeout.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path);
  ~Connection();

  Status Exec(std::string_view sql);
  sqlite3* raw() { return db_; }
  Error LastError(std::string_view what);

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

// Owns a set of connections; readers take any idle one, writers serialise on
// one dedicated connection so that transactions never fight over the lock.
class Database {
 public:
  static Result<std::shared_ptr<Database>> Open(const std::string& path);

  class Lease {
   public:
    Lease(Database& db, std::unique_ptr<Connection> c) : db_(&db), conn_(std::move(c)) {}
    Lease(Lease&&) = default;
    ~Lease();
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }

   private:
    Database* db_;
    std::unique_ptr<Connection> conn_;
  };

  Result<Lease> Reader();

  // Runs `fn(Connection&)` inside BEGIN IMMEDIATE … COMMIT on the writer
  // connection; rolls back if fn fails.
  template <class Fn>
  auto Write(Fn&& fn) -> decltype(fn(std::declval<Connection&>())) {
    std::lock_guard lock(write_mu_);
    if (auto r = writer_->Exec("BEGIN IMMEDIATE"); !r) return Fail(r.error());
    auto result = fn(*writer_);
    if (!result) {
      (void)writer_->Exec("ROLLBACK");
      return result;
    }
    if (auto r = writer_->Exec("COMMIT"); !r) {
      (void)writer_->Exec("ROLLBACK");
      return Fail(r.error());
    }
    return result;
  }

  const std::string& path() const { return path_; }

 private:
  Database(std::string path, std::unique_ptr<Connection> writer)
      : path_(std::move(path)), writer_(std::move(writer)) {}
  void Return(std::unique_ptr<Connection> c);

  std::string path_;
  std::mutex write_mu_;
  std::unique_ptr<Connection> writer_;
  std::mutex pool_mu_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

// Applies the numbered migrations not yet applied, each in its own
// transaction. Returns how many were applied.
Result<int> Migrate(Database& db);

}  // namespace doma::storage::sqlite
