#include "storage/open_storage.h"

#include <fmt/format.h>

#include <filesystem>

#include "storage/sqlite/account_repository.h"
#include "storage/sqlite/catalog_repository.h"
#include "storage/sqlite/editorial_repository.h"
#include "storage/sqlite/help_repository.h"
#include "storage/sqlite/news_repository.h"
#include "storage/sqlite/outbox_repository.h"

namespace doma::storage {
namespace fs = std::filesystem;

Result<std::unique_ptr<Storage>> OpenStorage(const std::string& location, notify::Sealer* sealer) {
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
  auto s = std::make_unique<Storage>();
  s->migrations_applied = *applied;
  s->backend = *db;
  s->catalog = std::make_unique<sqlite::SqliteCatalogRepository>(*db);
  s->news = std::make_unique<sqlite::SqliteNewsRepository>(*db);
  s->holds_sealed_data = [db = *db]() -> Result<bool> {
    auto c = db->Reader();
    if (!c) return Fail(c.error());
    sqlite::Statement st(
        **c,
        "SELECT EXISTS(SELECT 1 FROM help_requests) OR EXISTS(SELECT 1 FROM "
        "volunteers) OR EXISTS(SELECT 1 FROM outbox) OR EXISTS(SELECT 1 FROM "
        "submissions WHERE contact IS NOT NULL AND contact != '') OR EXISTS(SELECT 1 FROM "
        "api_tokens WHERE revoked_at IS NULL)");
    auto row = st.Step();
    if (!row) return Fail(row.error());
    return *row && st.Int(0) != 0;
  };
  s->check_integrity = [db = *db]() -> Result<std::vector<std::string>> {
    auto broken = db->All<std::string>("PRAGMA integrity_check",
                                       [](sqlite::Statement& st) { return st.Text(0); });
    if (!broken) return Fail(broken.error());
    if (broken->size() == 1 && broken->front() == "ok") broken->clear();
    auto orphans = db->All<std::string>("PRAGMA foreign_key_check", [](sqlite::Statement& st) {
      return fmt::format("{} row {} points to a missing {}", st.Text(0), st.Int(1), st.Text(2));
    });
    if (!orphans) return Fail(orphans.error());
    broken->insert(broken->end(), orphans->begin(), orphans->end());
    return broken;
  };
  if (sealer) {
    s->accounts = std::make_unique<sqlite::SqliteAccountRepository>(*db, *sealer);
    s->editorial = std::make_unique<sqlite::SqliteEditorialRepository>(*db, *sealer);
    s->help = std::make_unique<sqlite::SqliteHelpRepository>(*db, *sealer);
    s->outbox = std::make_unique<sqlite::SqliteOutboxRepository>(*db, *sealer);
  }
  return s;
}

}  // namespace doma::storage
