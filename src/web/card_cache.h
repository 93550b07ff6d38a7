// Rendered service cards for anonymous visitors, kept compressed until what
// they show changes.
//
// Why: people reach a card from a search engine or a shared link, each card
// rarely (the long tail), so a cache helps only if it can hold the whole
// catalog. 100,000 cards are ~800 MB of HTML, but one card differs from the
// next mostly in its own fields: each is compressed with zstd against a
// dictionary made of the first card stored (~1 KB a card instead of ~8), and
// decompressed in a few microseconds when asked for again.
//
// An entry is served while the generation it was stored with is current
// (the catalog's, moved by any change to a service or category on any node)
// and until the time it was stored with: a card also lists upcoming events,
// which end, or come from another node, without the catalog moving.
//
// Bounded: past `max_bytes` (compressed bodies and keys), entries are
// dropped, about a tenth at a time, oldest generation first (a new
// generation empties the cache). Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace doma::web {

class CardCache {
 public:
  using Clock = std::chrono::steady_clock;
  explicit CardCache(std::size_t max_bytes);
  ~CardCache();
  CardCache(const CardCache&) = delete;
  CardCache& operator=(const CardCache&) = delete;

  // The body stored under `key` for `generation`, not expired at `now`;
  // nothing otherwise.
  std::optional<std::string> Get(const std::string& key, unsigned long long generation,
                                 Clock::time_point now) const;
  void Put(const std::string& key, unsigned long long generation, std::string_view body,
           Clock::time_point expires);
  // Whether Get would find it (without decompressing it or counting a hit).
  bool Contains(const std::string& key, unsigned long long generation, Clock::time_point now) const;

  std::size_t max_bytes() const { return max_bytes_; }
  std::size_t size() const;
  std::size_t bytes() const;  // compressed bodies and keys
  unsigned long long hits() const;

 private:
  struct Dictionary;  // zstd's, made from the first body stored
  struct Entry {
    std::string compressed;
    std::size_t size;  // decompressed
    Clock::time_point expires;
  };
  const std::size_t max_bytes_;
  mutable std::mutex mu_;
  std::shared_ptr<const Dictionary> dict_;  // set once, then read without the lock
  std::unordered_map<std::string, Entry> entries_;
  unsigned long long generation_ = 0;
  std::size_t bytes_ = 0;
  mutable unsigned long long hits_ = 0;
};

}  // namespace doma::web
