#include "domain/accounts/throttle.h"

#include <algorithm>

namespace doma::accounts {

long long AttemptThrottle::Wait(Times& t, int limit, std::chrono::system_clock::time_point now) {
  while (!t.empty() && now - t.front() >= policy_.window) t.pop_front();
  if (static_cast<int>(t.size()) < limit) return 0;
  auto until = t.front() + policy_.window;
  return std::max<long long>(1,
                             std::chrono::duration_cast<std::chrono::seconds>(until - now).count());
}

namespace {

// Forgets what is older than the window, so that a flood of distinct names
// cannot grow the maps without bound nor wipe the counts that matter.
template <class Map>
void Prune(Map& m, std::chrono::system_clock::time_point now, std::chrono::seconds window) {
  if (m.size() < 50000) return;
  for (auto it = m.begin(); it != m.end();) {
    while (!it->second.empty() && now - it->second.front() >= window) it->second.pop_front();
    it = it->second.empty() ? m.erase(it) : std::next(it);
  }
}

std::string PairKey(const std::string& login_key, const std::string& address) {
  return login_key + '\n' + address;
}

}  // namespace

long long AttemptThrottle::WaitFor(const std::string& login_key, const std::string& address,
                                   std::chrono::system_clock::time_point now) {
  long long pair = 0, account = 0, from = 0;
  if (auto it = by_pair_.find(PairKey(login_key, address)); it != by_pair_.end())
    pair = Wait(it->second, policy_.per_account, now);
  if (auto it = by_account_.find(login_key); it != by_account_.end())
    account = Wait(it->second, policy_.per_account_any_address, now);
  if (auto it = by_address_.find(address); it != by_address_.end())
    from = Wait(it->second, policy_.per_address, now);
  return std::max({pair, account, from});
}

// With a shared store, a failure to reach it lets the attempt through: the
// attempt itself needs the same database, and fails there.
long long AttemptThrottle::RetryAfter(const std::string& login_key, const std::string& address) {
  auto now = clock_.Now();
  if (shared_) return shared_->Begin(name_, login_key, address, policy_, now, false).value_or(0);
  std::lock_guard lock(mu_);
  return WaitFor(login_key, address, now);
}

long long AttemptThrottle::TryBegin(const std::string& login_key, const std::string& address) {
  auto now = clock_.Now();
  if (shared_) return shared_->Begin(name_, login_key, address, policy_, now, true).value_or(0);
  std::lock_guard lock(mu_);
  if (long long wait = WaitFor(login_key, address, now); wait > 0) return wait;
  Count(login_key, address, now);
  return 0;
}

void AttemptThrottle::RecordFailure(const std::string& login_key, const std::string& address) {
  auto now = clock_.Now();
  if (shared_) {
    (void)shared_->Count(name_, login_key, address, now);
    return;
  }
  std::lock_guard lock(mu_);
  Count(login_key, address, now);
}

void AttemptThrottle::Count(const std::string& login_key, const std::string& address,
                            std::chrono::system_clock::time_point now) {
  for (auto* m : {&by_pair_, &by_account_, &by_address_}) Prune(*m, now, policy_.window);
  if (!login_key.empty()) {
    by_pair_[PairKey(login_key, address)].push_back(now);
    by_account_[login_key].push_back(now);
  }
  if (!address.empty()) by_address_[address].push_back(now);
}

void AttemptThrottle::RecordSuccess(const std::string& login_key, const std::string& address) {
  if (shared_) {
    (void)shared_->Succeeded(name_, login_key, address);
    return;
  }
  std::lock_guard lock(mu_);
  if (!address.empty()) {
    by_pair_.erase(PairKey(login_key, address));
  } else {  // from wherever it was tried
    const std::string prefix = PairKey(login_key, "");
    std::erase_if(by_pair_, [&](const auto& kv) { return kv.first.starts_with(prefix); });
  }
  by_account_.erase(login_key);
  if (auto it = by_address_.find(address);
      !address.empty() && it != by_address_.end() && !it->second.empty())
    it->second.pop_back();
}

}  // namespace doma::accounts
