#include "web/guard.h"

#include "core/text.h"
#include "domain/accounts/permissions.h"
#include "domain/editorial/editorial.h"
#include "domain/help/permissions.h"

namespace doma::web {

http::Handler Guard(WebAuth& auth, const Pages& pages, Access access, WebHandler handler) {
  return [&auth, &pages, access, handler = std::move(handler)](http::Request& req) {
    auto who = auth.Current(req);
    if (!who) return pages.FromError(req, who.error());
    bool reading = req.method == "GET" || req.method == "HEAD";
    if (access != Access::kPublic && !*who) {
      // The whole target, so that /help/ask?for=other comes back as it was.
      if (reading)
        return http::Response::Redirect(
            303, "/login?next=" +
                     text::PercentEncode(req.target.empty() ? req.path : req.target, "-_.~/"));
      return pages.Error(&req, 401, "Войдите, чтобы продолжить.");
    }
    if (access == Access::kAdmin && !accounts::Permissions::CanManageRoles((*who)->account))
      return pages.Error(&req, 403, "Эта страница доступна только администраторам.");
    if (access == Access::kCoordinator && !help::Permissions::CanCoordinate((*who)->account))
      return pages.Error(&req, 403, "Эта страница доступна только координаторам помощи.");
    if (access == Access::kStaff && !editorial::Editorial::CanEdit((*who)->account) &&
        !help::Permissions::CanCoordinate((*who)->account))
      return pages.Error(&req, 403,
                         "Эта страница доступна редакторам каталога и координаторам помощи.");
    if (access == Access::kEditor && !editorial::Editorial::CanEdit((*who)->account))
      return pages.Error(&req, 403, "Эта страница доступна только редакторам каталога.");
    if (!reading && !auth.CheckCsrf(req)) {
      return pages.Error(
          &req, 403,
          "Форма устарела или отправлена с другого сайта. Откройте страницу заново и повторите.");
    }
    // The header's logout form needs a token; anonymous visitors get one only
    // on pages with forms (AccountPages asks), so plain pages set no cookie.
    if (*who) auth.Csrf(req);
    http::Response res = handler(req, *who);
    // A publicly cacheable answer (feeds) must carry nobody's cookie.
    if (!res.FindHeader("Cache-Control").value_or("").starts_with("public")) auth.Finish(req, res);
    if (*who && !res.FindHeader("Cache-Control")) res.Header("Cache-Control", "no-store");
    return res;
  };
}

}  // namespace doma::web
