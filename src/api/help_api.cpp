#include "api/help_api.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <charconv>
#include <limits>
#include <set>

#include "api/problem.h"
#include "core/text.h"
#include "domain/help/permissions.h"

namespace doma::api {
namespace json = boost::json;

namespace {

constexpr const char* kNoRequest = "Такой заявки нет или она вам недоступна.";
constexpr const char* kNoVolunteer = "Такого волонтёра нет.";

http::Response Json(int status, const json::value& v) {
  auto r = http::Response::Json(status, json::serialize(v));
  r.content_type = "application/json; charset=utf-8";
  return r;
}

json::value OrNull(const std::string& s) {
  return s.empty() ? json::value(nullptr) : json::value(s);
}

json::array Strings(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

// The domain names address parts as its form does ("street"); in the JSON
// body they live under "address", and that is where a client looks.
std::string ApiField(const std::string& field) {
  static const std::set<std::string> kAddress = {"street",   "house", "flat",
                                                 "entrance", "floor", "intercom"};
  return kAddress.contains(field) ? "address." + field : field;
}

// A 400 that lists every field at fault, named as the client's JSON names it.
http::Response FieldsProblem(const http::Request& req, const std::vector<Error>& errors) {
  return api::InvalidFields(req, errors, ApiField);
}

http::Response Refuse(const http::Request& req, const Error& e) {
  if (e.code == Code::kInvalidArgument && !e.field.empty()) return FieldsProblem(req, {e});
  return ProblemFrom(req, e);
}

// One message per field: the first is the one that says what to do.
std::vector<Error> OnePerField(std::vector<Error> errors) {
  std::vector<Error> out;
  std::set<std::string> seen;
  for (auto& e : errors)
    if (seen.insert(e.field).second) out.push_back(std::move(e));
  return out;
}

// Digits only and positive: "12abc", "+12", "0012x" name nothing.
std::optional<long long> StrictId(std::string_view s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
  long long v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  if (v <= 0) return std::nullopt;
  return v;
}

std::optional<int> QueryInt(std::string_view s, int max) {
  if (s.empty() || s.size() > 6) return std::nullopt;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return std::min(v, max);
}

// "kind=groceries&kind=medicines" or "kind=groceries,medicines".
std::vector<std::string> QueryList(const http::Request& req, std::string_view name) {
  std::vector<std::string> out;
  for (const auto& [k, v] : req.query)
    if (k == name)
      for (auto part : text::Split(v, ','))
        if (auto t = text::Trim(part); !t.empty()) out.emplace_back(t);
  return out;
}

// Reads a JSON body the way a form is read: absent or null is empty, and a
// value of the wrong type is an error naming its field rather than a 500.
class Fields {
 public:
  explicit Fields(const json::object& o, std::string prefix = "")
      : o_(o), prefix_(std::move(prefix)) {}

  std::string Text(std::string_view key) {
    const json::value* v = o_.if_contains(key);
    if (!v || v->is_null()) return {};
    if (v->is_string()) return std::string(v->get_string());
    Wrong(key, "Ожидается строка.");
    return {};
  }

  // Numbers are welcome where the domain parses text ("54.31", 5, "512,40").
  std::string Scalar(std::string_view key) {
    const json::value* v = o_.if_contains(key);
    if (!v || v->is_null()) return {};
    if (v->is_string()) return std::string(v->get_string());
    if (v->is_int64()) return std::to_string(v->get_int64());
    if (v->is_uint64()) return std::to_string(v->get_uint64());
    if (v->is_double()) return fmt::format("{}", v->get_double());
    Wrong(key, "Ожидается число или строка.");
    return {};
  }

  std::vector<std::string> Texts(std::string_view key) {
    std::vector<std::string> out;
    const json::value* v = o_.if_contains(key);
    if (!v || v->is_null()) return out;
    if (!v->is_array()) {
      Wrong(key, "Ожидается массив строк.");
      return out;
    }
    for (const auto& x : v->get_array()) {
      if (!x.is_string()) {
        Wrong(key, "Ожидается массив строк.");
        return {};
      }
      out.emplace_back(x.get_string());
    }
    return out;
  }

  bool Flag(std::string_view key) {
    const json::value* v = o_.if_contains(key);
    if (!v || v->is_null()) return false;
    if (v->is_bool()) return v->get_bool();
    Wrong(key, "Ожидается true или false.");
    return false;
  }

  // An account or request id: a positive integer, or its digits as a string.
  long long Id(std::string_view key) {
    const json::value* v = o_.if_contains(key);
    if (!v || v->is_null()) return 0;
    if (v->is_int64() && v->get_int64() > 0) return v->get_int64();
    if (v->is_uint64() &&
        v->get_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<long long>::max()))
      return static_cast<long long>(v->get_uint64());
    if (v->is_string())
      if (auto id = StrictId(v->get_string())) return *id;
    Wrong(key, "Ожидается номер — целое положительное число.");
    return 0;
  }

  const json::object* Object(std::string_view key) {
    const json::value* v = o_.if_contains(key);
    if (!v || v->is_null()) return nullptr;
    if (v->is_object()) return &v->get_object();
    Wrong(key, "Ожидается объект.");
    return nullptr;
  }

  bool Has(std::string_view key) const {
    const json::value* v = o_.if_contains(key);
    return v && !v->is_null();
  }

  std::vector<Error>& errors() { return errors_; }

 private:
  void Wrong(std::string_view key, const char* message) {
    errors_.push_back(Error::Invalid(prefix_ + std::string(key), message));
  }

  const json::object& o_;
  std::string prefix_;
  std::vector<Error> errors_;
};

json::object VolunteerJson(const help::Volunteer& v, bool with_phone, bool with_point) {
  json::object o;
  o["account_id"] = v.account_id;
  o["first_name"] = v.first_name;
  if (with_phone) o["phone"] = v.phone;
  o["place_id"] = v.place_id;
  o["kinds"] = Strings(v.kinds);
  o["has_car"] = v.has_car;
  o["max_km"] = v.max_km;
  o["status"] = std::string(help::VolunteerStatusName(v.status));
  o["badge"] = OrNull(v.badge);
  if (with_point)
    o["point"] = v.has_point ? json::value(json::object{{"lat", v.point_lat}, {"lon", v.point_lon}})
                             : json::value(nullptr);
  o["active"] = v.active;
  o["completed"] = v.completed;
  o["rating"] = v.ratings > 0 ? json::value(v.rating) : json::value(nullptr);
  o["ratings"] = v.ratings;
  o["created_at"] = OrNull(v.created_at);
  o["verified_at"] = OrNull(v.verified_at);
  o["suspended_reason"] = OrNull(v.suspended_reason);
  return o;
}

json::value ZeroNull(long long v) { return v ? json::value(v) : json::value(nullptr); }

using VolunteerCommand = std::function<Result<help::Volunteer>(long long account_id, Fields& in)>;

// The coordinators' commands on a volunteer share their shape: the account
// id in the path, a body, the volunteer as a coordinator sees it.
http::Response OnVolunteer(http::Request& req, const json::object& body,
                           const VolunteerCommand& command) {
  auto id = StrictId(req.params["id"]);
  if (!id) return Problem(404, kNoVolunteer, "", req.request_id);
  Fields in(body);
  auto v = command(*id, in);
  if (!v) return Refuse(req, v.error());
  return Json(200, VolunteerJson(*v, true, false));
}

}  // namespace

// ---------------------------------------------------------------------------
// Shared

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

http::Response HelpApi::Transition(http::Request& req, const Command& command) {
  return Guarded(req, [&](const accounts::Account& who, const json::object& body) {
    auto id = StrictId(req.params["id"]);
    if (!id) return Problem(404, kNoRequest, "", req.request_id);
    auto r = command(who, *id, body);
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
  if (auto it = holders.find(r.volunteer_id); it != holders.end()) return it->second;
  std::optional<help::Volunteer> found;
  if (r.volunteer_id == who.id) {
    auto v = help_.VolunteerProfile(who);
    if (!v) return Fail(v.error());
    found = std::move(*v);
  } else if (help::Permissions::CanCoordinate(who)) {
    auto v = help_.VolunteerFor(who, r.volunteer_id);
    if (!v && v.error().code != Code::kNotFound) return Fail(v.error());
    if (v) found = std::move(*v);
  } else if (r.requester_id != 0 && r.requester_id == who.id) {
    // The requester learns the name and badge to check at the door; the
    // view is where the domain tells them (a requester's view is not audited).
    auto view = help_.ViewRequest(who, r.id);
    if (!view && view.error().code != Code::kNotFound) return Fail(view.error());
    if (view) found = std::move(view->volunteer);
  } else {
    // Not theirs to learn here; another request of the list may still say it.
    return found;
  }
  holders[r.volunteer_id] = found;
  return found;
}

Result<json::object> HelpApi::Summary(const accounts::Account& who, const help::HelpRequest& r,
                                      Holders& holders) {
  json::object o;
  o["id"] = r.id;
  o["number"] = help::Number(r.id);
  o["status"] = std::string(help::StatusName(r.status));
  o["kinds"] = Strings(r.kinds);
  o["urgency"] = r.urgency;
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

json::object HelpApi::PlaceJson(const std::string& id) const {
  const help::Place* p = help_.gazetteer().Find(id);
  return json::object{
      {"id", id}, {"name_ru", p ? p->name_ru : ""}, {"name_en", p ? p->name_en : ""}};
}

// ---------------------------------------------------------------------------
// Public

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

// ---------------------------------------------------------------------------
// Requests

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
      f.address = {addr.Text("street"),   addr.Text("house"), addr.Text("flat"),
                   addr.Text("entrance"), addr.Text("floor"), addr.Text("intercom")};
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
    auto list = help_.MyRequests(who);
    if (!list) return Refuse(req, list.error());
    auto items = Summaries(who, *list);
    if (!items) return Refuse(req, items.error());
    return Json(200, json::object{{"items", std::move(*items)}});
  });
}

http::Response HelpApi::GetRequest(http::Request& req) {
  return Guarded(req, [&](const accounts::Account& who, const json::object&) {
    auto id = StrictId(req.params["id"]);
    if (!id) return Problem(404, kNoRequest, "", req.request_id);
    auto view = help_.ViewRequest(who, *id);
    if (!view) return Refuse(req, view.error());
    const help::HelpRequest& r = view->request;
    json::object o;
    o["id"] = r.id;
    o["number"] = help::Number(r.id);
    o["status"] = std::string(help::StatusName(r.status));
    o["kinds"] = Strings(r.kinds);
    o["urgency"] = r.urgency;
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
      if (view->is_coordinator && !view->volunteer->phone.empty())
        v["phone"] = view->volunteer->phone;
      o["volunteer"] = std::move(v);
    } else {
      o["volunteer"] = nullptr;
    }
    o["is_requester"] = view->is_requester;
    o["is_volunteer"] = view->is_volunteer;
    o["is_coordinator"] = view->is_coordinator;
    o["can_take"] = view->can_take;
    o["show_personal"] = view->show_personal;
    if (view->show_personal) {
      const help::Personal& p = r.personal;
      const help::Address& a = p.address;
      o["personal"] = json::object{
          {"recipient_name", p.recipient_name},
          {"phone", p.phone},
          {"address", json::object{{"street", a.street},
                                   {"house", a.house},
                                   {"flat", a.flat},
                                   {"entrance", a.entrance},
                                   {"floor", a.floor},
                                   {"intercom", a.intercom}}},
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

http::Response HelpApi::Take(http::Request& req) {
  return Transition(req, [&](const accounts::Account& who, long long id, const json::object&) {
    return help_.TakeRequest(who, id);
  });
}

http::Response HelpApi::Release(http::Request& req) {
  return Transition(req,
                    [&](const accounts::Account& who, long long id,
                        const json::object& body) -> Result<help::HelpRequest> {
                      Fields in(body);
                      std::string reason = in.Text("reason");
                      if (!in.errors().empty()) return Fail(in.errors().front());
                      return help_.ReleaseRequest(who, id, reason);
                    });
}

http::Response HelpApi::Complete(http::Request& req) {
  return Transition(req,
                    [&](const accounts::Account& who, long long id,
                        const json::object& body) -> Result<help::HelpRequest> {
                      Fields in(body);
                      std::string receipt = in.Scalar("receipt");
                      std::string feedback = in.Text("feedback");
                      if (!in.errors().empty()) return Fail(in.errors().front());
                      return help_.CompleteRequest(who, id, receipt, feedback);
                    });
}

http::Response HelpApi::Confirm(http::Request& req) {
  return Transition(req,
                    [&](const accounts::Account& who, long long id,
                        const json::object& body) -> Result<help::HelpRequest> {
                      Fields in(body);
                      std::string rating = in.Scalar("rating");
                      std::string comment = in.Text("comment");
                      if (!in.errors().empty()) return Fail(in.errors().front());
                      return help_.ConfirmRequest(who, id, rating, comment);
                    });
}

http::Response HelpApi::Cancel(http::Request& req) {
  return Transition(req,
                    [&](const accounts::Account& who, long long id,
                        const json::object& body) -> Result<help::HelpRequest> {
                      Fields in(body);
                      std::string reason = in.Text("reason");
                      if (!in.errors().empty()) return Fail(in.errors().front());
                      return help_.CancelRequest(who, id, reason);
                    });
}

http::Response HelpApi::Erase(http::Request& req) {
  return Transition(req, [&](const accounts::Account& who, long long id, const json::object&) {
    return help_.EraseRequestNow(who, id);
  });
}

http::Response HelpApi::Assign(http::Request& req) {
  return Transition(req,
                    [&](const accounts::Account& who, long long id,
                        const json::object& body) -> Result<help::HelpRequest> {
                      Fields in(body);
                      long long volunteer = in.Id("volunteer_id");
                      if (!in.errors().empty()) return Fail(in.errors().front());
                      if (!volunteer)
                        return Fail(Error::Invalid("volunteer_id", "Выберите волонтёра."));
                      return help_.AssignRequest(who, id, volunteer);
                    });
}

http::Response HelpApi::Merge(http::Request& req) {
  return Transition(
      req,
      [&](const accounts::Account& who, long long id,
          const json::object& body) -> Result<help::HelpRequest> {
        Fields in(body);
        long long into = 0;
        if (const json::value* v = body.if_contains("into"); v && v->is_string())
          into = help::ParseNumber(v->get_string());
        else
          into = in.Id("into");
        if (!in.errors().empty()) return Fail(in.errors().front());
        if (into <= 0)
          return Fail(Error::Invalid("into", "Укажите номер заявки, например UL-000123."));
        return help_.MergeRequests(who, id, into);
      });
}

// ---------------------------------------------------------------------------
// Volunteers

http::Response HelpApi::Feed(http::Request& req) {
  return Guarded(req, [&](const accounts::Account& who, const json::object&) {
    help::FeedFilter f;
    f.kinds = QueryList(req, "kind");
    f.urgency = std::string(req.Query("urgency").value_or(""));
    f.place_id = std::string(req.Query("place").value_or(""));
    if (auto limit = req.Query("limit")) {
      auto n = QueryInt(*limit, 100);
      if (!n || *n < 1)
        return Refuse(req, Error::Invalid("limit", "limit — целое число от 1 до 100."));
      f.limit = *n;
    }
    if (auto offset = req.Query("offset")) {
      auto n = QueryInt(*offset, 1000);
      if (!n) return Refuse(req, Error::Invalid("offset", "offset — целое неотрицательное число."));
      f.offset = *n;
    }
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
    auto list = help_.MyTasks(who);
    if (!list) return Refuse(req, list.error());
    auto items = Summaries(who, *list);
    if (!items) return Refuse(req, items.error());
    return Json(200, json::object{{"items", std::move(*items)}});
  });
}

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

// ---------------------------------------------------------------------------
// Coordinators

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
    if (auto limit = req.Query("limit")) {
      auto n = QueryInt(*limit, 200);
      if (!n || *n < 1)
        return Refuse(req, Error::Invalid("limit", "limit — целое число от 1 до 200."));
      f.limit = *n;
    }
    if (auto offset = req.Query("offset")) {
      auto n = QueryInt(*offset, 100000);
      if (!n) return Refuse(req, Error::Invalid("offset", "offset — целое неотрицательное число."));
      f.offset = *n;
    }
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

}  // namespace doma::api
