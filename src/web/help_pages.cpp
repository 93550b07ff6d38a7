// What every help page shares (rendering, places, a request's summary) and
// the public ones: the landing page and the badge check.
#include "web/help_pages.h"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "domain/help/permissions.h"
#include "domain/region/region.h"
#include "http/status.h"
#include "web/form.h"
#include "web/format.h"
#include "web/help_page_parts.h"

namespace doma::web {
namespace json = boost::json;
using help::RequestStatus;

std::string HelpPages::T(const http::Request& req, const std::string& key) const {
  return views_.T(LocaleFor(req).lang, key);
}

http::Response HelpPages::Render(http::Request& req, int status, const std::string& name,
                                 json::object page) {
  page["hotline"] = help_.policy().coordinators_phone;
  page["hotline_tel"] = region::TelUri(help_.policy().coordinators_phone);
  return PrivatePage(auth_, views_, req, status, name, std::move(page));
}

std::string HelpPages::PlaceName(const std::string& id, const std::string& lang) const {
  const help::Place* p = help_.gazetteer().Find(id);
  if (!p) return id;
  return lang == "en" ? p->name_en : p->name_ru;
}

json::array HelpPages::Places(const std::string& lang, const std::string& selected) const {
  json::array out;
  for (const auto& p : help_.gazetteer().places())
    out.push_back(json::object{{"value", p.id},
                               {"label", lang == "en" ? p.name_en : p.name_ru},
                               {"selected", p.id == selected},
                               {"lat", p.lat},
                               {"lon", p.lon}});
  return out;
}

json::object HelpPages::Summary(const help::HelpRequest& r, const std::string& lang) const {
  std::string kinds;
  for (const auto& k : r.kinds) kinds += (kinds.empty() ? "" : ", ") + views_.T(lang, "kind." + k);
  return json::object{
      {"id", r.id},
      {"number", help::Number(r.id)},
      {"status", std::string(help::StatusName(r.status))},
      {"status_label", views_.T(lang, "hstatus." + std::string(help::StatusName(r.status)))},
      {"kinds", kinds},
      {"place", PlaceName(r.place_id, lang)},
      {"urgency", views_.T(lang, "urgency." + r.urgency)},
      {"urgent", r.urgency == "today"},
      {"window",
       HumanWindow(r.window_start, r.window_end, help_.policy().utc_offset_minutes, lang)},
      {"created", HumanTime(r.created_at, help_.policy().utc_offset_minutes, lang)},
      {"erased", r.erased}};
}

json::array HelpPages::Kinds(const std::string& lang,
                             const std::vector<std::string>& selected) const {
  json::array out;
  for (auto k : help::kKinds)
    out.push_back(json::object{{"value", std::string(k)},
                               {"label", views_.T(lang, "kind." + std::string(k))},
                               {"checked", Has(selected, k)}});
  return out;
}

http::Response HelpPages::Landing(http::Request& req, const Who& who) {
  json::object page;
  page["title"] = T(req, "help.title");
  page["signed_in_here"] = who.has_value();
  return Render(req, 200, "help", std::move(page));
}

http::Response HelpPages::CheckForm(http::Request& req, const Who&) {
  if (auto b = req.Query("badge"); b && !b->empty()) {
    std::string badge = help::NormalizeBadge(*b);
    if (!badge.empty()) return http::Response::Redirect(303, "/check/" + badge);
    json::object page;
    page["title"] = T(req, "check.title");
    page["badge"] = std::string(*b);
    page["error_badge"] = T(req, "check.bad_badge");
    return Render(req, 400, "check", std::move(page));
  }
  json::object page;
  page["title"] = T(req, "check.title");
  return Render(req, 200, "check", std::move(page));
}

http::Response HelpPages::CheckBadge(http::Request& req, const Who&) {
  auto r = help_.CheckBadge(req.params["badge"]);
  json::object page;
  page["title"] = T(req, "check.title");
  page["badge"] = req.params["badge"];
  if (!r) {
    page["error_badge"] = r.error().public_message;
    return Render(req, 400, "check", std::move(page));
  }
  page["checked"] = true;
  if (!*r) {
    page["unknown"] = true;
    return Render(req, 404, "check", std::move(page));
  }
  page["badge"] = (*r)->badge;
  page["first_name"] = (*r)->first_name;
  page["verified"] = (*r)->status == help::VolunteerStatus::kVerified;
  page["suspended"] = (*r)->status == help::VolunteerStatus::kSuspended;
  page["pending"] = (*r)->status == help::VolunteerStatus::kPending;
  return Render(req, 200, "check", std::move(page));
}

json::array HelpPages::Urgencies(const std::string& lang, const std::string& selected) const {
  json::array out;
  for (auto u : help::kUrgencies)
    out.push_back(json::object{{"value", std::string(u)},
                               {"label", views_.T(lang, "urgency." + std::string(u))},
                               {"selected", u == selected}});
  return out;
}

http::Response HelpPages::Act(
    http::Request& req, const std::string& done,
    const std::function<Result<help::HelpRequest>(long long id)>& command) {
  long long id = IdParam(req);
  return AfterAction(req, id, command(id), done);
}

}  // namespace doma::web
