// The route guard: every HTML route passes through it, so who the person is,
// whether they may use the route, and whether a form really comes from our
// own page are decided in one place. Deny by default: a route must name its
// access level.
#pragma once

#include <functional>

#include "http/router.h"
#include "web/account_pages.h"
#include "web/auth.h"
#include "web/pages.h"

namespace doma::web {

enum class Access {
  kPublic,       // anyone
  kSignedIn,     // any account
  kEditor,       // editorial::Editorial::CanEdit (editors and admins)
  kAdmin,        // accounts::Permissions::CanManageRoles
  kCoordinator,  // help::Permissions::CanCoordinate (coordinators and admins)
  kStaff,        // editors, coordinators and admins (the posters they hand out)
};

using WebHandler = std::function<http::Response(http::Request&, const Who&)>;

// Wraps `handler`: resolves the session, enforces `access` (a person who is
// not signed in is sent to the login page for GET, gets 401 otherwise; a
// signed-in person without the right gets 403), checks the CSRF token of
// every POST, and marks pages shown to a signed-in person `no-store`.
http::Handler Guard(WebAuth& auth, const Pages& pages, Access access, WebHandler handler);

}  // namespace doma::web
