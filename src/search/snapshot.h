// One published version of the catalog index: posting lists by term, each
// document's summary and its 16 bytes of filter and facet fields, the
// category sets, click counts. A search holds a shared_ptr to one Snapshot
// and never waits; Index() builds the next one (catalog_index.cpp) and the
// saved file (index_file.cpp) stores one.
#pragma once

#include <array>
#include <atomic>
#include <climits>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "domain/catalog/search.h"
#include "search/postings.h"

namespace doma::search {

// Per document, read for every match (filters, facets, scoring): 16 bytes.
// Services share few sets of categories, so a document names its set.
// kDefunct: not listed (defunct, or unavailable here), found only by name.
constexpr std::uint8_t kPresent = 1, kDefunct = 2;
struct Hot {
  std::uint16_t categories = 0;          // index in Snapshot::category_sets
  std::uint8_t audiences = 0;            // bit per catalog::kAudiences
  std::uint8_t platforms = 0;            // bit per catalog::kPlatforms
  std::uint8_t kind = 0;                 // kPresent | kDefunct | (scope + 1) << 2 | (cost + 1) << 4
  std::uint16_t areas = 0;               // index in Snapshot::area_sets; 0 = everywhere
  std::int32_t valid_until = INT32_MAX;  // yyyymmdd its last offer ends (offer-only cards)
  float norm = 1;                        // BM25's K for this document's length
  bool Listed(std::int32_t today) const {
    return (kind & (kPresent | kDefunct)) == kPresent && valid_until >= today;
  }
  int Scope() const { return (kind >> 2 & 3) - 1; }
  int Cost() const { return (kind >> 4 & 7) - 1; }
};
static_assert(sizeof(Hot) == 16);

struct Doc {
  catalog::ServiceSummary summary;
  std::string browse_key;  // featured first, then by name
};

template <std::size_t N>
int IndexOf(const std::array<std::string_view, N>& set, std::string_view v) {
  for (std::size_t i = 0; i < N; ++i)
    if (set[i] == v) return static_cast<int>(i);
  return -1;
}

// "2026-11-27…" -> 20261127; 0 when it is not a date (nothing is hidden).
inline std::int32_t DateKey(std::string_view iso) {
  if (iso.size() < 10) return 0;
  std::int32_t v = 0;
  for (std::size_t i = 0; i < 10; ++i) {
    if (i == 4 || i == 7) continue;
    if (iso[i] < '0' || iso[i] > '9') return 0;
    v = v * 10 + (iso[i] - '0');
  }
  return v;
}

struct ClickTable {
  explicit ClickTable(std::size_t n) : clicks(n) {}
  std::vector<std::atomic<long long>> clicks;  // by docid
};

struct Snapshot {
  std::vector<std::shared_ptr<const PostingList>> postings;  // by term id
  std::vector<std::shared_ptr<const DenseList>> dense;       // by term id; null for rarer terms
  std::vector<std::shared_ptr<const Doc>> docs;              // by docid (the service's seq)
  std::vector<Hot> hot;                                      // by docid
  std::vector<std::uint32_t> lengths;                        // by docid
  std::vector<std::uint64_t> category_sets;  // bit per category (its own and parents); [0] = none
  std::vector<std::string> category_slugs;   // bit -> slug
  // The districts a regional service reaches, one entry per distinct list;
  // [0] = empty: the whole region (and every federal service).
  std::vector<std::vector<std::string>> area_sets;
  std::shared_ptr<ClickTable> clicks;
  std::uint32_t live = 0;

  // What follows from the rest: live count, length norms (normalised by the
  // average length, which every change moves a little).
  void Derive() {
    double total = 0;
    live = 0;
    for (std::size_t d = 0; d < hot.size(); ++d)
      if (hot[d].kind & kPresent) {
        total += lengths[d];
        ++live;
      }
    double avg = live ? std::max(1.0, total / live) : 1.0;
    for (std::size_t d = 0; d < hot.size(); ++d)
      hot[d].norm =
          kK1 * ((1 - kB) + kB * std::max(kMinNorm, static_cast<float>(lengths[d] / avg)));
  }

  // Unlisted documents by the words of their names (Tokenize), built on
  // first use: a search for a closed service's own name still finds it.
  mutable std::once_flag unlisted_once;
  mutable std::unordered_map<std::string, std::vector<std::uint32_t>> unlisted_by_word;

  // Sort orders other than relevance, computed on first use.
  mutable std::once_flag ranks_once;
  mutable std::vector<std::uint32_t> browse_rank, newest_rank;  // by docid
  void Ranks() const {
    std::call_once(ranks_once, [this] {
      std::vector<std::uint32_t> ids;
      for (std::uint32_t d = 0; d < hot.size(); ++d)
        if (hot[d].kind & kPresent) ids.push_back(d);
      browse_rank.assign(hot.size(), UINT32_MAX);
      newest_rank.assign(hot.size(), UINT32_MAX);
      std::sort(ids.begin(), ids.end(), [this](std::uint32_t a, std::uint32_t b) {
        return std::tie(docs[a]->browse_key, a) < std::tie(docs[b]->browse_key, b);
      });
      for (std::uint32_t r = 0; r < ids.size(); ++r) browse_rank[ids[r]] = r;
      std::sort(ids.begin(), ids.end(), [this](std::uint32_t a, std::uint32_t b) {
        return docs[a]->summary.created_at > docs[b]->summary.created_at;
      });
      // Equal dates share a rank, so relevance orders them.
      for (std::uint32_t r = 0, i = 0; i < ids.size(); ++i) {
        if (i > 0 && docs[ids[i]]->summary.created_at != docs[ids[i - 1]]->summary.created_at)
          r = i;
        newest_rank[ids[i]] = r;
      }
    });
  }
};

}  // namespace doma::search
