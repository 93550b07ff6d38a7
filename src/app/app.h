// Wiring: configuration in, a running portal out. The only place that knows
// every concrete type (SQLite, the search index, Beast, libsodium, libcurl).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/error.h"

namespace doma::app {

struct Config {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;
  // A SQLite file, or a PostgreSQL address (postgresql://…) for several nodes.
  std::string db_path = "var/doma.db";
  // The sealing key: default <db>.key beside a SQLite file; with PostgreSQL
  // it must be named, and every node reads the same key.
  std::string key_file;
  std::string home;  // where templates/, static/ and data/ are
  // The region served: a directory of data/regions; empty: the one named in
  // data/regions/default.
  std::string region;
  int threads = 0;  // 0: one per core
  bool access_log = true;
  bool tls = false;  // served over HTTPS (by a proxy): Secure, __Host- cookies
  std::string public_url = "http://127.0.0.1:8080";  // for links in e-mails, SMS and feeds
  std::vector<std::string> trusted_proxies;
  // The sites that may show the widget (/embed/…) in a frame; none: no site.
  std::vector<std::string> embed_origins;
  // Session lifetimes in hours (idle, absolute), for residents and for staff.
  int session_idle_h = 24 * 7, session_max_h = 24 * 30, staff_idle_h = 2, staff_max_h = 12;
  // Notifications: the log channel (default <db dir>/outbox.log) unless an
  // SMTP URL / SMS webhook is given.
  std::string outbox_log;
  int outbox_retention_days = 7;  // sent messages (and outbox.log lines) are deleted after
  std::string smtp_url, mail_from = "doma@localhost", sms_webhook;
  // What the SMS gateway sends with a reply it passes on (the digest's stop
  // word, POST /api/v1/digest/sms-reply); empty: replies are not taken.
  std::string sms_inbound_token;
  // Help at home.
  int max_active_requests = 3;   // per volunteer
  int escalate_after_hours = 2;  // open and unassigned longer: top of the dashboard
  int erase_after_days = 30;     // personal data of closed requests
  std::string tile_url = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  // The open data's licence (HSDS API and export): an SPDX id.
  std::string data_license = "CC-BY-4.0";
  // Service cards kept rendered for anonymous visitors, compressed (~1 KB a
  // card): 128 MB holds ~110,000. 0: none kept, none rendered ahead.
  int card_cache_mb = 128;
};

// Finds templates/, static/ and data/: $DOMA_HOME, else next to the binary
// (build/<preset>/doma -> repository root), else the current directory.
std::string DefaultHome(const char* argv0);

// `doma migrate`
Status RunMigrate(const Config& c);
// `doma seed`: upserts the shipped catalog.
Result<int> RunSeed(const Config& c);
// `doma seed --synthetic N`: N generated services (benchmarks), deterministic for `seed`.
Result<int> RunSeedSynthetic(const Config& c, int count, unsigned seed);
// `doma serve`: blocks until SIGTERM/SIGINT. With `print_routes`, prints the
// route table (method, pattern, access) and returns instead of serving.
Status RunServe(const Config& c, bool print_routes = false);

// `doma check`: the database's own consistency checks and the saved search
// index against the catalog. Returns the report, or fails listing what is wrong.
Result<std::string> RunCheck(const Config& c);

// `doma catalog check [--live]`: the shipped catalog files (or, with
// `live`, the database's catalog) against the rules of evidence: what is
// missing or old, and the counts. `failed`: a card without a source or a
// date, or in an unknown district.
struct CatalogCheck {
  std::string report;
  bool failed = false;
};
Result<CatalogCheck> RunCatalogCheck(const Config& c, bool live);

// `doma help jobs`: runs the scheduled help jobs once (expiry, recurrence,
// erasure) as if the time were `now_iso` (empty: now). Returns a summary.
Result<std::string> RunHelpJobs(const Config& c, const std::string& now_iso);

// `doma digest run`: the weekly digest once, as if the time were `now_iso`
// (empty: now): every subscription due gets what was added, or nothing.
Result<std::string> RunDigest(const Config& c, const std::string& now_iso);

// `doma help generate`: `count` synthetic open requests spread over the
// region (deterministic for a `seed`), for benchmarks. Returns a summary.
Result<std::string> RunHelpGenerate(const Config& c, int count, unsigned seed);

// `doma import --hsds PATH`: what the import found and did (or, with
// `dry_run`, would do). Fails listing every problem when one stopped it.
struct HsdsImport {
  std::string path;
  bool dry_run = false, publish = false, skip_invalid = false;
  std::string scope = "regional", category, mapping_file, write_mapping;
};
Result<std::string> RunImportHsds(const Config& c, const HsdsImport& args);

// `doma export --hsds DIR` (the tabular datapackage) and/or `--hsds-json
// FILE` (every service, full). Returns a summary.
Result<std::string> RunExportHsds(const Config& c, const std::string& dir,
                                  const std::string& json_file);

// `doma backup --to FILE`: a consistent copy of the database taken while it
// is written (SQLite's online backup, or pg_dump), its key and a manifest,
// in one compressed file readable by its owner only. `with_key` false leaves
// the key out, for who keeps it apart (the file alone then reveals no sealed
// data).
Result<std::string> RunBackup(const Config& c, const std::string& to, bool with_key = true);
// `doma backup --verify FILE`: unpacks it aside and checks every checksum and
// the database's integrity; returns what it holds.
Result<std::string> RunVerifyBackup(const std::string& file);
// `doma restore --from FILE`: into a database path (and key path) that do
// not exist yet, after the same checks. SQLite only.
Result<std::string> RunRestore(const Config& c, const std::string& from);
// `doma rotate-key`: every sealed value re-sealed with a new key in one
// transaction, the new key file then put in the old one's place; sessions,
// reset codes and API tokens end (their digests were keyed by the old key).
// Every server on the database must be stopped. A run that stopped half-way
// is finished by running it again.
Result<std::string> RunRotateKey(const Config& c);
// `doma migrate-data --from FILE --to postgresql://…`: every row of a SQLite
// database into a new PostgreSQL one (storage::CopySqliteToPostgres); returns
// the rows per table and what to do with the key.
Result<std::string> RunMigrateData(const std::string& from, const std::string& to);

// `doma user add`: creates the account if needed and grants `role`.
Result<std::string> RunUserAdd(const Config& c, const std::string& login,
                               const std::string& password, const std::string& role,
                               const std::string& name = {});

}  // namespace doma::app
