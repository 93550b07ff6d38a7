#include "app/wiring.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/log.h"
#include "storage/gazetteer_file.h"
#include "storage/seed_file.h"

namespace doma::app {
namespace fs = std::filesystem;

Error Describe(Error e) {
  if (!e.log_detail.empty()) e.public_message = e.log_detail;
  return e;
}

std::string KeyPath(const Config& c) {
  if (!c.key_file.empty()) return c.key_file;
  return storage::IsPostgres(c.db_path) ? "" : c.db_path + ".key";
}

Result<std::unique_ptr<DatabaseLock>> DatabaseLock::Take(const std::string& db_path,
                                                         bool exclusive) {
  if (storage::IsPostgres(db_path)) return std::unique_ptr<DatabaseLock>();
  const std::string path = db_path + ".lock";
  std::error_code ec;
  if (fs::path dir = fs::path(path).parent_path(); !dir.empty()) fs::create_directories(dir, ec);
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    return Fail(Describe(
        Error::Unavailable(fmt::format("cannot open {}: {}", path, std::strerror(errno)))));
  if (::flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0) {
    ::close(fd);
    return Fail(Describe(Error::Unavailable(
        exclusive ? fmt::format("a doma server is running on {} (it holds {}): stop it first",
                                db_path, path)
                  : fmt::format("{} is held by doma rotate-key or migrate-data: wait for it to "
                                "finish",
                                path))));
  }
  return std::unique_ptr<DatabaseLock>(new DatabaseLock(fd));
}

DatabaseLock::~DatabaseLock() { ::close(fd_); }

Result<std::unique_ptr<crypto::SecretBoxSealer>> OpenSealer(const Config& c) {
  const std::string key = KeyPath(c);
  if (key.empty())
    return Fail(Error::Invalid(
        "key-file", "with PostgreSQL, name the key file that every node shares: --key-file FILE"));
  std::error_code ec;
  // A rotation that stopped after re-sealing leaves the new key beside the
  // old: with the old one, nothing sealed since could be read.
  if (fs::exists(key + ".new", ec))
    return Fail(Describe(Error::Unavailable(fmt::format(
        "{}.new exists: a key rotation (doma rotate-key) did not finish; run it again to finish "
        "it before starting doma",
        key))));
  // A first start in a directory that does not exist yet (var/ on a fresh
  // clone): the key is written before the database that would make it.
  if (fs::path dir = fs::path(key).parent_path(); !dir.empty() && !fs::exists(dir, ec)) {
    fs::create_directories(dir, ec);
    if (ec)
      return Fail(Describe(Error::Unavailable(
          fmt::format("cannot create directory {}: {}", dir.string(), ec.message()))));
  }
  // A new key is made only for a database that has nothing sealed with the
  // old one: with a new key every address, phone and message stored would be
  // unreadable, and the next write would mix two keys in one file.
  if (!fs::exists(key, ec) && (storage::IsPostgres(c.db_path) || fs::exists(c.db_path, ec))) {
    auto probe = OpenStorageFor(c, nullptr);  // logs the migrations it applies
    if (!probe) return Fail(probe.error());
    auto sealed = (*probe)->holds_sealed_data();
    if (!sealed) return Fail(Describe(sealed.error()));
    if (*sealed)
      return Fail(Describe(Error::Unavailable(fmt::format(
          "the key file {} is missing, but {} holds personal data sealed with it: restore the key "
          "file from the backup made with the database (a new key cannot read that data)",
          key, storage::IsPostgres(c.db_path) ? "the database" : c.db_path))));
  }
  auto s = crypto::SecretBoxSealer::FromKeyFile(key);
  if (!s) return Fail(Describe(s.error()));
  return s;
}

Result<std::unique_ptr<storage::Storage>> OpenStorageFor(const Config& c, notify::Sealer* sealer) {
  auto s = storage::OpenStorage(c.db_path, sealer);
  if (!s) return Fail(Describe(s.error()));
  if ((*s)->migrations_applied)
    log::Info("migrations applied", {{"count", (*s)->migrations_applied}});
  if (sealer) {
    auto sealed = (*s)->holds_sealed_data();
    if (!sealed) return Fail(Describe(sealed.error()));
    auto same = (*s)->check_key(*sealer, !*sealed);
    if (!same) return Fail(Describe(same.error()));
    if (!*same)
      return Fail(Describe(Error::Unavailable(fmt::format(
          "the key file {} is not the key {} is sealed with (a node that missed a key rotation, "
          "or a database restored without its key): use the database's key file",
          KeyPath(c), storage::Shown(c.db_path)))));
  }
  return s;
}

Status KeyDigests(crypto::SodiumSecrets& secrets, const crypto::SecretBoxSealer& sealer,
                  storage::Storage& storage) {
  secrets.UseDigestKey(sealer.DigestKey());
  auto n = storage.accounts->KeyDigests(
      [&secrets](const std::string& keyless) { return secrets.KeyedFromKeyless(keyless); });
  if (!n) return Fail(Describe(n.error()));
  if (*n > 0) log::Info("stored digests keyed", {{"count", *n}});
  return {};
}

Result<std::unique_ptr<search::CatalogIndex>> OpenIndex(const Config& c) {
  auto dir = fs::path(c.home) / "data" / "search";
  auto lexicon = search::Lexicon::Load(dir.string());
  if (!lexicon) return Fail(Describe(lexicon.error()));
  std::string files = ReadFile(dir / "synonyms.txt") + '\0' + ReadFile(dir / "stopwords.txt");
  return std::make_unique<search::CatalogIndex>(
      std::move(*lexicon), fmt::format("{:016x}", std::hash<std::string>{}(files)));
}

Result<storage::RegionData> OpenRegion(const Config& c) {
  auto r = storage::LoadRegion((fs::path(c.home) / "data" / "regions").string(), c.region);
  if (!r) return Fail(Describe(r.error()));
  return r;
}

void ApplyRegion(const region::Region& r) {
  SetRegionUtcOffset(r.utc_offset);
  help::SetNumbering({r.request_prefix, r.badge_prefix});
}

Result<opendata::Publisher> PublisherFor(const Config& c, const region::Region& r) {
  struct Licence {
    const char* id;
    const char* name;
    const char* url;
  };
  static constexpr Licence kLicences[] = {
      {"CC-BY-4.0", "Creative Commons Attribution 4.0",
       "https://creativecommons.org/licenses/by/4.0/"},
      {"CC-BY-SA-4.0", "Creative Commons Attribution-ShareAlike 4.0",
       "https://creativecommons.org/licenses/by-sa/4.0/"},
      {"CC0-1.0", "Creative Commons Zero 1.0 (public domain dedication)",
       "https://creativecommons.org/publicdomain/zero/1.0/"},
      {"ODbL-1.0", "Open Data Commons Open Database License 1.0",
       "https://opendatacommons.org/licenses/odbl/1-0/"},
  };
  opendata::Publisher p;
  p.public_url = c.public_url;
  bool known = false;
  for (const auto& l : kLicences) {
    if (c.data_license != l.id) continue;
    p.license_id = l.id;
    p.license_name = l.name;
    p.license_url = l.url;
    known = true;
  }
  if (!known)
    return Fail(
        Error::Invalid("data-license", "unknown --data-license '" + c.data_license +
                                           "' (CC-BY-4.0, CC-BY-SA-4.0, CC0-1.0, ODbL-1.0)"));
  p.region_name = r.name_ru;
  return p;
}

help::HelpPolicy PolicyFor(const Config& c, const region::Region& r) {
  help::HelpPolicy p;
  p.coordinators_phone = r.coordinators_phone;
  p.utc_offset_minutes = static_cast<int>(r.utc_offset.count());
  p.max_active_per_volunteer = c.max_active_requests;
  p.escalate_after_hours = c.escalate_after_hours;
  p.erase_after_days = c.erase_after_days;
  p.public_url = c.public_url;
  p.phone_codes = !c.sms_webhook.empty();
  return p;
}

// With PostgreSQL a node rebuilds its index at each start: a saved one
// could lack a change committed while it was saved (behind a transaction
// still running), and nothing would ever bring it back.
std::string IndexPath(const Config& c) {
  return storage::IsPostgres(c.db_path) ? "" : c.db_path + ".index";
}

std::string OutboxLog(const Config& c) {
  if (!c.outbox_log.empty()) return c.outbox_log;
  fs::path p(storage::IsPostgres(c.db_path) ? KeyPath(c) : c.db_path);
  return (p.has_parent_path() ? p.parent_path() / "outbox.log" : fs::path("outbox.log")).string();
}

Result<int> Seed(catalog::Catalog& cat, const Config& c, const storage::RegionData& region) {
  const region::Region& r = region.region;
  // A regional service's areas must be the region's districts.
  cat.SetAreas(region.gazetteer.Districts());
  auto seed = storage::LoadSeedCatalog((fs::path(c.home) / "data" / "catalog").string());
  if (!seed) return Fail(seed.error());
  // The region's own services, beside the federal and international ones
  // every region shares; a new region may have none yet.
  std::error_code ec;
  if (auto dir = fs::path(c.home) / "data" / "regions" / r.code / "catalog";
      fs::is_directory(dir, ec))
    if (auto loaded = storage::LoadSeedServices(dir.string(), seed->services); !loaded)
      return Fail(loaded.error());
  return cat.Import(seed->categories, seed->services);
}

}  // namespace doma::app
