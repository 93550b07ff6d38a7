#include "storage/sql/rotate_key.h"

#include <fmt/format.h>

#include <tuple>
#include <vector>

namespace doma::storage::sql {

namespace {

// Every sealed column, by table, with the table's key. A sealed column added
// to a migration must be added here (the rotation test seals every kind).
struct SealedColumns {
  const char* table;
  const char* key;
  std::vector<const char*> columns;
};
const SealedColumns kSealed[] = {
    {"help_requests", "id", {"personal", "code_word", "comment", "volunteer_feedback", "reason"}},
    {"volunteers", "account_id", {"phone"}},
    {"outbox", "id", {"recipient", "subject", "body", "unsubscribe"}},
    {"digest_subscriptions", "id", {"address", "unsubscribe_token"}},
    {"submissions", "id", {"contact"}},
    {"help_pending", "id", {"request"}},
};

constexpr const char* kKeyCheck = "Doma: this database's key";

Status StoreKeyCheck(Connection& c, notify::Sealer& sealer) {
  Statement st(c,
               "INSERT INTO settings(name, value) VALUES('key_check', ?) ON CONFLICT(name) DO "
               "UPDATE SET value = excluded.value");
  st.Bind(1, sealer.Seal(kKeyCheck));
  return st.Run();
}

Result<long long> Changed(Connection& c, const std::string& sql) {
  Statement st(c, sql + " RETURNING 1");
  long long n = 0;
  for (;;) {
    auto r = st.Step();
    if (!r) return Fail(r.error());
    if (!*r) return n;
    ++n;
  }
}

}  // namespace

Result<bool> CheckKey(Database& db, notify::Sealer& sealer, bool nothing_sealed) {
  return db.Write([&](Connection& c) -> Result<bool> {
    Statement read(c, "SELECT value FROM settings WHERE name = 'key_check'");
    auto row = read.Step();
    if (!row) return Fail(row.error());
    if (!*row) {
      read.Reset();
      if (auto r = StoreKeyCheck(c, sealer); !r) return Fail(r.error());
      return true;
    }
    auto opened = sealer.Open(read.Text(0));
    if (opened.has_value() && *opened == kKeyCheck) return true;
    if (!nothing_sealed) return false;
    read.Reset();
    if (auto r = StoreKeyCheck(c, sealer); !r) return Fail(r.error());
    return true;
  });
}

Result<KeyRotation> RotateKey(Database& db, notify::Sealer& from, notify::Sealer& to,
                              const NewDigest& new_digest, const std::string& now_iso) {
  return db.Write([&](Connection& c) -> Result<KeyRotation> {
    KeyRotation out;
    // A node still running would go on sealing with the old key, and what
    // it sealed would never open again. (On SQLite the caller holds the
    // database's lock instead.)
    if (c.dialect() == Dialect::kPostgres) {
      Statement nodes(c,
                      "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                      "AND application_name = 'doma serve'");
      auto r = nodes.Step();
      if (!r) return Fail(r.error());
      if (nodes.Int(0) > 0)
        return Fail(Error::Invalid(
            "db", fmt::format("{} connections of running doma nodes to the database: stop every "
                              "node before rotating the key",
                              nodes.Int(0))));
    }
    for (const auto& t : kSealed) {
      for (const char* column : t.columns) {
        // Read first, then write: a cursor over the rows being updated would
        // see its own writes on one backend and not on the other.
        Statement read(c, fmt::format("SELECT {}, {} FROM {} WHERE {} IS NOT NULL AND {} != ''",
                                      t.key, column, t.table, column, column));
        std::vector<std::pair<long long, std::string>> values;
        for (;;) {
          auto r = read.Step();
          if (!r) return Fail(r.error());
          if (!*r) break;
          values.emplace_back(read.Int(0), read.Text(1));
        }
        Statement write(c,
                        fmt::format("UPDATE {} SET {} = ? WHERE {} = ?", t.table, column, t.key));
        for (const auto& [id, sealed] : values) {
          auto plain = from.Open(sealed);
          if (!plain) {
            if (to.Open(sealed)) {
              ++out.already;
              continue;
            }
            return Fail(Error::Invalid(
                "key-file", fmt::format("{}.{} of row {} opens with neither the key nor the new "
                                        "one: this is not the key the database was sealed with",
                                        t.table, column, id)));
          }
          write.Bind(1, to.Seal(*plain)).Bind(2, id);
          if (auto r = write.Run(); !r) return Fail(r.error());
          write.Reset();
          ++out.resealed;
        }
      }
    }
    // The digest's subscriptions are looked up by digests under the key:
    // recomputed from what they keep sealed (now under `to`).
    auto pending = Changed(c, "DELETE FROM digest_subscriptions WHERE status = 'pending'");
    if (!pending) return Fail(pending.error());
    out.digest_pending_ended = *pending;
    {
      Statement read(c, "SELECT id, address, unsubscribe_token FROM digest_subscriptions");
      std::vector<std::tuple<long long, std::string, std::string>> rows;
      for (;;) {
        auto r = read.Step();
        if (!r) return Fail(r.error());
        if (!*r) break;
        rows.emplace_back(read.Int(0), read.Text(1), read.Text(2));
      }
      Statement write(
          c,
          "UPDATE digest_subscriptions SET address_hash = ?, unsubscribe_hash = ? WHERE "
          "id = ?");
      for (const auto& [id, address, token] : rows) {
        auto a = to.Open(address);
        auto t = to.Open(token);
        if (!a || !t) return Fail(a ? t.error() : a.error());
        write.Bind(1, new_digest(*a)).Bind(2, new_digest(*t)).Bind(3, id);
        if (auto r = write.Run(); !r) return Fail(r.error());
        write.Reset();
        ++out.digest_rekeyed;
      }
    }
    // A request waiting for its code is found by its token's digest, which
    // the new key changes: it ends (the asker starts again). One waiting for
    // a coordinator's call is kept, resealed above.
    if (auto n = Changed(c, "DELETE FROM help_pending WHERE code_hash <> ''"); !n)
      return Fail(n.error());
    for (const char* table : {"sessions", "password_resets", "pending_signups"}) {
      auto n = Changed(c, fmt::format("DELETE FROM {}", table));
      if (!n) return Fail(n.error());
      out.sessions_ended += *n;
    }
    Statement revoke(c,
                     "UPDATE api_tokens SET revoked_at = ? WHERE revoked_at IS NULL RETURNING 1");
    revoke.Bind(1, now_iso);
    for (;;) {
      auto r = revoke.Step();
      if (!r) return Fail(r.error());
      if (!*r) break;
      ++out.tokens_revoked;
    }
    if (auto r = StoreKeyCheck(c, to); !r) return Fail(r.error());
    return out;
  });
}

}  // namespace doma::storage::sql
