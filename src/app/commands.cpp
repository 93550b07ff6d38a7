// The commands besides `doma serve`: migrate, seed (the shipped catalog or a
// synthetic one), help jobs and generate, user add.
#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <filesystem>

#include "app/app.h"
#include "app/command_stores.h"
#include "app/wiring.h"
#include "core/clock.h"
#include "domain/accounts/accounts.h"
#include "domain/digest/digest.h"
#include "domain/help/help.h"
#include "storage/seed_file.h"
#include "tools/synthetic_catalog.h"
#include "tools/synthetic_requests.h"

namespace doma::app {
namespace fs = std::filesystem;

namespace {

bool ParseUtc(const std::string& iso, std::chrono::system_clock::time_point& out) {
  std::tm tm{};
  if (iso.size() != 20 || iso[19] != 'Z' || !strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm))
    return false;
  out = std::chrono::system_clock::from_time_t(timegm(&tm));
  return true;
}

}  // namespace

Result<SealedStore> OpenSealedStore(const Config& c) {
  if (!crypto::Init()) return Fail(Error::Unavailable("libsodium cannot initialise"));
  SealedStore s;
  auto sealer = OpenSealer(c);
  if (!sealer) return Fail(sealer.error());
  s.sealer = std::move(*sealer);
  auto storage = OpenStorageFor(c, s.sealer.get());
  if (!storage) return Fail(storage.error());
  s.storage = std::move(*storage);
  if (auto r = KeyDigests(s.secrets, *s.sealer, *s.storage); !r) return Fail(r.error());
  return s;
}

Result<std::unique_ptr<CatalogStore>> OpenCatalogStore(const Config& c) {
  auto s = std::make_unique<CatalogStore>();
  auto storage = OpenStorageFor(c, nullptr);
  if (!storage) return Fail(storage.error());
  s->storage = std::move(*storage);
  auto index = OpenIndex(c);
  if (!index) return Fail(index.error());
  s->index = std::move(*index);
  s->catalog = std::make_unique<catalog::Catalog>(*s->storage->catalog, *s->index, s->clock);
  // What is already stored, so that the index is whole after the import.
  if (auto n = s->catalog->RebuildIndex(); !n) return Fail(Describe(n.error()));
  return s;
}

// Saves the seed command's index (whole: built from what was stored, then
// every import), so that the server's next start loads it instead of
// re-reading the catalog. Nothing else may write the catalog meanwhile (the
// server must not be running: it would not see these services either).
Status SaveSeededIndex(const Config& c, CatalogStore& store) {
  auto version = store.storage->catalog->CatalogVersion();
  if (!version) return Fail(Describe(version.error()));
  if (IndexPath(c).empty()) return {};  // no saved index: each node builds its own
  return store.index->Save(IndexPath(c), *version);
}

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
  auto s = OpenStorageFor(c, nullptr);
  if (!s) return Fail(s.error());
  return {};
}

Result<int> RunSeed(const Config& c) {
  auto region = OpenRegion(c);
  if (!region) return Fail(region.error());
  auto store = OpenCatalogStore(c);
  if (!store) return Fail(store.error());
  auto n = Seed(*(*store)->catalog, c, *region);
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

Result<std::string> RunCheck(const Config& c) {
  auto s = OpenStorageFor(c, nullptr);
  if (!s) return Fail(s.error());
  auto problems = (*s)->check_integrity();
  if (!problems) return Fail(Describe(problems.error()));
  std::string report = problems->empty() ? "database: ok\n" : "";
  auto version = (*s)->catalog->CatalogVersion();
  auto stored = (*s)->catalog->CountServices();
  if (!version || !stored) return Fail(Describe(version ? stored.error() : version.error()));
  if (IndexPath(c).empty() || !fs::exists(IndexPath(c))) {
    report += "index: none saved (it is built at the next start)\n";
  } else {
    auto index = OpenIndex(c);
    if (!index) return Fail(index.error());
    if (!(*index)->Load(IndexPath(c), *version))
      report += "index: older than the catalog (it is rebuilt at the next start)\n";
    else if ((*index)->DocumentCount() != *stored)
      problems->push_back(fmt::format("index: {} services for catalog version {}, the database {}",
                                      (*index)->DocumentCount(), *version, *stored));
    else
      report += fmt::format("index: ok ({} services)\n", *stored);
  }
  if (problems->empty()) return report;
  std::string list;
  for (const auto& p : *problems) list += "\n  " + p;
  return Fail(Error{
      Code::kInternal, fmt::format("{} is damaged:{}", storage::Shown(c.db_path), list), {}, {}});
}

Result<std::string> RunHelpJobs(const Config& c, const std::string& now_iso) {
  std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
  if (!now_iso.empty() && !ParseUtc(now_iso, now))
    return Fail(Error::Invalid("now", "--now must be a UTC time like 2027-01-01T00:00:00Z"));
  auto store = OpenSealedStore(c);
  if (!store) return Fail(store.error());
  auto region = OpenRegion(c);
  if (!region) return Fail(region.error());
  ApplyRegion(region->region);
  help::GazetteerGeocoder geocoder(region->gazetteer);
  ManualClock clock(now);
  help::Help h(*store->storage->help, region->gazetteer, geocoder, store->secrets, clock,
               PolicyFor(c, region->region));
  auto r = h.RunScheduledJobs();
  if (!r) return Fail(Describe(r.error()));
  return fmt::format(
      "expired {}, confirmed automatically {}, repeated {}, erased {}, escalated {}, closed "
      "after escalation {}",
      r->expired, r->auto_confirmed, r->recurred, r->erased, r->escalated, r->stuck_closed);
}

Result<std::string> RunDigest(const Config& c, const std::string& now_iso) {
  std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
  if (!now_iso.empty() && !ParseUtc(now_iso, now))
    return Fail(Error::Invalid("now", "--now must be a UTC time like 2027-01-01T00:00:00Z"));
  auto sealed = OpenSealedStore(c);
  if (!sealed) return Fail(sealed.error());
  auto region = OpenRegion(c);
  if (!region) return Fail(region.error());
  ApplyRegion(region->region);
  auto catalog = OpenCatalogStore(c);
  if (!catalog) return Fail(catalog.error());
  ManualClock clock(now);
  SystemClock send_now;
  accounts::AttemptThrottle throttle(clock, {});
  digest::Digest d(*sealed->storage->digest, *(*catalog)->catalog, region->gazetteer,
                   sealed->secrets, throttle, clock, c.public_url, &send_now);
  d.SetSmsReplies(!c.sms_inbound_token.empty());
  auto r = d.RunWeekly();
  if (!r) return Fail(Describe(r.error()));
  return fmt::format(
      "digests sent {}, nothing new for {}, unconfirmed subscriptions erased {}, not done now {}",
      r->sent, r->nothing_new, r->pending_erased, r->failed);
}

Result<std::string> RunHelpGenerate(const Config& c, int count, unsigned seed) {
  auto store = OpenSealedStore(c);
  if (!store) return Fail(store.error());
  auto region = OpenRegion(c);
  if (!region) return Fail(region.error());
  const auto now = SystemClock().Now();
  auto requests = tools::SyntheticRequests(region->gazetteer, count, seed, now);
  constexpr std::size_t kBatch = 2000;
  for (std::size_t i = 0; i < requests.size(); i += kBatch) {
    std::vector<help::HelpRequest> batch(
        requests.begin() + static_cast<std::ptrdiff_t>(i),
        requests.begin() + static_cast<std::ptrdiff_t>(std::min(i + kBatch, requests.size())));
    if (auto s = store->storage->help->CreateMany(batch, FormatIso(now)); !s)
      return Fail(Describe(s.error()));
  }
  return fmt::format("generated {} open help requests in {}", requests.size(),
                     storage::Shown(c.db_path));
}

Result<std::string> RunUserAdd(const Config& c, const std::string& login,
                               const std::string& password, const std::string& role_name,
                               const std::string& name) {
  accounts::Role role;
  if (!accounts::ParseRole(role_name, role))
    return Fail(Error::Invalid(
        "role", "--role must be one of resident, volunteer, coordinator, editor, admin"));
  auto store = OpenSealedStore(c);
  if (!store) return Fail(store.error());
  crypto::Argon2idHasher hasher;
  SystemClock clock;
  accounts::AttemptThrottle throttle(clock, {});
  accounts::Accounts accts(*store->storage->accounts, hasher, store->secrets, clock, throttle, {});
  auto a = accts.EnsureWithRole(login, password, role, name);
  if (!a) return Fail(a.error());
  return fmt::format("account {} ({}) has the role {}", a->id,
                     a->email.empty() ? a->phone : a->email, role_name);
}

}  // namespace doma::app
