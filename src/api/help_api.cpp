// The help API's shared door (Guarded, Transition), a request's summary as
// each person may see it, and the public routes (places, the badge check).
#include "api/help_api.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>

#include "api/help_api_parts.h"
#include "api/problem.h"
#include "core/text.h"
#include "domain/help/permissions.h"

namespace doma::api {
namespace json = boost::json;
using namespace help_parts;

http::Response HelpApi::Guarded(http::Request& req, const Handler& fn) {
  auto res = [&]() -> http::Response {
    auto admitted = guard_.Admit(req, ApiGuard::Callers::kSession, false);
    if (auto* refused = std::get_if<http::Response>(&admitted)) return std::move(*refused);
    auto& in = std::get<ApiGuard::Admitted>(admitted);
    return fn(in.who->account, in.body.get_object());
  }();
  res.Header("Cache-Control", "no-store");
  return res;
}

http::Response HelpApi::Transition(http::Request& req, const std::vector<BodyField>& fields,
                                   const Command& command) {
  return Guarded(req, [&](const accounts::Account& who, const json::object& body) {
    auto id = StrictId(req.params["id"]);
    if (!id) return Problem(404, kNoRequest, "", req.request_id);
    auto args = ReadFields(body, fields);
    if (!args) return Refuse(req, args.error());
    auto r = command(who, *id, *args);
    if (!r) return Refuse(req, r.error());
    Holders holders;
    auto summary = Summary(who, *r, holders);
    if (!summary) return Refuse(req, summary.error());
    return Json(200, *summary);
  });
}

Result<std::optional<help::Volunteer>> HelpApi::Holder(const accounts::Account& who,
                                                       const help::HelpRequest& r,
                                                       Holders& holders) {
  if (!r.volunteer_id) return std::optional<help::Volunteer>();
  // The domain decides who may learn it, request by request; a list asks
  // once per volunteer among the requests it may see them on.
  if (help::Permissions::CanSeeHolder(who, r))
    if (auto it = holders.find(r.volunteer_id); it != holders.end()) return it->second;
  auto found = help_.HolderOf(who, r);
  if (!found) return Fail(found.error());
  if (*found) holders[r.volunteer_id] = *found;
  return found;
}

Result<json::object> HelpApi::Summary(const accounts::Account& who, const help::HelpRequest& r,
                                      Holders& holders) {
  json::object o = RequestHead(r);
  o["place_id"] = r.place_id;
  o["window_start"] = r.window_start;
  o["window_end"] = r.window_end;
  o["created_at"] = r.created_at;
  auto holder = Holder(who, r, holders);
  if (!holder) return Fail(holder.error());
  o["volunteer"] = *holder ? json::value(json::object{{"first_name", (*holder)->first_name},
                                                      {"badge", (*holder)->badge}})
                           : json::value(nullptr);
  return o;
}

Result<json::array> HelpApi::Summaries(const accounts::Account& who,
                                       const std::vector<help::HelpRequest>& list) {
  json::array items;
  Holders holders;
  for (const auto& r : list) {
    auto s = Summary(who, r, holders);
    if (!s) return Fail(s.error());
    items.push_back(std::move(*s));
  }
  return items;
}

http::Response HelpApi::SummaryList(http::Request& req, const accounts::Account& who,
                                    const Result<std::vector<help::HelpRequest>>& list) {
  if (!list) return Refuse(req, list.error());
  auto items = Summaries(who, *list);
  if (!items) return Refuse(req, items.error());
  return Json(200, json::object{{"items", std::move(*items)}});
}

json::object HelpApi::PlaceJson(const std::string& id) const {
  const help::Place* p = help_.gazetteer().Find(id);
  return json::object{
      {"id", id}, {"name_ru", p ? p->name_ru : ""}, {"name_en", p ? p->name_en : ""}};
}

http::Response HelpApi::Places(http::Request&) {
  json::array items;
  for (const auto& p : help_.gazetteer().places())
    items.push_back(json::object{{"id", p.id},
                                 {"name_ru", p.name_ru},
                                 {"name_en", p.name_en},
                                 {"kind", p.kind},
                                 {"district_ru", OrNull(p.district_ru)},
                                 {"lat", p.lat},
                                 {"lon", p.lon}});
  auto res = Json(200, json::object{{"items", std::move(items)}});
  // Shipped data: it changes only with a new release.
  res.Header("Cache-Control", "public, max-age=3600");
  return res;
}

http::Response HelpApi::CheckBadge(http::Request& req) {
  auto res = [&]() -> http::Response {
    auto found = help_.CheckBadge(req.params["badge"]);
    if (!found) return Refuse(req, found.error());
    const auto& phone = help_.policy().coordinators_phone;
    if (!*found)
      return Problem(
          404,
          fmt::format(
              "Бейджа с таким номером нет. Не открывайте дверь и позвоните координаторам: {}.",
              phone),
          "", req.request_id);
    return Json(200,
                json::object{{"badge", (*found)->badge},
                             {"first_name", (*found)->first_name},
                             {"status", std::string(help::VolunteerStatusName((*found)->status))},
                             {"coordinators_phone", phone}});
  }();
  // Someone is at the door now: a suspension must show at once, not after a cache expires.
  res.Header("Cache-Control", "no-store");
  return res;
}

}  // namespace doma::api
