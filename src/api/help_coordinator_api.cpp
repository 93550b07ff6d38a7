// The help API for coordinators: the dashboard, volunteers (verify, suspend,
// reinstate), assigning and merging requests.
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

http::Response HelpApi::Dashboard(http::Request& req) {
  return Guarded(req, [&](const accounts::Account& who, const json::object&) {
    help::ListFilter f;
    for (const auto& s : QueryList(req, "status")) {
      help::RequestStatus st;
      if (!help::ParseStatus(s, st))
        return Refuse(req, Error::Invalid("status", "Неизвестный статус заявки."));
      f.statuses.push_back(st);
    }
    f.urgency = std::string(req.Query("urgency").value_or(""));
    if (!f.urgency.empty() && std::find(help::kUrgencies.begin(), help::kUrgencies.end(),
                                        f.urgency) == help::kUrgencies.end())
      return Refuse(req, Error::Invalid("urgency", "Неизвестная срочность."));
    if (auto page = ReadPage(req, 200, 100000, f.limit, f.offset); !page)
      return Refuse(req, page.error());
    auto d = help_.CoordinatorDashboard(who, f);
    if (!d) return Refuse(req, d.error());
    auto items = Summaries(who, d->requests);
    if (!items) return Refuse(req, items.error());
    json::array escalated;
    for (long long id : d->escalated) escalated.emplace_back(id);
    json::array per_day;
    for (const auto& day : d->figures.per_day)
      per_day.push_back(json::object{{"day", day.day}, {"created", day.created}});
    auto minutes = [](double m) { return m < 0 ? json::value(nullptr) : json::value(m); };
    const auto& fig = d->figures;
    json::object o;
    o["items"] = std::move(*items);
    o["escalated"] = std::move(escalated);
    o["figures"] = json::object{{"per_day", std::move(per_day)},
                                {"median_take_minutes", minutes(fig.median_take_minutes)},
                                {"median_complete_minutes", minutes(fig.median_complete_minutes)},
                                {"open", fig.open},
                                {"taken", fig.taken},
                                {"done", fig.done},
                                {"closed", fig.closed}};
    o["limit"] = f.limit;
    o["offset"] = f.offset;
    return Json(200, o);
  });
}

http::Response HelpApi::Volunteers(http::Request& req) {
  return Guarded(req, [&](const accounts::Account& who, const json::object&) {
    auto list = help_.Volunteers(who, std::string(req.Query("status").value_or("")));
    if (!list) return Refuse(req, list.error());
    json::array items;
    for (const auto& v : *list) items.push_back(VolunteerJson(v, true, false));
    return Json(200, json::object{{"items", std::move(items)}});
  });
}

http::Response HelpApi::VerifyVolunteer(http::Request& req) {
  return Guarded(req, [&](const accounts::Account& who, const json::object& body) {
    return OnVolunteer(req, body, [&](long long id, Fields& in) -> Result<help::Volunteer> {
      bool id_checked = in.Flag("id_checked"), briefed = in.Flag("briefed");
      if (!in.errors().empty()) return Fail(in.errors().front());
      return help_.VerifyVolunteer(who, id, id_checked, briefed);
    });
  });
}

http::Response HelpApi::SuspendVolunteer(http::Request& req) {
  return Guarded(req, [&](const accounts::Account& who, const json::object& body) {
    return OnVolunteer(req, body, [&](long long id, Fields& in) -> Result<help::Volunteer> {
      std::string reason = in.Text("reason");
      if (!in.errors().empty()) return Fail(in.errors().front());
      return help_.SuspendVolunteer(who, id, reason);
    });
  });
}

http::Response HelpApi::ReinstateVolunteer(http::Request& req) {
  return Guarded(req, [&](const accounts::Account& who, const json::object& body) {
    return OnVolunteer(req, body,
                       [&](long long id, Fields&) { return help_.ReinstateVolunteer(who, id); });
  });
}

http::Response HelpApi::Assign(http::Request& req) {
  return Transition(req, {{"volunteer_id", BodyField::kId}},
                    [&](const accounts::Account& who, long long id,
                        const BodyArgs& a) -> Result<help::HelpRequest> {
                      if (a[0].empty())
                        return Fail(Error::Invalid("volunteer_id", "Выберите волонтёра."));
                      return help_.AssignRequest(who, id, std::stoll(a[0]));
                    });
}

http::Response HelpApi::Merge(http::Request& req) {
  // "into": the number as people write it ("UL-000123") or the id.
  return Transition(req, {{"into", BodyField::kScalar}},
                    [&](const accounts::Account& who, long long id,
                        const BodyArgs& a) -> Result<help::HelpRequest> {
                      long long into = help::ParseNumber(a[0]);
                      if (into <= 0 || a[0].starts_with('-'))
                        return Fail(Error::Invalid(
                            "into", "Укажите номер заявки, например " + help::Number(123) + "."));
                      return help_.MergeRequests(who, id, into);
                    });
}

}  // namespace doma::api
