#include "domain/accounts/throttle.h"

namespace doma::accounts {

long long LoginThrottle::Wait(Times& t, int limit, std::chrono::system_clock::time_point now) {
  while (!t.empty() && now - t.front() >= policy_.window) t.pop_front();
  if (static_cast<int>(t.size()) < limit) return 0;
  auto until = t.front() + policy_.window;
  return std::max<long long>(1, std::chrono::duration_cast<std::chrono::seconds>(until - now).count());
}

long long LoginThrottle::RetryAfter(const std::string& login_key, const std::string& address) {
  auto now = clock_.Now();
  std::lock_guard lock(mu_);
  long long a = login_key.empty() ? 0 : Wait(by_account_[login_key], policy_.per_account, now);
  long long b = address.empty() ? 0 : Wait(by_address_[address], policy_.per_address, now);
  return std::max(a, b);
}

long long LoginThrottle::TryBegin(const std::string& login_key, const std::string& address) {
  auto now = clock_.Now();
  std::lock_guard lock(mu_);
  long long a = login_key.empty() ? 0 : Wait(by_account_[login_key], policy_.per_account, now);
  long long b = address.empty() ? 0 : Wait(by_address_[address], policy_.per_address, now);
  if (a > 0 || b > 0) return std::max(a, b);
  if (!login_key.empty()) by_account_[login_key].push_back(now);
  if (!address.empty()) by_address_[address].push_back(now);
  return 0;
}

void LoginThrottle::RecordFailure(const std::string& login_key, const std::string& address) {
  auto now = clock_.Now();
  std::lock_guard lock(mu_);
  if (!login_key.empty()) by_account_[login_key].push_back(now);
  if (!address.empty()) by_address_[address].push_back(now);
  // Bound memory under a flood of distinct names.
  if (by_account_.size() > 100000) by_account_.clear();
  if (by_address_.size() > 100000) by_address_.clear();
}

void LoginThrottle::RecordSuccess(const std::string& login_key, const std::string& address) {
  std::lock_guard lock(mu_);
  by_account_.erase(login_key);
  if (auto it = by_address_.find(address); !address.empty() && it != by_address_.end() && !it->second.empty())
    it->second.pop_back();
}

}  // namespace doma::accounts
