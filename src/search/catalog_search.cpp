// CatalogIndex::Search: filters and the query plan from the request, the
// literal query, then (when it finds fewer than 3) the best of its
// corrections: the other keyboard layout, a Latin transliteration, the
// nearest known word.
#include <algorithm>
#include <bit>
#include <optional>

#include "core/text.h"
#include "search/catalog_index.h"
#include "search/query_execution.h"

namespace doma::search {

using catalog::SearchRequest;
using catalog::SearchResponse;

namespace {
// When the literal query finds fewer than this, corrections are tried.
constexpr long long kFewResults = 3;
// A correction finding this many services is taken without counting further.
constexpr std::size_t kClearlyMeant = 200;
}  // namespace

std::vector<catalog::ServiceSummary> CatalogIndex::Unlisted(
    const Snapshot& snap, const std::vector<Token>& tokens) const {
  std::vector<catalog::ServiceSummary> out;
  if (tokens.empty()) return out;
  std::call_once(snap.unlisted_once, [&snap] {
    for (std::uint32_t d = 0; d < snap.hot.size(); ++d)
      if ((snap.hot[d].kind & (kPresent | kDefunct)) == (kPresent | kDefunct))
        for (const auto& t : Tokenize(snap.docs[d]->summary.name)) {
          auto& ids = snap.unlisted_by_word[t.word];
          if (ids.empty() || ids.back() != d) ids.push_back(d);
        }
  });
  auto first = snap.unlisted_by_word.find(tokens.front().word);
  if (first == snap.unlisted_by_word.end()) return out;
  // A few names to compare at most: a common word is not someone's name.
  constexpr std::size_t kAtMost = 50, kShown = 3;
  for (std::size_t i = 0; i < first->second.size() && i < kAtMost && out.size() < kShown; ++i) {
    std::uint32_t d = first->second[i];
    bool all = true;
    for (std::size_t t = 1; t < tokens.size() && all; ++t) {
      auto it = snap.unlisted_by_word.find(tokens[t].word);
      all = it != snap.unlisted_by_word.end() &&
            std::binary_search(it->second.begin(), it->second.end(), d);
    }
    if (all) out.push_back(snap.docs[d]->summary);
  }
  return out;
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
  // Which sets of areas reach the place: a few dozen sets, checked once.
  std::vector<std::uint8_t> reaches;
  if (!r.place_district.empty()) {
    f.any = true;
    reaches.resize(snap.area_sets.size());
    for (std::size_t i = 0; i < reaches.size(); ++i) {
      const auto& set = snap.area_sets[i];
      reaches[i] = set.empty() || std::binary_search(set.begin(), set.end(), r.place_district);
    }
    f.areas = &reaches;
  }

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
    Scratch& s = ThreadScratch();
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
  if (r.page <= 1) literal.unlisted = Unlisted(snap, tokens);
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
  // Another layout or a transliteration only when the catalog does not know
  // a word in that script: a query of known words was typed as meant, and
  // spelling out a gibberish reading of it cost half of such a search.
  bool unknown_latin = false, unknown_cyrillic = false;
  for (const auto& t : tokens) {
    if (known(t)) continue;
    unknown_latin |= t.script == Script::kLatin;
    unknown_cyrillic |= t.script == Script::kCyrillic;
  }
  std::vector<std::string> candidates;
  if (unknown_latin && HasLatin(r.text)) {
    candidates.push_back(SwitchLayout(r.text, false));
    candidates.push_back(Transliterate(r.text));
  }
  if (unknown_cyrillic && HasCyrillic(r.text)) candidates.push_back(SwitchLayout(r.text, true));
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
    out.unlisted = std::move(literal.unlisted);
    return out;
  }
  if (literal.total != 0 || tokens.size() < 2) return literal;
  // Nothing has every word. What has every word but the rarest, named to
  // the person («без слова …»): the rarest word is the most particular one,
  // the likeliest to be what no service offers together with the rest, and
  // leaving it out keeps the answer about the rest of the question. Cheaper
  // than ranking every service that has any of the words, too: the
  // intersection walks the second-rarest word's list only.
  std::vector<std::size_t> content;  // the words that count (not stopwords)
  for (std::size_t i = 0; i < tokens.size(); ++i)
    if (!lexicon_.IsStopword(tokens[i].word)) content.push_back(i);
  if (content.size() >= 2) {
    auto frequency = [&](const Token& t) -> std::size_t {
      std::string st = Stem(t);
      long long id = TermId((lexicon_.SynonymStems(st).empty() ? "Z" : "S") + st);
      if (id < 0 || static_cast<std::size_t>(id) >= snap.postings.size()) return 0;
      const PostingList* l = snap.postings[static_cast<std::size_t>(id)].get();
      return l ? l->size() : 0;
    };
    // Of words as rare as each other, the later one: people put what they
    // are after first («аптека …»).
    std::size_t rarest = content.front();
    std::size_t fewest = frequency(tokens[rarest]);
    for (std::size_t i : content)
      if (std::size_t n = frequency(tokens[i]); n <= fewest) fewest = n, rarest = i;
    std::vector<Token> rest;
    for (std::size_t i : content)
      if (i != rarest) rest.push_back(tokens[i]);
    SearchResponse out = respond(plan_of(rest, true));
    if (out.total > 0) {
      out.missing_word = tokens[rarest].word;
      out.unlisted = std::move(literal.unlisted);
      return out;
    }
  }
  // Still nothing: what has any of the words.
  SearchResponse out = respond(plan_of(tokens, false));
  out.unlisted = std::move(literal.unlisted);
  return out;
}

}  // namespace doma::search
