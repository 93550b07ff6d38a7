// AccountRepository on SQLite.
#pragma once

#include <functional>
#include <memory>

#include "domain/accounts/ports.h"
#include "storage/sql/sealed_store.h"
#include "storage/sql/sql.h"

namespace doma::storage::sql {

class SqlAccountRepository final : public accounts::AccountRepository, private SealedStore {
 public:
  using SealedStore::SealedStore;

  Result<accounts::Account> Create(const accounts::Account& a, const std::string& now_iso) override;
  Result<std::optional<accounts::Account>> FindByLogin(const accounts::LoginName& login) override;
  Result<std::optional<accounts::Account>> FindById(long long id) override;
  Result<std::vector<accounts::Account>> List(int limit, int offset) override;
  Status SetPasswordHash(long long id, const std::string& hash) override;
  Status SetRoles(long long id, const std::vector<accounts::Role>& roles) override;
  Status CreateSession(const accounts::Session& s) override;
  Result<std::optional<accounts::Session>> FindSession(const std::string& id_hash) override;
  Status TouchSession(const std::string& id_hash, const std::string& now_iso) override;
  Status DeleteSession(const std::string& id_hash) override;
  Status DeleteSessionsOf(long long account_id, const std::string& keep_hash) override;
  Status Audit(long long actor_id, const std::string& action, const std::string& target,
               const std::string& detail, const std::string& now_iso) override;
  Result<std::vector<accounts::AuditEntry>> ListAudit(int limit, int offset) override;
  Result<accounts::ApiToken> CreateApiToken(const std::string& name, const std::string& token_hash,
                                            long long admin_id,
                                            const std::string& now_iso) override;
  Result<std::vector<accounts::ApiToken>> ListApiTokens() override;
  Status RevokeApiToken(long long id, long long admin_id, const std::string& now_iso) override;
  Result<std::optional<accounts::ApiToken>> FindApiToken(const std::string& token_hash) override;
  Status CreateResetCode(long long account_id, const std::string& code_hash,
                         const std::string& expires_iso, const notify::Notification& message,
                         const std::string& now_iso) override;
  Result<bool> ConsumeResetCode(long long account_id, const std::string& code_hash,
                                const std::string& now_iso) override;
  Status CreatePendingSignUp(const accounts::PendingSignUp& p, const notify::Notification& message,
                             const std::string& now_iso) override;
  Result<std::optional<accounts::PendingSignUp>> TakePendingSignUp(
      const std::string& token_hash, const std::string& code_hash,
      const std::string& now_iso) override;
  Result<int> ForgetExpiredSignUps(const std::string& now_iso) override;
  Status Notify(const notify::Notification& message, const std::string& now_iso) override;
  Result<int> KeyDigests(const std::function<std::string(const std::string&)>& keyed) override;

 private:
  Result<std::vector<accounts::Account>> Query(const std::string& where,
                                               const std::function<void(Statement&)>& bind);
};

}  // namespace doma::storage::sql
