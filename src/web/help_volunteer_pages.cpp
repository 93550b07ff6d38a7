// The volunteer's pages: sign-up, their place, the feed of open requests,
// and taking, releasing and completing a request.
#include <fmt/format.h>

#include <boost/json.hpp>
#include <charconv>

#include "domain/help/permissions.h"
#include "http/server.h"
#include "http/status.h"
#include "web/form.h"
#include "web/format.h"
#include "web/help_page_parts.h"
#include "web/help_pages.h"

namespace doma::web {
namespace json = boost::json;
using help::RequestStatus;

http::Response HelpPages::Take(http::Request& req, const Who& who) {
  return Act(req, "taken", [&](long long id) { return help_.TakeRequest(who->account, id); });
}

http::Response HelpPages::Release(http::Request& req, const Who& who) {
  return Act(req, "released", [&](long long id) {
    return help_.ReleaseRequest(who->account, id, Field(req, "reason"));
  });
}

http::Response HelpPages::Complete(http::Request& req, const Who& who) {
  return Act(req, "completed", [&](long long id) {
    return help_.CompleteRequest(who->account, id, Field(req, "receipt"), Field(req, "feedback"));
  });
}

http::Response HelpPages::VolunteerPage(http::Request& req, int status,
                                        const help::VolunteerForm& f,
                                        const std::vector<Error>& errors) {
  std::string lang = LocaleFor(req).lang;
  json::object form;
  form["first_name"] = f.first_name;
  form["phone"] = f.phone;
  form["places"] = Places(lang, f.place_id);
  form["kinds"] = Kinds(lang, f.kinds);
  form["has_car"] = f.has_car;
  form["max_km"] = f.max_km.empty() ? "5" : f.max_km;
  AddErrors(form, errors);
  json::object page;
  page["title"] = T(req, "vsignup.title");
  page["form"] = std::move(form);
  return Render(req, status, "volunteer_signup", std::move(page));
}

http::Response HelpPages::VolunteerForm(http::Request& req, const Who& who) {
  auto v = help_.VolunteerProfile(who->account);
  if (!v) return pages_.FromError(req, v.error());
  help::VolunteerForm f;
  if (*v)
    f = {(*v)->first_name, (*v)->phone,   (*v)->place_id,
         (*v)->kinds,      (*v)->has_car, std::to_string((*v)->max_km)};
  else
    f.first_name = who->account.name.substr(0, who->account.name.find(' '));
  return VolunteerPage(req, 200, f, {});
}

http::Response HelpPages::VolunteerSignUp(http::Request& req, const Who& who) {
  help::VolunteerForm f{Field(req, "first_name"),
                        Field(req, "phone"),
                        Field(req, "place_id"),
                        Fields(req, "kinds"),
                        req.FormValue("has_car").has_value(),
                        Field(req, "max_km")};
  if (auto errors = help::ValidateVolunteerForm(f, help_.gazetteer()); !errors.empty())
    return VolunteerPage(req, 422, f, errors);
  auto r = help_.RegisterVolunteer(who->account, f);
  if (!r) {
    if (r.error().code != Code::kInvalidArgument) return pages_.FromError(req, r.error());
    return VolunteerPage(req, 422, f, {r.error()});
  }
  return http::Response::Redirect(303, "/volunteer?saved=1");
}

http::Response HelpPages::Location(http::Request& req, const Who& who) {
  auto r = help_.SetVolunteerPoint(who->account, Field(req, "lat"), Field(req, "lon"));
  if (!r) return pages_.FromError(req, r.error());
  return http::Response::Redirect(303, "/volunteer");
}

http::Response HelpPages::Feed(http::Request& req, const Who& who) {
  std::string lang = LocaleFor(req).lang;
  json::object page;
  page["title"] = T(req, "feed.title");
  auto profile = help_.VolunteerProfile(who->account);
  if (!profile) return pages_.FromError(req, profile.error());
  if (req.Query("saved")) page["notice"] = T(req, "feed.saved");
  if (!*profile) {
    page["no_profile"] = true;
    return Render(req, 200, "volunteer", std::move(page));
  }
  const help::Volunteer& vol = **profile;
  page["badge"] = vol.badge;
  if (vol.status != help::VolunteerStatus::kVerified) {
    page["pending"] = vol.status == help::VolunteerStatus::kPending;
    page["suspended"] = vol.status == help::VolunteerStatus::kSuspended;
    return Render(req, 200, "volunteer", std::move(page));
  }
  help::FeedFilter f;
  f.kinds = QueryAll(req, "kind");
  f.urgency = std::string(req.Query("urgency").value_or(""));
  f.place_id = std::string(req.Query("place").value_or(""));
  int pg = PageParam(req, 50);
  f.limit = 20;
  f.offset = (pg - 1) * 20;
  auto feed = help_.OpenRequestsNear(who->account, f);
  if (!feed) {
    if (feed.error().code != Code::kInvalidArgument) return pages_.FromError(req, feed.error());
    return pages_.Error(&req, 400, feed.error().public_message);
  }
  json::array items;
  for (const auto& hit : feed->hits) {
    std::string kinds;
    for (const auto& k : help::KindsOf(hit.entry.kinds))
      kinds += (kinds.empty() ? "" : ", ") + views_.T(lang, "kind." + k);
    items.push_back(json::object{
        {"id", hit.entry.id},
        {"kinds", kinds},
        {"place", PlaceName(hit.entry.place_id, lang)},
        {"km", Km(help::RoundHalfKm(hit.km))},
        {"window", HumanWindow(hit.entry.window_start, hit.entry.window_end,
                               help_.policy().utc_offset_minutes, lang)},
        {"urgency",
         views_.T(lang,
                  "urgency." +
                      std::string(help::kUrgencies[static_cast<std::size_t>(hit.entry.urgency)]))},
        {"urgent", hit.entry.urgency == 0}});
  }
  page["verified"] = true;
  page["items"] = std::move(items);
  page["has_items"] = !feed->hits.empty();
  // The filters fold away below the requests; open when one is in use.
  page["filters_active"] = !f.kinds.empty() || !f.urgency.empty() || !f.place_id.empty();
  page["max_km"] = vol.max_km;
  page["from_place"] =
      feed->from_place_id.empty() ? T(req, "feed.my_point") : PlaceName(feed->from_place_id, lang);
  page["kinds"] = Kinds(lang, f.kinds);
  page["places"] = Places(lang, f.place_id);
  page["urgencies"] = Urgencies(lang, f.urgency);
  page["using_point"] = vol.has_point && f.place_id.empty();
  if (feed->hits.size() == 20) {
    std::string next = "/volunteer?page=" + std::to_string(pg + 1);
    for (const auto& k : f.kinds) next += "&kind=" + k;
    if (!f.urgency.empty()) next += "&urgency=" + f.urgency;
    if (!f.place_id.empty()) next += "&place=" + f.place_id;
    page["next_page"] = next;
  }
  auto tasks = help_.MyTasks(who->account);
  if (!tasks) return pages_.FromError(req, tasks.error());
  json::array t;
  for (const auto& r : *tasks) t.push_back(Summary(r, lang));
  page["has_tasks"] = !tasks->empty();
  page["tasks"] = std::move(t);
  return Render(req, 200, "volunteer", std::move(page));
}

}  // namespace doma::web
