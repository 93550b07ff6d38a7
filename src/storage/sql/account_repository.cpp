#include "storage/sql/account_repository.h"

#include <fmt/format.h>

#include <functional>

#include "storage/sql/audit_log.h"
#include "storage/sql/outbox_repository.h"

namespace doma::storage::sql {

using accounts::Account;
using accounts::Role;

Result<std::vector<Account>> SqlAccountRepository::Query(
    const std::string& where, const std::function<void(Statement&)>& bind) {
  auto c = db_->Reader();
  if (!c) return Fail(c.error());
  Statement st(**c,
               "SELECT id, COALESCE(email, ''), COALESCE(phone, ''), name, password_hash, "
               "created_at FROM accounts " +
                   where);
  bind(st);
  auto out = AllRows<Account>(st, [&] {
    Account a;
    a.id = st.Int(0);
    a.email = st.Text(1);
    a.phone = st.Text(2);
    a.name = st.Text(3);
    a.password_hash = st.Text(4);
    a.created_at = st.Text(5);
    return a;
  });
  if (!out) return out;
  Statement roles(**c, "SELECT account_id, role FROM account_roles WHERE account_id = ?");
  for (auto& a : *out) {
    roles.Bind(1, a.id);
    if (auto e = ForEachRow(roles,
                            [&] {
                              Role r;
                              if (accounts::ParseRole(roles.Text(1), r)) a.roles.push_back(r);
                            });
        !e)
      return Fail(e.error());
    roles.Reset();
  }
  return out;
}

Result<Account> SqlAccountRepository::Create(const Account& in, const std::string& now_iso) {
  return db_->Write([&](Connection& c) -> Result<Account> {
    Statement exists(c, "SELECT 1 FROM accounts WHERE email = ?1 OR phone = ?2");
    exists.BindText(1, in.email).BindText(2, in.phone);
    auto row = exists.Step();
    if (!row) return Fail(row.error());
    if (*row) return Fail(accounts::LoginTaken());
    Statement st(c,
                 "INSERT INTO accounts(email, phone, name, password_hash, created_at) VALUES(?, ?, "
                 "?, ?, ?) RETURNING id");
    st.BindText(1, in.email)
        .BindText(2, in.phone)
        .Bind(3, in.name)
        .Bind(4, in.password_hash)
        .Bind(5, now_iso);
    auto r = st.Step();
    if (!r) return Fail(r.error());
    Account a = in;
    a.id = st.Int(0);
    a.created_at = now_iso;
    st.Reset();
    Statement role(c, "INSERT INTO account_roles(account_id, role) VALUES(?, ?)");
    for (Role ro : a.roles) {
      role.Bind(1, a.id).Bind(2, accounts::RoleName(ro));
      if (auto e = role.Run(); !e) return Fail(e.error());
    }
    return a;
  });
}

Result<std::optional<Account>> SqlAccountRepository::FindByLogin(const accounts::LoginName& login) {
  auto r = login.email.empty()
               ? Query("WHERE phone = ?", [&](Statement& s) { s.Bind(1, login.phone); })
               : Query("WHERE email = ?", [&](Statement& s) { s.Bind(1, login.email); });
  if (!r) return Fail(r.error());
  if (r->empty()) return std::optional<Account>();
  return std::optional<Account>(std::move(r->front()));
}

Result<std::optional<Account>> SqlAccountRepository::FindById(long long id) {
  auto r = Query("WHERE id = ?", [&](Statement& s) { s.Bind(1, id); });
  if (!r) return Fail(r.error());
  if (r->empty()) return std::optional<Account>();
  return std::optional<Account>(std::move(r->front()));
}

Result<std::vector<Account>> SqlAccountRepository::List(int limit, int offset) {
  return Query("ORDER BY id LIMIT ? OFFSET ?", [&](Statement& s) {
    s.Bind(1, static_cast<long long>(limit)).Bind(2, static_cast<long long>(offset));
  });
}

Status SqlAccountRepository::SetPasswordHash(long long id, const std::string& hash) {
  return db_->Write([&](Connection& c) -> Status {
    Statement st(c, "UPDATE accounts SET password_hash = ? WHERE id = ?");
    st.Bind(1, hash).Bind(2, id);
    return st.Run();
  });
}

Status SqlAccountRepository::SetRoles(long long id, const std::vector<Role>& roles) {
  return db_->Write([&](Connection& c) -> Status {
    Statement del(c, "DELETE FROM account_roles WHERE account_id = ?");
    del.Bind(1, id);
    if (auto r = del.Run(); !r) return r;
    Statement ins(
        c, "INSERT INTO account_roles(account_id, role) VALUES(?, ?) ON CONFLICT DO NOTHING");
    for (Role r : roles) {
      ins.Bind(1, id).Bind(2, accounts::RoleName(r));
      if (auto e = ins.Run(); !e) return e;
    }
    return {};
  });
}

Status SqlAccountRepository::CreateSession(const accounts::Session& s) {
  return db_->Write([&](Connection& c) -> Status {
    Statement st(
        c,
        "INSERT INTO sessions(id_hash, account_id, created_at, last_seen_at) VALUES(?, ?, ?, ?)");
    st.Bind(1, s.id_hash).Bind(2, s.account_id).Bind(3, s.created_at).Bind(4, s.last_seen_at);
    return st.Run();
  });
}

Result<std::optional<accounts::Session>> SqlAccountRepository::FindSession(
    const std::string& id_hash) {
  return db_->First<accounts::Session>(
      "SELECT id_hash, account_id, created_at, last_seen_at FROM sessions WHERE id_hash = ?",
      [](Statement& st) {
        return accounts::Session{st.Text(0), st.Int(1), st.Text(2), st.Text(3)};
      },
      id_hash);
}

Status SqlAccountRepository::TouchSession(const std::string& id_hash, const std::string& now_iso) {
  return db_->Write([&](Connection& c) -> Status {
    Statement st(c, "UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?");
    st.Bind(1, now_iso).Bind(2, id_hash);
    return st.Run();
  });
}

Status SqlAccountRepository::DeleteSession(const std::string& id_hash) {
  return db_->Write([&](Connection& c) -> Status {
    Statement st(c, "DELETE FROM sessions WHERE id_hash = ?");
    st.Bind(1, id_hash);
    return st.Run();
  });
}

Status SqlAccountRepository::DeleteSessionsOf(long long account_id, const std::string& keep_hash) {
  return db_->Write([&](Connection& c) -> Status {
    Statement st(c, "DELETE FROM sessions WHERE account_id = ? AND id_hash != ?");
    st.Bind(1, account_id).Bind(2, keep_hash);
    return st.Run();
  });
}

Status SqlAccountRepository::Audit(long long actor_id, const std::string& action,
                                   const std::string& target, const std::string& detail,
                                   const std::string& now_iso) {
  return db_->Write([&](Connection& c) -> Status {
    return AppendAudit(c, now_iso, actor_id, action, target, detail);
  });
}

Result<std::vector<accounts::AuditEntry>> SqlAccountRepository::ListAudit(int limit, int offset) {
  return db_->All<accounts::AuditEntry>(
      "SELECT l.at, COALESCE(l.actor_id, 0), COALESCE(a.name, ''), l.action, l.target, l.detail "
      "FROM audit_log l LEFT JOIN accounts a ON a.id = l.actor_id ORDER BY l.id DESC LIMIT ? "
      "OFFSET ?",
      [](Statement& st) {
        return accounts::AuditEntry{st.Text(0), st.Int(1),  st.Text(2),
                                    st.Text(3), st.Text(4), st.Text(5)};
      },
      static_cast<long long>(limit), static_cast<long long>(offset));
}

Result<accounts::ApiToken> SqlAccountRepository::CreateApiToken(const std::string& name,
                                                                const std::string& token_hash,
                                                                long long admin_id,
                                                                const std::string& now_iso) {
  return db_->Write([&](Connection& c) -> Result<accounts::ApiToken> {
    Statement st(c,
                 "INSERT INTO api_tokens(name, token_hash, created_by, created_at) VALUES(?, ?, ?, "
                 "?) RETURNING id");
    st.Bind(1, name).Bind(2, token_hash).Bind(3, admin_id).Bind(4, now_iso);
    auto row = st.Step();
    if (!row) return Fail(row.error());
    accounts::ApiToken t{st.Int(0), name, now_iso, "", admin_id};
    st.Reset();
    if (auto r = AppendAudit(c, now_iso, admin_id, "api_token_issued",
                             "api_token:" + std::to_string(t.id), name);
        !r)
      return Fail(r.error());
    return t;
  });
}

Result<std::vector<accounts::ApiToken>> SqlAccountRepository::ListApiTokens() {
  return db_->All<accounts::ApiToken>(
      "SELECT id, name, created_at, COALESCE(revoked_at, ''), COALESCE(created_by, 0) FROM "
      "api_tokens ORDER BY id DESC",
      [](Statement& st) {
        return accounts::ApiToken{st.Int(0), st.Text(1), st.Text(2), st.Text(3), st.Int(4)};
      });
}

Status SqlAccountRepository::RevokeApiToken(long long id, long long admin_id,
                                            const std::string& now_iso) {
  return db_->Write([&](Connection& c) -> Status {
    Statement st(
        c, "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL RETURNING id");
    st.Bind(1, now_iso).Bind(2, id);
    auto row = st.Step();
    if (!row) return Fail(row.error());
    if (!*row) return Fail(Error::NotFound("Такого действующего токена нет."));
    st.Reset();
    return AppendAudit(c, now_iso, admin_id, "api_token_revoked", "api_token:" + std::to_string(id),
                       "");
  });
}

Result<std::optional<accounts::ApiToken>> SqlAccountRepository::FindApiToken(
    const std::string& token_hash) {
  return db_->First<accounts::ApiToken>(
      "SELECT id, name, created_at, COALESCE(created_by, 0) FROM api_tokens WHERE token_hash = ? "
      "AND revoked_at IS NULL",
      [](Statement& st) {
        return accounts::ApiToken{st.Int(0), st.Text(1), st.Text(2), "", st.Int(3)};
      },
      token_hash);
}

Status SqlAccountRepository::CreateResetCode(long long account_id, const std::string& code_hash,
                                             const std::string& expires_iso,
                                             const notify::Notification& message,
                                             const std::string& now_iso) {
  return db_->Write([&](Connection& c) -> Status {
    // A new code replaces the ones sent before.
    Statement old(
        c, "UPDATE password_resets SET used_at = ? WHERE account_id = ? AND used_at IS NULL");
    old.Bind(1, now_iso).Bind(2, account_id);
    if (auto r = old.Run(); !r) return r;
    Statement st(c,
                 "INSERT INTO password_resets(account_id, code_hash, expires_at, created_at) "
                 "VALUES(?, ?, ?, ?)");
    st.Bind(1, account_id).Bind(2, code_hash).Bind(3, expires_iso).Bind(4, now_iso);
    if (auto r = st.Run(); !r) return r;
    return Enqueue(c, {message}, sealer_, now_iso);
  });
}

Result<bool> SqlAccountRepository::ConsumeResetCode(long long account_id,
                                                    const std::string& code_hash,
                                                    const std::string& now_iso) {
  return db_->Write([&](Connection& c) -> Result<bool> {
    Statement st(c,
                 "UPDATE password_resets SET used_at = ?1 WHERE account_id = ?2 AND code_hash = ?3 "
                 "AND used_at IS NULL "
                 "AND expires_at > ?1 RETURNING id");
    st.Bind(1, now_iso).Bind(2, account_id).Bind(3, code_hash);
    auto row = st.Step();
    if (!row) return Fail(row.error());
    bool ok = *row;
    st.Reset();
    if (ok) return true;
    // A wrong guess counts against the live code: the fifth kills it.
    Statement miss(c,
                   "UPDATE password_resets SET tries = tries + 1, used_at = CASE WHEN tries + 1 >= "
                   "5 THEN ?1 END WHERE account_id = ?2 AND used_at IS NULL AND expires_at > ?1");
    miss.Bind(1, now_iso).Bind(2, account_id);
    if (auto r = miss.Run(); !r) return Fail(r.error());
    return false;
  });
}

namespace {
// Personal data of sign-ups never finished does not stay; how many went.
Result<int> DeleteExpiredSignUps(Connection& c, const std::string& now_iso) {
  Statement st(c, "DELETE FROM pending_signups WHERE expires_at <= ? RETURNING 1");
  st.Bind(1, now_iso);
  auto n = CountRows(st);
  if (!n) return Fail(n.error());
  return static_cast<int>(*n);
}
}  // namespace

Status SqlAccountRepository::CreatePendingSignUp(const accounts::PendingSignUp& p,
                                                 const notify::Notification& message,
                                                 const std::string& now_iso) {
  return db_->Write([&](Connection& c) -> Status {
    if (auto r = DeleteExpiredSignUps(c, now_iso); !r) return Fail(r.error());
    Statement st(c,
                 "INSERT INTO pending_signups(token_hash, code_hash, email, phone, name, "
                 "password_hash, expires_at) VALUES(?, ?, ?, ?, ?, ?, ?)");
    st.Bind(1, p.token_hash)
        .Bind(2, p.code_hash)
        .Bind(3, p.email)
        .Bind(4, p.phone)
        .Bind(5, p.name)
        .Bind(6, p.password_hash)
        .Bind(7, p.expires_at);
    if (auto r = st.Run(); !r) return r;
    return Enqueue(c, {message}, sealer_, now_iso);
  });
}

Result<std::optional<accounts::PendingSignUp>> SqlAccountRepository::TakePendingSignUp(
    const std::string& token_hash, const std::string& code_hash, const std::string& now_iso) {
  using Pending = std::optional<accounts::PendingSignUp>;
  return db_->Write([&](Connection& c) -> Result<Pending> {
    Statement st(c,
                 "DELETE FROM pending_signups WHERE token_hash = ?1 AND code_hash = ?2 AND "
                 "expires_at > ?3 RETURNING email, phone, name, password_hash, expires_at");
    st.Bind(1, token_hash).Bind(2, code_hash).Bind(3, now_iso);
    auto row = st.Step();
    if (!row) return Fail(row.error());
    if (*row) {
      accounts::PendingSignUp p{token_hash, code_hash,  st.Text(0), st.Text(1),
                                st.Text(2), st.Text(3), st.Text(4)};
      st.Reset();
      return Pending(std::move(p));
    }
    st.Reset();
    // A wrong guess counts against the sign-up: the fifth ends it.
    Statement miss(c, "UPDATE pending_signups SET tries = tries + 1 WHERE token_hash = ?");
    miss.Bind(1, token_hash);
    if (auto r = miss.Run(); !r) return Fail(r.error());
    Statement dead(c, "DELETE FROM pending_signups WHERE token_hash = ? AND tries >= 5");
    dead.Bind(1, token_hash);
    if (auto r = dead.Run(); !r) return Fail(r.error());
    return Pending();
  });
}

Result<int> SqlAccountRepository::ForgetExpiredSignUps(const std::string& now_iso) {
  return db_->Write([&](Connection& c) -> Result<int> { return DeleteExpiredSignUps(c, now_iso); });
}

Status SqlAccountRepository::Notify(const notify::Notification& message,
                                    const std::string& now_iso) {
  return db_->Write(
      [&](Connection& c) -> Status { return Enqueue(c, {message}, sealer_, now_iso); });
}

Result<int> SqlAccountRepository::KeyDigests(
    const std::function<std::string(const std::string&)>& keyed) {
  return db_->Write([&](Connection& c) -> Result<int> {
    // Claimed first: two nodes starting together must not both key the
    // digests (the second would key them twice). The second waits here for
    // the first to commit, then finds the row and does nothing.
    Statement claim(c,
                    "INSERT INTO settings(name, value) VALUES('digests', 'keyed') ON CONFLICT DO "
                    "NOTHING RETURNING 1");
    auto mine = CountRows(claim);
    if (!mine) return Fail(mine.error());
    if (*mine == 0) return 0;
    int replaced = 0;
    for (auto [table, column] :
         {std::pair{"sessions", "id_hash"}, std::pair{"password_resets", "code_hash"},
          std::pair{"api_tokens", "token_hash"}}) {
      Statement all(c, fmt::format("SELECT {} FROM {}", column, table));
      auto old = AllRows<std::string>(all, [&] { return all.Text(0); });
      if (!old) return Fail(old.error());
      Statement set(c, fmt::format("UPDATE {} SET {} = ?1 WHERE {} = ?2", table, column, column));
      for (const auto& h : *old) {
        set.Bind(1, keyed(h)).Bind(2, h);
        if (auto r = set.Run(); !r) return Fail(r.error());
        ++replaced;
      }
    }
    return replaced;
  });
}

}  // namespace doma::storage::sql
