#include "web/account_pages.h"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <charconv>

#include "core/log.h"
#include "core/text.h"
#include "http/status.h"
#include "web/form.h"
#include "web/format.h"
#include "web/pages.h"

namespace doma::web {
namespace json = boost::json;
using accounts::Role;

namespace {

// A local path to return to after login; anything else goes home.
// Only a plain local path: no scheme, no "//host", no control characters,
// spaces or backslashes anywhere (browsers drop a tab and read "/\t/evil" as
// "//evil"; a CR/LF would end the Location header).
std::string SafeNext(const std::string& next) {
  if (next.empty() || next.size() > 512 || next[0] != '/' || (next.size() > 1 && next[1] == '/'))
    return "/account";
  for (unsigned char c : next)
    if (c <= 0x20 || c == 0x7F || c == '\\') return "/account";
  return next;
}

}  // namespace

json::object TitledPage(const Views& views, const http::Request& req,
                        const std::string& title_key) {
  return json::object{{"title", views.T(LocaleFor(req).lang, title_key)}};
}

http::Response PrivatePage(WebAuth& auth, const Views& views, http::Request& req, int status,
                           const std::string& name, json::object page) {
  auth.Csrf(req);
  http::Response r = views.Page(status, name, std::move(page), req);
  r.Header("Cache-Control", "no-store");
  return r;
}

http::Response AccountPages::TooManyTries(http::Request& req, const std::string& name,
                                          json::object page, const std::string& field,
                                          fmt::format_string<long long> message,
                                          long long retry_after) {
  page[field] = fmt::format(message, (retry_after + 59) / 60);
  auto res = Render(req, 429, name, std::move(page));
  res.Header("Retry-After", std::to_string(retry_after));
  return res;
}

http::Response AccountPages::NeedLogin(http::Request& req) {
  return http::Response::Redirect(
      303, "/login?next=" + std::string(req.path == "/account" ? "%2Faccount" : "%2F"));
}

http::Response AccountPages::SignUpForm(http::Request& req, const Who& who) {
  if (who) return http::Response::Redirect(303, "/account");
  json::object page = TitledPage(views_, req, "signup.title");
  page["next"] = SafeNext(std::string(req.Query("next").value_or("")));
  return Render(req, 200, "signup", std::move(page));
}

http::Response AccountPages::SignUp(http::Request& req, const Who&) {
  std::string login = Field(req, "login"), name = Field(req, "name");
  std::string password = Field(req, "password"), again = Field(req, "password_again");
  json::object page = TitledPage(views_, req, "signup.title");
  page["login"] = login;
  page["name"] = name;
  // Where the person was going before signing up: kept through both steps.
  const std::string after = SafeNext(Field(req, "next"));
  page["next"] = after;
  auto fail = [&](const std::string& field, const std::string& message, int status) {
    page["error_" + field] = message;
    page["has_errors"] = true;
    return Render(req, status, "signup", std::move(page));
  };
  if (password != again) return fail("password_again", "Пароли не совпадают.", 400);
  auto token = auth_.accounts().StartSignUp(login, name, password, req.client_address);
  if (!token) {
    std::string field = token.error().field.empty() ? "login" : token.error().field;
    return fail(field, token.error().public_message, http::StatusFor(token.error().code));
  }
  // The same page whether the login is new (a code was sent) or has an
  // account (a note was sent): it tells nobody which.
  json::object next = TitledPage(views_, req, "signup_code.title");
  next["login"] = login;
  next["signup"] = *token;
  next["next"] = after;
  return Render(req, 200, "signup_code", std::move(next));
}

http::Response AccountPages::ConfirmSignUp(http::Request& req, const Who&) {
  auto r =
      auth_.accounts().ConfirmSignUp(Field(req, "signup"), Field(req, "code"), req.client_address);
  if (!r) {
    if (r.error().code != Code::kInvalidArgument && r.error().code != Code::kRateLimited &&
        r.error().code != Code::kConflict)
      return pages_.FromError(req, r.error());
    json::object page = TitledPage(views_, req, "signup_code.title");
    page["login"] = Field(req, "login");
    page["signup"] = Field(req, "signup");
    page["next"] = SafeNext(Field(req, "next"));
    page["error_code"] = r.error().public_message;
    page["has_errors"] = true;
    return Render(req, http::StatusFor(r.error().code), "signup_code", std::move(page));
  }
  const std::string next = SafeNext(Field(req, "next"));
  auto res = http::Response::Redirect(303, next);
  res.Header("Set-Cookie", auth_.SessionCookie(r->token));
  return res;
}

http::Response AccountPages::LoginForm(http::Request& req, const Who& who) {
  if (who) return http::Response::Redirect(303, "/account");
  json::object page = TitledPage(views_, req, "login.title");
  const std::string next = SafeNext(std::string(req.Query("next").value_or("")));
  page["next"] = next;
  // Sent here on the way to a page: say why, and keep the way through sign-up.
  page["why"] = next != "/account";
  page["next_encoded"] = text::PercentEncode(next, "-_.~/");
  page["after_reset"] = req.Query("reset").has_value();
  return Render(req, 200, "login", std::move(page));
}

http::Response AccountPages::Login(http::Request& req, const Who&) {
  std::string login = Field(req, "login");
  json::object page = TitledPage(views_, req, "login.title");
  page.insert({{"login", login}, {"next", SafeNext(Field(req, "next"))}});
  auto r = auth_.accounts().LogIn(login, Field(req, "password"), req.client_address);
  if (!r) {
    if (r.error().code != Code::kInvalidArgument) return pages_.FromError(req, r.error());
    page["error"] = r.error().public_message;
    return Render(req, 400, "login", std::move(page));
  }
  if (r->retry_after > 0) {
    return TooManyTries(req, "login", std::move(page), "error",
                        "Слишком много неудачных попыток. Попробуйте через {} мин.",
                        r->retry_after);
  }
  auto res = http::Response::Redirect(303, SafeNext(Field(req, "next")));
  res.Header("Set-Cookie", auth_.SessionCookie(r->ok->token));
  res.Header("Cache-Control", "no-store");
  return res;
}

http::Response AccountPages::Logout(http::Request& req, const Who&) {
  if (auto token = req.Cookie(auth_.SessionCookieName())) (void)auth_.accounts().LogOut(*token);
  auto res = http::Response::Redirect(303, "/");
  res.Header("Set-Cookie", auth_.ClearSessionCookie());
  return res;
}

// The account page's data; `who` is signed in.
json::object AccountPages::AccountData(const http::Request& req,
                                       const accounts::Principal& who) const {
  const auto& a = who.account;
  json::object page;
  std::string lang = LocaleFor(req).lang;
  page["title"] = views_.T(lang, "account.title");
  page["name"] = a.name;
  page["login_name"] = a.email.empty() ? a.phone : a.email;
  json::array roles;
  for (Role r : a.roles)
    roles.emplace_back(views_.T(lang, "role." + std::string(accounts::RoleName(r))));
  page["roles"] = std::move(roles);
  page["is_admin"] = a.Has(Role::kAdmin);
  return page;
}

http::Response AccountPages::Account(http::Request& req, const Who& who) {
  if (!who) return NeedLogin(req);
  json::object page = AccountData(req, *who);
  if (auto done = req.Query("done"); done && *done == "password")
    page["notice"] = "Пароль изменён. Другие сеансы завершены.";
  return Render(req, 200, "account", std::move(page));
}

http::Response AccountPages::ChangePassword(http::Request& req, const Who& who) {
  if (!who) return NeedLogin(req);
  std::string next = Field(req, "new_password");
  auto r = next != Field(req, "new_password_again")
               ? Status(Fail(Error::Invalid("new_password_again", "Новые пароли не совпадают.")))
               : auth_.accounts().ChangePassword(*who, Field(req, "current_password"), next);
  if (!r) {
    json::object page = AccountData(req, *who);
    std::string field = r.error().field == "password" ? "new_password" : r.error().field;
    page["error_" + field] = r.error().public_message;
    page["has_errors"] = true;
    return Render(req, http::StatusFor(r.error().code), "account", std::move(page));
  }
  return http::Response::Redirect(303, "/account?done=password");
}

http::Response AccountPages::LogoutEverywhere(http::Request& req, const Who& who) {
  if (!who) return NeedLogin(req);
  if (auto r = auth_.accounts().LogOutEverywhere(*who); !r) return pages_.FromError(req, r.error());
  auto res = http::Response::Redirect(303, "/");
  res.Header("Set-Cookie", auth_.ClearSessionCookie());
  return res;
}

http::Response AccountPages::Users(http::Request& req, const Who& who) {
  if (!who) return NeedLogin(req);
  int page_no = PageParam(req, 100000);
  auto list = auth_.accounts().ListAccounts(*who, 51, (page_no - 1) * 50);
  if (!list) return pages_.FromError(req, list.error());
  std::string lang = LocaleFor(req).lang;
  json::array rows;
  for (std::size_t i = 0; i < list->size() && i < 50; ++i) {
    const auto& a = (*list)[i];
    json::array roles;
    for (Role r : accounts::kAllRoles) {
      roles.push_back(
          json::object{{"role", std::string(accounts::RoleName(r))},
                       {"label", views_.T(lang, "role." + std::string(accounts::RoleName(r)))},
                       {"has", a.Has(r)}});
    }
    rows.push_back(json::object{{"id", a.id},
                                {"name", a.name},
                                {"login_name", a.email.empty() ? a.phone : a.email},
                                {"created_at", HumanDate(a.created_at, lang)},
                                {"roles", std::move(roles)}});
  }
  json::object page;
  page["title"] = views_.T(lang, "users.title");
  page["users"] = std::move(rows);
  if (list->size() > 50) page["next_url"] = fmt::format("/admin/users?page={}", page_no + 1);
  if (page_no > 1) page["prev_url"] = fmt::format("/admin/users?page={}", page_no - 1);
  return Render(req, 200, "users", std::move(page));
}

http::Response AccountPages::ChangeRole(http::Request& req, const Who& who) {
  if (!who) return NeedLogin(req);
  long long id = 0;
  const std::string& raw = req.params["id"];
  auto [p, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), id);
  Role role;
  std::string action = Field(req, "action");
  if (ec != std::errc() || p != raw.data() + raw.size() ||
      !accounts::ParseRole(Field(req, "role"), role) || (action != "grant" && action != "revoke"))
    return pages_.Error(&req, 400, "Неверный запрос на изменение роли.");
  auto r = action == "grant" ? auth_.accounts().GrantRole(*who, id, role)
                             : auth_.accounts().RevokeRole(*who, id, role);
  if (!r) return pages_.FromError(req, r.error());
  return http::Response::Redirect(303, "/admin/users");
}

http::Response AccountPages::ForgotForm(http::Request& req, const Who&) {
  json::object page = TitledPage(views_, req, "forgot.title");
  return Render(req, 200, "forgot", std::move(page));
}

http::Response AccountPages::Forgot(http::Request& req, const Who&) {
  std::string login = Field(req, "login");
  auto r = auth_.accounts().RequestPasswordReset(login, req.client_address);
  if (!r) {
    if (r.error().code != Code::kInvalidArgument) return pages_.FromError(req, r.error());
    json::object page = TitledPage(views_, req, "forgot.title");
    page["login"] = login;
    page["error_login"] = r.error().public_message;
    return Render(req, 400, "forgot", std::move(page));
  }
  // The same answer whether or not the account exists.
  return http::Response::Redirect(303, "/password/reset?sent=1");
}

http::Response AccountPages::ResetForm(http::Request& req, const Who&) {
  json::object page = TitledPage(views_, req, "reset.title");
  page["sent"] = req.Query("sent").has_value();
  return Render(req, 200, "reset", std::move(page));
}

http::Response AccountPages::Reset(http::Request& req, const Who&) {
  std::string login = Field(req, "login");
  json::object page = TitledPage(views_, req, "reset.title");
  page["login"] = login;
  std::string next = Field(req, "new_password");
  if (next != Field(req, "new_password_again")) {
    page["error_new_password_again"] = "Новые пароли не совпадают.";
    return Render(req, 400, "reset", std::move(page));
  }
  auto r = auth_.accounts().ResetPassword(login, Field(req, "code"), next, req.client_address);
  if (!r) {
    if (r.error().code != Code::kInvalidArgument) return pages_.FromError(req, r.error());
    std::string field = r.error().field == "password" ? "new_password" : r.error().field;
    page["error_" + field] = r.error().public_message;
    return Render(req, 400, "reset", std::move(page));
  }
  if (*r > 0)
    return TooManyTries(req, "reset", std::move(page), "error_code",
                        "Слишком много попыток. Попробуйте через {} мин.", *r);
  return http::Response::Redirect(303, "/login?reset=1");
}

// The tokens page; `extra` adds the new token or an error to it.
http::Response AccountPages::TokensPage(http::Request& req, const Who& who, int status,
                                        json::object extra) {
  auto list = auth_.accounts().ListApiTokens(*who);
  if (!list) return pages_.FromError(req, list.error());
  json::array rows;
  for (const auto& t : *list)
    rows.push_back(json::object{{"id", t.id},
                                {"name", t.name},
                                {"created_at", HumanDate(t.created_at, LocaleFor(req).lang)},
                                {"revoked", !t.revoked_at.empty()},
                                {"revoked_at", HumanDate(t.revoked_at, LocaleFor(req).lang)}});
  json::object page = std::move(extra);
  page["title"] = views_.T(LocaleFor(req).lang, "tokens.title");
  page["tokens"] = std::move(rows);
  return Render(req, status, "tokens", std::move(page));
}

http::Response AccountPages::Tokens(http::Request& req, const Who& who) {
  return TokensPage(req, who, 200, {});
}

http::Response AccountPages::IssueToken(http::Request& req, const Who& who) {
  auto r = auth_.accounts().IssueApiToken(*who, Field(req, "name"));
  if (!r) {
    if (r.error().code != Code::kInvalidArgument) return pages_.FromError(req, r.error());
    return TokensPage(req, who, 400, json::object{{"error_name", r.error().public_message}});
  }
  // Shown this once; only its hash is stored.
  return TokensPage(req, who, 200,
                    json::object{{"new_token", r->second}, {"new_token_name", r->first.name}});
}

http::Response AccountPages::RevokeToken(http::Request& req, const Who& who) {
  long long id = 0;
  const std::string& raw = req.params["id"];
  auto [p, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), id);
  if (ec != std::errc() || p != raw.data() + raw.size())
    return pages_.Error(&req, 404, "Такого токена нет.");
  if (auto r = auth_.accounts().RevokeApiToken(*who, id); !r)
    return pages_.FromError(req, r.error());
  return http::Response::Redirect(303, "/admin/tokens");
}

http::Response AccountPages::Audit(http::Request& req, const Who& who) {
  if (!who) return NeedLogin(req);
  int page_no = PageParam(req, 100000);
  auto list = auth_.accounts().ListAudit(*who, 101, (page_no - 1) * 100);
  if (!list) return pages_.FromError(req, list.error());
  json::array rows;
  for (std::size_t i = 0; i < list->size() && i < 100; ++i) {
    const auto& e = (*list)[i];
    rows.push_back(
        json::object{{"at", e.at},
                     {"actor", e.actor_id ? e.actor_name : std::string("doma (командная строка)")},
                     {"action", views_.T(LocaleFor(req).lang, "audit." + e.action)},
                     {"target", e.target},
                     {"detail", e.detail}});
  }
  json::object page = TitledPage(views_, req, "audit.title");
  page["entries"] = std::move(rows);
  if (list->size() > 100) page["next_url"] = fmt::format("/admin/audit?page={}", page_no + 1);
  if (page_no > 1) page["prev_url"] = fmt::format("/admin/audit?page={}", page_no - 1);
  return Render(req, 200, "audit", std::move(page));
}

}  // namespace doma::web
