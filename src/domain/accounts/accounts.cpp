#include "domain/accounts/accounts.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/text.h"
#include "domain/accounts/messages.h"
#include "domain/accounts/permissions.h"

namespace doma::accounts {
namespace {

std::chrono::system_clock::time_point ParseIso(const std::string& s) {
  std::tm tm{};
  if (s.size() < 19 || sscanf(s.c_str(), "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                              &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
    return {};
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

Error WrongCredentials() { return Error::Invalid("login", "Неверный e-mail/телефон или пароль."); }

}  // namespace

Result<LoggedIn> Accounts::StartSession(const Account& a) {
  std::string token = secrets_.NewToken();
  Session s;
  s.id_hash = secrets_.Digest(token);
  s.account_id = a.id;
  s.created_at = clock_.NowIso();
  s.last_seen_at = s.created_at;
  if (auto r = repo_.CreateSession(s); !r) return Fail(r.error());
  return LoggedIn{a, std::move(token)};
}

namespace {

// What a sign-up form must hold; the login parsed.
Result<LoginName> CheckSignUpForm(const std::string& login, std::string_view name,
                                  const std::string& password) {
  auto ln = ParseLoginName(login);
  if (!ln) return Fail(ln.error());
  if (name.empty()) return Fail(Error::Invalid("name", "Укажите, как к вам обращаться."));
  if (!text::IsValidUtf8(name) || text::Length(name) > 100)
    return Fail(Error::Invalid("name", "Имя — не длиннее 100 символов."));
  if (!text::IsHonestText(name, false)) return Fail(Error::Invalid("name", text::kDishonestText));
  if (auto r = CheckNewPassword(password); !r) return Fail(r.error());
  return ln;
}

}  // namespace

Status Accounts::ThrottleSignUp(const std::string& address) {
  // Hashing costs a core for a moment, and every sign-up sends a message:
  // sign-ups are throttled per address before either.
  if (long long wait = throttle_.TryBegin("", "signup:" + address); wait > 0)
    return Fail(
        Error{Code::kRateLimited,
              fmt::format("Слишком много регистраций с вашего адреса. Попробуйте через {} мин.",
                          (wait + 59) / 60),
              {},
              "login"});
  return {};
}

Result<std::string> Accounts::StartSignUp(const std::string& login, const std::string& name,
                                          const std::string& password, const std::string& address) {
  std::string trimmed(text::Trim(name));
  auto ln = CheckSignUpForm(login, trimmed, password);
  if (!ln) return Fail(ln.error());
  if (auto r = ThrottleSignUp(address); !r) return Fail(r.error());
  auto hash = hasher_.Hash(password);  // hashed either way: the time tells nothing
  if (!hash) return Fail(hash.error());
  auto found = repo_.FindByLogin(*ln);
  if (!found) return Fail(found.error());
  std::string token = secrets_.NewToken();
  // Quietly, as for resets: no flood of messages to one person.
  if (signups_per_day_.TryBegin(ln->key(), "") > 0) return token;
  if (*found) {
    notify::Notification n{ln->key(), "Попытка регистрации на портале «Дома»", SignUpTriedText()};
    if (auto r = repo_.Notify(n, clock_.NowIso()); !r) return Fail(r.error());
    return token;
  }
  std::string code = secrets_.NewCode(8);
  PendingSignUp p;
  p.token_hash = secrets_.Digest(token);
  p.code_hash = secrets_.Digest(code);
  p.email = ln->email;
  p.phone = ln->phone;
  p.name = trimmed;
  p.password_hash = *hash;
  p.expires_at = FormatIso(clock_.Now() + std::chrono::minutes(30));
  notify::Notification n{ln->key(), "Код для регистрации на портале «Дома»", SignUpCodeText(code)};
  if (auto r = repo_.CreatePendingSignUp(p, n, clock_.NowIso()); !r) return Fail(r.error());
  return token;
}

Result<LoggedIn> Accounts::ConfirmSignUp(const std::string& token, const std::string& code,
                                         const std::string& address) {
  // Its own key: guesses at codes are throttled apart from logins.
  if (long long wait = throttle_.TryBegin("", "signup-code:" + address); wait > 0)
    return Fail(Error{
        Code::kRateLimited,
        fmt::format("Слишком много неверных кодов. Попробуйте через {} мин.", (wait + 59) / 60),
        {},
        "code"});
  std::string trimmed(text::Trim(code));
  std::optional<PendingSignUp> p;
  if (token.size() == 32 && trimmed.size() == 8) {
    auto taken =
        repo_.TakePendingSignUp(secrets_.Digest(token), secrets_.Digest(trimmed), clock_.NowIso());
    if (!taken) return Fail(taken.error());
    p = std::move(*taken);
  }
  if (!p)
    return Fail(Error::Invalid("code",
                               "Код неверный или устарел. Проверьте его или начните "
                               "регистрацию заново."));
  throttle_.RecordSuccess("", "signup-code:" + address);
  // Taken meanwhile (two sign-ups with one login, both confirmed): storage
  // refuses the second under its write lock.
  return CreateResident(p->email, p->phone, p->name, p->password_hash);
}

Result<LoggedIn> Accounts::SignUp(const std::string& login, const std::string& name,
                                  const std::string& password, const std::string& address) {
  std::string trimmed(text::Trim(name));
  auto ln = CheckSignUpForm(login, trimmed, password);
  if (!ln) return Fail(ln.error());
  if (auto r = ThrottleSignUp(address); !r) return Fail(r.error());
  auto taken = repo_.FindByLogin(*ln);
  if (!taken) return Fail(taken.error());
  if (*taken) return Fail(LoginTaken());
  auto hash = hasher_.Hash(password);
  if (!hash) return Fail(hash.error());
  return CreateResident(ln->email, ln->phone, trimmed, *hash);
}

Result<LoggedIn> Accounts::CreateResident(const std::string& email, const std::string& phone,
                                          const std::string& name,
                                          const std::string& password_hash) {
  Account a;
  a.email = email;
  a.phone = phone;
  a.name = name;
  a.password_hash = password_hash;
  a.roles = {Role::kResident};
  auto created = repo_.Create(a, clock_.NowIso());
  if (!created) return Fail(created.error());
  return StartSession(*created);
}

Result<Accounts::LogInOutcome> Accounts::LogIn(const std::string& login,
                                               const std::string& password,
                                               const std::string& address) {
  LogInOutcome out;
  auto ln = ParseLoginName(login);
  std::string key = ln ? ln->key() : std::string();
  // The attempt counts from here: failures need no further bookkeeping.
  if (long long wait = throttle_.TryBegin(key, address); wait > 0) {
    out.retry_after = wait;
    return out;
  }
  if (!ln) return Fail(WrongCredentials());
  auto found = repo_.FindByLogin(*ln);
  if (!found) return Fail(found.error());
  // Verify even for an unknown account, so timing does not tell which exist.
  static const std::string kDummy = hasher_.Hash("no such account, same cost").value_or("");
  bool ok =
      hasher_.Verify(*found ? (*found)->password_hash : kDummy, password) && found->has_value();
  if (!ok) return Fail(WrongCredentials());
  throttle_.RecordSuccess(key, address);
  auto session = StartSession(**found);
  if (!session) return Fail(session.error());
  if ((*found)->IsStaff())
    (void)repo_.Audit((*found)->id, "staff_login", fmt::format("account:{}", (*found)->id), "",
                      clock_.NowIso());
  out.ok = std::move(*session);
  return out;
}

Result<std::optional<Principal>> Accounts::Authenticate(const std::string& token) {
  if (token.size() != 32) return std::optional<Principal>();
  std::string hash = secrets_.Digest(token);
  auto s = repo_.FindSession(hash);
  if (!s) return Fail(s.error());
  if (!*s) return std::optional<Principal>();
  auto a = repo_.FindById((*s)->account_id);
  if (!a) return Fail(a.error());
  if (!*a) return std::optional<Principal>();
  auto now = clock_.Now();
  bool staff = (*a)->IsStaff();
  auto idle = staff ? policy_.staff_idle : policy_.idle;
  auto absolute = staff ? policy_.staff_absolute : policy_.absolute;
  if (now - ParseIso((*s)->last_seen_at) > idle || now - ParseIso((*s)->created_at) > absolute) {
    (void)repo_.DeleteSession(hash);
    return std::optional<Principal>();
  }
  // Touch at most once a minute: a page view should not always be a write.
  if (now - ParseIso((*s)->last_seen_at) > std::chrono::minutes(1))
    (void)repo_.TouchSession(hash, clock_.NowIso());
  return std::optional<Principal>(Principal{std::move(**a), hash});
}

Status Accounts::LogOut(const std::string& token) {
  if (token.size() != 32) return {};
  return repo_.DeleteSession(secrets_.Digest(token));
}

Status Accounts::LogOutEverywhere(const Principal& who) {
  return repo_.DeleteSessionsOf(who.account.id, "");
}

Status Accounts::ChangePassword(const Principal& who, const std::string& current,
                                const std::string& next) {
  std::string key = "change:" + std::to_string(who.account.id);
  if (long long wait = throttle_.TryBegin(key, ""); wait > 0)
    return Fail(
        Error{Code::kRateLimited,
              fmt::format("Слишком много попыток. Попробуйте через {} мин.", (wait + 59) / 60),
              {},
              "current_password"});
  if (!hasher_.Verify(who.account.password_hash, current))
    return Fail(Error::Invalid("current_password", "Текущий пароль указан неверно."));
  throttle_.RecordSuccess(key);
  if (auto r = CheckNewPassword(next); !r) return Fail(r.error());
  auto hash = hasher_.Hash(next);
  if (!hash) return Fail(hash.error());
  if (auto r = repo_.SetPasswordHash(who.account.id, *hash); !r) return r;
  return repo_.DeleteSessionsOf(who.account.id, who.session_hash);
}

Status Accounts::ChangeRole(const Principal& actor, long long account_id, Role role, bool grant) {
  if (!Permissions::CanManageRoles(actor.account))
    return Fail(Error{Code::kForbidden, "Менять роли может только администратор.", {}, {}});
  auto target = repo_.FindById(account_id);
  if (!target) return Fail(target.error());
  if (!*target) return Fail(Error::NotFound("Такой учётной записи нет."));
  auto roles = (*target)->roles;
  bool has = (*target)->Has(role);
  if (grant && !has) roles.push_back(role);
  if (!grant && has) {
    if (role == Role::kAdmin && account_id == actor.account.id)
      return Fail(Error::Invalid("role", "Нельзя снять роль администратора с себя."));
    roles.erase(std::remove(roles.begin(), roles.end(), role), roles.end());
  }
  if (grant == has) return {};
  if (auto r = repo_.SetRoles(account_id, roles); !r) return r;
  // A changed role changes what the sessions may do: end them.
  if (auto r = repo_.DeleteSessionsOf(account_id,
                                      account_id == actor.account.id ? actor.session_hash : "");
      !r)
    return r;
  return repo_.Audit(actor.account.id, grant ? "role_granted" : "role_revoked",
                     fmt::format("account:{}", account_id), std::string(RoleName(role)),
                     clock_.NowIso());
}

Status Accounts::GrantRole(const Principal& actor, long long account_id, Role role) {
  return ChangeRole(actor, account_id, role, true);
}
Status Accounts::RevokeRole(const Principal& actor, long long account_id, Role role) {
  return ChangeRole(actor, account_id, role, false);
}

Result<std::vector<Account>> Accounts::ListAccounts(const Principal& actor, int limit, int offset) {
  if (!Permissions::CanManageRoles(actor.account))
    return Fail(
        Error{Code::kForbidden, "Список пользователей видит только администратор.", {}, {}});
  return repo_.List(limit, offset);
}

Result<std::vector<AuditEntry>> Accounts::ListAudit(const Principal& actor, int limit, int offset) {
  if (!Permissions::CanViewAudit(actor.account))
    return Fail(Error{Code::kForbidden, "Журнал действий видит только администратор.", {}, {}});
  return repo_.ListAudit(limit, offset);
}

Status Accounts::RequestPasswordReset(const std::string& login, const std::string& address) {
  auto ln = ParseLoginName(login);
  if (!ln) return Fail(ln.error());
  // Quietly: no flood of codes to one person, nor from one address.
  if (throttle_.TryBegin("reset:" + ln->key(), "reset:" + address) > 0) return {};
  if (resets_per_day_.TryBegin(ln->key(), "") > 0) return {};
  auto found = repo_.FindByLogin(*ln);
  if (!found) return Fail(found.error());
  // One message either way, so that the time of the answer tells nothing;
  // the owner of the address learns there is no account, nobody else does.
  if (!*found)
    return repo_.Notify({ln->key(), "Смена пароля на портале «Дома»", ResetNoAccountText()},
                        clock_.NowIso());
  std::string code = secrets_.NewCode(8);
  notify::Notification n{ln->key(), "Код для смены пароля на портале «Дома»", ResetCodeText(code)};
  return repo_.CreateResetCode((*found)->id, secrets_.Digest(code),
                               FormatIso(clock_.Now() + std::chrono::minutes(30)), n,
                               clock_.NowIso());
}

Result<long long> Accounts::ResetPassword(const std::string& login, const std::string& code,
                                          const std::string& new_password,
                                          const std::string& address) {
  auto ln = ParseLoginName(login);
  if (!ln) return Fail(ln.error());
  if (auto r = CheckNewPassword(new_password); !r) return Fail(r.error());
  // Its own key: someone locking the login by guessing cannot also block the reset.
  if (long long wait = throttle_.TryBegin("code:" + ln->key(), address); wait > 0) return wait;
  auto found = repo_.FindByLogin(*ln);
  if (!found) return Fail(found.error());
  std::string trimmed(text::Trim(code));
  bool ok = false;
  if (*found && trimmed.size() == 8) {
    auto consumed = repo_.ConsumeResetCode((*found)->id, secrets_.Digest(trimmed), clock_.NowIso());
    if (!consumed) return Fail(consumed.error());
    ok = *consumed;
  }
  if (!ok) return Fail(Error::Invalid("code", "Код неверный или устарел. Запросите новый."));
  auto hash = hasher_.Hash(new_password);
  if (!hash) return Fail(hash.error());
  if (auto r = repo_.SetPasswordHash((*found)->id, *hash); !r) return Fail(r.error());
  if (auto r = repo_.DeleteSessionsOf((*found)->id, ""); !r) return Fail(r.error());
  throttle_.RecordSuccess("code:" + ln->key(), address);
  return 0;
}

Result<std::pair<ApiToken, std::string>> Accounts::IssueApiToken(const Principal& admin,
                                                                 const std::string& name) {
  if (!Permissions::CanManageRoles(admin.account))
    return Fail(Error{Code::kForbidden, "Выдавать API-токены может только администратор.", {}, {}});
  std::string_view n = text::Trim(name);
  if (n.empty() || !text::IsValidUtf8(n) || text::Length(n) > 100)
    return Fail(Error::Invalid("name", "Назовите токен (до 100 символов): для чего он."));
  std::string token = "doma_" + secrets_.NewToken();
  auto t = repo_.CreateApiToken(std::string(n), secrets_.Digest(token), admin.account.id,
                                clock_.NowIso());
  if (!t) return Fail(t.error());
  return std::make_pair(std::move(*t), std::move(token));
}

Result<std::vector<ApiToken>> Accounts::ListApiTokens(const Principal& admin) {
  if (!Permissions::CanManageRoles(admin.account))
    return Fail(Error{Code::kForbidden, "API-токены видит только администратор.", {}, {}});
  return repo_.ListApiTokens();
}

Status Accounts::RevokeApiToken(const Principal& admin, long long id) {
  if (!Permissions::CanManageRoles(admin.account))
    return Fail(Error{Code::kForbidden, "Отзывать API-токены может только администратор.", {}, {}});
  return repo_.RevokeApiToken(id, admin.account.id, clock_.NowIso());
}

Result<std::optional<ApiToken>> Accounts::AuthenticateApiToken(const std::string& token) {
  if (token.size() != 37 || !token.starts_with("doma_")) return std::optional<ApiToken>();
  return repo_.FindApiToken(secrets_.Digest(token));
}

Result<Account> Accounts::EnsureWithRole(const std::string& login, const std::string& password,
                                         Role role, const std::string& name) {
  auto ln = ParseLoginName(login);
  if (!ln) return Fail(ln.error());
  auto found = repo_.FindByLogin(*ln);
  if (!found) return Fail(found.error());
  Account a;
  if (*found) {
    a = **found;
  } else {
    if (auto r = CheckNewPassword(password); !r) return Fail(r.error());
    auto hash = hasher_.Hash(password);
    if (!hash) return Fail(hash.error());
    a.email = ln->email;
    a.phone = ln->phone;
    a.name = name.empty() ? std::string(RoleTitle(role)) : name;
    a.password_hash = *hash;
    a.roles = {Role::kResident};
    auto created = repo_.Create(a, clock_.NowIso());
    if (!created) return Fail(created.error());
    a = *created;
  }
  if (!a.Has(role)) {
    a.roles.push_back(role);
    if (auto r = repo_.SetRoles(a.id, a.roles); !r) return Fail(r.error());
    (void)repo_.Audit(0, "role_granted", fmt::format("account:{}", a.id),
                      std::string(RoleName(role)) + " (command line)", clock_.NowIso());
  }
  return a;
}

}  // namespace doma::accounts
