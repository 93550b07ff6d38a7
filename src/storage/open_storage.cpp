#include "storage/open_storage.h"

#include <fmt/format.h>

#include <filesystem>

#include "storage/postgres/change_feed.h"
#include "storage/postgres/leader.h"
#include "storage/postgres/postgres.h"
#include "storage/sql/account_repository.h"
#include "storage/sql/attempt_store.h"
#include "storage/sql/catalog_repository.h"
#include "storage/sql/digest_repository.h"
#include "storage/sql/editorial_repository.h"
#include "storage/sql/event_repository.h"
#include "storage/sql/help_repository.h"
#include "storage/sql/news_repository.h"
#include "storage/sql/outbox_repository.h"
#include "storage/sql/rotate_key.h"
#include "storage/sqlite/change_feed.h"
#include "storage/sqlite/sqlite.h"

namespace doma::storage {
namespace fs = std::filesystem;
namespace {

// The repositories over either backend: they are written once, in the SQL
// both speak (storage/sql).
std::unique_ptr<Storage> Repositories(const std::shared_ptr<sql::Database>& db,
                                      notify::Sealer* sealer) {
  auto s = std::make_unique<Storage>();
  s->backend = db;
  s->catalog = std::make_unique<sql::SqlCatalogRepository>(db);
  s->check_key = [db](notify::Sealer& key, bool nothing_sealed) {
    return sql::CheckKey(*db, key, nothing_sealed);
  };
  s->rotate_key = [db](notify::Sealer& from, notify::Sealer& to, const sql::NewDigest& digest,
                       const std::string& now_iso) -> Result<std::string> {
    auto r = sql::RotateKey(*db, from, to, digest, now_iso);
    if (!r) return Fail(r.error());
    return fmt::format(
        "re-sealed {} values ({} were already sealed with the new key); ended {} sessions, "
        "reset codes and pending sign-ups; revoked {} API tokens; {} digest subscriptions "
        "re-keyed, {} unconfirmed ones ended\n",
        r->resealed, r->already, r->sessions_ended, r->tokens_revoked, r->digest_rekeyed,
        r->digest_pending_ended);
  };
  s->news = std::make_unique<sql::SqlNewsRepository>(db);
  s->events = std::make_unique<sql::SqlEventRepository>(db);
  s->holds_sealed_data = [db]() -> Result<bool> {
    auto c = db->Reader();
    if (!c) return Fail(c.error());
    sql::Statement st(
        **c,
        "SELECT EXISTS(SELECT 1 FROM help_requests) OR EXISTS(SELECT 1 FROM "
        "volunteers) OR EXISTS(SELECT 1 FROM outbox) OR EXISTS(SELECT 1 FROM "
        "digest_subscriptions) OR EXISTS(SELECT 1 FROM "
        "submissions WHERE contact IS NOT NULL AND contact != '') OR EXISTS(SELECT 1 FROM "
        "api_tokens WHERE revoked_at IS NULL)");
    auto row = st.Step();
    if (!row) return Fail(row.error());
    return *row && st.Int(0) != 0;
  };
  if (sealer) {
    s->accounts = std::make_unique<sql::SqlAccountRepository>(db, *sealer);
    s->editorial = std::make_unique<sql::SqlEditorialRepository>(db, *sealer);
    s->help = std::make_unique<sql::SqlHelpRepository>(db, *sealer);
    s->digest = std::make_unique<sql::SqlDigestRepository>(db, *sealer);
    s->outbox = std::make_unique<sql::SqlOutboxRepository>(db, *sealer);
  }
  return s;
}

Result<std::unique_ptr<Storage>> OpenPostgres(const std::string& address, notify::Sealer* sealer) {
  auto db = postgres::Database::Open(address);
  if (!db) return Fail(db.error());
  auto applied = postgres::Migrate(**db);
  if (!applied) return Fail(applied.error());
  auto s = Repositories(*db, sealer);
  s->migrations_applied = *applied;
  s->changes = std::make_unique<postgres::PgChangeFeed>(*db);
  s->leads = [leader = std::make_shared<postgres::Leader>(address)] { return leader->Holding(); };
  s->shared_attempts = [db = *db](std::function<std::string(const std::string&)> digest)
      -> std::unique_ptr<accounts::AttemptStore> {
    return std::make_unique<sql::SqlAttemptStore>(db, std::move(digest));
  };
  // PostgreSQL keeps its own pages and foreign keys consistent; what is
  // left to check is that every row a foreign key names is there, which
  // only a key disabled by hand (session_replication_role) could break.
  s->check_integrity = [db = *db]() -> Result<std::vector<std::string>> {
    return db->All<std::string>(
        "SELECT 'help_requests row ' || r.id || ' points to a missing account' FROM help_requests "
        "r WHERE r.volunteer_id IS NOT NULL AND NOT EXISTS(SELECT 1 FROM accounts a WHERE a.id = "
        "r.volunteer_id)",
        [](sql::Statement& st) { return st.Text(0); });
  };
  return s;
}

Result<std::unique_ptr<Storage>> OpenSqlite(const std::string& location, notify::Sealer* sealer) {
  fs::path p(location);
  std::error_code ec;
  if (p.has_parent_path() && !fs::exists(p.parent_path(), ec)) {
    fs::create_directories(p.parent_path(), ec);
    if (ec)
      return Fail(Error::Unavailable(
          fmt::format("cannot create directory {}: {}", p.parent_path().string(), ec.message())));
  }
  auto db = sqlite::Database::Open(location);
  if (!db) return Fail(db.error());
  auto applied = sqlite::Migrate(**db);
  if (!applied) return Fail(applied.error());
  auto s = Repositories(*db, sealer);
  s->migrations_applied = *applied;
  // The catalog's feed: `doma import` and `doma seed` write beside a server.
  s->changes = std::make_unique<sqlite::SqliteChangeFeed>(*db);
  s->check_integrity = [db = *db]() -> Result<std::vector<std::string>> {
    auto broken = db->All<std::string>("PRAGMA integrity_check",
                                       [](sql::Statement& st) { return st.Text(0); });
    if (!broken) return Fail(broken.error());
    if (broken->size() == 1 && broken->front() == "ok") broken->clear();
    auto orphans = db->All<std::string>("PRAGMA foreign_key_check", [](sql::Statement& st) {
      return fmt::format("{} row {} points to a missing {}", st.Text(0), st.Int(1), st.Text(2));
    });
    if (!orphans) return Fail(orphans.error());
    broken->insert(broken->end(), orphans->begin(), orphans->end());
    return broken;
  };
  return s;
}

}  // namespace

bool IsPostgres(const std::string& location) { return postgres::IsAddress(location); }

std::string Shown(const std::string& location) {
  return IsPostgres(location) ? postgres::Redacted(location) : location;
}

Result<std::unique_ptr<Storage>> OpenStorage(const std::string& location, notify::Sealer* sealer) {
  if (postgres::IsAddress(location)) return OpenPostgres(location, sealer);
  return OpenSqlite(location, sealer);
}

}  // namespace doma::storage
