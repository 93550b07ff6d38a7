#include "search/spelling.h"

#include <algorithm>
#include <bit>
#include <mutex>

#include "core/text.h"

namespace doma::search {

namespace {

std::uint64_t Signature(std::u32string_view letters) {
  std::uint64_t sig = 0;
  for (char32_t c : letters) sig |= std::uint64_t{1} << ((c * 2654435761u) >> 26);
  return sig;
}

}  // namespace

unsigned BoundedEditDistance(std::u32string_view a, std::u32string_view b, unsigned limit) {
  const std::size_t n = a.size(), m = b.size();
  if ((n > m ? n - m : m - n) > limit) return limit + 1;
  // Three rows of the optimal-string-alignment table, on the stack for words
  // of ordinary length (this runs for every candidate of every suggestion).
  constexpr std::size_t kStack = 64;
  unsigned stack[3][kStack + 1];
  std::vector<unsigned> heap;
  unsigned *prev2 = stack[0], *prev = stack[1], *cur = stack[2];
  if (m > kStack) {
    heap.resize(3 * (m + 1));
    prev2 = heap.data(), prev = prev2 + m + 1, cur = prev + m + 1;
  }
  for (std::size_t j = 0; j <= m; ++j) prev[j] = static_cast<unsigned>(j);
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = static_cast<unsigned>(i);
    unsigned row_min = cur[0];
    for (std::size_t j = 1; j <= m; ++j) {
      unsigned cost = a[i - 1] == b[j - 1] ? 0 : 1;
      unsigned v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        v = std::min(v, prev2[j - 2] + 1);
      cur[j] = v;
      row_min = std::min(row_min, v);
    }
    if (row_min > limit) return limit + 1;
    unsigned* t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return std::min(prev[m], limit + 1);
}

void Spelling::Add(std::string_view word, std::uint32_t count) {
  std::unique_lock lock(mu_);
  auto it = index_.find(std::string(word));
  if (it != index_.end()) {
    entries_[it->second].frequency += count;
    return;
  }
  auto letters = text::Decode(word);
  index_.emplace(std::string(word), static_cast<std::uint32_t>(entries_.size()));
  if (by_length_.size() <= letters.size()) by_length_.resize(letters.size() + 1);
  by_length_[letters.size()].push_back(static_cast<std::uint32_t>(entries_.size()));
  words_.emplace_back(word);
  entries_.push_back({letters, Signature(letters), count});
}

void Spelling::Clear() {
  std::unique_lock lock(mu_);
  entries_.clear();
  words_.clear();
  by_length_.clear();
  index_.clear();
}

bool Spelling::Contains(std::string_view word) const {
  std::shared_lock lock(mu_);
  return index_.contains(std::string(word));
}

std::size_t Spelling::size() const {
  std::shared_lock lock(mu_);
  return entries_.size();
}

std::vector<std::pair<std::string, std::uint32_t>> Spelling::Words() const {
  std::shared_lock lock(mu_);
  std::vector<std::pair<std::string, std::uint32_t>> out;
  out.reserve(words_.size());
  for (std::size_t i = 0; i < words_.size(); ++i)
    out.emplace_back(words_[i], entries_[i].frequency);
  return out;
}

std::optional<std::string> Spelling::Suggest(std::string_view word, unsigned max_distance) const {
  auto letters = text::Decode(word);
  if (letters.empty()) return std::nullopt;
  const std::uint64_t sig = Signature(letters);
  std::shared_lock lock(mu_);
  if (index_.contains(std::string(word))) return std::nullopt;
  unsigned best_distance = max_distance + 1;
  std::uint32_t best_frequency = 0;
  std::size_t best = entries_.size();
  // Only words within max_distance letters of the same length can be near.
  std::size_t m = letters.size();
  for (std::size_t len = m > max_distance ? m - max_distance : 0;
       len <= m + max_distance && len < by_length_.size(); ++len) {
    for (std::uint32_t i : by_length_[len]) {
      const Entry& e = entries_[i];
      // An edit changes at most two letters of the set, so at most two bits.
      if (static_cast<unsigned>(std::popcount(e.signature ^ sig)) > 2 * max_distance) continue;
      unsigned d = BoundedEditDistance(letters, e.letters, std::min(best_distance, max_distance));
      if (d > max_distance) continue;
      if (d < best_distance || (d == best_distance && e.frequency > best_frequency)) {
        best_distance = d;
        best_frequency = e.frequency;
        best = i;
      }
    }
  }
  if (best == entries_.size()) return std::nullopt;
  return words_[best];
}

}  // namespace doma::search
