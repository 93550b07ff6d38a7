// The help API for requesters: creating a request, one's own requests, a
// request's full view (personal data as permissions.h allows), confirming,
// cancelling, erasing.
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

http::Response HelpApi::CreateRequest(http::Request& req) {
  return Guarded(req, [&](const accounts::Account& who, const json::object& body) {
    Fields in(body);
    help::RequestForm f;
    std::string channel = in.Text("channel");
    if (channel.empty()) channel = "self";
    f.kinds = in.Texts("kinds");
    f.details = in.Text("details");
    f.recipient_name = in.Text("recipient_name");
    f.phone = in.Text("phone");
    if (const json::object* a = in.Object("address")) {
      Fields addr(*a, "address.");
      help::Address::ForEachPart(
          f.address, [&](const char* name, std::string& part) { part = addr.Text(name); });
      for (auto& e : addr.errors()) in.errors().push_back(std::move(e));
    }
    f.place_id = in.Text("place_id");
    f.lat = in.Scalar("lat");
    f.lon = in.Scalar("lon");
    f.date = in.Text("date");
    f.from = in.Text("from");
    f.to = in.Text("to");
    f.urgency = in.Text("urgency");
    f.payment = in.Text("payment");
    f.notes = in.Text("notes");
    f.recurrence = in.Text("recurrence");
    f.consent = in.Flag("consent");
    std::vector<Error> errors = std::move(in.errors());
    if (std::find(help::kChannels.begin(), help::kChannels.end(), channel) == help::kChannels.end())
      errors.push_back(Error::Invalid("channel", "Укажите канал: self, on-behalf или hotline."));
    for (auto& e : help::ValidateRequestForm(f, help_.gazetteer())) errors.push_back(std::move(e));
    if (!errors.empty()) return FieldsProblem(req, OnePerField(std::move(errors)));

    auto r = help_.SubmitRequest(who, f, channel);
    if (!r) return Refuse(req, r.error());
    Holders holders;
    auto summary = Summary(who, *r, holders);
    if (!summary) return Refuse(req, summary.error());
    // Said at the door with the number: the one time it is handed out
    // outside the request's own page.
    (*summary)["code_word"] = r->code_word;
    auto res = Json(201, *summary);
    res.Header("Location", fmt::format("/api/v1/help/requests/{}", r->id));
    return res;
  });
}

http::Response HelpApi::MyRequests(http::Request& req) {
  return Guarded(req, [&](const accounts::Account& who, const json::object&) {
    return SummaryList(req, who, help_.MyRequests(who));
  });
}

http::Response HelpApi::GetRequest(http::Request& req) {
  return Guarded(req, [&](const accounts::Account& who, const json::object&) {
    auto id = StrictId(req.params["id"]);
    if (!id) return Problem(404, kNoRequest, "", req.request_id);
    auto view = help_.ViewRequest(who, *id);
    if (!view) return Refuse(req, view.error());
    const help::HelpRequest& r = view->request;
    json::object o = RequestHead(r);
    o["payment"] = r.payment;
    o["channel"] = r.channel;
    o["place"] = PlaceJson(r.place_id);
    o["window_start"] = r.window_start;
    o["window_end"] = r.window_end;
    o["recurrence"] = OrNull(r.recurrence);
    o["created_at"] = r.created_at;
    o["taken_at"] = OrNull(r.taken_at);
    o["done_at"] = OrNull(r.done_at);
    o["confirmed_at"] = OrNull(r.confirmed_at);
    o["closed_at"] = OrNull(r.closed_at);
    o["erased"] = r.erased;
    o["previous_id"] = ZeroNull(r.previous_id);
    o["duplicate_of"] = ZeroNull(r.duplicate_of);
    o["receipt_kopecks"] =
        r.receipt_kopecks >= 0 ? json::value(r.receipt_kopecks) : json::value(nullptr);
    o["rating"] = r.rating > 0 ? json::value(r.rating) : json::value(nullptr);
    if (view->volunteer) {
      json::object v{{"first_name", view->volunteer->first_name},
                     {"badge", view->volunteer->badge}};
      if (!view->volunteer->phone.empty())  // the domain left it for coordinators only
        v["phone"] = view->volunteer->phone;
      o["volunteer"] = std::move(v);
    } else {
      o["volunteer"] = nullptr;
    }
    o.insert({{"is_requester", view->is_requester},
              {"is_volunteer", view->is_volunteer},
              {"is_coordinator", view->is_coordinator},
              {"can_take", view->can_take},
              {"show_personal", view->show_personal}});
    if (view->show_personal) {
      const help::Personal& p = r.personal;
      json::object address;
      help::Address::ForEachPart(
          p.address, [&](const char* name, const std::string& part) { address[name] = part; });
      o["personal"] = json::object{
          {"recipient_name", p.recipient_name},
          {"phone", p.phone},
          {"address", std::move(address)},
          {"point", json::object{{"lat", r.lat}, {"lon", r.lon}}},
          {"details", r.personal.details},
          {"notes", p.notes},
          {"code_word", r.code_word},
          {"comment", r.comment},
          {"feedback", r.volunteer_feedback},
          {"reason", r.reason},
      };
    } else {
      o["personal"] = nullptr;
    }
    if (view->is_coordinator) {
      json::array events;
      for (const auto& e : view->events)
        events.push_back(json::object{{"at", e.at},
                                      {"action", e.action},
                                      {"detail", OrNull(e.detail)},
                                      {"actor_id", ZeroNull(e.actor_id)},
                                      {"actor_name", OrNull(e.actor_name)}});
      o["events"] = std::move(events);
    }
    return Json(200, o);
  });
}

http::Response HelpApi::Confirm(http::Request& req) {
  return Transition(req, {{"rating", BodyField::kScalar}, {"comment"}},
                    [&](const accounts::Account& who, long long id, const BodyArgs& a) {
                      return help_.ConfirmRequest(who, id, a[0], a[1]);
                    });
}

http::Response HelpApi::Cancel(http::Request& req) {
  return Transition(req, {{"reason"}},
                    [&](const accounts::Account& who, long long id, const BodyArgs& a) {
                      return help_.CancelRequest(who, id, a[0]);
                    });
}

http::Response HelpApi::Erase(http::Request& req) {
  return Transition(req, {}, [&](const accounts::Account& who, long long id, const BodyArgs&) {
    return help_.EraseRequestNow(who, id);
  });
}

}  // namespace doma::api
