// Sign-up, login, logout, the account page and the admin's user list.
#pragma once

#include <fmt/format.h>

#include "http/message.h"
#include "web/auth.h"
#include "web/views.h"

namespace doma::web {

class Pages;

// The person making the request, resolved once by the route guard.
using Who = std::optional<accounts::Principal>;

// The type of every page handler: `PageHandler Login;` in a class declares
// `http::Response Login(http::Request& req, const Who& who);`.
using PageHandler = http::Response(http::Request& req, const Who& who);

// A page's data that starts with its title, the text `title_key` in the
// request's language.
boost::json::object TitledPage(const Views& views, const http::Request& req,
                               const std::string& title_key);

// Renders template `name` with the form (CSRF) token and no caching: what a
// page with a form or with a person's own data is.
http::Response PrivatePage(WebAuth& auth, const Views& views, http::Request& req, int status,
                           const std::string& name, boost::json::object page);

class AccountPages {
 public:
  AccountPages(WebAuth& auth, const Views& views, const Pages& pages)
      : auth_(auth), views_(views), pages_(pages) {}

  // Signing up, in and out
  PageHandler SignUpForm, SignUp, ConfirmSignUp, LoginForm, Login, Logout;
  // One's own account, and a forgotten password
  PageHandler Account, ChangePassword, LogoutEverywhere, ForgotForm, Forgot, ResetForm, Reset;
  // Administrators
  PageHandler Users, ChangeRole, Audit, Tokens, IssueToken, RevokeToken;

 private:
  http::Response Render(http::Request& req, int status, const std::string& name,
                        boost::json::object page) {
    return PrivatePage(auth_, views_, req, status, name, std::move(page));
  }
  http::Response NeedLogin(http::Request& req);
  // `name` again, 429 with Retry-After, and at `field` the `message` with the
  // minutes to wait.
  http::Response TooManyTries(http::Request& req, const std::string& name, boost::json::object page,
                              const std::string& field, fmt::format_string<long long> message,
                              long long retry_after);
  boost::json::object AccountData(const http::Request& req, const accounts::Principal& who) const;
  http::Response TokensPage(http::Request& req, const Who& who, int status,
                            boost::json::object extra);

  WebAuth& auth_;
  const Views& views_;
  const Pages& pages_;
};

}  // namespace doma::web
