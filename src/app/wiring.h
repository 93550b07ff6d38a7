// What the commands and `doma serve` open from a Config: the sealing key,
// the storage (through storage::OpenStorage, the one place that names a
// backend), the search index, the gazetteer; and the region's policy.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "app/app.h"
#include "core/error.h"
#include "core/read_file.h"
#include "crypto/sodium.h"
#include "domain/catalog/catalog.h"
#include "domain/help/gazetteer.h"
#include "domain/help/policy.h"
#include "opendata/hsds.h"
#include "search/catalog_index.h"
#include "storage/open_storage.h"
#include "storage/region_file.h"

namespace doma::app {

// The command line talks to the operator: the detail is what they need.
Error Describe(Error e);

// Who uses a SQLite database: every server holds <db>.lock shared; what must
// run alone on it (rotate-key, migrate-data) holds it exclusively, and each
// is refused while the other holds it. Nothing for PostgreSQL (rotate-key
// asks the server which nodes are connected instead).
class DatabaseLock {
 public:
  static Result<std::unique_ptr<DatabaseLock>> Take(const std::string& db_path, bool exclusive);
  ~DatabaseLock();
  DatabaseLock(const DatabaseLock&) = delete;
  DatabaseLock& operator=(const DatabaseLock&) = delete;

 private:
  explicit DatabaseLock(int fd) : fd_(fd) {}
  int fd_;
};

// The key that seals personal data and messages at rest, next to the database.
Result<std::unique_ptr<crypto::SecretBoxSealer>> OpenSealer(const Config& c);
// The database, migrated (the count applied is logged). `sealer` may be null
// for commands that touch only the catalog.
Result<std::unique_ptr<storage::Storage>> OpenStorageFor(const Config& c, notify::Sealer* sealer);

// Makes `secrets` digest under a key derived from the key file, and once per
// database turns the digests stored before into keyed ones.
Status KeyDigests(crypto::SodiumSecrets& secrets, const crypto::SecretBoxSealer& sealer,
                  storage::Storage& storage);
// An empty search index with the domain's dictionary, fingerprinted by the
// dictionary's files so that an index saved with other files is not loaded.
Result<std::unique_ptr<search::CatalogIndex>> OpenIndex(const Config& c);
// The region served (--region, else data/regions/default) with its gazetteer.
Result<storage::RegionData> OpenRegion(const Config& c);
// Sets what is process-wide about the region: the UTC offset of "today" and
// the prefixes of request and badge numbers. Once, before threads start.
void ApplyRegion(const region::Region& r);

// Who publishes the open data: the region, the public URL and the data's
// licence (--data-license). Fails on an unknown licence.
Result<opendata::Publisher> PublisherFor(const Config& c, const region::Region& r);
help::HelpPolicy PolicyFor(const Config& c, const region::Region& r);

// The search index saved between runs, next to the database.
// Where the saved search index is; empty for none (PostgreSQL).
std::string IndexPath(const Config& c);
// Where the sealing key is; empty when it must be named (PostgreSQL).
std::string KeyPath(const Config& c);
// The log channel's file: --outbox-log, else outbox.log next to the database.
std::string OutboxLog(const Config& c);
// Upserts the shipped catalog: data/catalog and the region's own,
// data/regions/<code>/catalog.
Result<int> Seed(catalog::Catalog& cat, const Config& c, const storage::RegionData& region);

}  // namespace doma::app
