#include "web/help_pages.h"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <charconv>
#include <cstring>

#include "domain/help/permissions.h"
#include "http/server.h"
#include "http/status.h"
#include "web/form.h"

namespace doma::web {
namespace json = boost::json;
using help::RequestStatus;

namespace {

std::vector<std::string> QueryAll(const http::Request& req, const char* name) {
  std::vector<std::string> out;
  for (const auto& [k, v] : req.query)
    if (k == name && !v.empty()) out.push_back(v);
  return out;
}

// Address fields under their form names (the request form and the request page).
void PutAddress(json::object& o, const help::Address& a) {
  o["street"] = a.street;
  o["house"] = a.house;
  o["flat"] = a.flat;
  o["entrance"] = a.entrance;
  o["floor"] = a.floor;
  o["intercom"] = a.intercom;
}

// The form's errors as the template reads them: error_<field> next to each
// field, and a list at the top linking to them.
void AddErrors(json::object& f, const std::vector<Error>& errors) {
  if (errors.empty()) return;
  json::array list;
  for (const auto& e : errors) {
    std::string field = e.field.empty() ? "form" : e.field;
    std::string key = "error_" + field;
    if (!f.contains(key)) f[key] = e.public_message;
    list.push_back(json::object{{"field", field}, {"message", e.public_message}});
  }
  f["has_errors"] = true;
  f["errors"] = std::move(list);
}

help::RequestForm ReadRequestForm(const http::Request& req) {
  help::RequestForm f;
  f.kinds = Fields(req, "kinds");
  f.details = Field(req, "details");
  f.recipient_name = Field(req, "recipient_name");
  f.phone = Field(req, "phone");
  f.address = {Field(req, "street"),   Field(req, "house"), Field(req, "flat"),
               Field(req, "entrance"), Field(req, "floor"), Field(req, "intercom")};
  f.place_id = Field(req, "place_id");
  f.lat = Field(req, "lat");
  f.lon = Field(req, "lon");
  f.date = Field(req, "date");
  f.from = Field(req, "from");
  f.to = Field(req, "to");
  f.urgency = Field(req, "urgency");
  f.payment = Field(req, "payment");
  f.notes = Field(req, "notes");
  f.recurrence = Field(req, "recurrence");
  f.consent = req.FormValue("consent").has_value();
  return f;
}

std::string Rub(long long kopecks) {
  return fmt::format("{},{:02} ₽", kopecks / 100, kopecks % 100);
}

// "https://{s}.tile.example.org/{z}/{x}/{y}.png" → "https://*.tile.example.org".
std::string TileOrigin(const std::string& url) {
  auto scheme = url.find("://");
  if (scheme == std::string::npos || !(url.starts_with("https://") || url.starts_with("http://")))
    return "";
  auto end = url.find('/', scheme + 3);
  std::string origin = url.substr(0, end);
  for (std::size_t at; (at = origin.find("{s}")) != std::string::npos;) origin.replace(at, 3, "*");
  // Anything but a plain host would break the header.
  for (char c : origin)
    if (!std::isalnum(static_cast<unsigned char>(c)) && !std::strchr(":/.-*", c)) return "";
  return origin;
}

std::string Km(double km) {
  std::string s = fmt::format("{:.1f}", km);
  if (s.ends_with(".0")) s.resize(s.size() - 2);
  std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

}  // namespace

std::string HelpPages::T(const http::Request& req, const std::string& key) const {
  return views_.T(LocaleFor(req).lang, key);
}

http::Response HelpPages::Render(http::Request& req, int status, const std::string& name,
                                 json::object page) {
  auth_.Csrf(req);
  page["hotline"] = help_.policy().coordinators_phone;
  http::Response r = views_.Page(status, name, std::move(page), req);
  r.Header("Cache-Control", "no-store");
  return r;
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

json::array HelpPages::Kinds(const std::string& lang,
                             const std::vector<std::string>& selected) const {
  json::array out;
  for (auto k : help::kKinds)
    out.push_back(json::object{{"value", std::string(k)},
                               {"label", views_.T(lang, "kind." + std::string(k))},
                               {"checked", Has(selected, k)}});
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
      {"window", help_.LocalTime(r.window_start) + " – " + help_.LocalTime(r.window_end).substr(6)},
      {"created", help_.LocalTime(r.created_at)},
      {"erased", r.erased}};
}

// ---- Public ---------------------------------------------------------------

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

// ---- Asking for help ------------------------------------------------------

http::Response HelpPages::AskPage(http::Request& req, int status, const help::RequestForm& f,
                                  const std::string& channel, const std::vector<Error>& errors) {
  std::string lang = LocaleFor(req).lang;
  json::object form;
  form["kinds"] = Kinds(lang, f.kinds);
  form["details"] = f.details;
  form["recipient_name"] = f.recipient_name;
  form["phone"] = f.phone;
  form["places"] = Places(lang, f.place_id);
  PutAddress(form, f.address);
  form["lat"] = f.lat;
  form["lon"] = f.lon;
  form["date"] = f.date;
  form["from"] = f.from;
  form["to"] = f.to;
  form["notes"] = f.notes;
  form["weekly"] = f.recurrence == "weekly";
  form["consent"] = f.consent;
  auto options = [&](auto const& values, const std::string& prefix, const std::string& chosen) {
    json::array a;
    for (auto v : values)
      a.push_back(json::object{{"value", std::string(v)},
                               {"label", views_.T(lang, prefix + std::string(v))},
                               {"checked", v == chosen}});
    return a;
  };
  form["urgencies"] =
      options(help::kUrgencies, "urgency.", f.urgency.empty() ? "1-2-days" : f.urgency);
  form["payments"] =
      options(help::kPayments, "payment.", f.payment.empty() ? "cash-on-receipt" : f.payment);
  form["hotline_call"] = channel == "hotline";
  form["for_self"] = channel == "self";
  form["for_other"] = channel == "on-behalf";
  form["tile_url"] = map_.tile_url;
  form["attribution"] = map_.attribution;
  AddErrors(form, errors);
  json::object page;
  page["title"] = T(req, channel == "hotline" ? "call.title" : "ask.title");
  page["form"] = std::move(form);
  page["action"] = channel == "hotline" ? "/coordinator/call" : "/help/ask";
  auto res = Render(req, status, "help_ask", std::move(page));
  res.Header("Content-Security-Policy", http::ContentSecurityPolicy(TileOrigin(map_.tile_url)));
  return res;
}

http::Response HelpPages::AskForm(http::Request& req, const Who&) {
  help::RequestForm f;
  return AskPage(req, 200, f, req.Query("for").value_or("") == "other" ? "on-behalf" : "self", {});
}

http::Response HelpPages::CallForm(http::Request& req, const Who&) {
  return AskPage(req, 200, help::RequestForm{}, "hotline", {});
}

namespace {
int StatusForErrors(const std::vector<Error>&) { return 422; }
}  // namespace

http::Response HelpPages::Ask(http::Request& req, const Who& who) {
  std::string channel = Field(req, "channel") == "on-behalf" ? "on-behalf" : "self";
  auto f = ReadRequestForm(req);
  if (auto errors = help::ValidateRequestForm(f, help_.gazetteer()); !errors.empty())
    return AskPage(req, StatusForErrors(errors), f, channel, errors);
  auto r = help_.SubmitRequest(who->account, f, channel);
  if (!r) {
    if (r.error().code != Code::kInvalidArgument) return pages_.FromError(req, r.error());
    return AskPage(req, 422, f, channel, {r.error()});
  }
  return http::Response::Redirect(303, fmt::format("/help/requests/{}?created=1", r->id));
}

http::Response HelpPages::Call(http::Request& req, const Who& who) {
  auto f = ReadRequestForm(req);
  if (auto errors = help::ValidateRequestForm(f, help_.gazetteer()); !errors.empty())
    return AskPage(req, StatusForErrors(errors), f, "hotline", errors);
  auto r = help_.SubmitRequest(who->account, f, "hotline");
  if (!r) {
    if (r.error().code != Code::kInvalidArgument) return pages_.FromError(req, r.error());
    return AskPage(req, 422, f, "hotline", {r.error()});
  }
  return http::Response::Redirect(303, fmt::format("/help/requests/{}?created=1", r->id));
}

http::Response HelpPages::Mine(http::Request& req, const Who& who) {
  std::string lang = LocaleFor(req).lang;
  auto mine = help_.MyRequests(who->account);
  if (!mine) return pages_.FromError(req, mine.error());
  auto tasks = help_.MyTasks(who->account);
  if (!tasks) return pages_.FromError(req, tasks.error());
  json::array a, t;
  for (const auto& r : *mine) a.push_back(Summary(r, lang));
  for (const auto& r : *tasks) t.push_back(Summary(r, lang));
  json::object page;
  page["title"] = T(req, "mine.title");
  page["has_requests"] = !mine->empty();
  page["requests"] = std::move(a);
  page["has_tasks"] = !tasks->empty();
  page["tasks"] = std::move(t);
  return Render(req, 200, "help_mine", std::move(page));
}

http::Response HelpPages::Request(http::Request& req, const Who& who) {
  std::string lang = LocaleFor(req).lang;
  long long id = IdParam(req);
  if (!id) return pages_.Error(&req, 404, "Такой заявки нет или она вам недоступна.");
  auto v = help_.ViewRequest(who->account, id);
  if (!v) return pages_.FromError(req, v.error());
  const help::HelpRequest& r = v->request;
  json::object page = Summary(r, lang);
  page["title"] = T(req, "request.title") + " " + help::Number(r.id);
  page["show_personal"] = v->show_personal;
  if (v->show_personal) {
    const auto& p = r.personal;
    page["recipient_name"] = p.recipient_name;
    page["phone"] = p.phone;
    PutAddress(page, p.address);
    page["details"] = p.details;
    page["notes"] = p.notes;
    page["code_word"] = r.code_word;
    page["reason"] = r.reason;
    page["comment"] = r.comment;
    page["feedback"] = r.volunteer_feedback;
  }
  page["payment"] = views_.T(lang, "payment." + r.payment);
  page["weekly"] = r.recurrence == "weekly";
  page["is_requester"] = v->is_requester;
  page["is_volunteer"] = v->is_volunteer;
  page["is_coordinator"] = v->is_coordinator;
  page["created_now"] = req.Query("created").has_value();
  if (auto d = req.Query("done"))
    page["notice"] = views_.T(lang, "request.done." + std::string(*d));
  bool open = r.status == RequestStatus::kOpen, taken = r.status == RequestStatus::kTaken,
       done = r.status == RequestStatus::kDone;
  page["can_take"] = v->can_take;
  page["can_cancel"] = (v->is_requester || v->is_coordinator) && (open || taken);
  page["can_release"] = (v->is_volunteer || v->is_coordinator) && taken;
  page["can_complete"] = (v->is_volunteer || v->is_coordinator) && taken;
  page["can_confirm"] = (v->is_requester || v->is_coordinator) && done;
  page["can_erase"] = (v->is_requester || v->is_coordinator) && !r.erased && !taken && !done;
  page["can_assign"] = v->is_coordinator && open;
  page["can_merge"] = v->is_coordinator && open;
  if (r.receipt_kopecks >= 0) page["receipt"] = Rub(r.receipt_kopecks);
  if (r.rating > 0) page["rating"] = r.rating;
  if (r.duplicate_of) page["duplicate_of"] = help::Number(r.duplicate_of);
  if (v->volunteer) {
    page["has_volunteer"] = true;
    page["volunteer_name"] = v->volunteer->first_name;
    page["volunteer_badge"] = v->volunteer->badge;
    if (v->is_coordinator) page["volunteer_phone"] = v->volunteer->phone;
    page["volunteer_id"] = v->volunteer->account_id;
  }
  if (v->is_coordinator) {
    json::array events;
    for (const auto& e : v->events)
      events.push_back(json::object{
          {"at", help_.LocalTime(e.at)},
          {"action", views_.T(lang, "event." + e.action)},
          {"detail", e.action == "create" &&
                             std::find(help::kChannels.begin(), help::kChannels.end(), e.detail) !=
                                 help::kChannels.end()
                         ? views_.T(lang, "channel." + e.detail)
                         : e.detail},
          {"actor", e.actor_name.empty() ? views_.T(lang, "event.system") : e.actor_name}});
    page["events"] = std::move(events);
    if (open) {
      auto vols = help_.Volunteers(who->account, "verified");
      json::array options;
      if (vols)
        for (const auto& vol : *vols)
          options.push_back(json::object{
              {"value", vol.account_id},
              {"label", fmt::format("{} · {} · {} · {} км", vol.first_name, vol.badge,
                                    PlaceName(vol.place_id, lang),
                                    Km(help::DistanceKm({vol.lat, vol.lon}, {r.lat, r.lon})))}});
      page["volunteers"] = std::move(options);
    }
  }
  return Render(req, 200, "help_request", std::move(page));
}

http::Response HelpPages::AfterAction(http::Request& req, long long id,
                                      const Result<help::HelpRequest>& r, const std::string& done) {
  if (!r) {
    // A refusal a person can act on: shown on the request's own page when
    // they may still see it, else as an error page.
    int status = http::StatusFor(r.error().code);
    if (status >= 500) return pages_.FromError(req, r.error());
    return pages_.Error(&req, status, r.error().public_message);
  }
  return http::Response::Redirect(303, fmt::format("/help/requests/{}?done={}", id, done));
}

http::Response HelpPages::Take(http::Request& req, const Who& who) {
  long long id = IdParam(req);
  return AfterAction(req, id, help_.TakeRequest(who->account, id), "taken");
}

http::Response HelpPages::Release(http::Request& req, const Who& who) {
  long long id = IdParam(req);
  return AfterAction(req, id, help_.ReleaseRequest(who->account, id, Field(req, "reason")),
                     "released");
}

http::Response HelpPages::Done(http::Request& req, const Who& who) {
  long long id = IdParam(req);
  return AfterAction(
      req, id,
      help_.CompleteRequest(who->account, id, Field(req, "receipt"), Field(req, "feedback")),
      "completed");
}

http::Response HelpPages::Confirm(http::Request& req, const Who& who) {
  long long id = IdParam(req);
  return AfterAction(
      req, id, help_.ConfirmRequest(who->account, id, Field(req, "rating"), Field(req, "comment")),
      "confirmed");
}

http::Response HelpPages::Cancel(http::Request& req, const Who& who) {
  long long id = IdParam(req);
  return AfterAction(req, id, help_.CancelRequest(who->account, id, Field(req, "reason")),
                     "cancelled");
}

http::Response HelpPages::Erase(http::Request& req, const Who& who) {
  long long id = IdParam(req);
  return AfterAction(req, id, help_.EraseRequestNow(who->account, id), "erased");
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
  if (!into) return pages_.Error(&req, 400, "Укажите номер заявки, например UL-000123.");
  return AfterAction(req, id, help_.MergeRequests(who->account, id, into), "merged");
}

// ---- Volunteers -----------------------------------------------------------

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
  int pg = 1;
  if (auto p = req.Query("page")) std::from_chars(p->data(), p->data() + p->size(), pg);
  pg = std::clamp(pg, 1, 50);
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
        {"window", help_.LocalTime(hit.entry.window_start) + " – " +
                       help_.LocalTime(hit.entry.window_end).substr(6)},
        {"urgency",
         views_.T(lang,
                  "urgency." +
                      std::string(help::kUrgencies[static_cast<std::size_t>(hit.entry.urgency)]))},
        {"urgent", hit.entry.urgency == 0}});
  }
  page["verified"] = true;
  page["items"] = std::move(items);
  page["has_items"] = !feed->hits.empty();
  page["max_km"] = vol.max_km;
  page["from_place"] =
      feed->from_place_id.empty() ? T(req, "feed.my_point") : PlaceName(feed->from_place_id, lang);
  page["kinds"] = Kinds(lang, f.kinds);
  page["places"] = Places(lang, f.place_id);
  json::array urg;
  for (auto u : help::kUrgencies)
    urg.push_back(json::object{{"value", std::string(u)},
                               {"label", views_.T(lang, "urgency." + std::string(u))},
                               {"selected", u == f.urgency}});
  page["urgencies"] = std::move(urg);
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

// ---- Coordinators ---------------------------------------------------------

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
    days.push_back(json::object{{"day", day.day}, {"count", day.created}});
  page["days"] = std::move(days);
  json::array statuses;
  for (std::string s :
       {"active", "open", "taken", "done", "confirmed", "cancelled", "expired", "all"})
    statuses.push_back(json::object{
        {"value", s}, {"label", views_.T(lang, "dash.filter." + s)}, {"selected", s == status}});
  page["statuses"] = std::move(statuses);
  json::array urg;
  for (auto u : help::kUrgencies)
    urg.push_back(json::object{{"value", std::string(u)},
                               {"label", views_.T(lang, "urgency." + std::string(u))},
                               {"selected", u == f.urgency}});
  page["urgencies"] = std::move(urg);
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
  page["verified_at"] = help_.LocalTime(v->verified_at);
  if (auto d = req.Query("done")) page["notice"] = views_.T(lang, "vcard.done." + std::string(*d));
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
