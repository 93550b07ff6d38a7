// The one place that names a concrete storage backend. Everything else gets
// the repositories behind their domain interfaces, so a second backend
// (PostgreSQL) is added here and in the contract tests' list of backends.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/error.h"
#include "domain/accounts/ports.h"
#include "domain/accounts/throttle.h"
#include "domain/catalog/repository.h"
#include "domain/changes/change_feed.h"
#include "domain/digest/subscription.h"
#include "domain/editorial/editorial.h"
#include "domain/events/event.h"
#include "domain/help/repository.h"
#include "domain/news/news.h"
#include "domain/notify/outbox.h"

namespace doma::storage {

struct Storage {
  // Always there.
  std::unique_ptr<catalog::CatalogRepository> catalog;
  std::unique_ptr<news::NewsRepository> news;
  std::unique_ptr<events::EventRepository> events;
  // Only when opened with a sealer: they keep personal data and messages,
  // sealed at rest.
  std::unique_ptr<accounts::AccountRepository> accounts;
  std::unique_ptr<editorial::EditorialRepository> editorial;
  std::unique_ptr<help::HelpRepository> help;
  std::unique_ptr<digest::DigestRepository> digest;
  std::unique_ptr<notify::OutboxRepository> outbox;
  // The database's change feed, which several nodes follow (PostgreSQL);
  // null where this process is the only writer (SQLite).
  std::unique_ptr<changes::ChangeFeed> changes;
  // Makes the store where login, reset, sign-up and proposal attempts are
  // counted across nodes (PostgreSQL), given how login names and addresses
  // are digested; null where one process counts them in memory (SQLite).
  std::function<std::unique_ptr<accounts::AttemptStore>(
      std::function<std::string(const std::string&)> digest)>
      shared_attempts;
  // Whether this process runs the scheduled jobs now: always with SQLite
  // (one process), with PostgreSQL one node at a time.
  std::function<bool()> leads = [] { return true; };
  // Migrations applied by this open (0 when the schema was current).
  int migrations_applied = 0;
  // Whether anything sealed with the key is stored (help requests,
  // volunteers, messages, proposals' contacts) or digested under it (live API
  // tokens): such a database must never be paired with a new key.
  std::function<Result<bool>()> holds_sealed_data;
  // The backend's own consistency check (for SQLite: the integrity and
  // foreign-key checks): what it found wrong, nothing when all is well.
  std::function<Result<std::vector<std::string>>()> check_integrity;

  // Whether `sealer`'s key is the one this database's personal data is
  // sealed with (sql/rotate_key.h, CheckKey).
  std::function<Result<bool>(notify::Sealer&, bool nothing_sealed)> check_key;
  // Re-seals every sealed value with `to` (see sql/rotate_key.h): returns
  // the values re-sealed and the sessions and tokens that ended, as text for
  // the operator.
  // `new_digest`: the keyed digest under the new key (the digest's lookups).
  std::function<Result<std::string>(
      notify::Sealer& from, notify::Sealer& to,
      const std::function<std::string(const std::string&)>& new_digest, const std::string& now_iso)>
      rotate_key;

  // The backend's own state (a SQLite file's connections).
  std::shared_ptr<void> backend;
};

// Whether `location` is a PostgreSQL address (postgresql://… or
// postgres://…) rather than a SQLite file.
bool IsPostgres(const std::string& location);
// `location` as messages and logs may show it: a PostgreSQL address without
// its password.
std::string Shown(const std::string& location);

// Opens and migrates the database at `location`: a SQLite file path
// (creating the file and its directory if needed) or a PostgreSQL address. `sealer` may be null
// for the commands that touch only the catalog and news; it must outlive
// the Storage.
Result<std::unique_ptr<Storage>> OpenStorage(const std::string& location, notify::Sealer* sealer);

}  // namespace doma::storage
