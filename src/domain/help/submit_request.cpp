#include <chrono>

#include "core/text.h"
#include "domain/accounts/login_name.h"
#include "domain/help/fields.h"
#include "domain/help/help.h"
#include "domain/help/messages.h"
#include "domain/help/permissions.h"

namespace doma::help {

namespace chr = std::chrono;

namespace {

// The (start, end) of a request's window in UTC, from the form or, when no
// date is given, from its urgency.
struct Window {
  chr::system_clock::time_point start, end;
};

Result<Window> WindowFor(const RequestForm& f, chr::system_clock::time_point now,
                         int offset_minutes) {
  const auto offset = chr::minutes(offset_minutes);
  const auto local_now = now + offset;
  const auto today = chr::floor<chr::days>(local_now);
  chr::sys_days day = today;
  if (!f.date.empty()) {
    if (!ParseDate(f.date, day)) return Fail(Invalid("date", "Укажите дату в виде ГГГГ-ММ-ДД."));
    if (day < today) return Fail(Invalid("date", "Эта дата уже прошла."));
    if (day > today + chr::days(60))
      return Fail(Invalid("date", "Заявку можно подать не больше чем на два месяца вперёд."));
  } else if (f.urgency == "1-2-days") {
    day = today + chr::days(1);
  } else if (f.urgency == "this-week") {
    day = today + chr::days(6);
  }
  int from = 9 * 60, to = 21 * 60;
  if (!f.from.empty() && !ParseClock(f.from, from))
    return Fail(Invalid("from", "Укажите время в виде ЧЧ:ММ, например 10:00."));
  if (!f.to.empty() && !ParseClock(f.to, to))
    return Fail(Invalid("to", "Укажите время в виде ЧЧ:ММ, например 14:00."));
  if (to <= from) return Fail(Invalid("to", "Время «до» должно быть позже времени «с»."));
  Window w;
  // A date chosen means that day; otherwise the window runs from now until
  // the end of the day the urgency allows.
  // A chosen "from" counts on the chosen day, or on the urgency's day.
  w.start = f.date.empty() && f.from.empty()
                ? now
                : chr::system_clock::time_point(day + chr::minutes(from)) - offset;
  w.end = chr::system_clock::time_point(day + chr::minutes(to)) - offset;
  // Asked in the evening for "today" without a time (a late hotline call):
  // the next three hours, not a refusal for a time nobody typed.
  if (f.date.empty() && f.to.empty() && w.end < now + chr::hours(3))
    w.end = std::min(now + chr::hours(3),
                     chr::system_clock::time_point(day + chr::days(1)) - offset + chr::hours(2));
  if (w.end <= now)
    return Fail(Invalid(
        "to", "Это время сегодня уже прошло. Выберите более позднее время или другой день."));
  if (w.start < now) w.start = now;
  return w;
}

}  // namespace

Result<HelpRequest> Help::Prepare(const RequestForm& f, const std::string& channel) {
  if (auto errors = ValidateRequestForm(f, gazetteer_); !errors.empty())
    return Fail(errors.front());
  auto now = clock_.Now();
  auto window = WindowFor(f, now, policy_.utc_offset_minutes);
  if (!window) return Fail(window.error());

  HelpRequest r;
  for (const auto& k : f.kinds)
    if (!OneOf(k, r.kinds)) r.kinds.push_back(k);
  r.urgency = f.urgency.empty() ? "1-2-days" : f.urgency;
  r.payment = f.payment.empty() ? "cash-on-receipt" : f.payment;
  r.channel = channel;
  r.place_id = f.place_id;
  Point at;
  if (!f.lat.empty() && !f.lon.empty()) {
    ParseDouble(f.lat, at.lat);
    ParseDouble(f.lon, at.lon);
  } else {
    auto located = geocoder_.Locate(f.place_id, f.address);
    if (!located) return Fail(located.error());
    at = *located;
  }
  r.lat = at.lat;
  r.lon = at.lon;
  r.window_start = FormatIso(window->start);
  r.window_end = FormatIso(window->end);
  r.personal.recipient_name = std::string(text::Trim(f.recipient_name));
  r.personal.phone = accounts::ParseLoginName(f.phone)->phone;
  r.personal.address = f.address;
  r.personal.details = std::string(text::Trim(f.details));
  r.personal.notes = std::string(text::Trim(f.notes));
  r.code_word = NewCodeWord();
  r.consent_at = FormatIso(now);
  r.recurrence = f.recurrence;
  return r;
}

Result<HelpRequest> Help::SubmitRequest(const accounts::Account& who, const RequestForm& f,
                                        const std::string& channel) {
  if (!OneOf(channel, kChannels)) return Fail(Invalid("channel", "Укажите, для кого заявка."));
  if (channel == "hotline" && !Permissions::CanCoordinate(who))
    return Fail(Forbidden("Принимать заявки по телефону могут только координаторы."));
  auto prepared = Prepare(f, channel);
  if (!prepared) return prepared;
  HelpRequest& r = *prepared;
  r.consent_by = who.id;
  r.requester_id = channel == "hotline" ? 0 : who.id;
  r.created_by = who.id;

  std::vector<notify::Notification> note;
  // Where the requester is told: the signed-in account's own contact.
  std::string to =
      channel == "hotline" ? r.personal.phone : (!who.email.empty() ? who.email : who.phone);
  // The number is known only once stored: the repository fills {number}.
  if (!to.empty()) note.push_back(messages::Accepted(policy_, to, r.code_word));
  auto stored = repo_.Create(r, note, FormatIso(clock_.Now()));
  if (!stored) return Fail(stored.error());
  Follow(*stored);
  return stored;
}

}  // namespace doma::help
