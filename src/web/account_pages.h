// Sign-up, login, logout, the account page and the admin's user list.
#pragma once

#include "http/message.h"
#include "web/auth.h"
#include "web/views.h"

namespace doma::web {

class Pages;

class AccountPages {
 public:
  AccountPages(WebAuth& auth, const Views& views, const Pages& pages) : auth_(auth), views_(views), pages_(pages) {}

  http::Response SignUpForm(http::Request& req);
  http::Response SignUp(http::Request& req);
  http::Response LoginForm(http::Request& req);
  http::Response Login(http::Request& req);
  http::Response Logout(http::Request& req);
  http::Response Account(http::Request& req);
  http::Response ChangePassword(http::Request& req);
  http::Response LogoutEverywhere(http::Request& req);
  http::Response Users(http::Request& req);
  http::Response ChangeRole(http::Request& req);

 private:
  // Renders `name` with the CSRF token and no caching (personal data).
  http::Response Render(http::Request& req, int status, const std::string& name, boost::json::object page);
  http::Response Forbidden(http::Request& req, const std::string& message);
  http::Response NeedLogin(http::Request& req);
  http::Response BadCsrf(http::Request& req);

  WebAuth& auth_;
  const Views& views_;
  const Pages& pages_;
};

}  // namespace doma::web
