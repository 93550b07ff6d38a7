// Rendered pages that every anonymous visitor gets alike (search results,
// category lists), kept until what they show changes.
//
// Why: rendering a results page costs ~1 ms of mustache and JSON while the
// search itself costs a tenth of that, and people ask the same few things
// (a Zipf mix: "доставка продуктов" far more often than anything else). A page
// is stored with the catalog generation it was rendered from and is served
// only while the generation is the same; the key carries everything else the
// page depends on (path and query, language, contrast, date).
//
// Bounded: past `max_bytes` of bodies the cache is emptied and refills with
// what is asked for again. Thread-safe.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace doma::web {

class PageCache {
 public:
  explicit PageCache(std::size_t max_bytes = 64u << 20) : max_bytes_(max_bytes) {}

  // The body stored under `key` for `generation`, or null.
  std::shared_ptr<const std::string> Get(const std::string& key,
                                         unsigned long long generation) const;
  void Put(const std::string& key, unsigned long long generation, std::string body);

  std::size_t size() const;
  unsigned long long hits() const;

 private:
  struct Entry {
    std::shared_ptr<const std::string> body;
    unsigned long long generation;
  };
  const std::size_t max_bytes_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
  std::size_t bytes_ = 0;
  mutable unsigned long long hits_ = 0;
};

}  // namespace doma::web
