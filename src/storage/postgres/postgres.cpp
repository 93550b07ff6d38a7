#include "storage/postgres/postgres.h"

#include <fmt/format.h>

#include <cstdlib>
#include <random>
#include <thread>

namespace doma::storage::postgres {
namespace {

// libpq's type OIDs (catalog/pg_type_d.h is not part of libpq-dev's API).
constexpr Oid kBytea = 17;
constexpr Oid kInt8 = 20;
constexpr Oid kText = 25;
constexpr Oid kFloat8 = 701;

// A transaction that lost a race to another and is worth running again:
// a serialization failure, a deadlock, or a unique key another transaction
// took between this one's check and its insert (two nodes making the same
// login, or the same next badge number): run again, the check sees it.
bool LostRace(std::string_view state) {
  return state == "40001" || state == "40P01" || state == "23505";
}

// The largest placeholder number in numbered SQL ($N), i.e. how many
// parameters a statement takes.
int CountParams(std::string_view numbered) {
  int most = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < numbered.size(); ++i) {
    char ch = numbered[i];
    if (ch == '\'') quoted = !quoted;
    if (quoted || ch != '$') continue;
    int n = 0;
    std::size_t j = i + 1;
    while (j < numbered.size() && numbered[j] >= '0' && numbered[j] <= '9')
      n = n * 10 + (numbered[j++] - '0');
    most = std::max(most, n);
  }
  return most;
}

}  // namespace

bool IsAddress(std::string_view location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

std::string Redacted(std::string_view address) {
  // postgresql://user:password@host…: keep the user, hide what follows ':'.
  std::string out(address);
  auto scheme = out.find("://");
  if (scheme == std::string::npos) return out;
  auto at = out.find('@', scheme + 3);
  if (at != std::string::npos) {
    auto colon = out.find(':', scheme + 3);
    if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
  }
  auto pw = out.find("password=");
  if (pw != std::string::npos) {
    auto end = out.find_first_of("&; ", pw);
    out.replace(pw + 9, end == std::string::npos ? std::string::npos : end - pw - 9, "***");
  }
  return out;
}

std::string NumberPlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 8);
  int highest = 0;
  char quote = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    char ch = sql[i];
    if (quote) {
      if (ch == quote) quote = 0;
      out += ch;
      continue;
    }
    if (ch == '\'' || ch == '"') {
      quote = ch;
      out += ch;
      continue;
    }
    if (ch != '?') {
      out += ch;
      continue;
    }
    int n = 0;
    std::size_t j = i + 1;
    while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') n = n * 10 + (sql[j++] - '0');
    if (j == i + 1) n = highest + 1;
    highest = std::max(highest, n);
    out += '$';
    out += std::to_string(n);
    i = j - 1;
  }
  return out;
}

// --- cursor -----------------------------------------------------------------

PgCursor::~PgCursor() { PQclear(res_); }

void PgCursor::Set(int i, std::optional<std::string> v, Oid type) {
  if (i < 1) return;
  auto at = static_cast<std::size_t>(i - 1);
  if (values_.size() <= at) {
    values_.resize(at + 1);
    types_.resize(at + 1, kText);
  }
  values_[at] = std::move(v);
  types_[at] = type;
}

void PgCursor::BindText(int i, std::string_view v) { Set(i, std::string(v), kText); }
void PgCursor::BindInt(int i, long long v) { Set(i, std::to_string(v), kInt8); }
void PgCursor::BindDouble(int i, double v) { Set(i, fmt::format("{}", v), kFloat8); }
void PgCursor::BindNull(int i) { Set(i, std::nullopt, kText); }

Result<bool> PgCursor::Step() {
  if (row_ < 0 && !res_) {
    res_ = conn_.Execute(*this);
    if (!res_) return Fail(conn_.LastError("step"));
    rows_ = PQntuples(res_);
  }
  if (row_ + 1 >= rows_) {
    row_ = rows_;
    return false;
  }
  ++row_;
  return true;
}

void PgCursor::Clear() {
  PQclear(res_);
  res_ = nullptr;
  row_ = -1;
  rows_ = 0;
}

void PgCursor::Reset() {
  Clear();
  for (auto& v : values_) v.reset();
}

std::string PgCursor::Text(int col) const {
  if (!res_ || row_ < 0 || row_ >= rows_) return {};
  const char* v = PQgetvalue(res_, row_, col);
  if (PQftype(res_, col) == kBytea) {  // sealed data, as hex: the bytes it stands for
    std::size_t n = 0;
    unsigned char* raw = PQunescapeBytea(reinterpret_cast<const unsigned char*>(v), &n);
    std::string out(reinterpret_cast<const char*>(raw), n);
    PQfreemem(raw);
    return out;
  }
  return std::string(v, static_cast<std::size_t>(PQgetlength(res_, row_, col)));
}

long long PgCursor::Int(int col) const {
  if (!res_ || row_ < 0 || row_ >= rows_) return 0;
  const char* v = PQgetvalue(res_, row_, col);
  if (v[0] == 't' && v[1] == 0) return 1;  // a boolean
  if (v[0] == 'f' && v[1] == 0) return 0;
  return std::strtoll(v, nullptr, 10);
}

double PgCursor::Double(int col) const {
  if (!res_ || row_ < 0 || row_ >= rows_) return 0;
  return std::strtod(PQgetvalue(res_, row_, col), nullptr);
}

bool PgCursor::IsNull(int col) const {
  return !res_ || row_ < 0 || row_ >= rows_ || PQgetisnull(res_, row_, col);
}

// --- connection -------------------------------------------------------------

namespace {
std::string& ApplicationName() {
  static std::string name;
  return name;
}
}  // namespace

void SetApplicationName(std::string name) { ApplicationName() = std::move(name); }

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& address) {
  PGconn* c = PQconnectdb(address.c_str());
  if (!c || PQstatus(c) != CONNECTION_OK) {
    std::string msg = c ? PQerrorMessage(c) : "out of memory";
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    PQfinish(c);
    return Fail(Error::Unavailable(
        fmt::format("cannot connect to PostgreSQL at {}: {}", Redacted(address), msg)));
  }
  // The server's notices ("relation already exists, skipping") are not ours
  // to print on stderr.
  PQsetNoticeProcessor(
      c, [](void*, const char*) {}, nullptr);
  std::unique_ptr<Connection> conn(new Connection(c));
  // Timestamps are stored as ISO 8601 UTC text, as on SQLite; the settings
  // only keep the server's own functions (now()) in step with them.
  if (auto r = conn->Exec("SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'"); !r)
    return Fail(r.error());
  // A constant of this program's (never input), quoted as a literal.
  if (const std::string& name = ApplicationName(); !name.empty())
    if (auto r = conn->Exec(fmt::format("SET application_name = '{}'", name)); !r)
      return Fail(r.error());
  return conn;
}

Connection::~Connection() {
  cache_.clear();
  PQfinish(conn_);
}

bool Connection::Failed(PGresult* res, std::string_view fallback) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  last_state_ = state ? state : "";
  const char* msg = res ? PQresultErrorMessage(res) : nullptr;
  last_message_ = msg && *msg ? msg : PQerrorMessage(conn_);
  if (last_message_.empty()) last_message_ = std::string(fallback);
  while (!last_message_.empty() && (last_message_.back() == '\n' || last_message_.back() == ' '))
    last_message_.pop_back();
  if (LostRace(last_state_)) lost_race_ = true;
  return false;
}

Status Connection::Exec(std::string_view sql) {
  std::string s(sql);
  PGresult* res = PQexec(conn_, s.c_str());
  auto st = PQresultStatus(res);
  bool ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
  if (!ok) Failed(res, "no result");
  PQclear(res);
  if (!ok) return Fail(LastError(fmt::format("exec {}", s.substr(0, 60))));
  return {};
}

Error Connection::LastError(std::string_view what) {
  std::string detail = fmt::format("postgresql {}: {}{}", what, last_message_,
                                   last_state_.empty() ? "" : " (SQLSTATE " + last_state_ + ")");
  if (last_state_ == "53100") return Error::DiskFull(std::move(detail));
  // Connection lost, server shutting down or out of resources, a race lost
  // more often than retried: the database is there again soon, nothing
  // was stored, and the person may try again.
  if (broken() || last_state_.starts_with("08") || last_state_.starts_with("53") ||
      last_state_.starts_with("57P") || LostRace(last_state_))
    return Error::Unavailable(std::move(detail));
  return Error::Internal(std::move(detail));
}

sql::Cursor* Connection::Acquire(const std::string& sql) {
  if (auto it = cache_.find(sql); it != cache_.end()) {
    PgCursor* c = it->second.release();
    cache_.erase(it);
    return c;
  }
  return new PgCursor(*this, NumberPlaceholders(sql));
}

void Connection::Release(const std::string& sql, sql::Cursor* c) {
  std::unique_ptr<PgCursor> cur(static_cast<PgCursor*>(c));
  cur->Reset();
  if (cache_.size() >= 256 || cache_.contains(sql)) return;
  cache_.emplace(sql, std::move(cur));
}

PGresult* Connection::Execute(PgCursor& cur) {
  auto it = prepared_.find(cur.sql_);
  if (it == prepared_.end()) {
    std::string name = fmt::format("doma_{}", prepared_.size() + 1);
    // The server types each parameter from where it stands, as SQLite takes
    // any value; where it cannot (`? IS NULL`), the types of the values
    // bound now decide. A failed PREPARE inside a transaction would abort it,
    // hence the savepoint.
    bool in_tx = PQtransactionStatus(conn_) == PQTRANS_INTRANS;
    if (in_tx && !Exec("SAVEPOINT doma_prepare")) return nullptr;
    PGresult* res = PQprepare(conn_, name.c_str(), cur.sql_.c_str(), 0, nullptr);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
      const char* state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
      bool untyped = state && (std::string_view(state) == "42P18" ||  // indeterminate type
                               std::string_view(state) == "42725");   // ambiguous function
      if (untyped) {
        PQclear(res);
        if (in_tx && (!Exec("ROLLBACK TO SAVEPOINT doma_prepare"))) return nullptr;
        int n = CountParams(cur.sql_);
        std::vector<Oid> types(static_cast<std::size_t>(n), kText);
        for (std::size_t i = 0; i < types.size() && i < cur.types_.size(); ++i)
          types[i] = cur.types_[i];
        res = PQprepare(conn_, name.c_str(), cur.sql_.c_str(), n, types.data());
      }
    }
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok) Failed(res, "prepare failed");
    PQclear(res);
    if (in_tx) {
      if (!ok) {
        std::string state = last_state_, message = last_message_;
        (void)Exec("ROLLBACK TO SAVEPOINT doma_prepare");
        last_state_ = state;
        last_message_ = message;
      }
      if (!Exec("RELEASE SAVEPOINT doma_prepare")) return nullptr;
    }
    if (!ok) return nullptr;
    Prepared p{std::move(name), {}};
    PGresult* described = PQdescribePrepared(conn_, p.name.c_str());
    if (PQresultStatus(described) != PGRES_COMMAND_OK) {
      Failed(described, "describe failed");
      PQclear(described);
      return nullptr;
    }
    for (int i = 0; i < PQnparams(described); ++i)
      p.formats.push_back(PQparamtype(described, i) == kBytea ? 1 : 0);
    PQclear(described);
    it = prepared_.emplace(cur.sql_, std::move(p)).first;
  }
  const Prepared& p = it->second;
  int n = static_cast<int>(p.formats.size());
  std::vector<const char*> values(p.formats.size(), nullptr);
  std::vector<int> lengths(p.formats.size(), 0);
  for (std::size_t i = 0; i < values.size() && i < cur.values_.size(); ++i)
    if (cur.values_[i]) {
      values[i] = cur.values_[i]->data();
      lengths[i] = static_cast<int>(cur.values_[i]->size());
    }
  PGresult* res =
      PQexecPrepared(conn_, p.name.c_str(), n, values.data(), lengths.data(), p.formats.data(), 0);
  auto st = PQresultStatus(res);
  if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) return res;
  Failed(res, "execute failed");
  PQclear(res);
  return nullptr;
}

// --- database ---------------------------------------------------------------

Result<std::shared_ptr<Database>> Database::Open(const std::string& address, Options options) {
  std::shared_ptr<Database> db(new Database(address, options));
  // Connect once now, so that a wrong address or password stops the start
  // with its reason instead of failing every request.
  auto c = db->Take();
  if (!c) return Fail(c.error());
  if (auto r =
          (*c)->Exec("CREATE TABLE IF NOT EXISTS schema_migrations("
                     "version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)");
      !r) {
    Error e = r.error();
    e.log_detail = fmt::format("database {} is not writable: {}", db->where(), e.log_detail);
    return Fail(std::move(e));
  }
  db->Return(std::move(*c));
  return db;
}

Result<std::unique_ptr<Connection>> Database::Take() {
  std::unique_lock lock(mu_);
  while (true) {
    while (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      if (!c->broken()) return c;
      --open_;  // the server went away meanwhile: open a new one
    }
    if (open_ < options_.max_connections) break;
    if (!freed_.wait_for(lock, options_.wait_for_connection,
                         [&] { return !idle_.empty() || open_ < options_.max_connections; }))
      return Fail(Error::Unavailable(
          fmt::format("all {} connections to {} stayed busy", open_, redacted_)));
  }
  ++open_;
  lock.unlock();
  auto c = Connection::Open(address_);
  if (!c) {
    lock.lock();
    --open_;
    freed_.notify_one();
    return Fail(c.error());
  }
  return c;
}

void Database::Return(std::unique_ptr<sql::Connection> c) {
  std::unique_ptr<Connection> pc(static_cast<Connection*>(c.release()));
  bool keep = !pc->broken() && PQtransactionStatus(pc->raw()) == PQTRANS_IDLE;
  std::unique_ptr<Connection> drop;
  {
    std::lock_guard lock(mu_);
    if (keep) {
      idle_.push_back(std::move(pc));
    } else {
      --open_;
      drop = std::move(pc);
    }
  }
  freed_.notify_one();
}

Result<sql::Database::Lease> Database::Reader() {
  auto c = Take();
  if (!c) return Fail(c.error());
  return Lease(*this, std::move(*c));
}

void Database::Submit(Job& job) {
  thread_local std::minstd_rand jitter(std::random_device{}());
  for (int attempt = 1;; ++attempt) {
    auto taken = Take();
    if (!taken) {
      job.fail(job, taken.error());
      return;
    }
    std::unique_ptr<Connection> c = std::move(*taken);
    struct GiveBack {
      Database* db;
      std::unique_ptr<Connection>& c;
      ~GiveBack() { db->Return(std::move(c)); }
    } give_back{this, c};
    c->ClearRace();
    bool retry = false;
    if (auto r = c->Exec("BEGIN"); !r) {
      // A connection the server dropped (a restart): try a fresh one.
      if (!c->broken() || attempt >= kMaxAttempts) {
        job.fail(job, r.error());
        return;
      }
      retry = true;
    } else {
      bool ok = false;
      try {
        ok = job.run(job, *c);
      } catch (...) {
        job.thrown = std::current_exception();
        (void)c->Exec("ROLLBACK");
        return;
      }
      if (ok) {
        PGresult* res = PQexec(c->raw(), "COMMIT");
        // COMMIT of a transaction in which a statement failed answers
        // "ROLLBACK": nothing was stored.
        bool committed = PQresultStatus(res) == PGRES_COMMAND_OK &&
                         std::string_view(PQcmdStatus(res)) == "COMMIT";
        if (!committed && PQresultStatus(res) != PGRES_COMMAND_OK) {
          std::string why = PQresultErrorMessage(res);
          PQclear(res);
          job.fail(job, c->LastError(fmt::format("commit: {}", why)));
          if (!c->lost_race()) return;
        } else {
          PQclear(res);
          if (committed) return;
          job.fail(job, c->LastError("commit rolled back after a failed statement"));
          if (!c->lost_race()) return;
        }
      } else {
        (void)c->Exec("ROLLBACK");
        if (!c->lost_race()) return;  // fn's own error stands
      }
      retry = true;
    }
    if (retry && attempt >= kMaxAttempts) {
      job.fail(job, Error::Unavailable(fmt::format(
                        "a transaction lost a race {} times in a row on {}", attempt, redacted_)));
      return;
    }
    // Back off a little, at random, so that the racers do not meet again.
    std::uniform_int_distribution<int> wait(0, 1 << std::min(attempt, 6));
    std::this_thread::sleep_for(std::chrono::milliseconds(wait(jitter)));
  }
}

}  // namespace doma::storage::postgres
