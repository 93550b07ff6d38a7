#include "web/card_cache.h"

#include <zstd.h>

namespace doma::web {

// Compressing and decompressing contexts are per thread; the dictionaries,
// once made, are only read.
struct CardCache::Dictionary {
  explicit Dictionary(std::string_view sample)
      : bytes(sample),
        compress(ZSTD_createCDict(bytes.data(), bytes.size(), 1)),
        decompress(ZSTD_createDDict(bytes.data(), bytes.size())) {}
  ~Dictionary() {
    ZSTD_freeCDict(compress);
    ZSTD_freeDDict(decompress);
  }
  Dictionary(const Dictionary&) = delete;
  Dictionary& operator=(const Dictionary&) = delete;
  std::string bytes;
  ZSTD_CDict* compress;
  ZSTD_DDict* decompress;
};

namespace {
struct Contexts {
  ZSTD_CCtx* c = ZSTD_createCCtx();
  ZSTD_DCtx* d = ZSTD_createDCtx();
  ~Contexts() {
    ZSTD_freeCCtx(c);
    ZSTD_freeDCtx(d);
  }
};
Contexts& ThreadContexts() {
  thread_local Contexts contexts;
  return contexts;
}
}  // namespace

CardCache::CardCache(std::size_t max_bytes) : max_bytes_(max_bytes) {}

CardCache::~CardCache() = default;

std::optional<std::string> CardCache::Get(const std::string& key, unsigned long long generation,
                                          Clock::time_point now) const {
  std::string compressed;
  std::size_t size = 0;
  std::shared_ptr<const Dictionary> dict;
  {
    std::lock_guard lock(mu_);
    if (generation != generation_) return std::nullopt;
    auto it = entries_.find(key);
    if (it == entries_.end() || now >= it->second.expires) return std::nullopt;
    compressed = it->second.compressed;  // ~1 KB: copied, to decompress outside the lock
    size = it->second.size;
    dict = dict_;
    ++hits_;
  }
  std::string body(size, '\0');
  std::size_t n =
      ZSTD_decompress_usingDDict(ThreadContexts().d, body.data(), body.size(), compressed.data(),
                                 compressed.size(), dict->decompress);
  if (ZSTD_isError(n) || n != size) return std::nullopt;
  return body;
}

void CardCache::Put(const std::string& key, unsigned long long generation, std::string_view body,
                    Clock::time_point expires) {
  std::shared_ptr<const Dictionary> dict;
  {
    std::lock_guard lock(mu_);
    if (!dict_) dict_ = std::make_shared<const Dictionary>(body);
    dict = dict_;
  }
  std::string compressed(ZSTD_compressBound(body.size()), '\0');
  std::size_t n = ZSTD_compress_usingCDict(ThreadContexts().c, compressed.data(), compressed.size(),
                                           body.data(), body.size(), dict->compress);
  if (ZSTD_isError(n)) return;
  compressed.resize(n);
  compressed.shrink_to_fit();
  const std::size_t cost = key.size() + n;
  if (cost > max_bytes_ / 16) return;  // not worth the room it takes from others
  std::lock_guard lock(mu_);
  if (generation != generation_) {
    if (generation < generation_) return;  // rendered from an older catalog
    entries_.clear();
    bytes_ = 0;
    generation_ = generation;
  }
  if (auto it = entries_.find(key); it != entries_.end()) {
    bytes_ -= key.size() + it->second.compressed.size();
    entries_.erase(it);
  }
  if (bytes_ + cost > max_bytes_) {
    // A tenth out, in the map's order: which ones matters little when every
    // card is asked for about as rarely as the next.
    const std::size_t target = max_bytes_ - max_bytes_ / 10;
    for (auto it = entries_.begin(); it != entries_.end() && bytes_ + cost > target;) {
      bytes_ -= it->first.size() + it->second.compressed.size();
      it = entries_.erase(it);
    }
  }
  bytes_ += cost;
  entries_.emplace(key, Entry{std::move(compressed), body.size(), expires});
}

bool CardCache::Contains(const std::string& key, unsigned long long generation,
                         Clock::time_point now) const {
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  return generation == generation_ && it != entries_.end() && now < it->second.expires;
}

std::size_t CardCache::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

std::size_t CardCache::bytes() const {
  std::lock_guard lock(mu_);
  return bytes_;
}

unsigned long long CardCache::hits() const {
  std::lock_guard lock(mu_);
  return hits_;
}

}  // namespace doma::web
