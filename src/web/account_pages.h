// Sign-up, login, logout, the account page and the admin's user list.
#pragma once

#include "http/message.h"
#include "web/auth.h"
#include "web/views.h"

namespace doma::web {

class Pages;

// The person making the request, resolved once by the route guard.
using Who = std::optional<accounts::Principal>;

class AccountPages {
 public:
  AccountPages(WebAuth& auth, const Views& views, const Pages& pages)
      : auth_(auth), views_(views), pages_(pages) {}

  http::Response SignUpForm(http::Request& req, const Who& who);
  http::Response SignUp(http::Request& req, const Who& who);
  http::Response LoginForm(http::Request& req, const Who& who);
  http::Response Login(http::Request& req, const Who& who);
  http::Response Logout(http::Request& req, const Who& who);
  http::Response Account(http::Request& req, const Who& who);
  http::Response ChangePassword(http::Request& req, const Who& who);
  http::Response LogoutEverywhere(http::Request& req, const Who& who);
  http::Response Users(http::Request& req, const Who& who);
  http::Response ChangeRole(http::Request& req, const Who& who);
  http::Response Audit(http::Request& req, const Who& who);
  http::Response Tokens(http::Request& req, const Who& who);
  http::Response IssueToken(http::Request& req, const Who& who);
  http::Response RevokeToken(http::Request& req, const Who& who);
  http::Response ForgotForm(http::Request& req, const Who& who);
  http::Response Forgot(http::Request& req, const Who& who);
  http::Response ResetForm(http::Request& req, const Who& who);
  http::Response Reset(http::Request& req, const Who& who);

 private:
  // Renders `name` with the CSRF token and no caching (personal data).
  http::Response Render(http::Request& req, int status, const std::string& name,
                        boost::json::object page);
  http::Response NeedLogin(http::Request& req);
  boost::json::object AccountData(const http::Request& req, const accounts::Principal& who) const;
  http::Response TokensPage(http::Request& req, const Who& who, int status,
                            boost::json::object extra);

  WebAuth& auth_;
  const Views& views_;
  const Pages& pages_;
};

}  // namespace doma::web
