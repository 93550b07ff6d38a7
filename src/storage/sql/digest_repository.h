// DigestRepository on SQLite and PostgreSQL: the address and the unsubscribe
// token are sealed; the tokens are looked up by their digests; a
// subscription and its messages are written in one transaction.
#pragma once

#include "domain/digest/subscription.h"
#include "storage/sql/sealed_store.h"
#include "storage/sql/sql.h"

namespace doma::storage::sql {

class SqlDigestRepository final : public digest::DigestRepository, private SealedStore {
 public:
  using SealedStore::SealedStore;

  Result<long long> CreatePending(const digest::Subscription& s, const std::string& confirm_digest,
                                  const std::string& unsubscribe_digest,
                                  const std::string& address_digest,
                                  const notify::Notification& confirmation,
                                  const std::string& now_iso) override;
  Result<std::optional<digest::Subscription>> Confirm(const std::string& confirm_digest,
                                                      const std::string& created_after_iso,
                                                      const std::string& now_iso) override;
  Result<bool> Delete(const std::string& unsubscribe_digest) override;
  Result<int> DeleteByAddress(const std::string& address_digest) override;
  Result<std::vector<digest::Subscription>> Due(const std::string& before_iso) override;
  Result<bool> MarkSent(const digest::Subscription& s,
                        const std::optional<notify::Notification>& message,
                        const std::string& covered_until_iso,
                        const std::string& send_at_iso) override;
  Result<int> ErasePendingBefore(const std::string& cutoff_iso) override;
  Result<long long> CountActive() override;
};

}  // namespace doma::storage::sql
