// The words of the catalog with their frequencies, and the nearest known word
// to a misspelt one.
//
// Thread-safe: Add() takes an exclusive lock, the rest a shared one. Words are
// only ever added (a word that left the catalog may still be suggested, and
// then finds nothing more than the literal query did).
#pragma once

#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace doma::search {

class Spelling {
 public:
  // Counts `count` more occurrences of `word` (already folded by Tokenize).
  void Add(std::string_view word, std::uint32_t count = 1);
  bool Contains(std::string_view word) const;
  void Clear();
  std::size_t size() const;
  // Every word with its frequency, in the order they were added.
  std::vector<std::pair<std::string, std::uint32_t>> Words() const;

  // The known word closest to `word` within `max_distance` edits (insertion,
  // deletion, substitution or transposition of letters), the most frequent of
  // those at the smallest distance; none when `word` itself is known.
  std::optional<std::string> Suggest(std::string_view word, unsigned max_distance) const;

 private:
  struct Entry {
    std::u32string letters;
    std::uint64_t signature;  // one bit per letter hash: prunes candidates cheaply
    std::uint32_t frequency;
  };
  mutable std::shared_mutex mu_;
  std::vector<Entry> entries_;
  std::vector<std::string> words_;                     // parallel to entries_
  std::vector<std::vector<std::uint32_t>> by_length_;  // letters -> entries
  std::unordered_map<std::string, std::uint32_t> index_;
};

// Edit distance with adjacent transpositions (optimal string alignment),
// or `limit + 1` as soon as it is certain to exceed `limit`.
unsigned BoundedEditDistance(std::u32string_view a, std::u32string_view b, unsigned limit);

}  // namespace doma::search
