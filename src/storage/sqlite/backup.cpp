#include "storage/sqlite/backup.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <filesystem>
#include <memory>

namespace doma::storage::sqlite {

namespace {

struct Closer {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Handle = std::unique_ptr<sqlite3, Closer>;

Result<Handle> OpenRaw(const std::string& path, int flags) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  Handle h(db);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    return Fail(Error::Unavailable(fmt::format("cannot open {}: {}", path, msg)));
  }
  sqlite3_busy_timeout(db, 5000);
  return h;
}

}  // namespace

Result<long long> BackupTo(const std::string& from, const std::string& to) {
  std::error_code ec;
  if (std::filesystem::exists(to, ec))
    return Fail(Error::Invalid("to", fmt::format("{} exists already", to)));
  auto src = OpenRaw(from, SQLITE_OPEN_READONLY);
  if (!src) return Fail(src.error());
  auto dst = OpenRaw(to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!dst) return Fail(dst.error());
  sqlite3_backup* b = sqlite3_backup_init(dst->get(), "main", src->get(), "main");
  if (!b)
    return Fail(
        Error::Unavailable(fmt::format("cannot back up {}: {}", from, sqlite3_errmsg(dst->get()))));
  // All pages in one step: one read transaction, one consistent moment.
  int rc = sqlite3_backup_step(b, -1);
  long long pages = sqlite3_backup_pagecount(b);
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) {
    std::string msg = sqlite3_errmsg(dst->get());
    dst.value().reset();
    std::filesystem::remove(to, ec);
    return Fail(Error::Unavailable(fmt::format("backup of {} failed: {}", from, msg)));
  }
  return pages;
}

}  // namespace doma::storage::sqlite
