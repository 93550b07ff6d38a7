// The SQLite backend of the SQL layer (storage/sql/sql.h): the embedded
// default, one file, one writer with group commit.
#pragma once

#include <sqlite3.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "storage/sql/sql.h"

namespace doma::storage::sqlite {

using sql::Statement;

class Connection;

class SqliteCursor final : public sql::Cursor {
 public:
  SqliteCursor(Connection& conn, sqlite3_stmt* s) : conn_(conn), stmt_(s) {}
  ~SqliteCursor() override;
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
  Connection& conn_;
  sqlite3_stmt* stmt_;
};

class Connection final : public sql::Connection {
 public:
  // Opens (creating if needed) and applies the pragmas every connection needs:
  // WAL, synchronous=FULL, foreign keys, a busy timeout.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path);
  ~Connection() override;

  Status Exec(std::string_view sql) override;
  Error LastError(std::string_view what) override;
  sql::Dialect dialect() const override { return sql::Dialect::kSqlite; }
  sql::Cursor* Acquire(const std::string& sql) override;
  void Release(const std::string& sql, sql::Cursor* c) override;
  sqlite3* raw() { return db_; }

 private:
  static constexpr std::size_t kMaxCachedStatements = 256;
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<std::string, std::unique_ptr<SqliteCursor>> cache_;
};

// Owns a set of connections; readers take any idle one, writers serialise on
// one dedicated connection so that transactions never fight over the lock.
class Database final : public sql::Database {
 public:
  static Result<std::shared_ptr<Database>> Open(const std::string& path);

  Result<Lease> Reader() override;
  sql::Dialect dialect() const override { return sql::Dialect::kSqlite; }
  const std::string& where() const override { return path_; }
  const std::string& path() const { return path_; }

  // Group commit (how Write keeps its contract here). With synchronous=FULL
  // every COMMIT waits for an fsync of the WAL, which usually takes longer
  // than the fn itself, so one commit per call would cap all writes together
  // at the disk's fsync rate. Instead callers queue; the one at the front
  // leads: BEGIN IMMEDIATE, then each queued fn in arrival order inside its
  // own SAVEPOINT, then one COMMIT for all of them (at most kMaxBatch), then
  // it wakes every caller with its own result. Callers who arrive meanwhile
  // queue up to form the next batch.
  //  - a fn that fails is rolled back to its savepoint and the others in the
  //    batch still commit;
  //  - if BEGIN or COMMIT fails, every fn of the batch gets that error and
  //    nothing of theirs is stored; if SQLite itself rolls the transaction
  //    back during some fn (disk full, I/O error), the fns run so far get an
  //    error and the rest wait for the next batch;
  //  - fns run one at a time, each seeing the changes of those before it;
  //    the changes of earlier fns in the same batch are visible through `c`
  //    but not yet to Reader() connections. A fn runs once.
  static constexpr std::size_t kMaxBatch = 64;

 private:
  Database(std::string path, std::unique_ptr<Connection> writer)
      : path_(std::move(path)), writer_(std::move(writer)) {}
  void Return(std::unique_ptr<sql::Connection> c) override;
  void Submit(Job& job) override;
  // Runs the jobs at the front of the queue as one transaction; returns how
  // many of them it settled (all, unless SQLite lost the transaction).
  std::size_t RunBatch(const std::vector<Job*>& batch);

  struct Waiter {
    std::condition_variable cv;
  };
  std::string path_;
  std::mutex queue_mu_;
  std::deque<Job*> queue_;              // the front one leads the next batch
  std::unique_ptr<Connection> writer_;  // used by the leader only
  std::mutex pool_mu_;
  std::vector<std::unique_ptr<sql::Connection>> idle_;
};

// Applies the numbered migrations not yet applied, each in its own
// transaction. Returns how many were applied.
Result<int> Migrate(Database& db);

}  // namespace doma::storage::sqlite
