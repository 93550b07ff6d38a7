// Sessions and CSRF for the HTML pages.
//
// The session cookie is HttpOnly and SameSite=Lax; with TLS it is Secure and
// named with the __Host- prefix (browsers refuse such a cookie without TLS).
// CSRF: every state-changing form carries a token equal to a random cookie
// (double submit), and the request's Origin (or Referer) must be this site.
#pragma once

#include <optional>
#include <string>

#include "domain/accounts/accounts.h"
#include "http/message.h"

namespace doma::web {

struct AuthOptions {
  bool tls = false;
};

class WebAuth {
 public:
  WebAuth(accounts::Accounts& accounts, accounts::Secrets& secrets, AuthOptions opt)
      : accounts_(accounts), secrets_(secrets), opt_(opt) {}

  std::string SessionCookieName() const {
    return opt_.tls ? "__Host-doma_session" : "doma_session";
  }
  std::string CsrfCookieName() const { return opt_.tls ? "__Host-doma_csrf" : "doma_csrf"; }

  // The person behind the request (nullopt: anonymous). Also fills
  // req.locals["user.name"], ["user.id"], ["user.staff"] for the layout.
  Result<std::optional<accounts::Principal>> Current(http::Request& req);

  // The CSRF token for forms on this page; sets req.locals["csrf"] and, when
  // the browser has none yet, adds the cookie to `res` later via Finish().
  std::string Csrf(http::Request& req);
  // Adds the CSRF cookie if Csrf() created one for this request.
  void Finish(const http::Request& req, http::Response& res) const;

  // True when the form's token matches the cookie and the origin is ours.
  bool CheckCsrf(const http::Request& req) const;

  std::string SessionCookie(const std::string& token) const;
  std::string ClearSessionCookie() const;

  accounts::Accounts& accounts() { return accounts_; }

 private:
  std::string Cookie(const std::string& name, const std::string& value, long long max_age) const;
  accounts::Accounts& accounts_;
  accounts::Secrets& secrets_;
  AuthOptions opt_;
};

}  // namespace doma::web
