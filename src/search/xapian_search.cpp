#include "search/xapian_search.h"

#include <xapian.h>

#include <algorithm>
#include <bit>
#include <boost/json.hpp>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <unordered_map>

#include "core/log.h"
#include "core/text.h"
#include "search/normalize.h"
#include "search/query.h"

namespace doma::search {

using catalog::Category;
using catalog::SearchRequest;
using catalog::SearchResponse;
using catalog::Service;
using catalog::ServiceSummary;

namespace {

constexpr Xapian::valueno kSlotCreated = 0;
constexpr Xapian::valueno kSlotValidUntil = 1;
constexpr Xapian::valueno kSlotBrowse = 2;
constexpr const char* kNoEnd = "9999-12-31";
// When the literal query finds fewer than this, corrections are tried.
constexpr Xapian::doccount kFewResults = 3;

template <std::size_t N>
int IndexOf(const std::array<std::string_view, N>& set, std::string_view v) {
  for (std::size_t i = 0; i < N; ++i)
    if (set[i] == v) return static_cast<int>(i);
  return -1;
}

}  // namespace

struct FacetEntry {
  std::uint64_t categories = 0;
  std::uint8_t audiences = 0;
  std::uint8_t platforms = 0;
  std::int8_t scope = -1;
  std::int8_t cost = -1;
};

// Immutable once published, except the click counters.
struct FacetTable {
  std::vector<std::string> category_slugs;  // bit -> slug (append-only across versions)
  std::unordered_map<std::string, int> category_bit;
  std::vector<FacetEntry> entries;  // by docid
  std::vector<std::atomic<long long>> clicks;  // by docid

  explicit FacetTable(std::size_t n = 0) : clicks(n) {}
};

namespace {

class FacetSpy final : public Xapian::MatchSpy {
 public:
  explicit FacetSpy(const FacetTable& t) : t_(t) {}
  void operator()(const Xapian::Document& doc, double) override {
    auto id = doc.get_docid();
    if (id >= t_.entries.size()) return;
    const auto& e = t_.entries[id];
    for (std::uint64_t bits = e.categories; bits; bits &= bits - 1) ++category[std::countr_zero(bits)];
    for (unsigned bits = e.audiences; bits; bits &= bits - 1) ++audience[std::countr_zero(bits)];
    for (unsigned bits = e.platforms; bits; bits &= bits - 1) ++platform[std::countr_zero(bits)];
    if (e.scope >= 0) ++scope[e.scope];
    if (e.cost >= 0) ++cost[e.cost];
  }
  std::array<long long, 64> category{};
  std::array<long long, 8> audience{};
  std::array<long long, 8> platform{};
  std::array<long long, 4> scope{};
  std::array<long long, 4> cost{};

 private:
  const FacetTable& t_;
};

class PopularityKey final : public Xapian::KeyMaker {
 public:
  explicit PopularityKey(const FacetTable& t) : t_(t) {}
  std::string operator()(const Xapian::Document& doc) const override {
    auto id = doc.get_docid();
    long long c = id < t_.clicks.size() ? t_.clicks[id].load(std::memory_order_relaxed) : 0;
    return Xapian::sortable_serialise(static_cast<double>(c));
  }

 private:
  const FacetTable& t_;
};

std::string SummaryJson(const Service& s) {
  boost::json::object o;
  o["id"] = s.id;
  o["name"] = s.name;
  o["short_description"] = s.short_description;
  o["url"] = s.url;
  o["scope"] = s.scope;
  o["status"] = s.status;
  o["cost"] = s.cost;
  o["settlement"] = s.settlement;
  o["created_at"] = s.created_at;
  auto arr = [](const std::vector<std::string>& v) {
    boost::json::array a;
    for (const auto& x : v) a.emplace_back(x);
    return a;
  };
  o["categories"] = arr(s.categories);
  o["audiences"] = arr(s.audiences);
  o["platforms"] = arr(s.platforms);
  return boost::json::serialize(o);
}

ServiceSummary ParseSummary(const std::string& data) {
  ServiceSummary s;
  boost::system::error_code ec;
  auto v = boost::json::parse(data, ec);
  if (ec || !v.is_object()) return s;
  const auto& o = v.get_object();
  auto str = [&](const char* k) {
    auto it = o.find(k);
    return it != o.end() && it->value().is_string() ? std::string(it->value().get_string()) : std::string();
  };
  auto list = [&](const char* k) {
    std::vector<std::string> out;
    auto it = o.find(k);
    if (it != o.end() && it->value().is_array())
      for (const auto& x : it->value().get_array())
        if (x.is_string()) out.emplace_back(x.get_string());
    return out;
  };
  s.id = str("id");
  s.name = str("name");
  s.short_description = str("short_description");
  s.url = str("url");
  s.scope = str("scope");
  s.status = str("status");
  s.cost = str("cost");
  s.settlement = str("settlement");
  s.created_at = str("created_at");
  s.categories = list("categories");
  s.audiences = list("audiences");
  s.platforms = list("platforms");
  return s;
}

}  // namespace

struct XapianSearch::Reader {
  explicit Reader(const std::string& dir) : db(dir) {}
  Xapian::Database db;
  unsigned long long generation = 0;
};

class XapianSearch::ReaderLease {
 public:
  ReaderLease(XapianSearch& s, std::unique_ptr<Reader> r) : s_(s), r_(std::move(r)) {}
  ReaderLease(ReaderLease&&) = default;
  ~ReaderLease() {
    if (!r_) return;
    std::lock_guard lock(s_.readers_mu_);
    s_.readers_.push_back(std::move(r_));
  }
  Reader& operator*() { return *r_; }
  Reader* operator->() { return r_.get(); }

 private:
  XapianSearch& s_;
  std::unique_ptr<Reader> r_;
};

XapianSearch::XapianSearch(std::string dir, Lexicon lexicon, std::unique_ptr<Xapian::WritableDatabase> w)
    : dir_(std::move(dir)), lexicon_(std::move(lexicon)), writer_(std::move(w)),
      table_(std::make_shared<FacetTable>()) {}

XapianSearch::~XapianSearch() = default;

Result<std::unique_ptr<XapianSearch>> XapianSearch::Create(const std::string& dir, Lexicon lexicon) {
  try {
    // The index is a cache of the database: no fsync, rebuilt at start.
    auto w = std::make_unique<Xapian::WritableDatabase>(
        dir, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC | Xapian::DB_BACKEND_GLASS);
    w->commit();
    return std::unique_ptr<XapianSearch>(new XapianSearch(dir, std::move(lexicon), std::move(w)));
  } catch (const Xapian::Error& e) {
    return Fail(Error{Code::kUnavailable, fmt::format("cannot create the search index in {}", dir),
                      e.get_description(), {}});
  }
}

std::shared_ptr<FacetTable> XapianSearch::Table() {
  std::lock_guard lock(table_mu_);
  return table_;
}

XapianSearch::ReaderLease XapianSearch::Lease() {
  std::unique_ptr<Reader> r;
  {
    std::lock_guard lock(readers_mu_);
    if (!readers_.empty()) {
      r = std::move(readers_.back());
      readers_.pop_back();
    }
  }
  auto gen = generation_.load();
  if (!r) {
    r = std::make_unique<Reader>(dir_);
    r->generation = gen;
  } else if (r->generation != gen) {
    r->db.reopen();
    r->generation = gen;
  }
  return ReaderLease(*this, std::move(r));
}

Status XapianSearch::Index(const std::vector<Service>& services, const std::vector<Category>& categories) {
  std::unordered_map<std::string, const Category*> by_slug;
  for (const auto& c : categories) by_slug[c.slug] = &c;
  try {
    std::lock_guard lock(write_mu_);
    auto old = Table();
    Xapian::docid max_id = old->entries.empty() ? 0 : static_cast<Xapian::docid>(old->entries.size() - 1);
    for (const auto& s : services) max_id = std::max<Xapian::docid>(max_id, static_cast<Xapian::docid>(s.seq));
    auto table = std::make_shared<FacetTable>(max_id + 1);
    table->category_slugs = old->category_slugs;
    table->category_bit = old->category_bit;
    table->entries = old->entries;
    table->entries.resize(max_id + 1);
    for (std::size_t i = 0; i < old->clicks.size(); ++i) table->clicks[i] = old->clicks[i].load();
    auto bit_of = [&](const std::string& slug) -> int {
      auto it = table->category_bit.find(slug);
      if (it != table->category_bit.end()) return it->second;
      if (table->category_slugs.size() >= 64) return -1;
      int bit = static_cast<int>(table->category_slugs.size());
      table->category_slugs.push_back(slug);
      table->category_bit[slug] = bit;
      return bit;
    };

    for (const auto& s : services) {
      Xapian::Document doc;
      // Besides the plain stems ("Z"), stems of the name ("ZN") and of the
      // category names ("ZC") are indexed apart: a query word that names the
      // service or its category is the strongest sign of what a person means.
      enum Field { kText, kName, kCategory };
      auto add_text = [&](std::string_view text, Xapian::termcount wdf, Field field, bool spell) {
        for (const auto& tok : Tokenize(text)) {
          std::string st = Stem(tok);
          doc.add_term(tok.word, wdf);
          doc.add_term("Z" + st, wdf);
          if (field == kName) doc.add_term("ZN" + st);
          if (field == kCategory) doc.add_term("ZC" + st);
          if (spell && tok.script != Script::kOther && tok.word.size() >= 3) writer_->add_spelling(tok.word);
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

      FacetEntry fe;
      auto add_category = [&](const std::string& slug) {
        doc.add_boolean_term("XC" + slug);
        if (int bit = bit_of(slug); bit >= 0) fe.categories |= std::uint64_t{1} << bit;
      };
      for (const auto& slug : s.categories) {
        add_category(slug);
        if (auto it = by_slug.find(slug); it != by_slug.end()) {
          add_text(it->second->name_ru, 2, kCategory, true);
          add_text(it->second->name_en, 1, kCategory, false);
          if (!it->second->parent.empty()) add_category(it->second->parent);
        }
      }
      for (const auto& a : s.audiences) {
        doc.add_boolean_term("XA" + a);
        if (int i = IndexOf(catalog::kAudiences, a); i >= 0) fe.audiences |= 1u << i;
      }
      for (const auto& p : s.platforms) {
        doc.add_boolean_term("XP" + p);
        if (int i = IndexOf(catalog::kPlatforms, p); i >= 0) fe.platforms |= 1u << i;
      }
      doc.add_boolean_term("XS" + s.scope);
      doc.add_boolean_term("XK" + s.cost);
      doc.add_boolean_term("XT" + s.status);
      doc.add_boolean_term("Q" + s.id);
      fe.scope = static_cast<std::int8_t>(IndexOf(catalog::kScopes, s.scope));
      fe.cost = static_cast<std::int8_t>(IndexOf(catalog::kCosts, s.cost));

      doc.add_value(kSlotCreated, s.created_at);
      doc.add_value(kSlotValidUntil, s.offer && !s.offer->valid_until.empty() ? s.offer->valid_until : kNoEnd);
      doc.add_value(kSlotBrowse, (s.featured ? "0" : "1") + Fold(s.name));
      doc.set_data(SummaryJson(s));

      auto id = static_cast<Xapian::docid>(s.seq);
      writer_->replace_document(id, doc);
      table->entries[id] = fe;
      table->clicks[id] = s.clicks;
    }
    writer_->commit();
    {
      std::lock_guard tl(table_mu_);
      table_ = std::move(table);
    }
    ++generation_;
    return {};
  } catch (const Xapian::Error& e) {
    return Fail(Error::Internal("xapian index: " + e.get_description()));
  }
}

void XapianSearch::SetClicks(long long seq, long long clicks) {
  auto t = Table();
  if (seq > 0 && static_cast<std::size_t>(seq) < t->clicks.size()) t->clicks[seq] = clicks;
}

long long XapianSearch::DocumentCount() {
  std::lock_guard lock(write_mu_);
  return writer_->get_doccount();
}

Result<SearchResponse> XapianSearch::Search(const SearchRequest& r) {
  for (int attempt = 0;; ++attempt) {
  auto table = Table();
  try {
    auto reader = Lease();
    Xapian::Database& db = reader->db;

    // Filters: boolean terms (the offer's end date and defunct services: Listable).
    std::vector<Xapian::Query> filters;
    if (!r.category.empty()) filters.emplace_back("XC" + r.category);
    if (!r.scope.empty()) filters.emplace_back("XS" + r.scope);
    if (!r.audience.empty()) filters.emplace_back("XA" + r.audience);
    if (!r.cost.empty()) filters.emplace_back("XK" + r.cost);
    if (!r.platform.empty()) filters.emplace_back("XP" + r.platform);

    auto text_query = [&](const std::vector<Token>& tokens, Xapian::Query::op op) {
      return TextQuery(lexicon_, tokens, op);
    };
    auto finish = [&](const Xapian::Query& q) { return Listable(q, r.today, filters); };
    auto count = [&](const Xapian::Query& q) {
      Xapian::Enquire e(db);
      e.set_query(q);
      return e.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
    };
    auto known = [&](const Token& t) {
      return db.term_exists(t.word) || db.term_exists("Z" + Stem(t)) || lexicon_.IsStopword(t.word);
    };
    auto spell_fix = [&](const std::vector<Token>& tokens) {
      std::vector<Token> out = tokens;
      for (auto& t : out) {
        if (known(t) || t.script == Script::kOther) continue;
        unsigned distance = text::Length(t.word) >= 5 ? 2 : 1;
        std::string s = db.get_spelling_suggestion(t.word, distance);
        if (!s.empty()) t = Tokenize(s).front();
      }
      return out;
    };
    auto join = [](const std::vector<Token>& tokens) {
      std::string s;
      for (const auto& t : tokens) s += (s.empty() ? "" : " ") + t.word;
      return s;
    };

    std::vector<Token> tokens = Tokenize(r.text);
    // One page of results with facet counts for `query`.
    auto execute = [&](const Xapian::Query& query) {
      Xapian::Enquire enquire(db);
      enquire.set_query(query);
      PopularityKey popularity(*table);
      if (tokens.empty() && r.sort == catalog::Sort::kRelevance) {
        enquire.set_sort_by_value(kSlotBrowse, false);
      } else if (r.sort == catalog::Sort::kNewest) {
        enquire.set_sort_by_value_then_relevance(kSlotCreated, true);
      } else if (r.sort == catalog::Sort::kPopularity) {
        enquire.set_sort_by_key_then_relevance(&popularity, true);
      }
      FacetSpy spy(*table);
      enquire.add_matchspy(&spy);
      Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>((r.page - 1) * r.per_page),
                                           static_cast<Xapian::doccount>(r.per_page), db.get_doccount());
      SearchResponse out;
      out.total = mset.get_matches_estimated();
      for (auto it = mset.begin(); it != mset.end(); ++it)
        out.items.push_back(ParseSummary(it.get_document().get_data()));
      auto& cat = out.facets["category"];
      for (std::size_t i = 0; i < table->category_slugs.size(); ++i)
        if (spy.category[i]) cat[table->category_slugs[i]] = spy.category[i];
      auto fill = [&](const char* name, const auto& values, const auto& counts) {
        auto& f = out.facets[name];
        for (std::size_t i = 0; i < values.size(); ++i)
          if (counts[i]) f[std::string(values[i])] = counts[i];
      };
      fill("scope", catalog::kScopes, spy.scope);
      fill("audience", catalog::kAudiences, spy.audience);
      fill("cost", catalog::kCosts, spy.cost);
      fill("platform", catalog::kPlatforms, spy.platform);
      return out;
    };

    // Not Xapian::Query::MatchAll: that is one static object, and copying a
    // Query touches its reference count without atomics, so browsing from
    // two threads at once corrupted it (a segfault under load). An empty term
    // matches every document the same way, from a Query of our own.
    if (tokens.empty()) return execute(finish(Xapian::Query(std::string())));
    SearchResponse literal = execute(finish(text_query(tokens, Xapian::Query::OP_AND)));
    if (literal.total >= kFewResults) return literal;

    // Few or no results: try the query as it was probably meant.
    std::vector<std::string> candidates;
    if (HasLatin(r.text)) {
      candidates.push_back(SwitchLayout(r.text, false));
      candidates.push_back(Transliterate(r.text));
    }
    if (HasCyrillic(r.text)) candidates.push_back(SwitchLayout(r.text, true));
    candidates.push_back(r.text);
    auto best = static_cast<Xapian::doccount>(literal.total);
    std::optional<Xapian::Query> best_query;
    std::string corrected;
    std::string literal_text = join(tokens);
    for (const auto& c : candidates) {
      auto ct = Tokenize(c);
      if (ct.empty()) continue;
      for (const auto& variant : {ct, spell_fix(ct)}) {
        std::string vt = join(variant);
        if (vt == literal_text) continue;
        auto q = finish(text_query(variant, Xapian::Query::OP_AND));
        auto n = count(q);
        if (n > best) {
          best = n;
          best_query = q;
          corrected = vt;
        }
      }
    }
    if (best_query) {
      SearchResponse out = execute(*best_query);
      out.corrected_query = corrected;
      return out;
    }
    // Nothing has every word: show what has some of them.
    if (literal.total == 0 && tokens.size() > 1) return execute(finish(text_query(tokens, Xapian::Query::OP_OR)));
    return literal;
  } catch (const Xapian::DatabaseModifiedError& e) {
    // A reader fell two commits behind the writer: reopen every reader, retry once.
    ++generation_;
    if (attempt > 0) return Fail(Error::Unavailable("xapian modified: " + e.get_description()));
  } catch (const Xapian::Error& e) {
    return Fail(Error::Internal("xapian search: " + e.get_description()));
  }
  }
}

Xapian::Query TextQuery(const Lexicon& lexicon, const std::vector<Token>& all_tokens, Xapian::Query::op op) {
  std::vector<Token> tokens;
  for (const auto& t : all_tokens)
    if (!lexicon.IsStopword(t.word)) tokens.push_back(t);
  if (tokens.empty()) tokens = all_tokens;
  std::vector<Xapian::Query> words, boost_terms;
  for (const auto& t : tokens) {
    std::string st = Stem(t);
    const auto& group = lexicon.SynonymStems(st);
    if (group.empty()) {
      words.emplace_back("Z" + st);
    } else {
      std::vector<Xapian::Query> alts;
      for (const auto& g : group) alts.emplace_back("Z" + g);
      words.emplace_back(Xapian::Query::OP_SYNONYM, alts.begin(), alts.end());
    }
    boost_terms.emplace_back("ZN" + st);
    boost_terms.emplace_back("ZC" + st);
  }
  Xapian::Query main(op, words.begin(), words.end());
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, main,
                       Xapian::Query(Xapian::Query::OP_OR, boost_terms.begin(), boost_terms.end()));
}

Xapian::Query Listable(const Xapian::Query& q, const std::string& today, std::vector<Xapian::Query> filters) {
  filters.emplace_back(Xapian::Query::OP_VALUE_RANGE, kSlotValidUntil, today, kNoEnd);
  Xapian::Query filter(Xapian::Query::OP_AND, filters.begin(), filters.end());
  return Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query(Xapian::Query::OP_FILTER, q, filter),
                       Xapian::Query("XTdefunct"));
}

Xapian::Query LiteralQuery(const Lexicon& lexicon, std::string_view text, const std::string& today) {
  return Listable(TextQuery(lexicon, Tokenize(text), Xapian::Query::OP_AND), today);
}

}  // namespace doma::search
