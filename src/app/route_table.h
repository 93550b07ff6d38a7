// The one route table, built by the feature modules: each adds its routes
// with an explicit access level through one adapter, so that every HTML
// route is behind web::Guard and `doma routes` lists what each one allows.
#pragma once

#include <string>
#include <type_traits>
#include <utility>

#include "http/router.h"
#include "web/auth.h"
#include "web/guard.h"

namespace doma::app {

class RouteTable {
 public:
  RouteTable(web::WebAuth& auth, web::Pages& pages) : auth_(auth), pages_(pages) {}

  // An HTML route: `fn` is a member of `target` taking (Request&, const Who&)
  // or (Request&), run behind the guard at `access`.
  template <class T, class Fn>
  void Page(std::string method, std::string pattern, web::Access access, T& target, Fn fn,
            http::Exec exec = http::Exec::kWorker) {
    web::WebHandler h = [&target, fn](http::Request& req, const web::Who& who) {
      if constexpr (std::is_invocable_v<Fn, T&, http::Request&, const web::Who&>)
        return (target.*fn)(req, who);
      else
        return (target.*fn)(req);
    };
    router_.Add({{std::move(method)},
                 std::move(pattern),
                 web::Guard(auth_, pages_, access, std::move(h)),
                 exec,
                 AccessName(access)});
  }

  // An API or asset route: `fn` is a member of `target` taking (Request&);
  // `access` names what the handler itself checks ("public", "session", …).
  template <class T>
  void Api(std::string method, std::string pattern, const char* access, T& target,
           http::Response (T::*fn)(http::Request&), http::Exec exec = http::Exec::kWorker) {
    router_.Add({{std::move(method)},
                 std::move(pattern),
                 [&target, fn](http::Request& req) { return (target.*fn)(req); },
                 exec,
                 access});
  }

  // The session cookie's name (a cached page is only for visitors without one).
  std::string SessionCookie() const { return auth_.SessionCookieName(); }

  // Any other route, as the router takes it.
  void Add(http::Route route) { router_.Add(std::move(route)); }
  http::Router& router() { return router_; }
  static const char* AccessName(web::Access a);

 private:
  web::WebAuth& auth_;
  web::Pages& pages_;
  http::Router router_;
};

}  // namespace doma::app
