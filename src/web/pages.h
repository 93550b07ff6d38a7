// The HTML pages of the catalog. Handlers are plain functions of a Request;
// they run on the worker pool (they query the database and the index).
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "domain/catalog/catalog.h"
#include "domain/events/events.h"
#include "domain/help/gazetteer.h"
#include "domain/news/news.h"
#include "http/message.h"
#include "http/metrics.h"
#include "web/card_cache.h"
#include "web/page_cache.h"
#include "web/views.h"

namespace doma::web {

class Pages {
 public:
  // `card_cache_bytes`: room for rendered cards (0: none kept).
  Pages(catalog::Catalog& catalog, const Views& views, http::Metrics& metrics,
        std::size_t card_cache_bytes = 128u << 20)
      : catalog_(catalog), card_cache_(card_cache_bytes), views_(views), metrics_(metrics) {}

  // The home page shows the latest news when this is set.
  void SetNews(news::News* n) { news_ = n; }
  // A service's card lists its upcoming events when this is set.
  void SetEvents(events::Events* e) { events_ = e; }
  // Where a regional service reaches, for search engines (JSON-LD).
  void SetRegionName(std::string name) { region_name_ = std::move(name); }
  // The region's places: search and category pages take ?place= (kept in
  // the "place" cookie) and show what reaches it.
  void SetPlaces(const help::Gazetteer* places) { places_ = places; }

  http::Response Home(http::Request& req);
  http::Response Search(http::Request& req);
  // The search or category page from the page cache, if it is there and the
  // visitor is anonymous (`signed_in`: a session cookie came with it).
  std::optional<http::Response> CachedResults(const http::Request& req, bool signed_in) const;
  http::Response Service(http::Request& req);
  // A service card from the card cache, likewise. Service() asks again: a
  // visitor whose session cookie has expired passes the fast path by.
  std::optional<http::Response> CachedCard(const http::Request& req, bool signed_in) const;
  // Renders the cards not yet in the card cache for the current catalog
  // (Russian, the usual view: what a visitor from a search engine gets), in
  // catalog order, while `keep_going()` and until the catalog changes or the
  // cache is nine tenths full. Returns how many it rendered. For a thread of
  // its own at idle priority: a card costs ~0.25 ms to render and ~5 µs to
  // serve from the cache, and most cards are asked for too rarely to be
  // rendered for a first visitor and found again by a second.
  long long WarmCards(const std::function<bool()>& keep_going);
  const CardCache& card_cache() const { return card_cache_; }
  http::Response Go(http::Request& req);
  http::Response Category(http::Request& req);
  http::Response Accessibility(http::Request& req);
  // «Поддержка бизнеса и НКО»: every offer on today, with its terms and end.
  http::Response Offers(http::Request& req);

  // The friendly error page for any status.
  http::Response Error(const http::Request* req, int status, const std::string& message) const;
  http::Response FromError(const http::Request& req, const doma::Error& e) const;

 private:
  http::Response Results(http::Request& req, const std::string& fixed_category);
  boost::json::object Summary(const catalog::ServiceSummary& s, const std::string& lang,
                              const std::vector<catalog::Category>& cats) const;

  catalog::Catalog& catalog_;
  PageCache page_cache_;
  // The page cache's key for `req`, empty when its answer must not be cached.
  std::string CacheKey(const http::Request& req, const Locale& loc) const;
  // Cards: every service's, for anyone not signed in (~1.1 KB each
  // compressed). Events come and end without the catalog moving: a card
  // that lists events is kept a minute, any other an hour (an event
  // published on another node shows within that).
  CardCache card_cache_;
  unsigned long long warmed_generation_ = ~0ull;  // WarmCards' own
  CardCache::Clock::time_point warmed_at_;
  std::string CardKey(const http::Request& req, const Locale& loc) const;
  unsigned long long CardGeneration() const;
  const Views& views_;
  http::Metrics& metrics_;
  news::News* news_ = nullptr;
  events::Events* events_ = nullptr;
  std::string region_name_;
  const help::Gazetteer* places_ = nullptr;
};

}  // namespace doma::web
