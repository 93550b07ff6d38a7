// Asking for help without an account: the form's second step (the code from
// the SMS), following a request by its number and code word on
// /help/status, and the coordinators' call-back list where no SMS can be
// sent.
#include <fmt/format.h>

#include <boost/json.hpp>

#include "domain/region/region.h"
#include "http/status.h"
#include "web/form.h"
#include "web/format.h"
#include "web/help_page_parts.h"
#include "web/help_pages.h"

namespace doma::web {
namespace json = boost::json;
using help::RequestStatus;

namespace {
// "+79001234567" → "+7 900 ***-**-67": enough for a person to recognise
// their number on a shared screen, not to read it off.
std::string MaskedPhone(const std::string& p) {
  if (p.size() != 12) return p;
  return fmt::format("{} {} ***-**-{}", p.substr(0, 2), p.substr(2, 3), p.substr(10));
}
}  // namespace

http::Response HelpPages::AskAsGuest(http::Request& req) {
  help::GuestAsk ask;
  ask.form = ReadRequestForm(req);
  ask.asker_name = Field(req, "asker_name");
  ask.asker_phone = Field(req, "asker_phone");
  // Whoever gives their own phone asks for someone else, whichever radio
  // they left: the code and the news go to them, not to the person at home.
  ask.channel =
      Field(req, "channel") == "on-behalf" || !ask.asker_phone.empty() ? "on-behalf" : "self";
  ask.address = req.client_address;
  if (auto errors = help::ValidateRequestForm(ask.form, help_.gazetteer()); !errors.empty())
    return AskPage(req, 422, ask.form, ask.channel, errors, &ask);
  auto started = help_.StartGuestRequest(ask);
  if (!started) {
    Code code = started.error().code;
    if (code != Code::kInvalidArgument && code != Code::kUnavailable && code != Code::kRateLimited)
      return pages_.FromError(req, started.error());
    return AskPage(req, code == Code::kInvalidArgument ? 422 : http::StatusFor(code), ask.form,
                   ask.channel, {started.error()}, &ask);
  }
  json::object page;
  page["title"] = T(req, started->waits_for_call ? "guest_wait_title" : "guest_code_title");
  page["waits_for_call"] = started->waits_for_call;
  page["token"] = started->token;
  page["phone"] = MaskedPhone(started->phone);
  return Render(req, 200, "help_guest", std::move(page));
}

http::Response HelpPages::AskConfirm(http::Request& req, const Who&) {
  const std::string token = Field(req, "token");
  auto r = help_.ConfirmGuestRequest(token, Field(req, "code"));
  if (!r) {
    if (r.error().code != Code::kInvalidArgument) return pages_.FromError(req, r.error());
    json::object page;
    page["title"] = T(req, "guest_code_title");
    page["token"] = token;
    page["code_error"] = r.error().public_message;
    return Render(req, 422, "help_guest", std::move(page));
  }
  json::object page = Summary(*r, LocaleFor(req).lang);
  page["title"] = T(req, "guest_done_title") + " " + help::Number(r->id);
  page["done"] = true;
  page["code_word"] = r->code_word;
  page["for_other"] = !r->personal.asker_phone.empty();
  return Render(req, 200, "help_guest", std::move(page));
}

http::Response HelpPages::StatusPage(http::Request& req, int status, const std::string& number,
                                     const std::string& code_word, const std::vector<Error>& errors,
                                     const std::string& notice) {
  std::string lang = LocaleFor(req).lang;
  json::object page;
  page["title"] = T(req, "status_title");
  page["number"] = number;
  page["code_word"] = code_word;
  if (!notice.empty()) page["notice"] = notice;
  if (errors.empty() && !number.empty()) {
    auto v = help_.FollowRequest(number, code_word, req.client_address);
    if (!v)
      return StatusPage(req, http::StatusFor(v.error().code), number, code_word, {v.error()}, "");
    const help::HelpRequest& r = v->request;
    json::object found = Summary(r, lang);
    found["recipient_name"] = r.personal.recipient_name;
    found["can_cancel"] = r.status == RequestStatus::kOpen || r.status == RequestStatus::kTaken;
    found["can_erase"] = r.status != RequestStatus::kTaken && r.status != RequestStatus::kDone;
    found["can_confirm"] = r.status == RequestStatus::kDone;
    found["stars"] = json::array{1, 2, 3, 4, 5};
    if (v->volunteer) {
      found["volunteer_name"] = v->volunteer->first_name;
      found["volunteer_badge"] = v->volunteer->badge;
    }
    page["found"] = std::move(found);
  }
  json::object form;
  AddErrors(form, errors);
  page["form"] = std::move(form);
  return Render(req, status, "help_status", std::move(page));
}

http::Response HelpPages::StatusForm(http::Request& req, const Who&) {
  return StatusPage(req, 200, "", "", {}, "");
}

http::Response HelpPages::Status(http::Request& req, const Who&) {
  return StatusPage(req, 200, Field(req, "number"), Field(req, "code_word"), {}, "");
}

http::Response HelpPages::StatusCancel(http::Request& req, const Who&) {
  const std::string number = Field(req, "number"), word = Field(req, "code_word");
  auto r = help_.CancelByCodeWord(number, word, Field(req, "reason"), req.client_address);
  if (!r) {
    int status = http::StatusFor(r.error().code);
    if (status >= 500) return pages_.FromError(req, r.error());
    return StatusPage(req, status, r.error().code == Code::kNotFound ? "" : number, word,
                      {r.error()}, "");
  }
  return StatusPage(req, 200, number, word, {}, T(req, "status_cancelled"));
}

http::Response HelpPages::StatusConfirm(http::Request& req, const Who&) {
  const std::string number = Field(req, "number"), word = Field(req, "code_word");
  auto r = help_.ConfirmByCodeWord(number, word, Field(req, "rating"), Field(req, "comment"),
                                   req.client_address);
  if (!r) {
    int status = http::StatusFor(r.error().code);
    if (status >= 500) return pages_.FromError(req, r.error());
    return StatusPage(req, status, r.error().code == Code::kNotFound ? "" : number, word,
                      {r.error()}, "");
  }
  return StatusPage(req, 200, number, word, {}, T(req, "status_confirmed"));
}

http::Response HelpPages::StatusErase(http::Request& req, const Who&) {
  const std::string number = Field(req, "number"), word = Field(req, "code_word");
  auto r = help_.EraseByCodeWord(number, word, req.client_address);
  if (!r) {
    int status = http::StatusFor(r.error().code);
    if (status >= 500) return pages_.FromError(req, r.error());
    return StatusPage(req, status, r.error().code == Code::kNotFound ? "" : number, word,
                      {r.error()}, "");
  }
  // The code word is gone with the rest: nothing left to show but that.
  return StatusPage(req, 200, "", "", {}, T(req, "status_erased"));
}

http::Response HelpPages::CallBacks(http::Request& req, const Who& who) {
  std::string lang = LocaleFor(req).lang;
  auto list = help_.CallBacks(who->account);
  if (!list) return pages_.FromError(req, list.error());
  json::array a;
  for (const auto& p : *list) {
    const help::HelpRequest& r = p.request;
    json::object o = Summary(r, lang);
    o["pending_id"] = p.id;
    o["asked_at"] = HumanTime(p.created_at, help_.policy().utc_offset_minutes, lang);
    o["recipient_name"] = r.personal.recipient_name;
    o["phone"] = r.personal.phone;
    o["phone_tel"] = region::TelUri(r.personal.phone);
    o["asker_name"] = r.personal.asker_name;
    o["asker_phone"] = r.personal.asker_phone;
    o["asker_tel"] = region::TelUri(r.personal.asker_phone);
    o["details"] = r.personal.details;
    a.push_back(std::move(o));
  }
  json::object page;
  page["title"] = T(req, "callbacks_title");
  page["has_callbacks"] = !a.empty();
  page["callbacks"] = std::move(a);
  if (auto d = req.Query("done"))
    if (auto notice = views_.Find(lang, "callbacks.done." + std::string(*d)))
      page["notice"] = *notice;
  return Render(req, 200, "coordinator_callbacks", std::move(page));
}

http::Response HelpPages::CallBackConfirm(http::Request& req, const Who& who) {
  long long id = IdParam(req);
  auto r = help_.ConfirmCallBack(who->account, id);
  if (!r) {
    int status = http::StatusFor(r.error().code);
    if (status >= 500) return pages_.FromError(req, r.error());
    return pages_.Error(&req, status, r.error().public_message);
  }
  return http::Response::Redirect(303, fmt::format("/help/requests/{}?created=1", r->id));
}

http::Response HelpPages::CallBackDrop(http::Request& req, const Who& who) {
  auto s = help_.DropCallBack(who->account, IdParam(req));
  if (!s) {
    int status = http::StatusFor(s.error().code);
    if (status >= 500) return pages_.FromError(req, s.error());
    return pages_.Error(&req, status, s.error().public_message);
  }
  return http::Response::Redirect(303, "/coordinator/callbacks?done=dropped");
}

}  // namespace doma::web
