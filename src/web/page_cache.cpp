#include "web/page_cache.h"

namespace doma::web {

std::shared_ptr<const std::string> PageCache::Get(const std::string& key,
                                                  unsigned long long generation) const {
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second.generation != generation) return nullptr;
  ++hits_;
  return it->second.body;
}

void PageCache::Put(const std::string& key, unsigned long long generation, std::string body) {
  std::size_t n = key.size() + body.size();
  if (n > max_bytes_) return;
  auto value = std::make_shared<const std::string>(std::move(body));
  std::lock_guard lock(mu_);
  if (auto it = entries_.find(key); it != entries_.end()) {
    bytes_ -= key.size() + it->second.body->size();
    entries_.erase(it);
  }
  if (bytes_ + n > max_bytes_) {
    entries_.clear();
    bytes_ = 0;
  }
  entries_.emplace(key, Entry{std::move(value), generation});
  bytes_ += n;
}

std::size_t PageCache::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

unsigned long long PageCache::hits() const {
  std::lock_guard lock(mu_);
  return hits_;
}

}  // namespace doma::web
