#include "storage/sql/attempt_store.h"

#include <algorithm>
#include <set>

#include "core/clock.h"
#include "domain/help/fields.h"

namespace doma::storage::sql {
namespace {

// The three counts of AttemptThrottle, as rows of `attempts`: a login name
// from one address (pair), a login name from anywhere (account), and one
// address (address). Keys are digests; a pair's key starts with its login's.
struct Keys {
  std::string pair, account, address;
};

Keys KeysOf(const std::function<std::string(const std::string&)>& digest,
            const std::string& login_key, const std::string& address) {
  Keys k;
  if (!login_key.empty()) {
    k.account = digest(login_key);
    k.pair = k.account + ":" + (address.empty() ? "" : digest(address));
  }
  if (!address.empty()) k.address = digest(address);
  return k;
}

Status Insert(Connection& c, const std::string& throttle, const Keys& k, const std::string& at) {
  Statement st(c, "INSERT INTO attempts(throttle, scope, key, at) VALUES(?, ?, ?, ?)");
  for (auto [scope, key] : {std::pair{"pair", &k.pair}, std::pair{"account", &k.account},
                            std::pair{"address", &k.address}}) {
    if (key->empty()) continue;
    st.Bind(1, throttle).Bind(2, scope).Bind(3, *key).Bind(4, at);
    if (auto r = st.Run(); !r) return r;
  }
  return {};
}

}  // namespace

Result<long long> SqlAttemptStore::Begin(const std::string& throttle, const std::string& login_key,
                                         const std::string& address,
                                         const accounts::ThrottlePolicy& policy,
                                         std::chrono::system_clock::time_point now, bool count) {
  Keys k = KeysOf(digest_, login_key, address);
  const std::string now_iso = FormatIso(now);
  const std::string cutoff = FormatIso(now - policy.window);
  auto begin = [&](Connection& c) -> Result<long long> {
    if (count && c.dialect() == Dialect::kPostgres) {
      // Two nodes counting the same login or address at once: one after
      // the other (in one order, so that they cannot deadlock).
      std::set<std::string> locks;
      for (const std::string* key : {&k.account, &k.address})
        if (!key->empty()) locks.insert(throttle + "/" + *key);
      Statement lock(c, "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))");
      for (const auto& key : locks) {
        lock.Bind(1, key);
        if (auto r = lock.Run(); !r) return Fail(r.error());
      }
    }
    Statement st(
        c,
        "SELECT count(*), COALESCE(min(at), '') FROM attempts WHERE throttle = ? AND scope "
        "= ? AND key = ? AND at > ?");
    long long wait = 0;
    for (auto [scope, key, limit] :
         {std::tuple{"pair", &k.pair, policy.per_account},
          std::tuple{"account", &k.account, policy.per_account_any_address},
          std::tuple{"address", &k.address, policy.per_address}}) {
      if (key->empty()) continue;
      st.Bind(1, throttle).Bind(2, scope).Bind(3, *key).Bind(4, cutoff);
      auto row = st.Step();
      if (!row) return Fail(row.error());
      long long n = st.Int(0);
      std::string oldest = st.Text(1);
      st.Reset();
      std::chrono::system_clock::time_point first;
      if (n < limit || !help::ParseIso(oldest, first)) continue;
      auto left = std::chrono::duration_cast<std::chrono::seconds>(first + policy.window - now);
      wait = std::max({wait, 1LL, static_cast<long long>(left.count())});
    }
    if (wait > 0 || !count) return wait;
    // What has left every window goes, a little at a time.
    Statement old(c, "DELETE FROM attempts WHERE throttle = ? AND at <= ?");
    old.Bind(1, throttle).Bind(2, cutoff);
    if (auto r = old.Run(); !r) return Fail(r.error());
    if (auto r = Insert(c, throttle, k, now_iso); !r) return Fail(r.error());
    return 0LL;
  };
  return count ? db_->Write(begin) : db_->Read(begin);
}

Status SqlAttemptStore::Count(const std::string& throttle, const std::string& login_key,
                              const std::string& address,
                              std::chrono::system_clock::time_point now) {
  Keys k = KeysOf(digest_, login_key, address);
  return db_->Write([&](Connection& c) { return Insert(c, throttle, k, FormatIso(now)); });
}

Status SqlAttemptStore::Succeeded(const std::string& throttle, const std::string& login_key,
                                  const std::string& address) {
  Keys k = KeysOf(digest_, login_key, address);
  return db_->Write([&](Connection& c) -> Status {
    if (!k.account.empty()) {
      // This address's tries of the login, or the login's from everywhere.
      Statement pairs(c, address.empty()
                             ? "DELETE FROM attempts WHERE throttle = ? AND scope = 'pair' AND key "
                               "LIKE ? || ':%'"
                             : "DELETE FROM attempts WHERE throttle = ? AND scope = 'pair' AND key "
                               "= ?");
      pairs.Bind(1, throttle).Bind(2, address.empty() ? k.account : k.pair);
      if (auto r = pairs.Run(); !r) return r;
      Statement account(
          c, "DELETE FROM attempts WHERE throttle = ? AND scope = 'account' AND key = ?");
      account.Bind(1, throttle).Bind(2, k.account);
      if (auto r = account.Run(); !r) return r;
    }
    if (k.address.empty()) return {};
    // The address's own attempt is taken back; its others still count.
    Statement last(
        c,
        "DELETE FROM attempts WHERE id = (SELECT id FROM attempts WHERE throttle = ? AND "
        "scope = 'address' AND key = ? ORDER BY at DESC, id DESC LIMIT 1)");
    last.Bind(1, throttle).Bind(2, k.address);
    return last.Run();
  });
}

}  // namespace doma::storage::sql
