// Throttling of attempts: too many for one key (a login name) or from one
// client address within a window lock further attempts for a while. Logins
// (a password cannot be guessed by brute force) and proposals of services
// (5 per address an hour) use it. In memory (a restart forgets, which only
// helps an attacker for one window), or, with several nodes, in an
// AttemptStore that all of them share, so that the limits hold in total.
#pragma once

#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/clock.h"
#include "core/error.h"

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

// Attempts counted where every node sees them (the database). Each throttle
// is named; login names and addresses are kept only as digests.
class AttemptStore {
 public:
  virtual ~AttemptStore() = default;
  // The seconds to wait before an attempt of `login_key` (may be empty) from
  // `address` (may be empty) under `policy` at `now`, 0 when allowed; an
  // allowed attempt is counted at once when `count` (no other node can
  // slip in between).
  virtual Result<long long> Begin(const std::string& throttle, const std::string& login_key,
                                  const std::string& address, const ThrottlePolicy& policy,
                                  std::chrono::system_clock::time_point now, bool count) = 0;
  virtual Status Count(const std::string& throttle, const std::string& login_key,
                       const std::string& address, std::chrono::system_clock::time_point now) = 0;
  // As AttemptThrottle::RecordSuccess.
  virtual Status Succeeded(const std::string& throttle, const std::string& login_key,
                           const std::string& address) = 0;
};

class AttemptThrottle {
 public:
  AttemptThrottle(const Clock& clock, ThrottlePolicy policy) : clock_(clock), policy_(policy) {}
  // Counts in `shared` under the name `name` instead of in memory.
  AttemptThrottle(const Clock& clock, ThrottlePolicy policy, AttemptStore* shared, std::string name)
      : clock_(clock), policy_(policy), shared_(shared), name_(std::move(name)) {}
  // Where this throttle counts (null: memory), for throttles made beside it.
  AttemptStore* shared() const { return shared_; }

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
  AttemptStore* shared_ = nullptr;
  std::string name_;
  std::mutex mu_;
  std::unordered_map<std::string, Times> by_pair_, by_account_, by_address_;
};

}  // namespace doma::accounts
