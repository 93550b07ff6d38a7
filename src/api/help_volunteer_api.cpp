// The help API for volunteers: the profile, their place, the feed of open
// requests, their tasks, and taking, releasing and completing a request.
#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>

#include "api/help_api.h"
#include "api/help_api_parts.h"
#include "api/problem.h"
#include "core/text.h"
#include "domain/help/permissions.h"

namespace doma::api {
namespace json = boost::json;
using namespace help_parts;

http::Response HelpApi::Volunteer(http::Request& req) {
  return Guarded(req, [&](const accounts::Account& who, const json::object&) {
    auto v = help_.VolunteerProfile(who);
    if (!v) return Refuse(req, v.error());
    if (!*v) return Problem(404, "Вы ещё не заполнили анкету волонтёра.", "", req.request_id);
    return Json(200, VolunteerJson(**v, true, true));
  });
}

http::Response HelpApi::RegisterVolunteer(http::Request& req) {
  return Guarded(req, [&](const accounts::Account& who, const json::object& body) {
    Fields in(body);
    help::VolunteerForm f;
    f.first_name = in.Text("first_name");
    f.phone = in.Text("phone");
    f.place_id = in.Text("place_id");
    f.kinds = in.Texts("kinds");
    f.has_car = in.Flag("has_car");
    // The profile's own default when the app does not ask.
    f.max_km = in.Has("max_km") ? in.Scalar("max_km") : "5";
    std::vector<Error> errors = std::move(in.errors());
    for (auto& e : help::ValidateVolunteerForm(f, help_.gazetteer()))
      errors.push_back(std::move(e));
    if (!errors.empty()) return FieldsProblem(req, OnePerField(std::move(errors)));

    auto before = help_.VolunteerProfile(who);
    if (!before) return Refuse(req, before.error());
    auto saved = help_.RegisterVolunteer(who, f);
    if (!saved) return Refuse(req, saved.error());
    auto now = help_.VolunteerProfile(who);
    if (!now) return Refuse(req, now.error());
    auto res = Json(*before ? 200 : 201, VolunteerJson(now->value_or(*saved), true, true));
    if (!*before) res.Header("Location", "/api/v1/help/volunteer");
    return res;
  });
}

http::Response HelpApi::SetLocation(http::Request& req) {
  return Guarded(req, [&](const accounts::Account& who, const json::object& body) {
    Fields in(body);
    std::string lat = in.Scalar("lat"), lon = in.Scalar("lon");
    if (!in.errors().empty()) return Refuse(req, in.errors().front());
    if (auto s = help_.SetVolunteerPoint(who, lat, lon); !s) return Refuse(req, s.error());
    auto v = help_.VolunteerProfile(who);
    if (!v) return Refuse(req, v.error());
    if (!*v) return Problem(404, "Вы ещё не заполнили анкету волонтёра.", "", req.request_id);
    return Json(200, VolunteerJson(**v, true, true));
  });
}

http::Response HelpApi::Feed(http::Request& req) {
  return Guarded(req, [&](const accounts::Account& who, const json::object&) {
    help::FeedFilter f;
    f.kinds = QueryList(req, "kind");
    f.urgency = std::string(req.Query("urgency").value_or(""));
    f.place_id = std::string(req.Query("place").value_or(""));
    if (auto page = ReadPage(req, 100, 1000, f.limit, f.offset); !page)
      return Refuse(req, page.error());
    auto feed = help_.OpenRequestsNear(who, f);
    if (!feed) return Refuse(req, feed.error());
    json::array items;
    for (const auto& hit : feed->hits) {
      const auto& e = hit.entry;
      const bool known = e.urgency >= 0 && e.urgency < static_cast<int>(help::kUrgencies.size());
      items.push_back(json::object{
          {"id", e.id},
          {"kinds", Strings(help::KindsOf(e.kinds))},
          {"place", PlaceJson(e.place_id)},
          {"distance_km", help::RoundHalfKm(hit.km)},
          {"window_start", e.window_start},
          {"window_end", e.window_end},
          {"urgency", known ? std::string(help::kUrgencies[e.urgency]) : std::string()}});
    }
    json::object o;
    o["items"] = std::move(items);
    o["from_place"] = feed->from_place_id.empty() ? json::value(nullptr)
                                                  : json::value(PlaceJson(feed->from_place_id));
    o["max_km"] = feed->max_km;
    o["limit"] = f.limit;
    o["offset"] = f.offset;
    return Json(200, o);
  });
}

http::Response HelpApi::Tasks(http::Request& req) {
  return Guarded(req, [&](const accounts::Account& who, const json::object&) {
    return SummaryList(req, who, help_.MyTasks(who));
  });
}

http::Response HelpApi::Take(http::Request& req) {
  return Transition(req, {}, [&](const accounts::Account& who, long long id, const BodyArgs&) {
    return help_.TakeRequest(who, id);
  });
}

http::Response HelpApi::Release(http::Request& req) {
  return Transition(req, {{"reason"}},
                    [&](const accounts::Account& who, long long id, const BodyArgs& a) {
                      return help_.ReleaseRequest(who, id, a[0]);
                    });
}

http::Response HelpApi::Complete(http::Request& req) {
  return Transition(req, {{"receipt", BodyField::kScalar}, {"feedback"}},
                    [&](const accounts::Account& who, long long id, const BodyArgs& a) {
                      return help_.CompleteRequest(who, id, a[0], a[1]);
                    });
}

}  // namespace doma::api
