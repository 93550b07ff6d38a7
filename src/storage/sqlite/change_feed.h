// The catalog's change feed on SQLite (domain/changes/change_feed.h): the
// rows migration 11's triggers keep in `changes`, one per service (and one
// for the categories), moved to the end by each change. SQLite commits one
// writer at a time, so ids are committed in order: reading past the last id
// seen misses nothing. Help requests are not in it: only the server writes
// them.
#pragma once

#include <memory>
#include <mutex>

#include "domain/changes/change_feed.h"
#include "storage/sqlite/sqlite.h"

namespace doma::storage::sqlite {

class SqliteChangeFeed final : public changes::ChangeFeed {
 public:
  explicit SqliteChangeFeed(std::shared_ptr<Database> db) : db_(std::move(db)) {}
  Status Mark() override;
  Result<std::vector<changes::Change>> Next(int limit) override;
  // No signal crosses processes: a short sleep, then the next read.
  void Wait(std::chrono::milliseconds timeout) override;
  Result<long long> Prune(std::chrono::seconds keep) override;

 private:
  std::shared_ptr<Database> db_;
  std::mutex mu_;
  long long id_ = 0;  // the last id read
};

}  // namespace doma::storage::sqlite
