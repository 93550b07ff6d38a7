// Running a planned query over one snapshot: conjunction (every word) or
// union (any word) of the words' posting lists, BM25 scores with name and
// category boosts, the filters, facet counts, and the top k by the chosen
// order, without sorting every match. Per-thread scratch, so a search
// allocates almost nothing.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "search/snapshot.h"

namespace doma::search {

// A query word: the union of its synonyms' postings, weighed as one term.
struct Group {
  const PostingList* list = nullptr;
  const DenseList* dense = nullptr;
  float idf = 0;
  // The wdf of document `d`, 0 if absent; `i` is this group's cursor.
  std::uint32_t WdfOf(std::uint32_t d, std::size_t& i) const {
    if (dense) return d < dense->size() ? (*dense)[d] : 0;
    i = Seek(*list, i, d);
    return i < list->size() && (*list)[i].doc == d ? (*list)[i].wdf : 0;
  }
};

struct Plan {
  std::vector<Group> words;
  std::vector<Group> boosts;  // names and category names: add to the score only
  float max_boost = 0;        // the most the boosts can add to a score
  bool all_words = true;      // AND (else OR)
  bool nothing = false;       // a required word is in no document
};

enum class Order { kRelevance, kNewest, kPopularity, kBrowse };

// A regional service outranks a federal one of about the same relevance:
// people come to a region's portal for what is theirs.
constexpr float kRegionalBoost = 1.25f;

struct Candidate {
  std::uint64_t primary;  // the sort's own key, smaller first (0 for relevance)
  float score;
  std::uint32_t doc;
};

inline bool Better(const Candidate& a, const Candidate& b) {
  if (a.primary != b.primary) return a.primary < b.primary;
  if (a.score != b.score) return a.score > b.score;
  return a.doc < b.doc;
}

// The k best candidates offered, without sorting all of them: once k are
// held, a candidate costs one comparison with the worst of them.
class TopK {
 public:
  void Reset(std::size_t k) {
    k_ = k;
    items_.clear();
    full_ = false;
  }
  void Offer(const Candidate& c) {
    if (k_ == 0 || (full_ && !Better(c, worst_))) return;
    items_.push_back(c);
    if (items_.size() >= 2 * k_ + 64) Shrink();
  }
  // A relevance score that cannot enter: once k are held, at most the worst
  // of them (documents come in ascending order, and ties go to the earlier).
  bool Hopeless(float score) const { return full_ && worst_.primary == 0 && score <= worst_.score; }
  const std::vector<Candidate>& Sorted() {
    Shrink();
    std::sort(items_.begin(), items_.end(), Better);
    return items_;
  }

 private:
  void Shrink() {
    if (items_.size() > k_) {
      std::nth_element(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(k_ - 1),
                       items_.end(), Better);
      items_.resize(k_);
    }
    if (items_.size() == k_ && k_ > 0) {
      worst_ = *std::max_element(items_.begin(), items_.end(), Better);
      full_ = true;
    }
  }
  std::size_t k_ = 0;
  bool full_ = false;
  Candidate worst_{};
  std::vector<Candidate> items_;
};

// Per-thread scratch, so that a search allocates almost nothing.
struct Scratch {
  // Matches of this search by facet value: a few increments in small arrays.
  std::vector<std::uint32_t> by_categories;  // by category set
  std::array<std::uint32_t, 256> by_audiences{}, by_platforms{};
  std::array<std::uint32_t, 32> by_kind{};  // by Hot::kind >> 2 (scope, cost)
  TopK top;
};

struct Filters {
  std::uint64_t category_mask = 0;  // 0: any
  int scope = -1, audience = -1, cost = -1, platform = -1;
  bool any = false;         // some filter set
  bool impossible = false;  // a filter value nothing can have
  std::int32_t today = 0;
  const std::vector<std::uint8_t>* areas = nullptr;  // by area set: reaches the place

  // Beyond Hot::Listed, for a search with filters.
  bool Accepts(const Hot& h, const std::uint64_t* category_sets) const {
    if (category_mask && !(category_sets[h.categories] & category_mask)) return false;
    if (scope >= 0 && h.Scope() != scope) return false;
    if (audience >= 0 && !(h.audiences >> audience & 1)) return false;
    if (cost >= 0 && h.Cost() != cost) return false;
    if (platform >= 0 && !(h.platforms >> platform & 1)) return false;
    if (areas && !(*areas)[h.areas]) return false;
    return true;
  }
};

// This thread's scratch: Execute() leaves the facet counts and the top k
// there for the caller to read before its next Execute().
Scratch& ThreadScratch();

// Runs `plan` over `snap`: offers matches to scratch.top (when `collect`, in
// `order`) and counts them by facet value; returns the number of matches.
// `enough`: stop counting there (judging corrections needs no exact count).
std::size_t Execute(const Snapshot& snap, const Plan& plan, const Filters& f, bool collect,
                    bool browse, Order order = Order::kRelevance, std::size_t enough = SIZE_MAX);

}  // namespace doma::search
