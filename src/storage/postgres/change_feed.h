// The change feed on PostgreSQL (domain/changes/change_feed.h): the rows the
// triggers of migration 2 write to `changes`, read in (txid, id) order up to
// the oldest transaction still running, and LISTEN on doma_changes to wake.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "domain/changes/change_feed.h"
#include "storage/postgres/postgres.h"

namespace doma::storage::postgres {

class PgChangeFeed final : public changes::ChangeFeed {
 public:
  explicit PgChangeFeed(std::shared_ptr<Database> db) : db_(std::move(db)) {}
  Status Mark() override;
  Result<std::vector<changes::Change>> Next(int limit) override;
  void Wait(std::chrono::milliseconds timeout) override;
  Result<long long> Prune(std::chrono::seconds keep) override;

 private:
  std::shared_ptr<Database> db_;
  std::mutex mu_;
  // Where the next read starts: after (txid_, id_).
  std::string txid_ = "0";
  long long id_ = 0;
  std::unique_ptr<Connection> listener_;  // used by Wait only
  // Whether the last Next saw changes it could not return yet (behind a
  // transaction still running): Wait then only pauses briefly.
  std::atomic<bool> pending_{false};
};

}  // namespace doma::storage::postgres
