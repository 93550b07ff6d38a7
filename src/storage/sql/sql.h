// The SQL layer the repositories are written on, once for both backends:
// SQLite (storage/sqlite, the embedded default) and PostgreSQL
// (storage/postgres, for several nodes). Every statement is prepared and
// every value bound: no SQL is ever built from input.
//
// The SQL the repositories write is the part both dialects share: `?` or
// `?N` placeholders (PostgreSQL's driver numbers them), ON CONFLICT,
// RETURNING, text timestamps in ISO 8601 UTC (they compare as strings), and
// integers for flags. What differs is asked of the connection (Dialect,
// ForUpdate).
#pragma once

#include <cstddef>
#include <exception>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/error.h"

namespace doma::storage::sql {

enum class Dialect { kSqlite, kPostgres };

// A prepared statement of one backend, owned by its connection's cache.
// Columns and parameters as in SQLite: parameters from 1, columns from 0.
class Cursor {
 public:
  virtual ~Cursor() = default;
  virtual void BindText(int i, std::string_view v) = 0;
  virtual void BindInt(int i, long long v) = 0;
  virtual void BindDouble(int i, double v) = 0;
  virtual void BindNull(int i) = 0;
  // A row -> true, the end -> false, otherwise an error.
  virtual Result<bool> Step() = 0;
  // Back to before the first Step, with no values bound.
  virtual void Reset() = 0;
  virtual std::string Text(int col) const = 0;
  // Integers; a boolean column reads 1 or 0.
  virtual long long Int(int col) const = 0;
  virtual double Double(int col) const = 0;
  virtual bool IsNull(int col) const = 0;
};

class Connection {
 public:
  virtual ~Connection() = default;
  // Runs SQL without parameters (it may hold several statements).
  virtual Status Exec(std::string_view sql) = 0;
  // The connection's last failure as an Error: a full disk is DiskFull, a
  // database that cannot be reached Unavailable, the rest Internal.
  virtual Error LastError(std::string_view what) = 0;
  virtual Dialect dialect() const = 0;
  // " FOR UPDATE" where the backend locks rows it reads in a transaction
  // (PostgreSQL); nothing where a writer already holds the whole database
  // (SQLite). Appended to a SELECT whose rows a write then decides on.
  std::string_view ForUpdate() const {
    return dialect() == Dialect::kPostgres ? " FOR UPDATE" : "";
  }
  // " FOR UPDATE SKIP LOCKED" likewise: rows another writer is taking are
  // passed over instead of waited for (work queues taken by several nodes).
  std::string_view SkipLocked() const {
    return dialect() == Dialect::kPostgres ? " FOR UPDATE SKIP LOCKED" : "";
  }

  // Prepared statements are kept per connection and reused by SQL text:
  // preparing took a large share of a help request's creation (several
  // statements each). A connection is used by one thread at a time, so the
  // cache needs no lock. Acquire hands out a cursor no one else uses (a
  // second Statement of the same SQL gets its own) and returns null when the
  // SQL does not prepare (LastError says why); Release takes it back.
  virtual Cursor* Acquire(const std::string& sql) = 0;
  virtual void Release(const std::string& sql, Cursor* c) = 0;
};

class Statement {
 public:
  Statement(Connection& conn, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  bool ok() const { return cur_ != nullptr; }
  Statement& Bind(int i, std::string_view v);
  Statement& Bind(int i, long long v);
  Statement& BindDouble(int i, double v);
  Statement& BindNull(int i);
  Statement& BindOptional(int i, const std::optional<int>& v);
  // Empty strings are stored as NULL.
  Statement& BindText(int i, std::string_view v);

  // A row -> true, the end -> false, otherwise an error.
  Result<bool> Step();
  Status Run();  // steps to completion
  void Reset();

  std::string Text(int col) const { return cur_->Text(col); }
  long long Int(int col) const { return cur_->Int(col); }
  double Double(int col) const { return cur_->Double(col); }
  bool IsNull(int col) const { return cur_->IsNull(col); }

 private:
  Connection& conn_;
  Cursor* cur_ = nullptr;
  std::string sql_;
};

// A set of connections to one database. Readers take any idle one; writes
// run through Write, whose contract each backend keeps in its own way
// (SQLite: one writer, group commit; PostgreSQL: a transaction per call on a
// pooled connection, retried when it lost a race).
class Database {
 public:
  virtual ~Database() = default;

  class Lease {
   public:
    Lease(Database& db, std::unique_ptr<Connection> c) : db_(&db), conn_(std::move(c)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (conn_) db_->Return(std::move(conn_));
    }
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }

   private:
    Database* db_;
    std::unique_ptr<Connection> conn_;
  };

  virtual Result<Lease> Reader() = 0;
  virtual Dialect dialect() const = 0;
  // Where the database is, for messages (a file path, or a PostgreSQL
  // address without its password).
  virtual const std::string& where() const = 0;

  // Runs `fn(Connection&)` on a reader connection and returns what fn
  // returned (a Result<T>); when no connection can be had, that error.
  template <class Fn>
  auto Read(Fn&& fn) -> decltype(fn(std::declval<Connection&>())) {
    auto c = Reader();
    if (!c) return Fail(c.error());
    return fn(**c);
  }

  // Like Read, with fn's statements in one read-only transaction: they all
  // see the same snapshot (a service and its child rows from one version),
  // and SQLite takes its WAL read lock once instead of once per statement
  // (a service card's nine statements spent 7 % of the page in fcntl).
  template <class Fn>
  auto ReadSnapshot(Fn&& fn) -> decltype(fn(std::declval<Connection&>())) {
    auto c = Reader();
    if (!c) return Fail(c.error());
    Connection& conn = **c;
    // Prepared once per connection, like every statement.
    if (auto s = Statement(conn, conn.dialect() == Dialect::kPostgres
                                     ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
                                     : "BEGIN")
                     .Run();
        !s)
      return Fail(s.error());
    struct End {  // also when fn throws: the connection goes back to the pool idle
      Connection& c;
      ~End() {
        if (!Statement(c, "COMMIT").Run()) (void)c.Exec("ROLLBACK");
      }
    } end{conn};
    return fn(conn);
  }

  // Every row of `sql` with `args` bound to ?1, ?2, …, each made into a T by
  // `row(st)` (a T or a Result<T>), read on a reader connection.
  template <class T, class Row, class... Args>
  Result<std::vector<T>> All(std::string_view sql, Row&& row, const Args&... args);
  // The first row of `sql` so, or nothing when there is none (meant for
  // lookups by a unique key: every row is read).
  template <class T, class Row, class... Args>
  Result<std::optional<T>> First(std::string_view sql, Row&& row, const Args&... args);

  // Runs `fn(Connection&)` inside a transaction and returns what fn returned
  // (a Result<T> or a Status) once that is durable. What a caller may rely
  // on, on every backend:
  //  - success comes back only after the COMMIT that holds fn's changes;
  //  - fn's changes stand or fall together: a fn that fails (an error, or an
  //    exception, rethrown to its own caller) leaves nothing behind;
  //  - what fn reads through `c` includes its own changes; rows it decides
  //    on must be read through `c` (with ForUpdate() where another writer
  //    could change them meanwhile);
  //  - fn may run more than once (PostgreSQL retries a transaction that lost
  //    a race; only the last run's changes and result count), so it must not
  //    act outside the database;
  //  - fn may run on another caller's thread, must not call Write itself,
  //    and must not BEGIN, COMMIT or ROLLBACK.
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
      t.result.reset();
      t.result.emplace((*t.fn)(c));
      return t.result->has_value();
    };
    job.fail = [](Job& j, const Error& e) {
      auto& t = static_cast<Typed&>(j);
      t.result.reset();
      t.result.emplace(Fail(e));
    };
    Submit(job);
    if (job.thrown) std::rethrow_exception(job.thrown);
    return std::move(*job.result);
  }

 protected:
  // One Write call; it lives on its caller's stack.
  struct Job {
    bool (*run)(Job&, Connection&) = nullptr;    // runs fn; true if it succeeded
    void (*fail)(Job&, const Error&) = nullptr;  // replaces the result with an error
    std::exception_ptr thrown;
    bool done = false;     // for the backend's own queue
    void* wait = nullptr;  // for the backend's own queue
  };
  // Runs job.run inside a transaction (or job.fail), returning when the
  // result is final.
  virtual void Submit(Job& job) = 0;
  // Takes a connection back from a Lease.
  virtual void Return(std::unique_ptr<Connection> c) = 0;
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

// How many rows a DELETE or UPDATE with `RETURNING 1` (or any column)
// touched: it steps through them.
Result<long long> CountRows(Statement& st);

// One numbered step of a backend's schema. Never edit one that has shipped:
// add the next number.
struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

// Applies the migrations not yet applied (recorded in schema_migrations),
// each in its own transaction, which first runs `first` (e.g. a lock that
// makes nodes starting together migrate one after the other). Returns how
// many were applied.
Result<int> ApplyMigrations(Database& db, std::span<const Migration> migrations,
                            std::string_view first = {});

}  // namespace doma::storage::sql
