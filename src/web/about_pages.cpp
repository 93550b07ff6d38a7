#include "web/about_pages.h"

#include <boost/json.hpp>

#include "web/markdown.h"

namespace doma::web {
namespace json = boost::json;

http::Response AboutPages::Privacy(http::Request& req, const Who&) {
  json::object page = TitledPage(views_, req, "privacy_title");
  if (!facts_.privacy_markdown.empty()) page["own_html"] = RenderMarkdown(facts_.privacy_markdown);
  page["erase_days"] = facts_.erase_after_days;
  page["outbox_days"] = facts_.outbox_retention_days;
  page["operator_name"] = facts_.operator_name;
  page["tls"] = facts_.tls;
  http::Response r = views_.Page(200, "privacy", std::move(page), req);
  // Shared caches may keep it only for visitors without a session (the
  // header names who is signed in).
  if (!req.locals.contains("user.id")) r.Header("Cache-Control", "public, max-age=3600");
  return r;
}

http::Response AboutPages::Accessibility(http::Request& req, const Who&) {
  json::object page = TitledPage(views_, req, "a11y_statement_title");
  if (!facts_.accessibility_markdown.empty())
    page["own_html"] = RenderMarkdown(facts_.accessibility_markdown);
  http::Response r = views_.Page(200, "accessibility", std::move(page), req);
  // Shared caches may keep it only for visitors without a session (the
  // header names who is signed in).
  if (!req.locals.contains("user.id")) r.Header("Cache-Control", "public, max-age=3600");
  return r;
}

http::Response AboutPages::Design(http::Request& req, const Who&) {
  json::object page = TitledPage(views_, req, "design_title");
  return views_.Page(200, "design", std::move(page), req);
}

http::Response AboutPages::CoatOfArms(http::Request& req, const Who&) {
  (void)req;
  if (facts_.coat_of_arms.empty())
    return http::Response::Text(404, "У этого портала нет герба региона.");
  http::Response r;
  r.status = 200;
  r.content_type = facts_.coat_of_arms_type;
  r.Header("Cache-Control", "public, max-age=86400");
  r.Header("X-Content-Type-Options", "nosniff");
  // An SVG opened on its own is a document: it may run nothing and load nothing.
  r.Header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox");
  r.body = facts_.coat_of_arms;
  return r;
}

}  // namespace doma::web
