// What the accounts feature needs from the outside: storage, password hashing
// and secrets. Implemented in storage/ and crypto/.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "domain/accounts/account.h"
#include "domain/accounts/login_name.h"
#include "domain/notify/outbox.h"

namespace doma::accounts {

struct AuditEntry {
  std::string at;
  long long actor_id = 0;  // 0: the command line
  std::string actor_name;
  std::string action, target, detail;
};

struct ApiToken {
  long long id = 0;
  std::string name;  // what it is for, e.g. "Бот горячей линии"
  std::string created_at, revoked_at;
  long long created_by = 0;
};

// A sign-up waiting for the code sent to its login (Accounts::StartSignUp).
struct PendingSignUp {
  std::string token_hash;  // of the token the second step's form carries
  std::string code_hash;
  std::string email, phone, name, password_hash;
  std::string expires_at;
};

class AccountRepository {
 public:
  virtual ~AccountRepository() = default;
  // Conflict when the e-mail or phone is taken.
  virtual Result<Account> Create(const Account& a, const std::string& now_iso) = 0;
  virtual Result<std::optional<Account>> FindByLogin(const LoginName& login) = 0;
  virtual Result<std::optional<Account>> FindById(long long id) = 0;
  virtual Result<std::vector<Account>> List(int limit, int offset) = 0;
  virtual Status SetPasswordHash(long long id, const std::string& hash) = 0;
  virtual Status SetRoles(long long id, const std::vector<Role>& roles) = 0;

  virtual Status CreateSession(const Session& s) = 0;
  virtual Result<std::optional<Session>> FindSession(const std::string& id_hash) = 0;
  virtual Status TouchSession(const std::string& id_hash, const std::string& now_iso) = 0;
  virtual Status DeleteSession(const std::string& id_hash) = 0;
  // Ends every session of the account but `keep_hash` (may be empty).
  virtual Status DeleteSessionsOf(long long account_id, const std::string& keep_hash) = 0;

  // The audit trail of privileged actions. `detail` must hold no personal data.
  virtual Status Audit(long long actor_id, const std::string& action, const std::string& target,
                       const std::string& detail, const std::string& now_iso) = 0;
  // Newest first.
  virtual Result<std::vector<AuditEntry>> ListAudit(int limit, int offset) = 0;

  // API tokens, stored as hashes; creation and revocation are audited.
  virtual Result<ApiToken> CreateApiToken(const std::string& name, const std::string& token_hash,
                                          long long admin_id, const std::string& now_iso) = 0;
  virtual Result<std::vector<ApiToken>> ListApiTokens() = 0;
  virtual Status RevokeApiToken(long long id, long long admin_id, const std::string& now_iso) = 0;
  // A live (not revoked) token by its hash.
  virtual Result<std::optional<ApiToken>> FindApiToken(const std::string& token_hash) = 0;

  // Stores a reset code (hashed) and the message that carries it, together.
  virtual Status CreateResetCode(long long account_id, const std::string& code_hash,
                                 const std::string& expires_iso,
                                 const notify::Notification& message,
                                 const std::string& now_iso) = 0;
  // True, and the code is spent, if it is valid for the account now.
  virtual Result<bool> ConsumeResetCode(long long account_id, const std::string& code_hash,
                                        const std::string& now_iso) = 0;
  // Stores a sign-up waiting for its code with the message that carries the
  // code, together; forgets every pending sign-up whose time has passed.
  virtual Status CreatePendingSignUp(const PendingSignUp& p, const notify::Notification& message,
                                     const std::string& now_iso) = 0;
  // The live pending sign-up for `token_hash` if `code_hash` is its code (it
  // is spent); otherwise nothing, and the wrong code counts: the fifth ends it.
  virtual Result<std::optional<PendingSignUp>> TakePendingSignUp(const std::string& token_hash,
                                                                 const std::string& code_hash,
                                                                 const std::string& now_iso) = 0;
  // Deletes pending sign-ups whose time has passed; how many.
  virtual Result<int> ForgetExpiredSignUps(const std::string& now_iso) = 0;
  // Queues one message to a person, changing nothing else.
  virtual Status Notify(const notify::Notification& message, const std::string& now_iso) = 0;
  // Once per database: replaces every stored digest (sessions, reset codes,
  // API tokens) by `keyed(digest)`, and marks it done in the same
  // transaction. Returns how many were replaced (0 once done).
  virtual Result<int> KeyDigests(const std::function<std::string(const std::string&)>& keyed) = 0;
};

class PasswordHasher {
 public:
  virtual ~PasswordHasher() = default;
  virtual Result<std::string> Hash(const std::string& password) = 0;
  virtual bool Verify(const std::string& hash, const std::string& password) = 0;
};

class Secrets {
 public:
  virtual ~Secrets() = default;
  // 128 random bits, hex.
  virtual std::string NewToken() = 0;
  // A keyless hash (hex) of a token, for storing and looking it up.
  virtual std::string Digest(const std::string& token) = 0;
  // `digits` random decimal digits (a code a person types from an SMS).
  virtual std::string NewCode(int digits) = 0;
};

}  // namespace doma::accounts
