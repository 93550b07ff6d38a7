// `doma serve` is built from feature modules. Each one builds its objects
// from what the modules before it made, adds its routes to the one table,
// and starts and stops what it runs in the background. RunServe (serve.cpp)
// lists them in order; nothing else wires a feature.
#pragma once

#include <future>
#include <memory>
#include <optional>
#include <thread>

#include "api/digest_api.h"
#include "api/help_api.h"
#include "api/hsds_api.h"
#include "api/services_api.h"
#include "api/submissions_api.h"
#include "app/app.h"
#include "app/periodic_task.h"
#include "app/route_table.h"
#include "app/wiring.h"
#include "core/clock.h"
#include "crypto/sodium.h"
#include "delivery/channels.h"
#include "domain/accounts/accounts.h"
#include "domain/catalog/catalog.h"
#include "domain/digest/digest.h"
#include "domain/editorial/editorial.h"
#include "domain/events/events.h"
#include "domain/help/help.h"
#include "domain/news/news.h"
#include "domain/outreach/figures.h"
#include "http/metrics.h"
#include "http/server.h"
#include "http/static_files.h"
#include "search/catalog_index.h"
#include "storage/open_storage.h"
#include "web/about_pages.h"
#include "web/account_pages.h"
#include "web/auth.h"
#include "web/digest_pages.h"
#include "web/editor_pages.h"
#include "web/event_pages.h"
#include "web/help_pages.h"
#include "web/news_pages.h"
#include "web/outreach_pages.h"
#include "web/pages.h"

namespace doma::app {

// What every module stands on: configuration, clock, secrets, the storage,
// the templates and static files, the metrics.
struct Base {
  explicit Base(const Config& c) : config(c) {}
  static Result<std::unique_ptr<Base>> Open(const Config& c);

  const Config& config;
  std::unique_ptr<DatabaseLock> lock;  // shared with the other servers (SQLite)
  storage::RegionData region;
  SystemClock clock;
  crypto::SodiumSecrets secrets;
  std::unique_ptr<crypto::SecretBoxSealer> sealer;
  std::unique_ptr<storage::Storage> storage;
  // Where the throttles count attempts when several nodes share them
  // (PostgreSQL); null: each throttle counts in memory.
  std::unique_ptr<accounts::AttemptStore> attempts;
  http::StaticFiles statics;
  http::StaticFiles leaflet;  // node_modules/leaflet/dist; empty without it
  std::optional<web::Views> views;
  http::Metrics metrics;
};

// The catalog: its pages and JSON API, the search index (loaded from the
// saved file or rebuilt at start, saved at stop).
class CatalogModule {
 public:
  static Result<std::unique_ptr<CatalogModule>> Open(Base& base);
  void AddRoutes(RouteTable& routes);
  // Seeds an empty catalog, then loads the saved index or rebuilds it
  // (saving it in the background); returns the services indexed.
  Result<long long> Start();
  // Saves the index for the next start, unless the catalog changed behind
  // this server (then removes it, and the next start rebuilds).
  void Stop();
  bool Ready();

  explicit CatalogModule(Base& base) : base_(base) {}
  Base& base_;
  std::unique_ptr<search::CatalogIndex> index;
  std::optional<catalog::Catalog> catalog;
  std::optional<web::Pages> pages;
  std::optional<api::ServicesApi> api;
  std::optional<opendata::OpenData> open_data;
  std::optional<api::HsdsApi> hsds;

 private:
  std::jthread save_index_;
  PeriodicTask flush_clicks_{"click counter", std::chrono::seconds(10), [this] { FlushClicks(); }};
  void FlushClicks();
  // Renders the cards into the card cache at idle priority, from a few
  // seconds after the start (short-lived servers never do) and again after
  // each catalog change.
  std::atomic<bool> stopping_{false};
  std::chrono::steady_clock::time_point started_;
  PeriodicTask warm_cards_{"card renderer", std::chrono::seconds(5), [this] { WarmCards(); }};
  void WarmCards();
};

// Accounts: sign-up, login, sessions, password reset, administration.
class AccountsModule {
 public:
  AccountsModule(Base& base, CatalogModule& catalog);
  void AddRoutes(RouteTable& routes);
  // The door of the API routes that need a person, on these accounts' sessions.
  api::ApiGuard ApiGuard();

  crypto::Argon2idHasher hasher;
  accounts::AttemptThrottle throttle;
  accounts::Accounts accounts;
  web::WebAuth auth;
  web::AccountPages pages;
};

// Proposals of services and the editors' desk.
class EditorialModule {
 public:
  EditorialModule(Base& base, CatalogModule& catalog, AccountsModule& accounts);
  void AddRoutes(RouteTable& routes);

  // At most 5 proposals per client address an hour.
  accounts::AttemptThrottle propose_throttle;
  editorial::Editorial editorial;
  web::EditorPages pages;
  api::SubmissionsApi api;
};

// Online events: their pages, the editors' queue and /events.ics.
class EventsModule {
 public:
  EventsModule(Base& base, CatalogModule& catalog, AccountsModule& accounts);
  void AddRoutes(RouteTable& routes);

  // At most 5 proposals per client address an hour.
  accounts::AttemptThrottle propose_throttle;
  events::Events events;
  web::EventPages pages;
};

// News, the Atom feeds and the sitemap.
class NewsModule {
 public:
  NewsModule(Base& base, CatalogModule& catalog);
  void AddRoutes(RouteTable& routes);

  news::News news;
  web::NewsPages pages;
};

// Help at home: its pages and API, the volunteers' feed, the scheduled jobs.
class HelpModule {
 public:
  static Result<std::unique_ptr<HelpModule>> Open(Base& base, CatalogModule& catalog,
                                                  AccountsModule& accounts);
  void AddRoutes(RouteTable& routes);
  // Starts loading the volunteers' feed on another thread (start-up then
  // takes the longer of the feed and the index, not the sum).
  void StartLoading();
  Result<std::size_t> FinishLoading();
  // Expiry, recurrence, erasure: once a minute.
  void StartJobs() { jobs_.Start(); }
  void Stop() { jobs_.Stop(); }

  HelpModule(Base& base, help::Gazetteer gazetteer);
  help::Gazetteer gazetteer;
  help::GazetteerGeocoder geocoder;
  help::Help help;
  std::optional<web::HelpPages> pages;
  std::optional<api::HelpApi> api;

 private:
  std::future<Result<std::size_t>> loading_;
  PeriodicTask jobs_;
};

// Spreading the word: posters and leaflets to print, the widget other sites
// frame, the public figures.
class OutreachModule {
 public:
  OutreachModule(Base& base, CatalogModule& catalog, HelpModule& help, AccountsModule& accounts);
  void AddRoutes(RouteTable& routes);
  // The weekly digest: every 10 minutes, whoever is due (on one node).
  void StartJobs() { digest_job_.Start(); }
  void Stop() { digest_job_.Stop(); }

  outreach::Figures figures;
  web::OutreachPages pages;
  accounts::AttemptThrottle digest_throttle;
  digest::Digest digest;
  web::DigestPages digest_pages;
  api::DigestApi digest_api;
  web::AboutPages about;

 private:
  PeriodicTask digest_job_;
};

// Operations: static files, health, readiness, metrics, and the outbox
// sender that delivers notifications.
class OpsModule {
 public:
  OpsModule(Base& base, CatalogModule& catalog);
  void AddRoutes(RouteTable& routes);
  // Opens the channels (the log channel reads its file: not before the
  // port is bound) and starts delivering.
  void StartSender();
  void Stop() {
    sender_task_.Stop();
    retention_task_.Stop();
  }
  // Deletes sign-ups never finished (after half an hour) and what was
  // delivered more than --outbox-retention-days ago, from
  // the outbox and from the log channel's file.
  void EraseDelivered();

 private:
  Base& base_;
  CatalogModule& catalog_;
  std::unique_ptr<delivery::LogChannel> log_channel_;
  std::unique_ptr<notify::Channel> smtp_, webhook_;
  std::unique_ptr<notify::Sender> sender_;
  PeriodicTask sender_task_, retention_task_;
};

// Several nodes on one database (PostgreSQL): this node's memory — the
// search index, the categories, the volunteers' feed, and with them the page
// cache — follows the database's change feed, so that what another node,
// `doma seed`, `doma import` or an administrator's SQL commits is seen here
// within a second. (On SQLite the feed holds the catalog only: the help
// requests have one writer, this server.)
class ChangesModule {
 public:
  ChangesModule(changes::ChangeFeed& feed, CatalogModule& catalog, HelpModule& help)
      : feed_(feed), catalog_(catalog), help_(help) {}
  // Before the node loads its memory: where following starts.
  Status Mark() { return feed_.Mark(); }
  void Start();
  void Stop();

  // Changes older than this are deleted (OpsModule, hourly); a node that
  // could not read the feed for half of it reloads everything.
  static constexpr std::chrono::hours kKeep{24};
  // Seconds since the feed was last read (it is read at least every second;
  // more means the database is away and this node serves what it had).
  double SecondsSinceRead() const;

 private:
  void Follow(std::stop_token stop);
  Status Apply(const std::vector<changes::Change>& batch);
  Status ReloadAll();

  changes::ChangeFeed& feed_;
  CatalogModule& catalog_;
  HelpModule& help_;
  std::atomic<long long> last_read_ms_{0};  // steady clock
  std::jthread thread_;
};

// Every feature module, built in order over one Base, and the one route
// table: what `doma serve` runs, and what the fuzzers (src/fuzz) drive in
// process without a socket.
struct Modules {
  static Result<std::unique_ptr<Modules>> Open(const Config& c);
  // Seeds an empty catalog and loads (or rebuilds) its index while the
  // volunteers' feed loads; the index is ready when it returns.
  struct Loaded {
    long long services = 0;
    std::size_t open_help_requests = 0;
  };
  Result<Loaded> Load();
  // What runs in the background once loaded: the outbox sender, the help
  // jobs, following the change feed; Stop ends them.
  void StartBackground();
  void Stop();
  // HTTP-level errors (400, 404, 413, 431, …): problem+json on the API, a
  // page elsewhere.
  http::ErrorRenderer ErrorPages();

  std::unique_ptr<Base> base;
  std::unique_ptr<CatalogModule> catalog;
  std::optional<AccountsModule> accounts;
  std::optional<EditorialModule> editorial;
  std::optional<NewsModule> news;
  std::optional<EventsModule> events;
  std::unique_ptr<HelpModule> help;
  std::optional<OutreachModule> outreach;
  std::optional<OpsModule> ops;
  std::optional<ChangesModule> changes;
  std::optional<RouteTable> routes;
};

}  // namespace doma::app
