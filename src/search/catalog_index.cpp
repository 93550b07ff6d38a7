#include "search/catalog_index.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <climits>
#include <cmath>
#include <cstring>
#include <optional>

#include "core/text.h"

namespace doma::search {

using catalog::Category;
using catalog::SearchRequest;
using catalog::SearchResponse;
using catalog::Service;
using catalog::ServiceSummary;

namespace {

// When the literal query finds fewer than this, corrections are tried.
constexpr long long kFewResults = 3;
// A correction finding this many services is taken without counting further.
constexpr std::size_t kClearlyMeant = 200;
// Xapian's BM25 defaults, so that ranking stays what it was.
constexpr float kK1 = 1.0f, kB = 0.5f, kMinNorm = 0.5f;

struct Posting {
  std::uint32_t doc;
  std::uint32_t wdf;
};
using PostingList = std::vector<Posting>;
// wdf by docid (0: absent, capped at 255) for terms in many documents: a
// conjunction then tests them with one load per candidate instead of a
// search through the list. At 100,000 services, ~100 KB per such term.
using DenseList = std::vector<std::uint8_t>;

std::shared_ptr<const DenseList> DenseFor(const PostingList* l, std::size_t ndocs) {
  if (!l || l->size() < 256 || l->size() * 16 < ndocs) return nullptr;
  auto d = std::make_shared<DenseList>(l->back().doc + 1, 0);
  for (const Posting& p : *l)
    (*d)[p.doc] = static_cast<std::uint8_t>(std::min<std::uint32_t>(p.wdf, 255));
  return d;
}

// Per document, read for every match (filters, facets, scoring): 16 bytes.
// Services share few sets of categories, so a document names its set.
constexpr std::uint8_t kPresent = 1, kDefunct = 2;
struct Hot {
  std::uint16_t categories = 0;          // index in Snapshot::category_sets
  std::uint8_t audiences = 0;            // bit per catalog::kAudiences
  std::uint8_t platforms = 0;            // bit per catalog::kPlatforms
  std::uint8_t kind = 0;                 // kPresent | kDefunct | (scope + 1) << 2 | (cost + 1) << 4
  std::int32_t valid_until = INT32_MAX;  // yyyymmdd of the offer's end
  float norm = 1;                        // BM25's K for this document's length
  bool Listed(std::int32_t today) const {
    return (kind & (kPresent | kDefunct)) == kPresent && valid_until >= today;
  }
  int Scope() const { return (kind >> 2 & 3) - 1; }
  int Cost() const { return (kind >> 4 & 7) - 1; }
};
static_assert(sizeof(Hot) == 16);

struct Doc {
  ServiceSummary summary;
  std::string browse_key;  // featured first, then by name
};

template <std::size_t N>
int IndexOf(const std::array<std::string_view, N>& set, std::string_view v) {
  for (std::size_t i = 0; i < N; ++i)
    if (set[i] == v) return static_cast<int>(i);
  return -1;
}

// "2026-11-27…" -> 20261127; 0 when it is not a date (nothing is hidden).
std::int32_t DateKey(std::string_view iso) {
  if (iso.size() < 10) return 0;
  std::int32_t v = 0;
  for (std::size_t i = 0; i < 10; ++i) {
    if (i == 4 || i == 7) continue;
    if (iso[i] < '0' || iso[i] > '9') return 0;
    v = v * 10 + (iso[i] - '0');
  }
  return v;
}

float Bm25(float idf, std::uint32_t wdf, float norm) {
  float f = static_cast<float>(wdf);
  return idf * f * (kK1 + 1) / (f + norm);
}

float Idf(std::size_t docs, std::size_t df) {
  double n = static_cast<double>(docs), d = static_cast<double>(df);
  return static_cast<float>(std::log(1.0 + (n - d + 0.5) / (d + 0.5)));
}

// First index >= i whose doc is >= target (galloping: lists are sorted).
std::size_t Seek(const PostingList& l, std::size_t i, std::uint32_t target) {
  if (i >= l.size() || l[i].doc >= target) return i;
  std::size_t step = 1, lo = i, hi = i + 1;
  while (hi < l.size() && l[hi].doc < target) {
    lo = hi;
    step <<= 1;
    hi = lo + step;
  }
  hi = std::min(hi, l.size());
  return static_cast<std::size_t>(
      std::lower_bound(l.begin() + static_cast<std::ptrdiff_t>(lo),
                       l.begin() + static_cast<std::ptrdiff_t>(hi), target,
                       [](const Posting& p, std::uint32_t t) { return p.doc < t; }) -
      l.begin());
}

// Union of sorted lists, wdfs of one document summed.
PostingList Merge(const PostingList& a, const PostingList& b) {
  PostingList out;
  out.reserve(a.size() + b.size());
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i].doc < b[j].doc)
      out.push_back(a[i++]);
    else if (b[j].doc < a[i].doc)
      out.push_back(b[j++]);
    else {
      out.push_back({a[i].doc, a[i].wdf + b[j].wdf});
      ++i, ++j;
    }
  }
  out.insert(out.end(), a.begin() + static_cast<std::ptrdiff_t>(i), a.end());
  out.insert(out.end(), b.begin() + static_cast<std::ptrdiff_t>(j), b.end());
  return out;
}

}  // namespace

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

namespace {

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

struct Candidate {
  std::uint64_t primary;  // the sort's own key, smaller first (0 for relevance)
  float score;
  std::uint32_t doc;
};

bool Better(const Candidate& a, const Candidate& b) {
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

thread_local Scratch scratch;

struct Filters {
  std::uint64_t category_mask = 0;  // 0: any
  int scope = -1, audience = -1, cost = -1, platform = -1;
  bool any = false;         // some filter set
  bool impossible = false;  // a filter value nothing can have
  std::int32_t today = 0;

  // Beyond Hot::Listed, for a search with filters.
  bool Accepts(const Hot& h, const std::uint64_t* category_sets) const {
    if (category_mask && !(category_sets[h.categories] & category_mask)) return false;
    if (scope >= 0 && h.Scope() != scope) return false;
    if (audience >= 0 && !(h.audiences >> audience & 1)) return false;
    if (cost >= 0 && h.Cost() != cost) return false;
    if (platform >= 0 && !(h.platforms >> platform & 1)) return false;
    return true;
  }
};

// Runs `plan` over `snap`: offers matches to scratch.top (when `collect`, in
// `order`) and counts them by facet value; returns the number of matches.
// `enough`: stop counting there (judging corrections needs no exact count).
std::size_t Execute(const Snapshot& snap, const Plan& plan, const Filters& f, bool collect,
                    bool browse, Order order = Order::kRelevance, std::size_t enough = SIZE_MAX) {
  Scratch& s = scratch;
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
  auto offer = [&](std::uint32_t d, float score) {
    std::uint64_t primary = 0;
    switch (order) {
      case Order::kRelevance:
        break;
      case Order::kNewest:
        primary = snap.newest_rank[d];
        break;
      case Order::kBrowse:
        primary = snap.browse_rank[d];
        break;
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
      if (collect && !(order == Order::kRelevance && s.top.Hopeless(score + plan.max_boost)))
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
    if (collect && !(order == Order::kRelevance && s.top.Hopeless(score + plan.max_boost)))
      offer(d, score + boost(d, hot[d].norm));
  }
  return matches;
}

}  // namespace

CatalogIndex::CatalogIndex(Lexicon lexicon, std::string fingerprint)
    : lexicon_(std::move(lexicon)), fingerprint_(std::move(fingerprint)) {
  auto empty = std::make_shared<Snapshot>();
  empty->category_sets.push_back(0);
  empty->hot.resize(1);
  empty->lengths.resize(1);
  empty->docs.resize(1);
  empty->clicks = std::make_shared<ClickTable>(1);
  snapshot_ = std::move(empty);
}

CatalogIndex::~CatalogIndex() = default;

std::shared_ptr<const Snapshot> CatalogIndex::Current() const {
  std::lock_guard lock(snapshot_mu_);
  return snapshot_;
}

long long CatalogIndex::TermId(const std::string& term) const {
  std::shared_lock lock(terms_mu_);
  auto it = terms_.find(term);
  return it == terms_.end() ? -1 : static_cast<long long>(it->second);
}

std::uint32_t CatalogIndex::InternTerm(const std::string& term) {
  // Only Index() (under write_mu_) inserts, so it may look up without the lock.
  if (auto it = terms_.find(term); it != terms_.end()) return it->second;
  std::unique_lock lock(terms_mu_);
  auto id = static_cast<std::uint32_t>(terms_.size());
  terms_.emplace(term, id);
  return id;
}

CatalogIndex::WordTerms& CatalogIndex::TermsOf(const Token& token) {
  if (auto it = word_terms_.find(token.word); it != word_terms_.end()) return it->second;
  WordTerms w;
  w.stem = Stem(token);
  w.plain = InternTerm("Z" + w.stem);
  // A query word with synonyms reads one list: "S" + its stem holds every
  // document with any word of its groups (the relation is symmetric: a
  // stem's groups are exactly the groups that list it).
  for (const auto& g : lexicon_.SynonymStems(w.stem)) w.synonyms.push_back(InternTerm("S" + g));
  return word_terms_.emplace(token.word, std::move(w)).first->second;
}

long long CatalogIndex::DocumentCount() { return Current()->live; }

void CatalogIndex::SetClicks(long long seq, long long clicks) {
  auto snap = Current();
  if (seq > 0 && static_cast<std::size_t>(seq) < snap->clicks->clicks.size())
    snap->clicks->clicks[static_cast<std::size_t>(seq)].store(clicks, std::memory_order_relaxed);
}

Status CatalogIndex::Index(const std::vector<Service>& services,
                           const std::vector<Category>& categories) {
  std::lock_guard write_lock(write_mu_);
  auto old = Current();
  auto next = std::make_shared<Snapshot>();
  next->postings = old->postings;
  next->dense = old->dense;
  next->docs = old->docs;
  next->hot = old->hot;
  next->lengths = old->lengths;
  next->category_sets = old->category_sets;
  next->category_slugs = old->category_slugs;

  std::unordered_map<std::string, const Category*> by_slug;
  for (const auto& c : categories) by_slug[c.slug] = &c;
  std::unordered_map<std::string, int> category_bit;
  for (std::size_t i = 0; i < next->category_slugs.size(); ++i)
    category_bit[next->category_slugs[i]] = static_cast<int>(i);
  auto bit_of = [&](const std::string& slug) -> int {
    if (auto it = category_bit.find(slug); it != category_bit.end()) return it->second;
    if (next->category_slugs.size() >= 64) return -1;
    int bit = static_cast<int>(next->category_slugs.size());
    next->category_slugs.push_back(slug);
    category_bit[slug] = bit;
    return bit;
  };
  std::unordered_map<std::uint64_t, std::uint16_t> set_id;
  for (std::size_t i = 0; i < next->category_sets.size(); ++i)
    set_id.emplace(next->category_sets[i], static_cast<std::uint16_t>(i));

  // The last version of each service in the batch wins.
  std::unordered_map<std::uint32_t, const Service*> latest;
  std::uint32_t max_id = static_cast<std::uint32_t>(next->hot.size() - 1);
  for (const auto& s : services) {
    if (s.seq <= 0 || s.seq > INT32_MAX)
      return Fail(Error::Internal("search index: service without a sequence number: " + s.id));
    auto id = static_cast<std::uint32_t>(s.seq);
    latest[id] = &s;
    max_id = std::max(max_id, id);
  }
  std::vector<std::uint32_t> touched;
  for (const auto& [id, s] : latest) touched.push_back(id);
  std::sort(touched.begin(), touched.end());
  next->docs.resize(max_id + 1);
  next->hot.resize(max_id + 1);
  next->lengths.resize(max_id + 1);

  std::unordered_map<std::uint32_t, PostingList> additions;
  std::unordered_map<std::string, std::uint32_t> words;  // for spelling
  std::vector<std::pair<std::uint32_t, std::uint32_t>> terms;
  for (std::uint32_t id : touched) {
    const Service& s = *latest[id];
    terms.clear();
    std::uint32_t length = 0;
    // Besides the plain stems ("Z"), stems of the name ("N") and of the
    // category names ("C") are kept apart: a query word that names the
    // service or its category is the strongest sign of what a person means.
    enum Field { kText, kName, kCategory };
    auto add_text = [&](std::string_view text, std::uint32_t wdf, Field field, bool spell) {
      for (const auto& tok : Tokenize(text)) {
        WordTerms& w = TermsOf(tok);
        terms.emplace_back(w.plain, wdf);
        for (std::uint32_t g : w.synonyms) terms.emplace_back(g, wdf);
        length += wdf;
        if (field == kName) {
          if (w.name < 0) w.name = InternTerm("N" + w.stem);
          terms.emplace_back(static_cast<std::uint32_t>(w.name), 1);
        }
        if (field == kCategory) {
          if (w.category < 0) w.category = InternTerm("C" + w.stem);
          terms.emplace_back(static_cast<std::uint32_t>(w.category), 1);
        }
        if (spell && tok.script != Script::kOther && tok.word.size() >= 3) ++words[tok.word];
      }
    };
    add_text(s.name, 5, kName, true);
    add_text(s.name_en, 5, kName, true);
    add_text(s.short_description, 2, kText, true);
    add_text(s.description, 1, kText, true);
    add_text(s.description_en, 1, kText, true);
    add_text(s.organization.name, 2, kText, true);
    add_text(s.settlement, 2, kText, true);
    add_text(s.district, 1, kText, true);
    if (s.offer) add_text(s.offer->text, 1, kText, false);

    Hot h;
    std::uint64_t category_set = 0;
    auto add_category = [&](const std::string& slug) {
      if (int bit = bit_of(slug); bit >= 0) category_set |= std::uint64_t{1} << bit;
    };
    for (const auto& slug : s.categories) {
      add_category(slug);
      if (auto it = by_slug.find(slug); it != by_slug.end()) {
        add_text(it->second->name_ru, 2, kCategory, true);
        add_text(it->second->name_en, 1, kCategory, false);
        if (!it->second->parent.empty()) add_category(it->second->parent);
      }
    }
    for (const auto& a : s.audiences)
      if (int i = IndexOf(catalog::kAudiences, a); i >= 0)
        h.audiences |= static_cast<std::uint8_t>(1u << i);
    for (const auto& p : s.platforms)
      if (int i = IndexOf(catalog::kPlatforms, p); i >= 0)
        h.platforms |= static_cast<std::uint8_t>(1u << i);
    h.kind = static_cast<std::uint8_t>(kPresent | (s.status == "defunct" ? kDefunct : 0) |
                                       (IndexOf(catalog::kScopes, s.scope) + 1) << 2 |
                                       (IndexOf(catalog::kCosts, s.cost) + 1) << 4);
    auto [sit, added] =
        set_id.emplace(category_set, static_cast<std::uint16_t>(next->category_sets.size()));
    if (added) {
      if (next->category_sets.size() > UINT16_MAX)
        return Fail(Error::Internal("search index: more than 65,535 different sets of categories"));
      next->category_sets.push_back(category_set);
    }
    h.categories = sit->second;

    std::sort(terms.begin(), terms.end());
    for (std::size_t i = 0; i < terms.size();) {
      std::uint32_t t = terms[i].first, wdf = 0;
      for (; i < terms.size() && terms[i].first == t; ++i) wdf += terms[i].second;
      additions[t].push_back({id, wdf});
    }

    h.valid_until =
        s.offer && !s.offer->valid_until.empty() ? DateKey(s.offer->valid_until) : INT32_MAX;
    if (h.valid_until == 0) h.valid_until = INT32_MAX;
    next->hot[id] = h;
    next->lengths[id] = length;
    auto doc = std::make_shared<Doc>();
    ServiceSummary& sum = doc->summary;
    sum.id = s.id;
    sum.name = s.name;
    sum.short_description = s.short_description;
    sum.url = s.url;
    sum.scope = s.scope;
    sum.status = s.status;
    sum.cost = s.cost;
    sum.settlement = s.settlement;
    sum.created_at = s.created_at;
    sum.categories = s.categories;
    sum.audiences = s.audiences;
    sum.platforms = s.platforms;
    doc->browse_key = (s.featured ? "0" : "1") + Fold(s.name);
    next->docs[id] = std::move(doc);
  }

  // Posting lists that lose a document: only when a service was replaced.
  std::vector<std::uint8_t> is_touched(next->hot.size(), 0);
  std::vector<std::uint32_t> replaced;
  for (std::uint32_t id : touched) {
    is_touched[id] = 1;
    if (id < old->hot.size() && (old->hot[id].kind & kPresent)) replaced.push_back(id);
  }
  std::vector<std::uint8_t> loses(old->postings.size(), 0);
  if (!replaced.empty()) {
    for (std::size_t t = 0; t < old->postings.size(); ++t) {
      const PostingList* l = old->postings[t].get();
      if (!l) continue;
      if (replaced.size() <= 32) {
        for (std::uint32_t id : replaced) {
          auto it = std::lower_bound(l->begin(), l->end(), id,
                                     [](const Posting& p, std::uint32_t v) { return p.doc < v; });
          if (it != l->end() && it->doc == id) {
            loses[t] = 1;
            break;
          }
        }
      } else {
        for (const Posting& p : *l)
          if (p.doc < is_touched.size() && is_touched[p.doc]) {
            loses[t] = 1;
            break;
          }
      }
    }
  }
  {
    std::shared_lock lock(terms_mu_);
    next->postings.resize(terms_.size());
    next->dense.resize(terms_.size());
  }
  auto rebuild = [&](std::uint32_t t, const PostingList* add) {
    PostingList kept;
    const PostingList* base = next->postings[t].get();
    if (base && t < loses.size() && loses[t]) {
      for (const Posting& p : *base)
        if (!is_touched[p.doc]) kept.push_back(p);
      base = &kept;
    }
    PostingList merged = add ? (base ? Merge(*base, *add) : *add) : (base ? *base : PostingList{});
    next->postings[t] =
        merged.empty() ? nullptr : std::make_shared<const PostingList>(std::move(merged));
    next->dense[t] = DenseFor(next->postings[t].get(), next->hot.size());
  };
  for (auto& [t, list] : additions) {
    std::sort(list.begin(), list.end(),
              [](const Posting& a, const Posting& b) { return a.doc < b.doc; });
    rebuild(t, &list);
  }
  for (std::uint32_t t = 0; t < loses.size(); ++t)
    if (loses[t] && !additions.contains(t)) rebuild(t, nullptr);

  next->Derive();

  if (old->clicks->clicks.size() >= next->hot.size()) {
    next->clicks = old->clicks;
  } else {
    next->clicks = std::make_shared<ClickTable>(next->hot.size() + next->hot.size() / 4);
    for (std::size_t i = 0; i < old->clicks->clicks.size(); ++i)
      next->clicks->clicks[i].store(old->clicks->clicks[i].load(std::memory_order_relaxed),
                                    std::memory_order_relaxed);
  }
  for (std::uint32_t id : touched)
    next->clicks->clicks[id].store(latest[id]->clicks, std::memory_order_relaxed);

  for (const auto& [w, n] : words) spelling_.Add(w, n);
  std::lock_guard lock(snapshot_mu_);
  snapshot_ = std::move(next);
  ++generation_;
  return {};
}

namespace {

// The saved index's layout. Change kFormat whenever indexing changes what it
// stores (terms, weights, per-document fields): an index of another format is rebuilt.
constexpr char kMagic[8] = {'D', 'O', 'M', 'A', 'I', 'D', 'X', '\n'};
constexpr std::uint32_t kFormat = 2;

class Writer {
 public:
  void Bytes(const void* p, std::size_t n) { out.append(static_cast<const char*>(p), n); }
  void U32(std::uint32_t v) { Bytes(&v, sizeof v); }
  void I64(std::int64_t v) { Bytes(&v, sizeof v); }
  void Str(std::string_view v) {
    U32(static_cast<std::uint32_t>(v.size()));
    Bytes(v.data(), v.size());
  }
  void Strs(const std::vector<std::string>& v) {
    U32(static_cast<std::uint32_t>(v.size()));
    for (const auto& x : v) Str(x);
  }
  std::string out;
};

// Reads what Writer wrote; any read past the end marks it failed.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool Bytes(void* p, std::size_t n) {
    if (!ok_ || in_.size() - pos_ < n) return ok_ = false;
    std::memcpy(p, in_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  std::uint32_t U32() {
    std::uint32_t v = 0;
    Bytes(&v, sizeof v);
    return v;
  }
  std::int64_t I64() {
    std::int64_t v = 0;
    Bytes(&v, sizeof v);
    return v;
  }
  std::string Str() {
    std::uint32_t n = U32();
    if (!ok_ || in_.size() - pos_ < n) {
      ok_ = false;
      return {};
    }
    std::string v(in_.substr(pos_, n));
    pos_ += n;
    return v;
  }
  std::vector<std::string> Strs() {
    std::uint32_t n = U32();
    std::vector<std::string> v;
    for (std::uint32_t i = 0; ok_ && i < n; ++i) v.push_back(Str());
    return v;
  }
  // A count of items of at least `item_bytes` each, refused if the rest of
  // the file cannot hold them (a damaged count must not allocate gigabytes).
  std::uint32_t Count(std::size_t item_bytes) {
    std::uint32_t n = U32();
    if (ok_ && static_cast<std::uint64_t>(n) * item_bytes > in_.size() - pos_) ok_ = false;
    return ok_ ? n : 0;
  }
  bool AtEnd() const { return ok_ && pos_ == in_.size(); }
  // Gives the pages already parsed back to the kernel (`in` is a private
  // file mapping): otherwise the whole file counts in the process's RSS on
  // top of the index built from it.
  void DropParsed() {
    constexpr std::size_t kStep = 16u << 20, kPage = 4096;
    std::size_t upto = pos_ / kPage * kPage;
    if (upto < dropped_ + kStep) return;
    ::madvise(const_cast<char*>(in_.data()) + dropped_, upto - dropped_, MADV_DONTNEED);
    dropped_ = upto;
  }

 private:
  std::string_view in_;
  std::size_t pos_ = 0;
  std::size_t dropped_ = 0;
  bool ok_ = true;
};

}  // namespace

Status CatalogIndex::Save(const std::string& path, long long version) const {
  auto snap = Current();
  Writer w;
  w.Bytes(kMagic, sizeof kMagic);
  w.U32(kFormat);
  w.I64(version);
  w.Str(fingerprint_);
  {
    std::shared_lock lock(terms_mu_);
    std::vector<const std::string*> by_id(terms_.size());
    for (const auto& [term, id] : terms_) by_id[id] = &term;
    // Terms interned by an Index() still running have no postings here.
    std::size_t n = std::min(by_id.size(), snap->postings.size());
    w.U32(static_cast<std::uint32_t>(n));
    for (std::size_t t = 0; t < n; ++t) {
      w.Str(*by_id[t]);
      const PostingList* l = snap->postings[t].get();
      w.U32(l ? static_cast<std::uint32_t>(l->size()) : 0);
      if (l) w.Bytes(l->data(), l->size() * sizeof(Posting));
    }
  }
  w.U32(static_cast<std::uint32_t>(snap->hot.size()));
  for (std::size_t d = 0; d < snap->hot.size(); ++d) {
    const Hot& h = snap->hot[d];
    w.U32(h.categories);
    w.U32(static_cast<std::uint32_t>(h.audiences) | static_cast<std::uint32_t>(h.platforms) << 8 |
          static_cast<std::uint32_t>(h.kind) << 16);
    w.U32(static_cast<std::uint32_t>(h.valid_until));
    w.U32(snap->lengths[d]);
  }
  w.U32(static_cast<std::uint32_t>(snap->category_sets.size()));
  for (std::uint64_t set : snap->category_sets) w.I64(static_cast<std::int64_t>(set));
  w.Strs(snap->category_slugs);
  w.U32(static_cast<std::uint32_t>(snap->docs.size()));
  for (const auto& d : snap->docs) {
    std::uint8_t present = d ? 1 : 0;
    w.Bytes(&present, 1);
    if (!d) continue;
    const ServiceSummary& s = d->summary;
    for (const std::string* f : {&s.id, &s.name, &s.short_description, &s.url, &s.scope, &s.status,
                                 &s.cost, &s.settlement, &s.created_at, &d->browse_key})
      w.Str(*f);
    w.Strs(s.categories);
    w.Strs(s.audiences);
    w.Strs(s.platforms);
  }
  auto words = spelling_.Words();
  w.U32(static_cast<std::uint32_t>(words.size()));
  for (const auto& [word, n] : words) {
    w.Str(word);
    w.U32(n);
  }

  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    return Fail(Error::Internal("search index: cannot write " + tmp + ": " + std::strerror(errno)));
  std::size_t done = 0;
  while (done < w.out.size()) {
    ssize_t n = ::write(fd, w.out.data() + done, w.out.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(tmp.c_str());
      return Fail(Error::Internal("search index: cannot write " + tmp + ": " + why));
    }
    done += static_cast<std::size_t>(n);
  }
  // Durable before it replaces the previous file: a crash leaves one whole file.
  bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced || ::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return Fail(Error::Internal("search index: cannot save " + path + ": " + std::strerror(errno)));
  }
  return {};
}

bool CatalogIndex::Load(const std::string& path, long long version) {
  // Mapped, not read: the file is ~1 KB per service, parsed once in order.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st {};
  void* map = MAP_FAILED;
  if (::fstat(fd, &st) == 0 && st.st_size > 0)
    map = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED) return false;
  ::madvise(map, static_cast<std::size_t>(st.st_size), MADV_SEQUENTIAL);
  struct Unmap {
    void* p;
    std::size_t n;
    ~Unmap() { ::munmap(p, n); }
  } unmap{map, static_cast<std::size_t>(st.st_size)};
  Reader r(std::string_view(static_cast<const char*>(map), static_cast<std::size_t>(st.st_size)));
  char magic[sizeof kMagic];
  if (!r.Bytes(magic, sizeof magic) || std::memcmp(magic, kMagic, sizeof kMagic) != 0) return false;
  if (r.U32() != kFormat || r.I64() != version || r.Str() != fingerprint_ || !r.ok()) return false;

  auto next = std::make_shared<Snapshot>();
  std::unordered_map<std::string, std::uint32_t> terms;
  std::uint32_t nterms = r.Count(8);
  next->postings.resize(nterms);
  next->dense.resize(nterms);
  for (std::uint32_t t = 0; r.ok() && t < nterms; ++t) {
    terms.emplace(r.Str(), t);
    std::uint32_t n = r.Count(sizeof(Posting));
    if (n == 0) continue;
    PostingList l(n);
    r.Bytes(l.data(), n * sizeof(Posting));
    next->postings[t] = std::make_shared<const PostingList>(std::move(l));
    r.DropParsed();
  }
  if (terms.size() != nterms) return false;
  std::uint32_t nhot = r.Count(16);
  next->hot.resize(nhot);
  next->lengths.resize(nhot);
  for (std::uint32_t d = 0; d < nhot; ++d) {
    Hot& h = next->hot[d];
    std::uint32_t categories = r.U32(), packed = r.U32();
    if (categories > UINT16_MAX) return false;
    h.categories = static_cast<std::uint16_t>(categories);
    h.audiences = static_cast<std::uint8_t>(packed);
    h.platforms = static_cast<std::uint8_t>(packed >> 8);
    h.kind = static_cast<std::uint8_t>(packed >> 16);
    h.valid_until = static_cast<std::int32_t>(r.U32());
    next->lengths[d] = r.U32();
  }
  std::uint32_t nsets = r.Count(8);
  next->category_sets.resize(nsets);
  for (auto& set : next->category_sets) set = static_cast<std::uint64_t>(r.I64());
  next->category_slugs = r.Strs();
  std::uint32_t ndocs = r.Count(1);
  next->docs.resize(ndocs);
  for (auto& d : next->docs) {
    std::uint8_t present = 0;
    if (!r.Bytes(&present, 1)) break;
    if (!present) continue;
    auto doc = std::make_shared<Doc>();
    ServiceSummary& s = doc->summary;
    for (std::string* f : {&s.id, &s.name, &s.short_description, &s.url, &s.scope, &s.status,
                           &s.cost, &s.settlement, &s.created_at, &doc->browse_key})
      *f = r.Str();
    s.categories = r.Strs();
    s.audiences = r.Strs();
    s.platforms = r.Strs();
    d = std::move(doc);
    r.DropParsed();
  }
  std::vector<std::pair<std::string, std::uint32_t>> words(r.Count(8));
  for (auto& [word, n] : words) {
    word = r.Str();
    n = r.U32();
  }
  if (!r.AtEnd()) return false;
  // Everything must point inside what was read.
  if (nhot == 0 || ndocs != nhot || nsets == 0 || next->category_slugs.size() > 64) return false;
  for (std::uint32_t d = 0; d < nhot; ++d) {
    const Hot& h = next->hot[d];
    if (h.categories >= nsets || ((h.kind & kPresent) != 0) != (next->docs[d] != nullptr))
      return false;
  }
  for (const auto& l : next->postings)
    if (l)
      for (std::size_t i = 0; i < l->size(); ++i)
        if ((*l)[i].doc >= nhot || !(next->hot[(*l)[i].doc].kind & kPresent) ||
            (i > 0 && (*l)[i].doc <= (*l)[i - 1].doc))
          return false;
  for (std::size_t t = 0; t < nterms; ++t) next->dense[t] = DenseFor(next->postings[t].get(), nhot);

  next->Derive();
  next->clicks = std::make_shared<ClickTable>(nhot + nhot / 4);

  std::lock_guard write_lock(write_mu_);
  {
    std::unique_lock lock(terms_mu_);
    terms_ = std::move(terms);
  }
  word_terms_.clear();
  spelling_.Clear();
  for (const auto& [word, n] : words) spelling_.Add(word, n);
  std::lock_guard lock(snapshot_mu_);
  snapshot_ = std::move(next);
  ++generation_;
  return true;
}

Result<SearchResponse> CatalogIndex::Search(const SearchRequest& r) {
  auto snap_ptr = Current();
  const Snapshot& snap = *snap_ptr;

  Filters f;
  f.today = DateKey(r.today);
  auto want = [&](const std::string& v, auto&& index_of) {
    if (v.empty()) return -1;
    f.any = true;
    int i = index_of(v);
    if (i < 0) f.impossible = true;
    return i;
  };
  if (!r.category.empty()) {
    f.any = true;
    auto it = std::find(snap.category_slugs.begin(), snap.category_slugs.end(), r.category);
    if (it == snap.category_slugs.end())
      f.impossible = true;
    else
      f.category_mask = std::uint64_t{1} << (it - snap.category_slugs.begin());
  }
  f.scope = want(r.scope, [](const std::string& v) { return IndexOf(catalog::kScopes, v); });
  f.audience =
      want(r.audience, [](const std::string& v) { return IndexOf(catalog::kAudiences, v); });
  f.cost = want(r.cost, [](const std::string& v) { return IndexOf(catalog::kCosts, v); });
  f.platform =
      want(r.platform, [](const std::string& v) { return IndexOf(catalog::kPlatforms, v); });

  auto plan_of = [&](const std::vector<Token>& all_tokens, bool all_words) {
    Plan plan;
    plan.all_words = all_words;
    std::vector<Token> tokens;
    for (const auto& t : all_tokens)
      if (!lexicon_.IsStopword(t.word)) tokens.push_back(t);
    if (tokens.empty()) tokens = all_tokens;
    auto group_of = [&](const std::string& term) -> std::optional<Group> {
      long long id = TermId(term);
      if (id < 0 || static_cast<std::size_t>(id) >= snap.postings.size()) return std::nullopt;
      auto t = static_cast<std::size_t>(id);
      const PostingList* l = snap.postings[t].get();
      if (!l) return std::nullopt;
      return Group{l, t < snap.dense.size() ? snap.dense[t].get() : nullptr,
                   Idf(snap.live, l->size())};
    };
    for (const auto& t : tokens) {
      std::string st = Stem(t);
      // A word with synonyms is one term: its groups' list, built at indexing.
      auto g = group_of((lexicon_.SynonymStems(st).empty() ? "Z" : "S") + st);
      if (g)
        plan.words.push_back(*g);
      else if (all_words)
        plan.nothing = true;
      for (const char* prefix : {"N", "C"})
        if (auto b = group_of(prefix + st)) {
          plan.boosts.push_back(*b);
          plan.max_boost += b->idf * (kK1 + 1);  // BM25's term frequency part is below k1 + 1
        }
    }
    if (plan.words.empty()) plan.nothing = true;
    return plan;
  };

  std::vector<Token> tokens = Tokenize(r.text);
  const bool browse = tokens.empty();
  // One page of results with facet counts.
  auto respond = [&](const Plan& plan) {
    Scratch& s = scratch;
    SearchResponse out;
    Order order = Order::kRelevance;
    if (r.sort == catalog::Sort::kNewest)
      order = Order::kNewest;
    else if (r.sort == catalog::Sort::kPopularity)
      order = Order::kPopularity;
    else if (browse)
      order = Order::kBrowse;
    if (order == Order::kNewest || order == Order::kBrowse) snap.Ranks();
    std::size_t per_page = static_cast<std::size_t>(std::max(1, r.per_page));
    std::size_t first = static_cast<std::size_t>(std::max(1, r.page) - 1) * per_page;
    s.top.Reset(first + per_page);
    out.total = static_cast<long long>(Execute(snap, plan, f, true, browse, order));
    const auto& best = s.top.Sorted();
    for (std::size_t i = first; i < best.size(); ++i)
      out.items.push_back(snap.docs[best[i].doc]->summary);
    std::array<long long, 64> category{};
    std::array<long long, 8> audience{}, platform{};
    std::array<long long, 4> scope{}, cost{};
    for (std::size_t i = 0; i < s.by_categories.size(); ++i)
      if (long long n = s.by_categories[i])
        for (std::uint64_t bits = snap.category_sets[i]; bits; bits &= bits - 1)
          category[std::countr_zero(bits)] += n;
    for (unsigned v = 0; v < 256; ++v) {
      for (unsigned bits = v; s.by_audiences[v] && bits; bits &= bits - 1)
        audience[std::countr_zero(bits)] += s.by_audiences[v];
      for (unsigned bits = v; s.by_platforms[v] && bits; bits &= bits - 1)
        platform[std::countr_zero(bits)] += s.by_platforms[v];
    }
    for (unsigned v = 0; v < s.by_kind.size(); ++v) {
      if (!s.by_kind[v]) continue;
      int sc = static_cast<int>(v & 3) - 1, co = static_cast<int>(v >> 2 & 7) - 1;
      if (sc >= 0) scope[static_cast<std::size_t>(sc)] += s.by_kind[v];
      if (co >= 0 && co < 4) cost[static_cast<std::size_t>(co)] += s.by_kind[v];
    }
    auto& cat = out.facets["category"];
    for (std::size_t i = 0; i < snap.category_slugs.size(); ++i)
      if (category[i]) cat[snap.category_slugs[i]] = category[i];
    auto fill = [&](const char* name, const auto& values, const auto& counts) {
      auto& facet = out.facets[name];
      for (std::size_t i = 0; i < values.size(); ++i)
        if (counts[i]) facet[std::string(values[i])] = counts[i];
    };
    fill("scope", catalog::kScopes, scope);
    fill("audience", catalog::kAudiences, audience);
    fill("cost", catalog::kCosts, cost);
    fill("platform", catalog::kPlatforms, platform);
    return out;
  };

  if (browse) return respond(Plan{});
  SearchResponse literal = respond(plan_of(tokens, true));
  if (literal.total >= kFewResults) return literal;

  // Few or no results: try the query as it was probably meant.
  auto known = [&](const Token& t) {
    return TermId("Z" + Stem(t)) >= 0 || spelling_.Contains(t.word) || lexicon_.IsStopword(t.word);
  };
  auto spell_fix = [&](const std::vector<Token>& in) {
    std::vector<Token> out = in;
    for (auto& t : out) {
      if (known(t) || t.script == Script::kOther) continue;
      unsigned distance = text::Length(t.word) >= 5 ? 2 : 1;
      if (auto s = spelling_.Suggest(t.word, distance)) t = Tokenize(*s).front();
    }
    return out;
  };
  auto join = [](const std::vector<Token>& ts) {
    std::string s;
    for (const auto& t : ts) s += (s.empty() ? "" : " ") + t.word;
    return s;
  };
  std::vector<std::string> candidates;
  if (HasLatin(r.text)) {
    candidates.push_back(SwitchLayout(r.text, false));
    candidates.push_back(Transliterate(r.text));
  }
  if (HasCyrillic(r.text)) candidates.push_back(SwitchLayout(r.text, true));
  candidates.push_back(r.text);
  auto best = static_cast<std::size_t>(literal.total);
  std::optional<std::vector<Token>> best_tokens;
  std::vector<std::string> tried = {join(tokens)};
  for (const auto& c : candidates) {
    auto ct = Tokenize(c);
    if (ct.empty()) continue;
    for (const auto& variant : {ct, spell_fix(ct)}) {
      std::string vt = join(variant);
      if (std::find(tried.begin(), tried.end(), vt) != tried.end()) continue;
      tried.push_back(std::move(vt));
      // Counted up to a point: a reading that finds that many is clearly
      // meant, and the first such (layout, then transliteration, then
      // spelling) is taken.
      auto n =
          Execute(snap, plan_of(variant, true), f, false, false, Order::kRelevance, kClearlyMeant);
      if (n > best) {
        best = n;
        best_tokens = variant;
      }
    }
  }
  if (best_tokens) {
    SearchResponse out = respond(plan_of(*best_tokens, true));
    out.corrected_query = join(*best_tokens);
    return out;
  }
  // Nothing has every word: show what has some of them.
  if (literal.total == 0 && tokens.size() > 1) return respond(plan_of(tokens, false));
  return literal;
}

}  // namespace doma::search
