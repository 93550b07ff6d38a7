// The outbox on SQLite. Enqueue() is a free function taking the connection of
// an open write transaction, so that a message is stored with its event.
#pragma once

#include <memory>

#include "domain/notify/outbox.h"
#include "storage/sql/sealed_store.h"
#include "storage/sql/sql.h"

namespace doma::storage::sql {

// Inside Database::Write: stores the notifications, sealed.
Status Enqueue(Connection& c, const std::vector<notify::Notification>& messages,
               notify::Sealer& sealer, const std::string& now_iso);

class SqlOutboxRepository final : public notify::OutboxRepository, private SealedStore {
 public:
  using SealedStore::SealedStore;
  Status Enqueue(const std::vector<notify::Notification>& messages,
                 const std::string& now_iso) override;
  Result<std::vector<notify::OutboxMessage>> TakeDue(const std::string& now_iso, int limit,
                                                     const std::string& lease_until_iso) override;
  Status MarkSent(long long id, const std::string& now_iso) override;
  Status MarkFailed(long long id, const std::string& next_iso, const std::string& error) override;
  Result<long long> CountPending() override;
  Result<int> EraseDelivered(const std::string& before_iso) override;
};

}  // namespace doma::storage::sql
