#include <pthread.h>
#include <sched.h>

#include <chrono>
#include <filesystem>

#include "app/modules/modules.h"
#include "app/wiring.h"
#include "core/log.h"

namespace doma::app {
namespace fs = std::filesystem;
using web::Access;
using web::Pages;

namespace {
long long MsSince(std::chrono::steady_clock::time_point from) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               from)
      .count();
}
}  // namespace

Result<std::unique_ptr<CatalogModule>> CatalogModule::Open(Base& base) {
  auto m = std::make_unique<CatalogModule>(base);
  auto index = OpenIndex(base.config);
  if (!index) return Fail(index.error());
  m->index = std::move(*index);
  m->catalog.emplace(*base.storage->catalog, *m->index, base.clock);
  m->pages.emplace(*m->catalog, *base.views, base.metrics,
                   static_cast<std::size_t>(base.config.card_cache_mb) << 20);
  m->pages->SetRegionName(base.region.region.name_ru);
  m->pages->SetPlaces(&base.region.gazetteer);
  m->catalog->SetAreas(base.region.gazetteer.Districts());
  m->api.emplace(*m->catalog, base.metrics,
                 ReadFile(fs::path(base.config.home) / "static" / "openapi.json"));
  m->api->SetPlaces(&base.region.gazetteer);
  auto publisher = PublisherFor(base.config, base.region.region);
  if (!publisher) return Fail(publisher.error());
  m->open_data.emplace(*m->catalog, *base.storage->catalog, std::move(*publisher));
  m->hsds.emplace(*m->open_data, *m->catalog,
                  ReadFile(fs::path(base.config.home) / "static" / "openapi-hsds.json"));
  base.metrics.AddGauge("doma_card_cache_cards", "Service cards kept rendered.",
                        [p = &*m->pages] { return static_cast<double>(p->card_cache().size()); });
  base.metrics.AddGauge("doma_card_cache_bytes", "Service cards kept rendered: compressed bytes.",
                        [p = &*m->pages] { return static_cast<double>(p->card_cache().bytes()); });
  base.metrics.AddGauge("doma_catalog_services", "Services in the search index.",
                        [i = m->index.get()] { return static_cast<double>(i->DocumentCount()); });
  return m;
}

bool CatalogModule::Ready() {
  return base_.storage->catalog->CountServices().has_value() && index->Ready();
}

void CatalogModule::AddRoutes(RouteTable& routes) {
  auto page = [&](std::string pattern, http::Response (Pages::*fn)(http::Request&)) {
    routes.Page("GET", std::move(pattern), Access::kPublic, *pages, fn);
  };
  // Search and category pages: an anonymous visitor's repeated question is
  // answered from the page cache on the I/O thread.
  using Cached = std::optional<http::Response> (Pages::*)(const http::Request&, bool) const;
  auto cached_page = [&](std::string pattern, http::Response (Pages::*fn)(http::Request&),
                         Cached cached = &Pages::CachedResults) {
    page(pattern, fn);
    http::Route route = routes.router().routes().back();
    route.fast = [&p = *pages, cached, cookie = routes.SessionCookie()](http::Request& req) {
      return (p.*cached)(req, req.Cookie(cookie).has_value());
    };
    routes.router().ReplaceLast(std::move(route));
  };
  page("/", &Pages::Home);
  cached_page("/search", &Pages::Search);
  // Cards likewise, from the card cache.
  cached_page("/services/{id}", &Pages::Service, &Pages::CachedCard);
  page("/support", &Pages::Offers);
  page("/go/{id}", &Pages::Go);
  cached_page("/categories/{slug}", &Pages::Category);
  page("/a11y", &Pages::Accessibility);

  using SA = api::ServicesApi;
  routes.Api("GET", "/api/v1/services", "public", *api, &SA::List);
  routes.Api("GET", "/api/v1/services/{id}", "public", *api, &SA::Get);
  routes.Api("GET", "/api/v1/categories", "public", *api, &SA::Categories);
  routes.Api("GET", "/api/v1/openapi.json", "public", *api, &SA::OpenApi, http::Exec::kInline);

  // Open data (HSDS 3.0): open to every origin, no key.
  using H = api::HsdsApi;
  routes.Api("GET", "/api/hsds/", "public", *hsds, &H::Root, http::Exec::kInline);
  routes.Api("GET", "/api/hsds/services", "public", *hsds, &H::Services);
  routes.Api("GET", "/api/hsds/services/{id}", "public", *hsds, &H::Service);
  routes.Api("GET", "/api/hsds/organizations", "public", *hsds, &H::Organizations);
  routes.Api("GET", "/api/hsds/organizations/{id}", "public", *hsds, &H::Organization);
  routes.Api("GET", "/api/hsds/taxonomies", "public", *hsds, &H::Taxonomies);
  routes.Api("GET", "/api/hsds/taxonomies/{id}", "public", *hsds, &H::Taxonomy);
  routes.Api("GET", "/api/hsds/taxonomy_terms", "public", *hsds, &H::TaxonomyTerms);
  routes.Api("GET", "/api/hsds/taxonomy_terms/{id}", "public", *hsds, &H::TaxonomyTerm);
  routes.Api("GET", "/api/hsds/service_at_locations", "public", *hsds, &H::ServiceAtLocations);
  routes.Api("GET", "/api/hsds/service_at_locations/{id}", "public", *hsds, &H::ServiceAtLocation);
  routes.Api("GET", "/api/hsds/export.zip", "public", *hsds, &H::ExportZip);
  routes.Api("GET", "/api/hsds/openapi.json", "public", *hsds, &H::OpenApi, http::Exec::kInline);
}

Result<long long> CatalogModule::Start() {
  flush_clicks_.Start();
  started_ = std::chrono::steady_clock::now();
  warm_cards_.Start();
  const Config& c = base_.config;
  auto& repo = *base_.storage->catalog;
  auto count = repo.CountServices();
  if (!count) return Fail(Describe(count.error()));
  if (*count == 0) {
    auto n = Seed(*catalog, c, base_.region);
    if (!n) return Fail(Describe(n.error()));
    log::Info("seeded the catalog", {{"services", *n}});
  }
  auto started = std::chrono::steady_clock::now();
  auto version = repo.CatalogVersion();
  if (!version) return Fail(Describe(version.error()));
  if (index->Load(IndexPath(c), *version)) {
    auto clicks = repo.AllClicks();
    if (!clicks) return Fail(Describe(clicks.error()));
    for (const auto& [seq, n] : *clicks) index->SetClicks(seq, n);
    long long indexed = index->DocumentCount();
    log::Info("search index loaded",
              {{"services", indexed}, {"catalog_version", *version}, {"ms", MsSince(started)}});
    return indexed;
  }
  auto rebuilt = catalog->RebuildIndex();
  if (!rebuilt) return Fail(Describe(rebuilt.error()));
  log::Info("search index rebuilt",
            {{"services", *rebuilt}, {"catalog_version", *version}, {"ms", MsSince(started)}});
  // Saved in the background: serving does not wait for the disk.
  if (IndexPath(c).empty()) return *rebuilt;
  save_index_ = std::jthread([this, path = IndexPath(c), v = *version] {
    if (auto r = index->Save(path, v); !r)
      log::Warn("search index not saved", {{"detail", r.error().log_detail}});
  });
  return *rebuilt;
}

void CatalogModule::FlushClicks() {
  if (auto r = catalog->FlushClicks(); !r)
    log::Warn("clicks not stored yet", {{"detail", r.error().log_detail}});
}

void CatalogModule::WarmCards() {
  if (!index->Ready() || std::chrono::steady_clock::now() - started_ < std::chrono::seconds(3))
    return;
  // Idle priority: a visitor's request always comes first.
  static thread_local bool idle = [] {
    sched_param p{};
    return pthread_setschedparam(pthread_self(), SCHED_IDLE, &p) == 0;
  }();
  (void)idle;
  auto started = std::chrono::steady_clock::now();
  long long n = pages->WarmCards([this] { return !stopping_.load(); });
  if (n > 0) log::Info("service cards rendered", {{"cards", n}, {"ms", MsSince(started)}});
}

void CatalogModule::Stop() {
  stopping_ = true;
  warm_cards_.Stop();
  flush_clicks_.Stop();
  FlushClicks();
  // Every catalog change was indexed as it was written: the index now holds
  // the catalog as of this version, and the next start loads it.
  if (save_index_.joinable()) save_index_.join();
  if (IndexPath(base_.config).empty()) return;
  // Unless something else wrote the catalog meanwhile (`doma seed` against
  // a running server): then the index lacks it, and the next start rebuilds.
  auto& repo = *base_.storage->catalog;
  auto v = repo.CatalogVersion();
  auto stored = repo.CountServices();
  const std::string path = IndexPath(base_.config);
  if (v && stored && *stored == index->DocumentCount()) {
    if (auto r = index->Save(path, *v); !r)
      log::Warn("search index not saved", {{"detail", r.error().log_detail}});
  } else {
    std::error_code ec;
    fs::remove(path, ec);
    log::Warn("search index not saved: the catalog changed outside this server");
  }
}

}  // namespace doma::app
