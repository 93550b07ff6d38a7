#include "storage/sqlite/change_feed.h"

#include <algorithm>
#include <thread>

namespace doma::storage::sqlite {

using changes::Change;

Status SqliteChangeFeed::Mark() {
  auto last = db_->First<long long>("SELECT COALESCE(MAX(id), 0) FROM changes",
                                    [](sql::Statement& st) { return st.Int(0); });
  if (!last) return Fail(last.error());
  std::lock_guard lock(mu_);
  id_ = last->value_or(0);
  return {};
}

Result<std::vector<Change>> SqliteChangeFeed::Next(int limit) {
  std::lock_guard lock(mu_);
  long long last = id_;
  auto rows = db_->All<Change>(
      "SELECT id, kind, key FROM changes WHERE id > ? ORDER BY id LIMIT ?",
      [&](sql::Statement& st) -> Result<Change> {
        last = st.Int(0);
        Change ch;
        ch.kind = st.Text(1) == "category" ? Change::Kind::kCategory : Change::Kind::kService;
        ch.key = st.Int(2);
        return ch;
      },
      id_, static_cast<long long>(limit));
  if (!rows) return Fail(rows.error());
  id_ = last;
  return rows;
}

void SqliteChangeFeed::Wait(std::chrono::milliseconds timeout) {
  std::this_thread::sleep_for(std::min(timeout, std::chrono::milliseconds(100)));
}

Result<long long> SqliteChangeFeed::Prune(std::chrono::seconds keep) {
  return db_->Write([&](sql::Connection& c) -> Result<long long> {
    sql::Statement st(c,
                      "DELETE FROM changes WHERE at <= strftime('%Y-%m-%dT%H:%M:%SZ', 'now', ?) "
                      "RETURNING 1");
    st.Bind(1, "-" + std::to_string(keep.count()) + " seconds");
    return sql::CountRows(st);
  });
}

}  // namespace doma::storage::sqlite
