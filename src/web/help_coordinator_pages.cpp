// The coordinators' pages: the hotline call form, the dashboard, volunteers
// (verify, suspend, reinstate), the map, assigning and merging requests.
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

http::Response HelpPages::CallForm(http::Request& req, const Who&) {
  return AskPage(req, 200, help::RequestForm{}, "hotline", {});
}

http::Response HelpPages::Call(http::Request& req, const Who& who) {
  return Submit(req, who, "hotline");
}

http::Response HelpPages::Assign(http::Request& req, const Who& who) {
  long long id = IdParam(req);
  long long volunteer = 0;
  std::string raw = Field(req, "volunteer_id");
  std::from_chars(raw.data(), raw.data() + raw.size(), volunteer);
  return AfterAction(req, id, help_.AssignRequest(who->account, id, volunteer), "assigned");
}

http::Response HelpPages::Merge(http::Request& req, const Who& who) {
  long long id = IdParam(req);
  long long into = help::ParseNumber(Field(req, "into"));
  if (!into)
    return pages_.Error(&req, 400, "Укажите номер заявки, например " + help::Number(123) + ".");
  return AfterAction(req, id, help_.MergeRequests(who->account, id, into), "merged");
}

http::Response HelpPages::Dashboard(http::Request& req, const Who& who) {
  std::string lang = LocaleFor(req).lang;
  help::ListFilter f;
  std::string status(req.Query("status").value_or("active"));
  if (status == "active")
    f.statuses = {RequestStatus::kOpen, RequestStatus::kTaken, RequestStatus::kDone};
  else if (status != "all") {
    RequestStatus s;
    if (!help::ParseStatus(status, s)) return pages_.Error(&req, 400, "Неизвестный статус заявки.");
    f.statuses = {s};
  }
  f.urgency = std::string(req.Query("urgency").value_or(""));
  if (!f.urgency.empty() && help::UrgencyIndex(f.urgency) < 0)
    return pages_.Error(&req, 400, "Неизвестная срочность.");
  f.limit = 200;
  auto d = help_.CoordinatorDashboard(who->account, f);
  if (!d) return pages_.FromError(req, d.error());
  json::array rows;
  for (const auto& r : d->requests) {
    auto s = Summary(r, lang);
    s["escalated"] =
        std::find(d->escalated.begin(), d->escalated.end(), r.id) != d->escalated.end();
    s["channel"] = views_.T(lang, "channel." + r.channel);
    rows.push_back(std::move(s));
  }
  json::object page;
  page["title"] = T(req, "dash.title");
  page["rows"] = std::move(rows);
  page["has_rows"] = !d->requests.empty();
  page["escalated_count"] = static_cast<long long>(d->escalated.size());
  page["has_escalated"] = !d->escalated.empty();
  page["escalate_hours"] = help_.policy().escalate_after_hours;
  const auto& fig = d->figures;
  page["open"] = fig.open;
  page["taken"] = fig.taken;
  page["done"] = fig.done;
  page["closed"] = fig.closed;
  auto minutes = [&](double m) {
    return m < 0    ? std::string("—")
           : m < 90 ? fmt::format("{:.0f} мин", m)
                    : fmt::format("{:.1f} ч", m / 60);
  };
  page["median_take"] = minutes(fig.median_take_minutes);
  page["median_complete"] = minutes(fig.median_complete_minutes);
  json::array days;
  for (const auto& day : fig.per_day)
    days.push_back(json::object{{"day", HumanDate(day.day, LocaleFor(req).lang)},
                                {"iso_day", day.day},
                                {"count", day.created}});
  page["days"] = std::move(days);
  json::array statuses;
  for (std::string s :
       {"active", "open", "taken", "done", "confirmed", "cancelled", "expired", "all"})
    statuses.push_back(json::object{
        {"value", s}, {"label", views_.T(lang, "dash.filter." + s)}, {"selected", s == status}});
  page["statuses"] = std::move(statuses);
  page["urgencies"] = Urgencies(lang, f.urgency);
  // Requests asked for without an account where no SMS can be sent: they
  // wait for a call, and nothing else would tell anyone so.
  if (auto waiting = help_.CallBacksWaiting(who->account); waiting && *waiting > 0)
    page["callbacks_waiting"] = static_cast<std::int64_t>(*waiting);
  return Render(req, 200, "coordinator", std::move(page));
}

http::Response HelpPages::Volunteers(http::Request& req, const Who& who) {
  std::string lang = LocaleFor(req).lang;
  std::string status(req.Query("status").value_or(""));
  auto list = help_.Volunteers(who->account, status);
  if (!list) return pages_.FromError(req, list.error());
  json::array rows;
  for (const auto& v : *list) {
    std::string kinds;
    for (const auto& k : v.kinds)
      kinds += (kinds.empty() ? "" : ", ") + views_.T(lang, "kind." + k);
    rows.push_back(json::object{
        {"id", v.account_id},
        {"first_name", v.first_name},
        {"badge", v.badge},
        {"status", views_.T(lang, "vstatus." + std::string(help::VolunteerStatusName(v.status)))},
        {"pending", v.status == help::VolunteerStatus::kPending},
        {"place", PlaceName(v.place_id, lang)},
        {"kinds", kinds},
        {"has_car", v.has_car},
        {"active", v.active},
        {"completed", v.completed},
        {"rating",
         v.ratings ? fmt::format("{:.1f} ({})", v.rating, v.ratings) : std::string("—")}});
  }
  json::object page;
  page["title"] = T(req, "vols.title");
  page["rows"] = std::move(rows);
  page["has_rows"] = !list->empty();
  return Render(req, 200, "coordinator_volunteers", std::move(page));
}

http::Response HelpPages::VolunteerCard(http::Request& req, const Who& who) {
  std::string lang = LocaleFor(req).lang;
  auto v = help_.VolunteerFor(who->account, IdParam(req));
  if (!v) return pages_.FromError(req, v.error());
  std::string kinds;
  for (const auto& k : v->kinds) kinds += (kinds.empty() ? "" : ", ") + views_.T(lang, "kind." + k);
  json::object page;
  page["title"] = T(req, "vcard.title") + " " + v->first_name;
  page["id"] = v->account_id;
  page["first_name"] = v->first_name;
  page["phone"] = v->phone;
  page["badge"] = v->badge;
  page["place"] = PlaceName(v->place_id, lang);
  page["kinds"] = kinds;
  page["has_car"] = v->has_car;
  page["max_km"] = v->max_km;
  page["active"] = v->active;
  page["completed"] = v->completed;
  page["rating"] =
      v->ratings ? fmt::format("{:.1f} ({})", v->rating, v->ratings) : std::string("—");
  page["status"] = views_.T(lang, "vstatus." + std::string(help::VolunteerStatusName(v->status)));
  page["pending"] = v->status == help::VolunteerStatus::kPending;
  page["verified"] = v->status == help::VolunteerStatus::kVerified;
  page["suspended"] = v->status == help::VolunteerStatus::kSuspended;
  page["suspended_reason"] = v->suspended_reason;
  page["verified_at"] =
      HumanTime(v->verified_at, help_.policy().utc_offset_minutes, LocaleFor(req).lang);
  if (auto d = req.Query("done"))
    if (auto notice = views_.Find(lang, "vcard.done." + std::string(*d))) page["notice"] = *notice;
  if (auto e = req.Query("error"))
    page["error_form"] = views_.T(lang, "vcard.error." + std::string(*e));
  return Render(req, 200, "coordinator_volunteer", std::move(page));
}

http::Response HelpPages::Verify(http::Request& req, const Who& who) {
  long long id = IdParam(req);
  auto r = help_.VerifyVolunteer(who->account, id, req.FormValue("id_checked").has_value(),
                                 req.FormValue("briefed").has_value());
  if (!r) {
    if (r.error().code == Code::kInvalidArgument)
      return http::Response::Redirect(
          303, fmt::format("/coordinator/volunteers/{}?error={}", id, r.error().field));
    return pages_.FromError(req, r.error());
  }
  return http::Response::Redirect(303, fmt::format("/coordinator/volunteers/{}?done=verified", id));
}

http::Response HelpPages::Suspend(http::Request& req, const Who& who) {
  long long id = IdParam(req);
  auto r = help_.SuspendVolunteer(who->account, id, Field(req, "reason"));
  if (!r) {
    if (r.error().code == Code::kInvalidArgument)
      return http::Response::Redirect(303,
                                      fmt::format("/coordinator/volunteers/{}?error=reason", id));
    return pages_.FromError(req, r.error());
  }
  return http::Response::Redirect(303,
                                  fmt::format("/coordinator/volunteers/{}?done=suspended", id));
}

http::Response HelpPages::Reinstate(http::Request& req, const Who& who) {
  long long id = IdParam(req);
  auto r = help_.ReinstateVolunteer(who->account, id);
  if (!r) return pages_.FromError(req, r.error());
  return http::Response::Redirect(303,
                                  fmt::format("/coordinator/volunteers/{}?done=reinstated", id));
}

http::Response HelpPages::Map(http::Request& req, const Who& who) {
  std::string lang = LocaleFor(req).lang;
  auto list = help_.MapOfRequests(who->account);
  if (!list) return pages_.FromError(req, list.error());
  json::array rows;
  for (const auto& r : *list) {
    auto s = Summary(r, lang);
    s["lat"] = fmt::format("{:.5f}", r.lat);
    s["lon"] = fmt::format("{:.5f}", r.lon);
    s["is_open"] = r.status == RequestStatus::kOpen;
    rows.push_back(std::move(s));
  }
  json::object page;
  page["title"] = T(req, "map.title");
  page["rows"] = std::move(rows);
  page["has_rows"] = !list->empty();
  page["tile_url"] = map_.tile_url;
  page["attribution"] = map_.attribution;
  auto res = Render(req, 200, "coordinator_map", std::move(page));
  res.Header("Content-Security-Policy", http::ContentSecurityPolicy(TileOrigin(map_.tile_url)));
  return res;
}

}  // namespace doma::web
