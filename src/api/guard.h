// The door of every API route that needs a person: who calls (a session
// cookie, or an admin-issued API token where the route allows one), on
// writes the X-CSRF-Token header equal to the CSRF cookie (a session only: a
// token is not sent by browsers on their own), and the JSON body. What it
// refuses is answered as application/problem+json (401, 403, 415, 400).
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <variant>

#include "domain/accounts/accounts.h"
#include "http/message.h"

namespace doma::api {

// The type of every API handler: `ApiHandler Take;` in a class declares
// `http::Response Take(http::Request& req);`.
using ApiHandler = http::Response(http::Request& req);

struct CookieNames {
  std::string session, csrf;
};

class ApiGuard {
 public:
  enum class Callers {
    kSession,         // a signed-in person
    kSessionOrToken,  // also an API token (another system proposing services)
  };
  struct Admitted {
    std::optional<accounts::Principal> who;  // empty for a token
    boost::json::value body;                 // an object; empty for a bodiless command
  };

  ApiGuard(accounts::Accounts& accounts, CookieNames cookies)
      : accounts_(accounts), cookies_(std::move(cookies)) {}

  // The caller admitted, or the problem to answer. `body_required`: a write
  // whose JSON object may not be left out.
  std::variant<Admitted, http::Response> Admit(http::Request& req, Callers callers,
                                               bool body_required) const;
  const CookieNames& cookies() const { return cookies_; }

 private:
  accounts::Accounts& accounts_;
  CookieNames cookies_;
};

}  // namespace doma::api
