#include "search/query_execution.h"

#include <algorithm>
#include <climits>

namespace doma::search {

Scratch& ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

// Runs `plan` over `snap`: offers matches to scratch.top (when `collect`, in
// `order`) and counts them by facet value; returns the number of matches.
// `enough`: stop counting there (judging corrections needs no exact count).
std::size_t Execute(const Snapshot& snap, const Plan& plan, const Filters& f, bool collect,
                    bool browse, Order order, std::size_t enough) {
  Scratch& s = ThreadScratch();
  s.by_categories.assign(snap.category_sets.size(), 0);
  s.by_audiences.fill(0);
  s.by_platforms.fill(0);
  s.by_kind.fill(0);
  if (f.impossible || plan.nothing) return 0;
  const std::uint64_t* sets = snap.category_sets.data();
  const Hot* hot = snap.hot.data();
  const std::uint32_t ndocs = static_cast<std::uint32_t>(snap.hot.size());
  std::size_t matches = 0;
  // The filter check and facet count of one document; false if filtered out.
  auto admit = [&](const Hot& h) {
    if (!h.Listed(f.today) || (f.any && !f.Accepts(h, sets))) return false;
    ++s.by_categories[h.categories];
    ++s.by_audiences[h.audiences];
    ++s.by_platforms[h.platforms];
    ++s.by_kind[h.kind >> 2];
    ++matches;
    return true;
  };
  constexpr int kRegional = 0;  // catalog::kScopes
  auto offer = [&](std::uint32_t d, float score) {
    if (hot[d].Scope() == kRegional) score *= kRegionalBoost;
    std::uint64_t primary = 0;
    switch (order) {
      case Order::kRelevance: break;
      case Order::kNewest: primary = snap.newest_rank[d]; break;
      case Order::kBrowse: primary = snap.browse_rank[d]; break;
      case Order::kPopularity:
        primary = static_cast<std::uint64_t>(
            LLONG_MAX - snap.clicks->clicks[d].load(std::memory_order_relaxed));
        break;
    }
    s.top.Offer({primary, score, d});
  };
  std::vector<std::size_t> bpos(plan.boosts.size(), 0);
  auto boost = [&](std::uint32_t d, float norm) {
    float add = 0;
    for (std::size_t b = 0; b < plan.boosts.size(); ++b)
      if (std::uint32_t wdf = plan.boosts[b].WdfOf(d, bpos[b]))
        add += Bm25(plan.boosts[b].idf, wdf, norm);
    return add;
  };

  if (browse) {
    for (std::uint32_t d = 1; d < ndocs; ++d)
      if (admit(hot[d]) && collect) offer(d, 0);
    return matches;
  }

  if (plan.all_words) {
    std::vector<const Group*> by_size;
    for (const auto& g : plan.words) by_size.push_back(&g);
    std::sort(by_size.begin(), by_size.end(),
              [](const Group* a, const Group* b) { return a->list->size() < b->list->size(); });
    std::vector<std::size_t> pos(by_size.size(), 0);
    const PostingList& lead = *by_size[0]->list;
    for (const Posting& p : lead) {
      const std::uint32_t d = p.doc;
      bool all = true, end = false;
      float score = collect ? Bm25(by_size[0]->idf, p.wdf, hot[d].norm) : 0;
      for (std::size_t g = 1; g < by_size.size(); ++g) {
        const Group& grp = *by_size[g];
        std::uint32_t wdf = grp.WdfOf(d, pos[g]);
        if (!wdf) {
          all = false;
          end = !grp.dense && pos[g] == grp.list->size();  // no later document can match
          break;
        }
        if (collect) score += Bm25(grp.idf, wdf, hot[d].norm);
      }
      if (end) break;
      if (!all || !admit(hot[d])) continue;
      if (matches >= enough) break;
      // Most matches of a common word cannot reach the page: skip their boosts.
      if (collect && !(order == Order::kRelevance &&
                       s.top.Hopeless((score + plan.max_boost) * kRegionalBoost)))
        offer(d, score + boost(d, hot[d].norm));
    }
    return matches;
  }

  // Any word: the union, a document at a time, from a cursor per word (the
  // lists are sorted; a query has a few words).
  std::vector<std::size_t> at(plan.words.size(), 0);
  while (true) {
    std::uint32_t d = UINT32_MAX;
    for (std::size_t g = 0; g < plan.words.size(); ++g)
      if (at[g] < plan.words[g].list->size()) d = std::min(d, (*plan.words[g].list)[at[g]].doc);
    if (d == UINT32_MAX) break;
    float score = 0;
    for (std::size_t g = 0; g < plan.words.size(); ++g) {
      const PostingList& l = *plan.words[g].list;
      if (at[g] < l.size() && l[at[g]].doc == d) {
        if (collect) score += Bm25(plan.words[g].idf, l[at[g]].wdf, hot[d].norm);
        ++at[g];
      }
    }
    if (!admit(hot[d])) continue;
    if (collect &&
        !(order == Order::kRelevance && s.top.Hopeless((score + plan.max_boost) * kRegionalBoost)))
      offer(d, score + boost(d, hot[d].norm));
  }
  return matches;
}

}  // namespace doma::search
