// A thin RAII layer over the SQLite C API. Every statement is prepared and
// every value bound: no SQL is ever built from input.
#pragma once

#include <sqlite3.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
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

  // Prepared statements are kept per connection and reused by SQL text:
  // preparing took a large share of a help request's creation (several
  // statements each). A connection is used by one thread at a time, so the
  // cache needs no lock. Acquire returns null if the SQL does not prepare.
  sqlite3_stmt* Acquire(const std::string& sql);
  void Release(const std::string& sql, sqlite3_stmt* s);

 private:
  static constexpr std::size_t kMaxCachedStatements = 256;
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
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

  // Runs `fn(Connection&)` on a reader connection and returns what fn
  // returned (a Result<T>); when no connection can be had, that error.
  template <class Fn>
  auto Read(Fn&& fn) -> decltype(fn(std::declval<Connection&>())) {
    auto c = Reader();
    if (!c) return Fail(c.error());
    return fn(**c);
  }

  // Every row of `sql` with `args` bound to ?1, ?2, …, each made into a T by
  // `row(st)` (a T or a Result<T>), read on a reader connection.
  template <class T, class Row, class... Args>
  Result<std::vector<T>> All(std::string_view sql, Row&& row, const Args&... args);
  // The first row of `sql` so, or nothing when there is none (meant for
  // lookups by a unique key: every row is read).
  template <class T, class Row, class... Args>
  Result<std::optional<T>> First(std::string_view sql, Row&& row, const Args&... args);

  // Runs `fn(Connection&)` on the writer connection inside a transaction and
  // returns what fn returned (a Result<T> or a Status) once that is durable.
  //
  // Group commit. With synchronous=FULL every COMMIT waits for an fsync of
  // the WAL, which usually takes longer than the fn itself, so one commit per
  // call would cap all writes together at the disk's fsync rate. Instead callers queue;
  // the one at the front leads: BEGIN IMMEDIATE, then each queued fn in
  // arrival order inside its own SAVEPOINT, then one COMMIT for all of them
  // (at most kMaxBatch), then it wakes every caller with its own result.
  // Callers who arrive meanwhile queue up to form the next batch.
  //
  // What a caller may rely on, as with one transaction per call:
  //  - success comes back only after the COMMIT that contains fn's changes
  //    has returned;
  //  - fn's changes stand or fall together and alone: a fn that fails (an
  //    error, or an exception, rethrown to its own caller) is rolled back to
  //    its savepoint and the others in the batch still commit;
  //  - if BEGIN or COMMIT fails, every fn of the batch gets that error and
  //    nothing of theirs is stored; if SQLite itself rolls the transaction
  //    back during some fn (disk full, I/O error), the fns run so far get an
  //    error and the rest wait for the next batch;
  //  - fns run one at a time, each seeing the changes of those before it.
  // What differs:
  //  - fn may run on another caller's thread (no thread-local state; calling
  //    Write from inside fn is refused);
  //  - the changes of earlier fns in the same batch are visible through `c`
  //    but not yet to Reader() connections: read what fn decides on through
  //    `c`;
  //  - fn must not BEGIN, COMMIT or ROLLBACK itself.
  template <class Fn>
  auto Write(Fn&& fn) -> decltype(fn(std::declval<Connection&>())) {
    using R = decltype(fn(std::declval<Connection&>()));
    struct Typed : Job {
      std::remove_reference_t<Fn>* fn = nullptr;
      std::optional<R> result;
    } job;
    job.fn = &fn;
    job.run = [](Job& j, Connection& c) {
      auto& t = static_cast<Typed&>(j);
      t.result.emplace((*t.fn)(c));
      return t.result->has_value();
    };
    job.fail = [](Job& j, const Error& e) { static_cast<Typed&>(j).result.emplace(Fail(e)); };
    Submit(job);
    if (job.thrown) std::rethrow_exception(job.thrown);
    return std::move(*job.result);
  }

  // Bounds how long the first caller of a batch waits for the others' fns.
  static constexpr std::size_t kMaxBatch = 64;

  const std::string& path() const { return path_; }

 private:
  Database(std::string path, std::unique_ptr<Connection> writer)
      : path_(std::move(path)), writer_(std::move(writer)) {}
  void Return(std::unique_ptr<Connection> c);

  // One Write call waiting in the queue; it lives on its caller's stack.
  struct Job {
    bool (*run)(Job&, Connection&) = nullptr;    // runs fn; true if it succeeded
    void (*fail)(Job&, const Error&) = nullptr;  // replaces the result with an error
    std::exception_ptr thrown;
    bool done = false;  // guarded by queue_mu_
    std::condition_variable cv;
  };
  void Submit(Job& job);
  // Runs the jobs at the front of the queue as one transaction; returns how
  // many of them it settled (all, unless SQLite lost the transaction).
  std::size_t RunBatch(const std::vector<Job*>& batch);

  std::string path_;
  std::mutex queue_mu_;
  std::deque<Job*> queue_;              // the front one leads the next batch
  std::unique_ptr<Connection> writer_;  // used by the leader only
  std::mutex pool_mu_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

// Calls `fn()` for each row of `st`'s result (read the row from `st`); a
// failed step stops it with its error.
template <class Fn>
Status ForEachRow(Statement& st, Fn&& fn) {
  while (true) {
    auto row = st.Step();
    if (!row) return Fail(row.error());
    if (!*row) return {};
    fn();
  }
}

namespace internal {
// What `row()` made of a row: a T, or the error of a Result<T>.
template <class T, class Fn>
Result<T> MakeRow(Fn& row) {
  if constexpr (std::is_same_v<std::decay_t<decltype(row())>, Result<T>>)
    return row();
  else
    return T(row());
}
}  // namespace internal

// One T per row of `st`, made by `row()` (which reads the row from `st` and
// returns a T or a Result<T>); the first failure stops it with its error.
template <class T, class Fn>
Result<std::vector<T>> AllRows(Statement& st, Fn&& row) {
  std::vector<T> out;
  while (true) {
    auto more = st.Step();
    if (!more) return Fail(more.error());
    if (!*more) return out;
    auto one = internal::MakeRow<T>(row);
    if (!one) return Fail(one.error());
    out.push_back(std::move(*one));
  }
}

template <class... Args>
void BindAll(Statement& st, const Args&... args) {
  int i = 1;
  (st.Bind(i++, args), ...);
}

template <class T, class Row, class... Args>
Result<std::vector<T>> Database::All(std::string_view sql, Row&& row, const Args&... args) {
  return Read([&](Connection& c) {
    Statement st(c, sql);
    BindAll(st, args...);
    return AllRows<T>(st, [&] { return row(st); });
  });
}

template <class T, class Row, class... Args>
Result<std::optional<T>> Database::First(std::string_view sql, Row&& row, const Args&... args) {
  auto all = All<T>(sql, row, args...);  // lookups by a unique key: one row at most
  if (!all) return Fail(all.error());
  if (all->empty()) return std::optional<T>();
  return std::optional<T>(std::move(all->front()));
}

// The first column of the first row as an integer (COUNT(*) and the like);
// 0 when there is no row.
Result<long long> FirstInt(Statement& st);

// Applies the numbered migrations not yet applied, each in its own
// transaction. Returns how many were applied.
Result<int> Migrate(Database& db);

}  // namespace doma::storage::sqlite
