// Numbered migrations. Never edit one that has shipped: add the next number.
#include <fmt/format.h>

#include <array>
#include <string_view>

#include "storage/sqlite/sqlite.h"

namespace doma::storage::sqlite {
namespace {

using sql::Migration;

constexpr std::array kMigrations = {
    Migration{1, "catalog", R"sql(
CREATE TABLE categories(
  slug TEXT PRIMARY KEY,
  parent_slug TEXT REFERENCES categories(slug),
  name_ru TEXT NOT NULL,
  name_en TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE organizations(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  website TEXT
);
CREATE TABLE services(
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  name_en TEXT,
  short_description TEXT NOT NULL,
  description TEXT NOT NULL,
  description_en TEXT,
  url TEXT NOT NULL,
  organization_id INTEGER REFERENCES organizations(id),
  status TEXT NOT NULL CHECK(status IN ('active','temporarily_closed','defunct')),
  scope TEXT NOT NULL CHECK(scope IN ('regional','federal','international')),
  district TEXT,
  settlement TEXT,
  cost TEXT NOT NULL CHECK(cost IN ('free','free_during_quarantine','discount','paid')),
  cost_note TEXT,
  min_age INTEGER,
  max_age INTEGER,
  how_to_apply TEXT,
  offer_text TEXT,
  offer_valid_until TEXT,
  featured INTEGER NOT NULL DEFAULT 0,
  assured_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  clicks INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE service_categories(
  service_seq INTEGER NOT NULL REFERENCES services(seq) ON DELETE CASCADE,
  category_slug TEXT NOT NULL REFERENCES categories(slug),
  position INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(service_seq, category_slug)
) WITHOUT ROWID;
CREATE TABLE service_audiences(
  service_seq INTEGER NOT NULL REFERENCES services(seq) ON DELETE CASCADE,
  audience TEXT NOT NULL CHECK(audience IN ('everyone','elderly','families','students','job_seekers','small_business','nonprofits','disabled')),
  PRIMARY KEY(service_seq, audience)
) WITHOUT ROWID;
CREATE TABLE service_platforms(
  service_seq INTEGER NOT NULL REFERENCES services(seq) ON DELETE CASCADE,
  platform TEXT NOT NULL CHECK(platform IN ('web','android','ios','phone','telegram','other')),
  PRIMARY KEY(service_seq, platform)
) WITHOUT ROWID;
CREATE TABLE service_languages(
  service_seq INTEGER NOT NULL REFERENCES services(seq) ON DELETE CASCADE,
  language TEXT NOT NULL,
  PRIMARY KEY(service_seq, language)
) WITHOUT ROWID;
CREATE TABLE service_phones(
  service_seq INTEGER NOT NULL REFERENCES services(seq) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  number TEXT NOT NULL,
  kind TEXT NOT NULL CHECK(kind IN ('hotline','info','sms','other')),
  note TEXT,
  PRIMARY KEY(service_seq, position)
) WITHOUT ROWID;
CREATE INDEX services_created ON services(created_at);
)sql"},
    Migration{2, "accounts", R"sql(
CREATE TABLE accounts(
  id INTEGER PRIMARY KEY,
  email TEXT UNIQUE,
  phone TEXT UNIQUE,
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  CHECK(email IS NOT NULL OR phone IS NOT NULL)
);
CREATE TABLE account_roles(
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK(role IN ('resident','volunteer','coordinator','editor','admin')),
  PRIMARY KEY(account_id, role)
) WITHOUT ROWID;
CREATE TABLE sessions(
  id_hash TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_account ON sessions(account_id);
CREATE TABLE password_resets(
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  code_hash TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX password_resets_account ON password_resets(account_id);
CREATE TABLE outbox(
  id INTEGER PRIMARY KEY,
  channel TEXT NOT NULL CHECK(channel IN ('email','sms')),
  recipient TEXT NOT NULL,   -- sealed
  subject TEXT NOT NULL,     -- sealed
  body TEXT NOT NULL,        -- sealed
  idempotency_key TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL DEFAULT 'pending' CHECK(status IN ('pending','sending','sent','failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  sent_at TEXT,
  last_error TEXT
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
CREATE TABLE audit_log(
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor_id INTEGER,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT ''
);
)sql"},
    Migration{3, "editorial", R"sql(
ALTER TABLE categories ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;
CREATE TABLE submissions(
  id INTEGER PRIMARY KEY,
  status TEXT NOT NULL DEFAULT 'pending' CHECK(status IN ('pending','approved','rejected')),
  service_json TEXT NOT NULL,
  submitter_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  contact TEXT,
  reason TEXT,
  service_seq INTEGER REFERENCES services(seq),
  created_at TEXT NOT NULL,
  decided_at TEXT,
  decided_by INTEGER REFERENCES accounts(id)
);
CREATE INDEX submissions_status ON submissions(status, id);
CREATE TABLE service_history(
  id INTEGER PRIMARY KEY,
  service_seq INTEGER NOT NULL REFERENCES services(seq) ON DELETE CASCADE,
  at TEXT NOT NULL,
  actor_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  field TEXT NOT NULL,
  old_value TEXT NOT NULL,
  new_value TEXT NOT NULL
);
CREATE INDEX service_history_service ON service_history(service_seq, id);
CREATE TABLE news(
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  body_markdown TEXT NOT NULL,
  service_ids TEXT NOT NULL DEFAULT '',
  published_at TEXT NOT NULL,
  author_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL
);
CREATE INDEX news_published ON news(published_at);
CREATE TABLE api_tokens(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_by INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
)sql"},
    Migration{4, "help", R"sql(
-- Help at home. Personal data (who, where, free text, the code word) is
-- sealed with the server's key and set to NULL when erased; what stays is
-- anonymous: kinds, place, times, status, rating.
CREATE TABLE help_requests(
  id INTEGER PRIMARY KEY,
  status TEXT NOT NULL CHECK(status IN ('open','taken','done','confirmed','cancelled','expired')),
  kinds TEXT NOT NULL,
  urgency TEXT NOT NULL CHECK(urgency IN ('today','1-2-days','this-week')),
  payment TEXT NOT NULL CHECK(payment IN ('cash-on-receipt','transfer','free-parcel')),
  channel TEXT NOT NULL CHECK(channel IN ('self','on-behalf','hotline')),
  place_id TEXT NOT NULL,
  lat REAL NOT NULL,
  lon REAL NOT NULL,
  window_start TEXT NOT NULL,
  window_end TEXT NOT NULL,
  personal TEXT,            -- sealed JSON
  code_word TEXT,           -- sealed
  consent_at TEXT NOT NULL,
  consent_by INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  requester_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  created_by INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  volunteer_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  recurrence TEXT CHECK(recurrence IN ('weekly')),
  previous_id INTEGER REFERENCES help_requests(id) ON DELETE SET NULL,
  duplicate_of INTEGER REFERENCES help_requests(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  taken_at TEXT,
  done_at TEXT,
  confirmed_at TEXT,
  closed_at TEXT,
  erased_at TEXT,
  receipt_kopecks INTEGER CHECK(receipt_kopecks >= 0),
  rating INTEGER CHECK(rating BETWEEN 1 AND 5),
  comment TEXT,             -- sealed
  volunteer_feedback TEXT,  -- sealed
  reason TEXT               -- sealed
);
CREATE INDEX help_requests_status ON help_requests(status, window_end);
CREATE INDEX help_requests_requester ON help_requests(requester_id, id);
CREATE INDEX help_requests_volunteer ON help_requests(volunteer_id, status);
CREATE INDEX help_requests_closed ON help_requests(closed_at) WHERE erased_at IS NULL;
-- One next occurrence per weekly request, whoever creates it.
CREATE UNIQUE INDEX help_requests_previous ON help_requests(previous_id);
CREATE INDEX help_requests_created ON help_requests(created_at);
CREATE TABLE help_events(
  id INTEGER PRIMARY KEY,
  request_id INTEGER NOT NULL REFERENCES help_requests(id) ON DELETE CASCADE,
  at TEXT NOT NULL,
  actor_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX help_events_request ON help_events(request_id, id);
CREATE TABLE volunteers(
  account_id INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
  first_name TEXT NOT NULL,
  phone TEXT NOT NULL,      -- sealed
  place_id TEXT NOT NULL,
  lat REAL NOT NULL,
  lon REAL NOT NULL,
  point_lat REAL,
  point_lon REAL,
  kinds TEXT NOT NULL,
  has_car INTEGER NOT NULL DEFAULT 0,
  max_km INTEGER NOT NULL CHECK(max_km BETWEEN 1 AND 100),
  status TEXT NOT NULL DEFAULT 'pending' CHECK(status IN ('pending','verified','suspended')),
  badge TEXT UNIQUE,
  id_checked INTEGER NOT NULL DEFAULT 0,
  briefed INTEGER NOT NULL DEFAULT 0,
  verified_by INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  verified_at TEXT,
  suspended_reason TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX volunteers_status ON volunteers(status);
)sql"},
    // The search index is kept on disk between runs, labelled with this
    // version; every change to what it indexes moves the version, whatever
    // code path made it (a click does not). It starts at a random number, so
    // that an index file left from another database never matches.
    Migration{5, "catalog version", R"sql(
CREATE TABLE catalog_version(
  id INTEGER PRIMARY KEY CHECK(id = 1),
  version INTEGER NOT NULL
);
INSERT INTO catalog_version(id, version) VALUES(1, (random() & 281474976710655) + 1);
CREATE TRIGGER categories_insert_version AFTER INSERT ON categories BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER categories_delete_version AFTER DELETE ON categories BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER categories_update_version AFTER UPDATE ON categories BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER organizations_insert_version AFTER INSERT ON organizations BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER organizations_delete_version AFTER DELETE ON organizations BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER organizations_update_version AFTER UPDATE ON organizations BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER service_categories_insert_version AFTER INSERT ON service_categories BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER service_categories_delete_version AFTER DELETE ON service_categories BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER service_categories_update_version AFTER UPDATE ON service_categories BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER service_audiences_insert_version AFTER INSERT ON service_audiences BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER service_audiences_delete_version AFTER DELETE ON service_audiences BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER service_audiences_update_version AFTER UPDATE ON service_audiences BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER service_platforms_insert_version AFTER INSERT ON service_platforms BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER service_platforms_delete_version AFTER DELETE ON service_platforms BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER service_platforms_update_version AFTER UPDATE ON service_platforms BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER services_insert_version AFTER INSERT ON services BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER services_delete_version AFTER DELETE ON services BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER services_update_version AFTER UPDATE OF id, name, name_en, short_description, description, description_en, url, organization_id, status, scope, district, settlement, cost, cost_note, min_age, max_age, how_to_apply, offer_text, offer_valid_until, featured, assured_at, created_at, updated_at ON services BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
)sql"},
    // Wrong guesses at a reset code: the fifth ends it.
    Migration{6, "reset code tries", R"sql(
ALTER TABLE password_resets ADD COLUMN tries INTEGER NOT NULL DEFAULT 0;
)sql"},
    // Facts about the database itself (e.g. that its digests are keyed).
    Migration{7, "settings", R"sql(
CREATE TABLE settings(
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)sql"},
    // Sign-ups waiting for the code sent to their login (half an hour at most;
    // a new sign-up forgets those whose time has passed).
    Migration{8, "pending sign-ups", R"sql(
CREATE TABLE pending_signups(
  token_hash TEXT PRIMARY KEY,
  code_hash TEXT NOT NULL,
  email TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  tries INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX pending_signups_expiry ON pending_signups(expires_at);
)sql"},
    // Attempts counted where several nodes see them (storage/sql/attempt_store.h).
    Migration{9, "attempts", R"sql(
CREATE TABLE attempts(
  id INTEGER PRIMARY KEY,
  throttle TEXT NOT NULL,
  scope TEXT NOT NULL CHECK(scope IN ('pair','account','address')),
  key TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX attempts_key ON attempts(throttle, scope, key, at);
CREATE INDEX attempts_at ON attempts(throttle, at);
)sql"},
    // Open data: the HSDS ids services and organisations are published under
    // (NULL on rows older than this: they read as the id derived from the
    // slug or name, which is what they are stored with when next written),
    // and where a proposal came from, so that an import run twice proposes
    // nothing twice.
    Migration{10, "open data ids", R"sql(
ALTER TABLE services ADD COLUMN uuid TEXT;
CREATE UNIQUE INDEX services_uuid ON services(uuid);
ALTER TABLE organizations ADD COLUMN uuid TEXT;
CREATE UNIQUE INDEX organizations_uuid ON organizations(uuid);
ALTER TABLE submissions ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE submissions ADD COLUMN source_key TEXT;
CREATE UNIQUE INDEX submissions_source_key ON submissions(source_key);
)sql"},
    // The catalog's change feed (storage/sqlite/change_feed.h): a command
    // (`doma import`, `doma seed`) writes the catalog beside a running
    // server, which follows these rows. One row per service or per the
    // categories: a change moves its key's row to the end (delete, insert:
    // not INSERT OR REPLACE, which an upsert's own conflict policy overrides
    // inside its triggers), so the table holds no more rows than services.
    // A service's lists and phones are written only with its row, whose
    // updated_at moves with every write: its trigger stands for them (one
    // per child row made a 20,000-service seed four times slower).
    Migration{11, "catalog change feed", R"sql(
CREATE TABLE changes(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  kind TEXT NOT NULL CHECK(kind IN ('service','category')),
  key INTEGER NOT NULL DEFAULT 0,
  UNIQUE(kind, key)
);
CREATE INDEX changes_at ON changes(at);
CREATE TRIGGER services_insert_changed AFTER INSERT ON services BEGIN DELETE FROM changes WHERE kind = 'service' AND key = NEW.seq; INSERT INTO changes(kind, key) VALUES('service', NEW.seq); END;
CREATE TRIGGER services_delete_changed AFTER DELETE ON services BEGIN DELETE FROM changes WHERE kind = 'service' AND key = OLD.seq; INSERT INTO changes(kind, key) VALUES('service', OLD.seq); END;
CREATE TRIGGER services_update_changed AFTER UPDATE OF id, name, name_en, short_description, description, description_en, url, organization_id, status, scope, district, settlement, cost, cost_note, min_age, max_age, how_to_apply, offer_text, offer_valid_until, featured, assured_at, created_at, updated_at, uuid ON services BEGIN DELETE FROM changes WHERE kind = 'service' AND key = NEW.seq; INSERT INTO changes(kind, key) VALUES('service', NEW.seq); END;
CREATE TRIGGER organizations_update_changed AFTER UPDATE OF name, website ON organizations BEGIN DELETE FROM changes WHERE kind = 'service' AND key IN (SELECT seq FROM services WHERE organization_id = NEW.id); INSERT INTO changes(kind, key) SELECT 'service', seq FROM services WHERE organization_id = NEW.id; END;
CREATE INDEX services_organization ON services(organization_id);
CREATE TRIGGER categories_insert_changed AFTER INSERT ON categories BEGIN DELETE FROM changes WHERE kind = 'category' AND key = 0; INSERT INTO changes(kind, key) VALUES('category', 0); END;
CREATE TRIGGER categories_update_changed AFTER UPDATE ON categories BEGIN DELETE FROM changes WHERE kind = 'category' AND key = 0; INSERT INTO changes(kind, key) VALUES('category', 0); END;
CREATE TRIGGER categories_delete_changed AFTER DELETE ON categories BEGIN DELETE FROM changes WHERE kind = 'category' AND key = 0; INSERT INTO changes(kind, key) VALUES('category', 0); END;
)sql"},
    // Clicks out per month and where the person came from (a poster's QR
    // code, a share link, the widget): what /stats shows the editors.
    Migration{12, "click sources", R"sql(
CREATE TABLE click_sources(
  month TEXT NOT NULL,
  source TEXT NOT NULL,
  clicks INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(month, source)
) WITHOUT ROWID;
)sql"},
    // The weekly digest of new services: subscriptions without an account,
    // confirmed twice (double opt-in) and left with one click; the address
    // and the unsubscribe token are sealed. An outbox message may carry its
    // mailing's unsubscribe address (List-Unsubscribe), sealed too.
    Migration{13, "digest", R"sql(
CREATE TABLE digest_subscriptions(
  id INTEGER PRIMARY KEY,
  channel TEXT NOT NULL CHECK(channel IN ('email','sms')),
  address TEXT NOT NULL,            -- sealed
  address_hash TEXT NOT NULL,       -- keyed digest: an SMS reply "СТОП" finds it
  categories TEXT NOT NULL DEFAULT '',
  place_id TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK(status IN ('pending','active')),
  confirm_hash TEXT UNIQUE,
  unsubscribe_hash TEXT NOT NULL UNIQUE,
  unsubscribe_token TEXT NOT NULL,  -- sealed
  created_at TEXT NOT NULL,
  confirmed_at TEXT,
  last_sent_at TEXT
);
CREATE INDEX digest_subscriptions_due ON digest_subscriptions(status, last_sent_at);
CREATE INDEX digest_subscriptions_address ON digest_subscriptions(address_hash);
ALTER TABLE outbox ADD COLUMN unsubscribe TEXT;  -- sealed
)sql"},
    // Requests asked for without an account, until the asker's phone is
    // confirmed (by a code, or by a coordinator's call back): the request
    // as it will be stored, sealed; deleted when promoted or past its time.
    Migration{14, "help_pending", R"sql(
CREATE TABLE help_pending(
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  code_hash TEXT NOT NULL DEFAULT '',  -- empty: waits for a coordinator's call
  request TEXT NOT NULL,               -- sealed
  tries INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX help_pending_expiry ON help_pending(expires_at);
)sql"},
    // Where a card's facts were confirmed (sources), where a regional
    // service reaches (areas), a list of offers (was one per service: moved
    // over), what kind of card it is, and a status for services a resident
    // here cannot use. The status CHECK is widened in place, as SQLite's
    // documentation describes for a change that leaves every stored row
    // valid (lang_altertable, "simpler procedure"): rebuilding the table
    // inside this transaction would cascade-delete its children, because
    // foreign keys cannot be switched off within one. RESET makes this
    // connection read the new text before ALTER TABLE edits it again; the
    // ALTERs move the schema cookie for every other connection. Should the
    // stored text differ from migration 1's, the SELECT fails the migration
    // (an integer overflow) rather than leave the old CHECK in place.
    Migration{15, "catalog evidence", R"sql(
PRAGMA writable_schema=ON;
UPDATE sqlite_schema SET sql = replace(sql, '''temporarily_closed'',''defunct'')', '''temporarily_closed'',''defunct'',''unavailable_in_russia'')') WHERE type = 'table' AND name = 'services';
PRAGMA writable_schema=RESET;
SELECT CASE WHEN instr((SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'services'), 'unavailable_in_russia') > 0 THEN 0 ELSE abs(-9223372036854775808) END;
ALTER TABLE services ADD COLUMN kind TEXT NOT NULL DEFAULT 'service' CHECK(kind IN ('service','offer'));
ALTER TABLE services ADD COLUMN status_note TEXT;
ALTER TABLE services ADD COLUMN ended_at TEXT;
CREATE TABLE service_areas(
  service_seq INTEGER NOT NULL REFERENCES services(seq) ON DELETE CASCADE,
  area TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(service_seq, area)
) WITHOUT ROWID;
CREATE TABLE service_sources(
  service_seq INTEGER NOT NULL REFERENCES services(seq) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  url TEXT NOT NULL,
  note TEXT,
  PRIMARY KEY(service_seq, position)
) WITHOUT ROWID;
CREATE TABLE service_offers(
  service_seq INTEGER NOT NULL REFERENCES services(seq) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  text TEXT NOT NULL,
  valid_until TEXT,
  PRIMARY KEY(service_seq, position)
) WITHOUT ROWID;
INSERT INTO service_offers(service_seq, position, text, valid_until) SELECT seq, 0, offer_text, NULLIF(offer_valid_until, '') FROM services WHERE offer_text IS NOT NULL;
UPDATE services SET offer_text = NULL, offer_valid_until = NULL WHERE offer_text IS NOT NULL;
)sql"},
    // Online events (domain/events): proposed, published by an editor,
    // listed until they end. Lists are short (a few slugs): kept as text.
    Migration{16, "events", R"sql(
CREATE TABLE events(
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  organizer TEXT NOT NULL,
  url TEXT NOT NULL,
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL,
  categories TEXT NOT NULL,            -- slugs, space-separated
  cost TEXT NOT NULL CHECK(cost IN ('free','paid')),
  audiences TEXT NOT NULL DEFAULT '',  -- space-separated
  place TEXT NOT NULL DEFAULT '',
  service_id TEXT NOT NULL DEFAULT '',
  sources TEXT NOT NULL DEFAULT '',    -- addresses, one a line
  status TEXT NOT NULL CHECK(status IN ('pending','published','rejected')),
  created_at TEXT NOT NULL,
  proposed_by INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  decided_by INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  reject_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX events_status_end ON events(status, ends_at);
)sql"},
};

}  // namespace

Result<int> Migrate(Database& db) { return sql::ApplyMigrations(db, kMigrations); }

}  // namespace doma::storage::sqlite
