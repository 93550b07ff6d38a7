// Throttling of attempts: too many for one key (a login name) or from one
// client address within a window lock further attempts for a while. Logins
// (a password cannot be guessed by brute force) and proposals of services
// (5 per address an hour) use it. In memory: a restart forgets, which only
// helps an attacker for one window.
#pragma once

#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/clock.h"

namespace doma::accounts {

// A key (a login name) is counted per client address, so that a stranger's
// guesses lock only the stranger out, and over all addresses with a looser
// limit that bounds guessing from many addresses at once.
struct ThrottlePolicy {
  int per_account = 5;   // attempts per window for one key from one address
  int per_address = 20;  // attempts per window from one client address
  std::chrono::seconds window{15 * 60};
  int per_account_any_address = 50;  // attempts per window for one key in all
};

class AttemptThrottle {
 public:
  AttemptThrottle(const Clock& clock, ThrottlePolicy policy) : clock_(clock), policy_(policy) {}

  // Seconds to wait before another attempt, or 0 when allowed.
  long long RetryAfter(const std::string& login_key, const std::string& address);
  // Like RetryAfter, but an allowed attempt is counted at once, so that a
  // burst of simultaneous attempts cannot all pass before the first fails.
  // A successful login takes its attempt back (RecordSuccess).
  long long TryBegin(const std::string& login_key, const std::string& address);
  void RecordFailure(const std::string& login_key, const std::string& address);
  // A success clears the account's counts (from `address`, or from
  // everywhere when it is empty) and takes back the address's attempt.
  void RecordSuccess(const std::string& login_key, const std::string& address = {});

 private:
  using Times = std::deque<std::chrono::system_clock::time_point>;
  long long Wait(Times& t, int limit, std::chrono::system_clock::time_point now);
  // The longest wait of the key's from this address, the key's in all and
  // the address's, under mu_.
  long long WaitFor(const std::string& login_key, const std::string& address,
                    std::chrono::system_clock::time_point now);
  // Counts an attempt (under mu_).
  void Count(const std::string& login_key, const std::string& address,
             std::chrono::system_clock::time_point now);

  const Clock& clock_;
  ThrottlePolicy policy_;
  std::mutex mu_;
  std::unordered_map<std::string, Times> by_pair_, by_account_, by_address_;
};

}  // namespace doma::accounts
