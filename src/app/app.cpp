#include "app/app.h"

#include <fmt/format.h>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <future>
#include <random>
#include <sstream>
#include <thread>

#include "api/help_api.h"
#include "api/problem.h"
#include "api/services_api.h"
#include "api/submissions_api.h"
#include "app/routes.h"
#include "core/clock.h"
#include "core/log.h"
#include "crypto/sodium.h"
#include "delivery/channels.h"
#include "domain/accounts/accounts.h"
#include "domain/catalog/catalog.h"
#include "domain/editorial/editorial.h"
#include "domain/help/help.h"
#include "http/server.h"
#include "search/catalog_index.h"
#include "storage/gazetteer_file.h"
#include "storage/seed_file.h"
#include "storage/sqlite/account_repository.h"
#include "storage/sqlite/catalog_repository.h"
#include "storage/sqlite/editorial_repository.h"
#include "storage/sqlite/help_repository.h"
#include "storage/sqlite/news_repository.h"
#include "storage/sqlite/outbox_repository.h"
#include "tools/synthetic_catalog.h"
#include "web/account_pages.h"
#include "web/auth.h"
#include "web/editor_pages.h"
#include "web/help_pages.h"
#include "web/news_pages.h"
#include "web/pages.h"

namespace doma::app {
namespace fs = std::filesystem;

namespace {

Result<std::shared_ptr<storage::sqlite::Database>> OpenDatabase(const Config& c) {
  fs::path p(c.db_path);
  std::error_code ec;
  if (p.has_parent_path() && !fs::exists(p.parent_path(), ec)) {
    fs::create_directories(p.parent_path(), ec);
    if (ec)
      return Fail(Error::Unavailable(
          fmt::format("cannot create directory {}: {}", p.parent_path().string(), ec.message())));
  }
  auto db = storage::sqlite::Database::Open(c.db_path);
  if (!db) return Fail(db.error());
  auto applied = storage::sqlite::Migrate(**db);
  if (!applied) return Fail(applied.error());
  if (*applied) log::Info("migrations applied", {{"count", *applied}});
  return db;
}

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The command line talks to the operator: the detail is what they need.
Error Describe(Error e) {
  if (!e.log_detail.empty()) e.public_message = e.log_detail;
  return e;
}

}  // namespace

std::string DefaultHome(const char* argv0) {
  if (const char* env = std::getenv("DOMA_HOME"); env && *env) return env;
  std::error_code ec;
  fs::path exe = fs::canonical("/proc/self/exe", ec);
  if (ec && argv0) exe = fs::absolute(argv0, ec);
  for (fs::path dir = exe.parent_path(); !dir.empty() && dir != dir.root_path();
       dir = dir.parent_path()) {
    if (fs::exists(dir / "templates" / "layout.mustache", ec) &&
        fs::exists(dir / "data" / "catalog", ec))
      return dir.string();
  }
  return fs::current_path(ec).string();
}

Status RunMigrate(const Config& c) {
  auto db = OpenDatabase(c);
  if (!db) return Fail(Describe(db.error()));
  return {};
}

namespace {

Result<int> Seed(catalog::Catalog& cat, const Config& c) {
  auto seed = storage::LoadSeedCatalog((fs::path(c.home) / "data" / "catalog").string());
  if (!seed) return Fail(seed.error());
  return cat.Import(seed->categories, seed->services);
}

// An empty search index with the domain's dictionary, fingerprinted by the
// dictionary's files so that an index saved with other files is not loaded.
Result<std::unique_ptr<search::CatalogIndex>> OpenIndex(const Config& c) {
  auto dir = fs::path(c.home) / "data" / "search";
  auto lexicon = search::Lexicon::Load(dir.string());
  if (!lexicon) return Fail(Describe(lexicon.error()));
  std::string files = ReadFile(dir / "synonyms.txt") + '\0' + ReadFile(dir / "stopwords.txt");
  return std::make_unique<search::CatalogIndex>(
      std::move(*lexicon), fmt::format("{:016x}", std::hash<std::string>{}(files)));
}

// The search index saved between runs, next to the database.
std::string IndexPath(const Config& c) { return c.db_path + ".index"; }

// The key that seals notification text at rest, next to the database.
Result<std::unique_ptr<crypto::SecretBoxSealer>> OpenSealer(const Config& c) {
  auto s = crypto::SecretBoxSealer::FromKeyFile(c.db_path + ".key");
  if (!s) return Fail(Describe(s.error()));
  return s;
}

std::string OutboxLog(const Config& c) {
  if (!c.outbox_log.empty()) return c.outbox_log;
  fs::path p(c.db_path);
  return (p.has_parent_path() ? p.parent_path() / "outbox.log" : fs::path("outbox.log")).string();
}

help::HelpPolicy PolicyFor(const Config& c) {
  help::HelpPolicy p;
  p.max_active_per_volunteer = c.max_active_requests;
  p.escalate_after_hours = c.escalate_after_hours;
  p.erase_after_days = c.erase_after_days;
  p.public_url = c.public_url;
  return p;
}

Result<help::Gazetteer> OpenGazetteer(const Config& c) {
  auto g =
      storage::LoadGazetteer((fs::path(c.home) / "data" / "gazetteer" / "ulyanovsk.json").string());
  if (!g) return Fail(Describe(g.error()));
  return g;
}

// A clock fixed at a given instant: `doma help jobs --now` runs the jobs as
// if that time had come (how the retention job is shown to work).
class FixedClock final : public Clock {
 public:
  explicit FixedClock(std::chrono::system_clock::time_point t) : t_(t) {}
  std::chrono::system_clock::time_point Now() const override { return t_; }

 private:
  std::chrono::system_clock::time_point t_;
};

bool ParseUtc(const std::string& iso, std::chrono::system_clock::time_point& out) {
  std::tm tm{};
  if (iso.size() != 20 || iso[19] != 'Z' || !strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm))
    return false;
  out = std::chrono::system_clock::from_time_t(timegm(&tm));
  return true;
}

// What the help commands open: the database, its sealing key, the gazetteer
// and the repository over them.
struct HelpStore {
  std::shared_ptr<storage::sqlite::Database> db;
  std::unique_ptr<crypto::SecretBoxSealer> sealer;
  help::Gazetteer gazetteer;
  std::unique_ptr<storage::sqlite::SqliteHelpRepository> repo;
};

Result<HelpStore> OpenHelpStore(const Config& c) {
  if (!crypto::Init()) return Fail(Error::Unavailable("libsodium cannot initialise"));
  HelpStore s;
  auto db = OpenDatabase(c);
  if (!db) return Fail(Describe(db.error()));
  s.db = *db;
  auto sealer = OpenSealer(c);
  if (!sealer) return Fail(sealer.error());
  s.sealer = std::move(*sealer);
  auto gazetteer = OpenGazetteer(c);
  if (!gazetteer) return Fail(gazetteer.error());
  s.gazetteer = std::move(*gazetteer);
  s.repo = std::make_unique<storage::sqlite::SqliteHelpRepository>(s.db, *s.sealer);
  return s;
}

}  // namespace

Result<std::string> RunHelpJobs(const Config& c, const std::string& now_iso) {
  std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
  if (!now_iso.empty() && !ParseUtc(now_iso, now))
    return Fail(Error::Invalid("now", "--now must be a UTC time like 2027-01-01T00:00:00Z"));
  auto store = OpenHelpStore(c);
  if (!store) return Fail(store.error());
  help::GazetteerGeocoder geocoder(store->gazetteer);
  crypto::SodiumSecrets secrets;
  FixedClock clock(now);
  help::Help h(*store->repo, store->gazetteer, geocoder, secrets, clock, PolicyFor(c));
  auto r = h.RunScheduledJobs();
  if (!r) return Fail(Describe(r.error()));
  return fmt::format("expired {}, confirmed automatically {}, repeated {}, erased {}", r->expired,
                     r->auto_confirmed, r->recurred, r->erased);
}

Result<std::string> RunHelpGenerate(const Config& c, int count, unsigned seed) {
  auto store = OpenHelpStore(c);
  if (!store) return Fail(store.error());
  const help::Gazetteer* gazetteer = &store->gazetteer;
  auto& repo = *store->repo;
  // Where people live: the city districts and towns weigh most, as in the
  // region (Ulyanovsk and Dimitrovgrad hold about 70 % of its people).
  std::vector<double> weights;
  for (const auto& p : gazetteer->places())
    weights.push_back(p.kind == "city_district" ? 40
                      : p.kind == "town"        ? 15
                      : p.kind == "settlement"  ? 3
                                                : 1);
  std::mt19937 rng(seed);
  std::discrete_distribution<std::size_t> where(weights.begin(), weights.end());
  std::normal_distribution<double> jitter(0, 0.012);  // about 1.3 km
  std::uniform_int_distribution<int> kind(0, static_cast<int>(help::kKinds.size()) - 1),
      urgency(0, 2), payment(0, 2), digits(0, 9999999), days(0, 6), hour(8, 16);
  constexpr std::array<std::string_view, 8> kStreets = {
      "Гончарова", "Ленина", "Гагарина", "Мира", "Советская", "Кирова", "Пушкина", "Садовая"};
  constexpr std::array<std::string_view, 8> kNames = {
      "Анна Петровна", "Иван Сергеевич",  "Мария Ивановна", "Пётр Ильич",
      "Нина Павловна", "Олег Викторович", "Зоя Андреевна",  "Лидия Фёдоровна"};
  SystemClock clock;
  const auto now = clock.Now();
  std::vector<help::HelpRequest> batch;
  int made = 0;
  while (made < count) {
    batch.clear();
    for (int i = 0; i < 2000 && made < count; ++i, ++made) {
      const auto& place = gazetteer->places()[where(rng)];
      help::HelpRequest r;
      r.kinds = {std::string(help::kKinds[static_cast<std::size_t>(kind(rng))])};
      if (made % 3 == 0)
        r.kinds.push_back(std::string(help::kKinds[static_cast<std::size_t>(kind(rng))]));
      r.urgency = std::string(help::kUrgencies[static_cast<std::size_t>(urgency(rng))]);
      r.payment = std::string(help::kPayments[static_cast<std::size_t>(payment(rng))]);
      r.channel = made % 4 == 0 ? "hotline" : "self";
      r.place_id = place.id;
      r.lat = place.lat + jitter(rng);
      r.lon = place.lon + jitter(rng) * 1.7;
      auto start = std::chrono::floor<std::chrono::days>(now) + std::chrono::days(days(rng) + 1) +
                   std::chrono::hours(hour(rng));
      r.window_start = FormatIso(start);
      r.window_end = FormatIso(start + std::chrono::hours(4));
      r.personal.recipient_name =
          std::string(kNames[static_cast<std::size_t>(made) % kNames.size()]);
      r.personal.phone = fmt::format("+7917{:07}", digits(rng));
      r.personal.address = {
          std::string("ул. ") +
              std::string(kStreets[static_cast<std::size_t>(made) % kStreets.size()]),
          std::to_string(1 + made % 120),
          std::to_string(1 + made % 90),
          "",
          "",
          ""};
      r.personal.details = "хлеб, молоко, крупа";
      r.code_word = "синий дом";
      r.consent_at = FormatIso(now);
      batch.push_back(std::move(r));
    }
    if (auto s = repo.CreateMany(batch, FormatIso(now)); !s) return Fail(Describe(s.error()));
  }
  return fmt::format("generated {} open help requests in {}", made, c.db_path);
}

namespace {

// What the seed commands write through: the database, a fresh index and the
// Catalog over them (which holds references: the store does not move).
struct CatalogStore {
  std::shared_ptr<storage::sqlite::Database> db;
  std::unique_ptr<storage::sqlite::SqliteCatalogRepository> repo;
  std::unique_ptr<search::CatalogIndex> index;
  SystemClock clock;
  std::unique_ptr<catalog::Catalog> catalog;
};

Result<std::unique_ptr<CatalogStore>> OpenCatalogStore(const Config& c) {
  auto s = std::make_unique<CatalogStore>();
  auto db = OpenDatabase(c);
  if (!db) return Fail(Describe(db.error()));
  s->db = *db;
  s->repo = std::make_unique<storage::sqlite::SqliteCatalogRepository>(s->db);
  auto index = OpenIndex(c);
  if (!index) return Fail(index.error());
  s->index = std::move(*index);
  s->catalog = std::make_unique<catalog::Catalog>(*s->repo, *s->index, s->clock);
  // What is already stored, so that the index is whole after the import.
  if (auto n = s->catalog->RebuildIndex(); !n) return Fail(Describe(n.error()));
  return s;
}

// Saves the seed command's index (whole: built from what was stored, then
// every import), so that the server's next start loads it instead of
// re-reading the catalog. Nothing else may write the catalog meanwhile (the
// server must not be running: it would not see these services either).
Status SaveSeededIndex(const Config& c, CatalogStore& store) {
  auto version = store.repo->CatalogVersion();
  if (!version) return Fail(Describe(version.error()));
  return store.index->Save(IndexPath(c), *version);
}

}  // namespace

Result<int> RunSeed(const Config& c) {
  auto store = OpenCatalogStore(c);
  if (!store) return Fail(store.error());
  auto n = Seed(*(*store)->catalog, c);
  if (!n) return Fail(Describe(n.error()));
  if (auto r = SaveSeededIndex(c, **store); !r) return Fail(r.error());
  return n;
}

// `doma seed --synthetic N`: N generated services (tools/synthetic_catalog.h)
// through the same Catalog::Import as the seed, in batches of 5,000.
Result<int> RunSeedSynthetic(const Config& c, int count, unsigned seed) {
  auto shipped = storage::LoadSeedCatalog((fs::path(c.home) / "data" / "catalog").string());
  if (!shipped) return Fail(Describe(shipped.error()));
  auto store = OpenCatalogStore(c);
  if (!store) return Fail(store.error());
  auto vocabularies = tools::LoadVocabularies(
      (fs::path(c.home) / "data" / "synthetic" / "vocabularies.json").string());
  if (!vocabularies) return Fail(Describe(vocabularies.error()));
  catalog::Catalog& cat = *(*store)->catalog;
  auto services = tools::SyntheticServices(count, seed, shipped->categories, **vocabularies);
  constexpr std::size_t kBatch = 5000;
  int stored = 0;
  for (std::size_t i = 0; i < services.size(); i += kBatch) {
    std::vector<catalog::Service> batch(
        services.begin() + static_cast<std::ptrdiff_t>(i),
        services.begin() + static_cast<std::ptrdiff_t>(std::min(i + kBatch, services.size())));
    auto n = cat.Import(i == 0 ? shipped->categories : std::vector<catalog::Category>{}, batch);
    if (!n) return Fail(Describe(n.error()));
    stored += *n;
  }
  if (auto r = SaveSeededIndex(c, **store); !r) return Fail(r.error());
  return stored;
}

Result<std::string> RunUserAdd(const Config& c, const std::string& login,
                               const std::string& password, const std::string& role_name) {
  accounts::Role role;
  if (!accounts::ParseRole(role_name, role))
    return Fail(Error::Invalid(
        "role", "--role must be one of resident, volunteer, coordinator, editor, admin"));
  if (!crypto::Init()) return Fail(Error::Unavailable("libsodium cannot initialise"));
  auto db = OpenDatabase(c);
  if (!db) return Fail(Describe(db.error()));
  auto sealer = OpenSealer(c);
  if (!sealer) return Fail(sealer.error());
  storage::sqlite::SqliteAccountRepository repo(*db, **sealer);
  crypto::Argon2idHasher hasher;
  crypto::SodiumSecrets secrets;
  SystemClock clock;
  accounts::LoginThrottle throttle(clock, {});
  accounts::Accounts accts(repo, hasher, secrets, clock, throttle, {});
  auto a = accts.EnsureWithRole(login, password, role);
  if (!a) return Fail(a.error());
  return fmt::format("account {} ({}) has the role {}", a->id,
                     a->email.empty() ? a->phone : a->email, role_name);
}

Status RunServe(const Config& c, bool print_routes) {
  auto t0 = std::chrono::steady_clock::now();
  if (!crypto::Init()) return Fail(Error::Unavailable("libsodium cannot initialise"));
  auto db = OpenDatabase(c);
  if (!db) return Fail(Describe(db.error()));
  storage::sqlite::SqliteCatalogRepository repo(*db);
  auto index = OpenIndex(c);
  if (!index) return Fail(index.error());
  SystemClock clock;
  catalog::Catalog cat(repo, **index, clock);

  auto statics = http::StaticFiles::Load((fs::path(c.home) / "static").string());
  if (!statics) return Fail(Describe(statics.error()));
  // Leaflet comes from npm (scripts/install-deps); without it the map pages
  // still list every point.
  http::StaticFiles leaflet;
  if (auto dir = fs::path(c.home) / "node_modules" / "leaflet" / "dist"; fs::exists(dir)) {
    auto l = http::StaticFiles::Load(dir.string());
    if (!l) return Fail(Describe(l.error()));
    leaflet = std::move(*l);
  }
  auto views = web::Views::Load((fs::path(c.home) / "templates").string(), *statics);
  if (!views) return Fail(Describe(views.error()));

  int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  http::ServerOptions opt;
  opt.host = c.host;
  opt.port = c.port;
  opt.io_threads = c.threads > 0 ? c.threads : cores;
  opt.worker_threads = c.threads > 0 ? c.threads : cores;
  opt.access_log = c.access_log;
  opt.trusted_proxies = c.trusted_proxies;
  http::Metrics metrics;
  web::SiteInfo site;
  views->SetHotline(site.hotline);
  web::Pages pages(cat, *views, metrics, site);
  auto sealer = OpenSealer(c);
  if (!sealer) return Fail(sealer.error());
  storage::sqlite::SqliteAccountRepository account_repo(*db, **sealer);
  crypto::Argon2idHasher hasher;
  crypto::SodiumSecrets secrets;
  accounts::LoginThrottle throttle(clock, {});
  accounts::SessionPolicy sessions{
      std::chrono::hours(c.session_idle_h), std::chrono::hours(c.session_max_h),
      std::chrono::hours(c.staff_idle_h), std::chrono::hours(c.staff_max_h)};
  accounts::Accounts accts(account_repo, hasher, secrets, clock, throttle, sessions);
  web::WebAuth auth(accts, secrets, {c.tls});
  web::AccountPages account_pages(auth, *views, pages);
  storage::sqlite::SqliteEditorialRepository editorial_repo(*db, **sealer);
  // At most 5 proposals per client address an hour.
  accounts::LoginThrottle propose_throttle(clock, {1000000, 5, std::chrono::hours(1)});
  editorial::Editorial editorial(editorial_repo, repo, **index, cat, clock, propose_throttle,
                                 c.public_url);
  web::EditorPages editor_pages(editorial, cat, *views, pages, auth);
  storage::sqlite::SqliteNewsRepository news_repo(*db);
  news::News news_feature(news_repo, clock);
  pages.SetNews(&news_feature);
  web::NewsPages news_pages(news_feature, cat, *views, pages, c.public_url);
  api::ServicesApi api(cat, metrics, ReadFile(fs::path(c.home) / "static" / "openapi.json"));
  api::SubmissionsApi submissions_api(editorial, accts,
                                      {auth.SessionCookieName(), auth.CsrfCookieName()});
  auto gazetteer = OpenGazetteer(c);
  if (!gazetteer) return Fail(gazetteer.error());
  storage::sqlite::SqliteHelpRepository help_repo(*db, **sealer);
  help::GazetteerGeocoder geocoder(*gazetteer);
  help::Help help_feature(help_repo, *gazetteer, geocoder, secrets, clock, PolicyFor(c));
  web::HelpPages help_pages(help_feature, auth, *views, pages, {c.tile_url, "© OpenStreetMap"});
  api::HelpApi help_api(help_feature, accts, {auth.SessionCookieName(), auth.CsrfCookieName()});
  auto router = BuildRoutes({pages, account_pages, editor_pages, news_pages, help_pages, auth, api,
                             submissions_api, help_api, *statics, leaflet, metrics, [&] {
                               auto n = repo.CountServices();
                               return n.has_value() && (*index)->Ready();
                             }});
  if (print_routes) {
    for (const auto& route : router.routes())
      for (const auto& m : route.methods)
        std::printf("%s %s %s\n", m.c_str(), route.pattern.c_str(), route.access.c_str());
    return {};
  }
  http::Server server(
      opt, router, metrics,
      [&pages, &api](const http::Request* req, int status, const std::string& message) {
        if (req && req->path.starts_with("/api/"))
          return api::Problem(status, message, "", req->request_id);
        return pages.Error(req, status, message);
      });
  // Bind first: a port in use is reported before any slow work.
  if (auto r = server.Listen(); !r) return Fail(Describe(r.error()));

  auto count = repo.CountServices();
  if (!count) return Fail(Describe(count.error()));
  if (*count == 0) {
    auto n = Seed(cat, c);
    if (!n) return Fail(Describe(n.error()));
    log::Info("seeded the catalog", {{"services", *n}});
  }
  // The volunteers' feed loads on another core while the catalog index is
  // loaded (or rebuilt): start-up takes the longer of the two, not the sum.
  auto ms_since = [](std::chrono::steady_clock::time_point from) {
    return static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                      std::chrono::steady_clock::now() - from)
                                      .count());
  };
  auto feed_loading = std::async(std::launch::async, [&help_feature, &ms_since] {
    auto started = std::chrono::steady_clock::now();
    auto n = help_feature.LoadFeed();
    if (n)
      log::Info("help feed loaded",
                {{"open_help_requests", static_cast<long long>(*n)}, {"ms", ms_since(started)}});
    return n;
  });
  auto index_started = std::chrono::steady_clock::now();
  auto version = repo.CatalogVersion();
  if (!version) return Fail(Describe(version.error()));
  long long indexed = 0;
  std::jthread save_index;
  if ((*index)->Load(IndexPath(c), *version)) {
    auto clicks = repo.AllClicks();
    if (!clicks) return Fail(Describe(clicks.error()));
    for (const auto& [seq, n] : *clicks) (*index)->SetClicks(seq, n);
    indexed = (*index)->DocumentCount();
    log::Info(
        "search index loaded",
        {{"services", indexed}, {"catalog_version", *version}, {"ms", ms_since(index_started)}});
  } else {
    auto rebuilt = cat.RebuildIndex();
    if (!rebuilt) return Fail(Describe(rebuilt.error()));
    indexed = *rebuilt;
    log::Info(
        "search index rebuilt",
        {{"services", indexed}, {"catalog_version", *version}, {"ms", ms_since(index_started)}});
    // Saved in the background: serving does not wait for the disk.
    save_index = std::jthread([&index, &c, v = *version] {
      if (auto r = (*index)->Save(IndexPath(c), v); !r)
        log::Warn("search index not saved", {{"detail", r.error().log_detail}});
    });
  }
  auto open_requests = feed_loading.get();
  if (!open_requests) return Fail(Describe(open_requests.error()));
  (*index)->SetReady();
  metrics.AddGauge("doma_catalog_services", "Services in the search index.",
                   [&] { return static_cast<double>((*index)->DocumentCount()); });
  log::Info("ready", {{"services", indexed},
                      {"open_help_requests", static_cast<long long>(*open_requests)},
                      {"startup_ms", std::chrono::duration_cast<std::chrono::milliseconds>(
                                         std::chrono::steady_clock::now() - t0)
                                         .count()}});
  // The outbox sender: one thread, woken every second, stopped with the server.
  storage::sqlite::SqliteOutboxRepository outbox(*db, **sealer);
  delivery::LogChannel log_channel(OutboxLog(c));
  std::unique_ptr<notify::Channel> smtp, webhook;
  if (!c.smtp_url.empty()) smtp = std::make_unique<delivery::SmtpChannel>(c.smtp_url, c.mail_from);
  if (!c.sms_webhook.empty()) webhook = std::make_unique<delivery::WebhookChannel>(c.sms_webhook);
  notify::Sender sender(outbox, smtp ? *smtp : static_cast<notify::Channel&>(log_channel),
                        webhook ? *webhook : static_cast<notify::Channel&>(log_channel), clock);
  std::jthread sender_thread([&sender](std::stop_token stop) {
    while (!stop.stop_requested()) {
      if (auto r = sender.RunOnce(); !r)
        log::Error("outbox sender failed", {{"detail", r.error().log_detail}});
      for (int i = 0; i < 10 && !stop.stop_requested(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  // Help jobs (expiry, recurrence, erasure): once a minute, stopped with the server.
  std::jthread help_jobs([&help_feature](std::stop_token stop) {
    while (!stop.stop_requested()) {
      auto r = help_feature.RunScheduledJobs();
      if (!r) {
        log::Error("help jobs failed", {{"detail", r.error().log_detail}});
      } else {
        for (const auto& f : r->failures) log::Error("help job skipped a request", {{"detail", f}});
        if (r->expired + r->auto_confirmed + r->recurred + r->erased > 0)
          log::Info("help jobs", {{"expired", r->expired},
                                  {"auto_confirmed", r->auto_confirmed},
                                  {"repeated", r->recurred},
                                  {"erased", r->erased}});
      }
      for (int i = 0; i < 600 && !stop.stop_requested(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  metrics.AddGauge("doma_help_open_requests", "Open help requests in the volunteers' feed.",
                   [&] { return static_cast<double>(help_feature.FeedSize()); });
  metrics.AddGauge("doma_outbox_pending", "Notifications waiting to be delivered.",
                   [&] { return static_cast<double>(outbox.CountPending().value_or(-1)); });
  server.Run();
  help_jobs.request_stop();
  help_jobs.join();
  sender_thread.request_stop();
  sender_thread.join();
  // Every catalog change was indexed as it was written: the index now holds
  // the catalog as of this version, and the next start loads it.
  if (save_index.joinable()) save_index.join();
  // Unless something else wrote the catalog meanwhile (`doma seed` against
  // a running server): then the index lacks it, and the next start rebuilds.
  auto v = repo.CatalogVersion();
  auto stored = repo.CountServices();
  if (v && stored && *stored == (*index)->DocumentCount()) {
    if (auto r = (*index)->Save(IndexPath(c), *v); !r)
      log::Warn("search index not saved", {{"detail", r.error().log_detail}});
  } else {
    std::error_code ec;
    fs::remove(IndexPath(c), ec);
    log::Warn("search index not saved: the catalog changed outside this server");
  }
  log::Info("stopped");
  return {};
}

}  // namespace doma::app
