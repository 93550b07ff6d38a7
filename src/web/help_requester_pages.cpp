// Asking for help and following one's own request: the form (for oneself or
// on someone's behalf), "my requests", the request's page and what its
// requester does there (confirm, cancel, erase).
#include <fmt/format.h>

#include <boost/json.hpp>
#include <charconv>

#include "core/text.h"
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

http::Response HelpPages::AskPage(http::Request& req, int status, const help::RequestForm& f,
                                  const std::string& channel, const std::vector<Error>& errors,
                                  const help::GuestAsk* guest) {
  std::string lang = LocaleFor(req).lang;
  json::object form{{"details", f.details}, {"recipient_name", f.recipient_name},
                    {"phone", f.phone},     {"lat", f.lat},
                    {"lon", f.lon},         {"date", f.date},
                    {"from", f.from},       {"to", f.to},
                    {"notes", f.notes},     {"weekly", f.recurrence == "weekly"},
                    {"consent", f.consent}};
  form["kinds"] = Kinds(lang, f.kinds);
  // The time and the note are optional and folded away (fewer stops for a
  // keyboard or a screen reader); open when filled in or refused.
  bool window_refused = false;
  for (const auto& e : errors)
    if (e.field == "date" || e.field == "from" || e.field == "to") window_refused = true;
  form["more_open"] = window_refused || !f.date.empty() || !f.from.empty() || !f.to.empty() ||
                      !f.notes.empty() || f.recurrence == "weekly";
  form["places"] = Places(lang, f.place_id);
  PutAddress(form, f.address);
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
  if (guest) {
    form["guest"] = true;
    // Signing in instead comes back to this form as it was asked for (?for=other).
    form["login_next"] = text::PercentEncode(req.target, "-_.~/");
    form["phone_codes"] = help_.policy().phone_codes;
    form["asker_name"] = guest->asker_name;
    form["asker_phone"] = guest->asker_phone;
  }
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

http::Response HelpPages::AskForm(http::Request& req, const Who& who) {
  help::RequestForm f;
  help::GuestAsk guest;
  return AskPage(req, 200, f, req.Query("for").value_or("") == "other" ? "on-behalf" : "self", {},
                 who ? nullptr : &guest);
}

http::Response HelpPages::Ask(http::Request& req, const Who& who) {
  if (!who) return AskAsGuest(req);
  std::string channel = Field(req, "channel") == "on-behalf" ? "on-behalf" : "self";
  return Submit(req, who, channel);
}

http::Response HelpPages::Submit(http::Request& req, const Who& who, const std::string& channel) {
  auto f = ReadRequestForm(req);
  if (auto errors = help::ValidateRequestForm(f, help_.gazetteer()); !errors.empty())
    return AskPage(req, 422, f, channel, errors);
  auto r = help_.SubmitRequest(who->account, f, channel);
  if (!r) {
    // What was typed (often read out by an old person over the phone) stays
    // in the form when the server cannot store it now (a full disk: 503).
    Code code = r.error().code;
    if (code != Code::kInvalidArgument && code != Code::kUnavailable)
      return pages_.FromError(req, r.error());
    return AskPage(req, code == Code::kUnavailable ? 503 : 422, f, channel, {r.error()});
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
    if (auto notice = views_.Find(lang, "request.done." + std::string(*d)))
      page["notice"] = *notice;
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
          {"at", HumanTime(e.at, help_.policy().utc_offset_minutes, lang)},
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

http::Response HelpPages::Confirm(http::Request& req, const Who& who) {
  return Act(req, "confirmed", [&](long long id) {
    return help_.ConfirmRequest(who->account, id, Field(req, "rating"), Field(req, "comment"));
  });
}

http::Response HelpPages::Cancel(http::Request& req, const Who& who) {
  return Act(req, "cancelled", [&](long long id) {
    return help_.CancelRequest(who->account, id, Field(req, "reason"));
  });
}

http::Response HelpPages::Erase(http::Request& req, const Who& who) {
  return Act(req, "erased", [&](long long id) { return help_.EraseRequestNow(who->account, id); });
}

}  // namespace doma::web
