#include "web/auth.h"

#include <fmt/format.h>

#include "core/secure.h"

namespace doma::web {

std::string WebAuth::Cookie(const std::string& name, const std::string& value,
                            long long max_age) const {
  return fmt::format("{}={}; Path=/; HttpOnly; SameSite=Lax{}{}", name, value,
                     max_age >= 0 ? fmt::format("; Max-Age={}", max_age) : "",
                     opt_.tls ? "; Secure" : "");
}

std::string WebAuth::SessionCookie(const std::string& token) const {
  // A session cookie (no Max-Age): the server decides when it expires.
  return Cookie(SessionCookieName(), token, -1);
}

std::string WebAuth::ClearSessionCookie() const { return Cookie(SessionCookieName(), "", 0); }

Result<std::optional<accounts::Principal>> WebAuth::Current(http::Request& req) {
  auto token = req.Cookie(SessionCookieName());
  if (!token) return std::optional<accounts::Principal>();
  auto p = accounts_.Authenticate(*token);
  if (!p) return Fail(p.error());
  if (*p) {
    req.locals["user.name"] = (*p)->account.name;
    req.locals["user.id"] = std::to_string((*p)->account.id);
    if ((*p)->account.IsStaff()) req.locals["user.staff"] = "1";
    if ((*p)->account.Has(accounts::Role::kAdmin)) req.locals["user.admin"] = "1";
    if ((*p)->account.Has(accounts::Role::kEditor) || (*p)->account.Has(accounts::Role::kAdmin))
      req.locals["user.editor"] = "1";
    if ((*p)->account.Has(accounts::Role::kCoordinator) ||
        (*p)->account.Has(accounts::Role::kAdmin))
      req.locals["user.coordinator"] = "1";
    // Granted when a coordinator verifies the volunteer, taken away on suspension.
    if ((*p)->account.Has(accounts::Role::kVolunteer)) req.locals["user.volunteer"] = "1";
  }
  return p;
}

std::string WebAuth::Csrf(http::Request& req) {
  if (auto it = req.locals.find("csrf"); it != req.locals.end()) return it->second;
  auto existing = req.Cookie(CsrfCookieName());
  if (existing && existing->size() == 32) {
    req.locals["csrf"] = *existing;
  } else {
    req.locals["csrf"] = secrets_.NewToken();
    req.locals["csrf.new"] = "1";
  }
  return req.locals["csrf"];
}

void WebAuth::Finish(const http::Request& req, http::Response& res) const {
  if (req.locals.contains("csrf.new"))
    res.Header("Set-Cookie", Cookie(CsrfCookieName(), req.locals.at("csrf"), 60 * 60 * 24 * 365));
}

bool WebAuth::CheckCsrf(const http::Request& req) const {
  auto cookie = req.Cookie(CsrfCookieName());
  auto form = req.FormValue("csrf");
  if (!cookie || !form || cookie->size() != 32 || !ConstantTimeEquals(*cookie, *form)) return false;
  auto host = req.Header("host").value_or("");
  auto same_site = [&](std::string_view url) {
    for (std::string_view scheme : {"http://", "https://"}) {
      if (!url.starts_with(scheme)) continue;
      auto rest = url.substr(scheme.size());
      return rest.substr(0, rest.find('/')) == host;
    }
    return false;
  };
  if (auto origin = req.Header("origin")) return *origin != "null" && same_site(*origin);
  if (auto referer = req.Header("referer")) return same_site(*referer);
  return true;  // neither header (non-browser client): the token alone decides
}

}  // namespace doma::web
