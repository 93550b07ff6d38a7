// Building the index: Index() makes the next snapshot from changed services
// (copying only the posting lists they enter or leave) and publishes it.
#include "search/catalog_index.h"

#include <algorithm>
#include <map>

#include "core/text.h"
#include "search/snapshot.h"

namespace doma::search {

using catalog::Category;
using catalog::Service;
using catalog::ServiceSummary;

CatalogIndex::CatalogIndex(Lexicon lexicon, std::string fingerprint)
    : lexicon_(std::move(lexicon)), fingerprint_(std::move(fingerprint)) {
  auto empty = std::make_shared<Snapshot>();
  empty->category_sets.push_back(0);
  empty->area_sets.emplace_back();
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

std::vector<std::string> CatalogIndex::ServiceIds() const {
  auto snap = Current();
  std::vector<std::string> ids;
  ids.reserve(static_cast<std::size_t>(snap->live));
  for (const auto& doc : snap->docs)
    if (doc) ids.push_back(doc->summary.id);
  return ids;
}

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
  next->area_sets = old->area_sets;

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

  std::map<std::vector<std::string>, std::uint16_t> area_id;
  for (std::size_t i = 0; i < next->area_sets.size(); ++i)
    area_id.emplace(next->area_sets[i], static_cast<std::uint16_t>(i));

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
    for (const auto& o : s.offers) add_text(o.text, 1, kText, false);
    // "доставка продуктов Димитровград": the place a service reaches is a
    // word people search with.
    for (const auto& a : s.service_areas) add_text(a, 2, kText, true);

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
    h.kind = static_cast<std::uint8_t>(kPresent | (s.Unlisted() ? kDefunct : 0) |
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
    std::vector<std::string> areas = s.service_areas;
    std::sort(areas.begin(), areas.end());
    auto [ait, area_added] =
        area_id.emplace(areas, static_cast<std::uint16_t>(next->area_sets.size()));
    if (area_added) {
      if (next->area_sets.size() > UINT16_MAX)
        return Fail(Error::Internal("search index: more than 65,535 different sets of areas"));
      next->area_sets.push_back(areas);
    }
    h.areas = ait->second;

    std::sort(terms.begin(), terms.end());
    for (std::size_t i = 0; i < terms.size();) {
      std::uint32_t t = terms[i].first, wdf = 0;
      for (; i < terms.size() && terms[i].first == t; ++i) wdf += terms[i].second;
      additions[t].push_back({id, wdf});
    }

    h.valid_until = s.kind == "offer" ? DateKey(s.OffersEnd()) : INT32_MAX;
    if (h.valid_until == 0) h.valid_until = INT32_MAX;
    next->hot[id] = h;
    next->lengths[id] = length;
    auto doc = std::make_shared<Doc>();
    doc->summary =
        ServiceSummary{s.id,        s.name,       s.short_description, s.url,        s.scope,
                       s.status,    s.cost,       s.settlement,        s.categories, s.audiences,
                       s.platforms, s.created_at, s.updated_at};
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

}  // namespace doma::search
