#include "storage/sqlite/sqlite.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>

namespace doma::storage::sqlite {

sql::Cursor* Connection::Acquire(const std::string& sql) {
  if (auto it = cache_.find(sql); it != cache_.end()) {
    SqliteCursor* s = it->second.release();
    cache_.erase(it);  // in use: a second Statement of the same SQL prepares its own
    return s;
  }
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         &s, nullptr) != SQLITE_OK) {
    sqlite3_finalize(s);
    return nullptr;
  }
  return new SqliteCursor(*this, s);
}

void Connection::Release(const std::string& sql, sql::Cursor* c) {
  std::unique_ptr<SqliteCursor> cur(static_cast<SqliteCursor*>(c));
  cur->Reset();
  if (cache_.size() >= kMaxCachedStatements || cache_.contains(sql)) return;
  cache_.emplace(sql, std::move(cur));
}

SqliteCursor::~SqliteCursor() { sqlite3_finalize(stmt_); }

void SqliteCursor::BindText(int i, std::string_view v) {
  sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}
void SqliteCursor::BindInt(int i, long long v) { sqlite3_bind_int64(stmt_, i, v); }
void SqliteCursor::BindDouble(int i, double v) { sqlite3_bind_double(stmt_, i, v); }
void SqliteCursor::BindNull(int i) { sqlite3_bind_null(stmt_, i); }

Result<bool> SqliteCursor::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Fail(conn_.LastError("step"));
}

void SqliteCursor::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string SqliteCursor::Text(int col) const {
  const auto* p = sqlite3_column_text(stmt_, col);
  return p ? std::string(reinterpret_cast<const char*>(p),
                         static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
           : std::string();
}
long long SqliteCursor::Int(int col) const { return sqlite3_column_int64(stmt_, col); }
double SqliteCursor::Double(int col) const { return sqlite3_column_double(stmt_, col); }
bool SqliteCursor::IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return Fail(Error{Code::kUnavailable,
                      fmt::format("cannot open database {}: {}", path, msg),
                      fmt::format("cannot open database {}: {}", path, msg),
                      {}});
  }
  std::unique_ptr<Connection> conn(new Connection(db));
  sqlite3_busy_timeout(db, 5000);
  // WAL lets readers run while one writer commits; FULL makes every commit
  // durable across power loss, which a request for help must be.
  // secure_delete: what is erased (personal data, delivered messages) is
  // overwritten in the file, not left behind in free pages.
  for (const char* pragma :
       {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON",
        "PRAGMA temp_store=MEMORY", "PRAGMA secure_delete=ON"}) {
    if (auto r = conn->Exec(pragma); !r) {
      Error e = r.error();
      e.log_detail = fmt::format("database {} is not usable: {}", path, e.log_detail);
      return Fail(std::move(e));
    }
  }
  return conn;
}

Connection::~Connection() {
  cache_.clear();
  sqlite3_close_v2(db_);
}

Status Connection::Exec(std::string_view sql) {
  std::string s(sql);
  if (sqlite3_exec(db_, s.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
    return Fail(LastError(fmt::format("exec {}", s.substr(0, 60))));
  return {};
}

Error Connection::LastError(std::string_view what) {
  std::string detail = fmt::format("sqlite {}: {}", what, sqlite3_errmsg(db_));
  // A full disk is a fault to pass through, not a bug: SQLite says FULL when
  // a write came up short, and IOERR with ENOSPC when it could write nothing.
  int primary = sqlite3_extended_errcode(db_) & 0xff;
  int sys = sqlite3_system_errno(db_);
  if (primary == SQLITE_FULL || (primary == SQLITE_IOERR && (sys == ENOSPC || sys == EDQUOT)))
    return Error::DiskFull(std::move(detail));
  return Error::Internal(std::move(detail));
}

Result<std::shared_ptr<Database>> Database::Open(const std::string& path) {
  auto writer = Connection::Open(path);
  if (!writer) return Fail(writer.error());
  // Touch the schema so that an unwritable file fails here, at start.
  if (auto r = (*writer)->Exec(
          "CREATE TABLE IF NOT EXISTS schema_migrations("
          "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
      !r) {
    Error e = r.error();
    e.log_detail = fmt::format("database {} is not writable: {}", path, e.log_detail);
    return Fail(std::move(e));
  }
  return std::shared_ptr<Database>(new Database(path, std::move(*writer)));
}

Result<sql::Database::Lease> Database::Reader() {
  {
    std::lock_guard lock(pool_mu_);
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(c));
    }
  }
  auto c = Connection::Open(path_);
  if (!c) return Fail(c.error());
  return Lease(*this, std::move(*c));
}

namespace {
// The database whose batch this thread is running, to refuse a Write from
// inside fn (it would wait for its own batch to end).
thread_local const Database* leading = nullptr;
}  // namespace

void Database::Submit(Job& job) {
  if (leading == this) {
    job.fail(job, Error::Internal("Database::Write called from inside a Write"));
    return;
  }
  Waiter waiter;
  job.wait = &waiter;
  std::unique_lock lock(queue_mu_);
  queue_.push_back(&job);
  waiter.cv.wait(lock, [&] { return job.done || queue_.front() == &job; });
  if (job.done) return;  // a leader ran it and the COMMIT has returned
  std::vector<Job*> batch(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(
                                                               std::min(queue_.size(), kMaxBatch)));
  lock.unlock();
  leading = this;
  std::size_t settled = RunBatch(batch);
  leading = nullptr;
  lock.lock();
  // The settled jobs are still the first in the queue: only a leader pops.
  // Each waiter is told under the lock, since its Job (and cv) is gone as
  // soon as it sees done.
  for (std::size_t i = 0; i < settled; ++i) {
    Job* j = queue_.front();
    queue_.pop_front();
    j->done = true;
    if (j != &job) static_cast<Waiter*>(j->wait)->cv.notify_one();
  }
  if (!queue_.empty())
    static_cast<Waiter*>(queue_.front()->wait)->cv.notify_one();  // the next leader
}

std::size_t Database::RunBatch(const std::vector<Job*>& batch) {
  Connection& c = *writer_;
  if (auto r = c.Exec("BEGIN IMMEDIATE"); !r) {
    for (Job* j : batch) j->fail(*j, r.error());
    return batch.size();
  }
  std::vector<Job*> succeeded;
  std::size_t i = 0;
  while (i < batch.size()) {
    Job& j = *batch[i++];
    // The first job of a transaction needs no savepoint: if it fails, the
    // transaction holds nothing else and is rolled back whole. And it must
    // not have one: a statement that fires a trigger truncates the
    // in-memory sub-journal back to where it began by walking it from the
    // start, so inside a savepoint each such statement cost as much as
    // everything the job had written so far (71% of a 20,000-service seed's
    // time was that walk).
    if (succeeded.empty()) {
      bool ok = false;
      try {
        ok = j.run(j, c);
      } catch (...) {
        j.thrown = std::current_exception();
      }
      if (sqlite3_get_autocommit(c.raw())) {  // SQLite rolled it back itself
        if (ok) j.fail(j, c.LastError("rolled back the transaction"));
        return i;
      }
      if (ok) {
        succeeded.push_back(&j);
        continue;
      }
      // Undone alone; the rest of the batch goes on in a new transaction.
      (void)c.Exec("ROLLBACK");
      if (i < batch.size())
        if (auto r = c.Exec("BEGIN IMMEDIATE"); !r) return i;  // they wait for the next
      continue;
    }
    if (auto r = c.Exec("SAVEPOINT doma_write"); !r) {
      j.fail(j, r.error());
      continue;
    }
    bool ok = false;
    try {
      ok = j.run(j, c);
    } catch (...) {
      j.thrown = std::current_exception();
    }
    if (sqlite3_get_autocommit(c.raw())) {
      // SQLite rolled the whole transaction back (SQLITE_FULL, an I/O
      // error…): what ran so far is gone, what did not waits for the next.
      Error lost = c.LastError("rolled back the transaction");
      if (ok) j.fail(j, lost);
      for (Job* s : succeeded) s->fail(*s, lost);
      return i;
    }
    if (ok) {
      if (auto r = c.Exec("RELEASE doma_write"); r) {
        succeeded.push_back(&j);
        continue;
      } else {
        j.fail(j, r.error());
      }
    }
    auto undo = c.Exec("ROLLBACK TO doma_write");
    if (undo) undo = c.Exec("RELEASE doma_write");
    if (!undo) {
      // Cannot undo this one alone: give up the whole transaction (j
      // already has its own error).
      (void)c.Exec("ROLLBACK");
      for (Job* s : succeeded) s->fail(*s, undo.error());
      return i;
    }
  }
  if (succeeded.empty()) {
    (void)c.Exec("ROLLBACK");
    return i;
  }
  if (auto r = c.Exec("COMMIT"); !r) {
    (void)c.Exec("ROLLBACK");
    for (Job* s : succeeded) s->fail(*s, r.error());
  }
  return i;
}

void Database::Return(std::unique_ptr<sql::Connection> c) {
  std::lock_guard lock(pool_mu_);
  if (idle_.size() < 16) idle_.push_back(std::move(c));
}

}  // namespace doma::storage::sqlite
