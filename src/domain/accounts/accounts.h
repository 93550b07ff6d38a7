// The accounts use cases: sign up, log in and out, sessions, passwords, roles.
// May block (storage, Argon2id): called from the worker pool.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/error.h"
#include "domain/accounts/ports.h"
#include "domain/accounts/throttle.h"

namespace doma::accounts {

struct SessionPolicy {
  std::chrono::seconds idle{std::chrono::hours(24 * 7)};
  std::chrono::seconds absolute{std::chrono::hours(24 * 30)};
  std::chrono::seconds staff_idle{std::chrono::hours(2)};
  std::chrono::seconds staff_absolute{std::chrono::hours(12)};
};

struct LoggedIn {
  Account account;
  std::string token;  // the session cookie's value; shown to nobody else, never stored
};

// Who is making a request.
struct Principal {
  Account account;
  std::string session_hash;
};

class Accounts {
 public:
  Accounts(AccountRepository& repo, PasswordHasher& hasher, Secrets& secrets, const Clock& clock,
           AttemptThrottle& throttle, SessionPolicy policy)
      : repo_(repo),
        hasher_(hasher),
        secrets_(secrets),
        clock_(clock),
        throttle_(throttle),
        resets_per_day_(clock, {kResetsPerDay, 1000, std::chrono::hours(24), kResetsPerDay},
                        throttle.shared(), "resets per day"),
        signups_per_day_(clock, {kResetsPerDay, 1000, std::chrono::hours(24), kResetsPerDay},
                         throttle.shared(), "sign-ups per day"),
        policy_(policy) {}

  // Reset codes (and, apart, sign-up codes or notes) sent to one login in a
  // day at most (an SMS costs the region money and wakes a person up).
  static constexpr int kResetsPerDay = 5;

  // Sign-up in two steps, so that it tells nobody which e-mails and phones
  // have an account. StartSignUp checks the form (errors by field, as ever),
  // then sends a new login a code (8 digits, 30 minutes) or sends a login that
  // has an account a note that someone tried to sign up with it; either way
  // it does the same work (one Argon2id hash, one message) and returns a
  // token for the second step's form. ConfirmSignUp creates the resident
  // account with the right code and logs it in; a wrong code counts against
  // the sign-up (the fifth ends it), and an unknown token is a wrong code.
  Result<std::string> StartSignUp(const std::string& login, const std::string& name,
                                  const std::string& password, const std::string& address = {});
  Result<LoggedIn> ConfirmSignUp(const std::string& token, const std::string& code,
                                 const std::string& address = {});

  // Creates a resident account and logs it in at once, without a code: for
  // tests and the command line, which know whose login it is.
  Result<LoggedIn> SignUp(const std::string& login, const std::string& name,
                          const std::string& password, const std::string& address = {});

  // Refuses with kInvalidArgument ("login or password is wrong") without
  // telling which; kRateLimited-style refusals carry retry_after > 0.
  struct LogInOutcome {
    std::optional<LoggedIn> ok;
    long long retry_after = 0;  // > 0: throttled
  };
  Result<LogInOutcome> LogIn(const std::string& login, const std::string& password,
                             const std::string& address);

  // The principal for a session cookie value, or nullopt (unknown, expired).
  Result<std::optional<Principal>> Authenticate(const std::string& token);

  Status LogOut(const std::string& token);
  Status LogOutEverywhere(const Principal& who);
  // Ends every other session of the account.
  Status ChangePassword(const Principal& who, const std::string& current, const std::string& next);

  // Admins only; audited.
  Status GrantRole(const Principal& actor, long long account_id, Role role);
  Status RevokeRole(const Principal& actor, long long account_id, Role role);
  Result<std::vector<Account>> ListAccounts(const Principal& actor, int limit, int offset);
  Result<std::vector<AuditEntry>> ListAudit(const Principal& actor, int limit, int offset);

  // Sends a one-time code (8 digits, valid 30 minutes) through the outbox if
  // the account exists, else a note to the address that it has none; the
  // caller's answer is the same, and so is the work.
  Status RequestPasswordReset(const std::string& login, const std::string& address);
  // Sets a new password with a valid code and ends every session. A wrong
  // code counts as a failed login for throttling; `retry_after` as in LogIn.
  Result<long long> ResetPassword(const std::string& login, const std::string& code,
                                  const std::string& new_password, const std::string& address);

  // Admins issue API tokens for other systems; the token is returned once.
  Result<std::pair<ApiToken, std::string>> IssueApiToken(const Principal& admin,
                                                         const std::string& name);
  Result<std::vector<ApiToken>> ListApiTokens(const Principal& admin);
  Status RevokeApiToken(const Principal& admin, long long id);
  // The live token for an "Authorization: Bearer" value, or nullopt.
  Result<std::optional<ApiToken>> AuthenticateApiToken(const std::string& token);

  // Bootstrap from the command line: creates the account if needed and grants
  // the role. A new account is called `name`, or by its role («Координатор»)
  // when none is given: never its e-mail's local part or its phone.
  Result<Account> EnsureWithRole(const std::string& login, const std::string& password, Role role,
                                 const std::string& name = {});

 private:
  Result<LoggedIn> StartSession(const Account& a);
  Status ThrottleSignUp(const std::string& address);
  // A resident account, created and logged in (kConflict if the login was taken).
  Result<LoggedIn> CreateResident(const std::string& email, const std::string& phone,
                                  const std::string& name, const std::string& password_hash);
  Status ChangeRole(const Principal& actor, long long account_id, Role role, bool grant);

  AccountRepository& repo_;
  PasswordHasher& hasher_;
  Secrets& secrets_;
  const Clock& clock_;
  AttemptThrottle& throttle_;
  AttemptThrottle resets_per_day_;
  AttemptThrottle signups_per_day_;
  SessionPolicy policy_;
};

}  // namespace doma::accounts
