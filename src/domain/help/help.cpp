#include "domain/help/help.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>

#include "core/text.h"
#include "domain/accounts/login_name.h"
#include "domain/help/permissions.h"

namespace doma::help {

namespace chr = std::chrono;

namespace {

// Two words that agree in gender, easy to say through a closed door.
constexpr std::array<std::string_view, 40> kAdjectives = {
    "белый",  "синий",  "тихий",  "добрый",  "ясный",  "тёплый", "новый",  "старый", "быстрый", "весёлый",
    "лесной", "речной", "летний", "зимний",  "ранний", "звонкий", "мягкий", "яркий", "горный",  "морской",
    "сладкий", "круглый", "полный", "чистый", "свежий", "дальний", "крепкий", "лёгкий", "смелый", "честный",
    "жёлтый", "красный", "зелёный", "серый",  "большой", "малый",  "южный",  "северный", "светлый", "умный"};
constexpr std::array<std::string_view, 40> kNouns = {
    "дом",  "сад",   "лес",  "мост",  "кот",   "слон",  "дуб",  "клён",  "луг",   "снег",
    "дождь", "гром", "хлеб", "чай",   "мёд",   "сыр",   "шар",  "флаг",  "ключ",  "парк",
    "пруд", "холм",  "берег", "ветер", "месяц", "город", "поезд", "трамвай", "жук", "ёж",
    "гусь", "огурец", "пирог", "самовар", "рассвет", "закат", "костёр", "колокол", "кораблик", "подсолнух"};

Error Invalid(std::string field, std::string msg) { return Error::Invalid(std::move(field), std::move(msg)); }
Error Forbidden(std::string msg) { return Error{Code::kForbidden, std::move(msg), {}, {}}; }
Error NotFound() { return Error::NotFound("Такой заявки нет или она вам недоступна."); }

bool Has(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

bool OneOf(std::string_view v, auto const& values) { return std::find(values.begin(), values.end(), v) != values.end(); }

bool ParseInt(std::string_view s, int& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

bool ParseDouble(std::string_view s, double& out) {
  s = text::Trim(s);
  if (s.empty() || s.size() > 24) return false;
  std::string t(s);
  std::replace(t.begin(), t.end(), ',', '.');
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
  return ec == std::errc() && p == t.data() + t.size() && std::isfinite(out);
}

// "2026-11-28" → days; false when not a real date.
bool ParseDate(std::string_view s, chr::sys_days& out) {
  int y = 0, m = 0, d = 0;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  if (!ParseInt(s.substr(0, 4), y) || !ParseInt(s.substr(5, 2), m) || !ParseInt(s.substr(8, 2), d)) return false;
  chr::year_month_day ymd{chr::year(y), chr::month(static_cast<unsigned>(m)), chr::day(static_cast<unsigned>(d))};
  if (!ymd.ok()) return false;
  out = chr::sys_days(ymd);
  return true;
}

// "10:00" → minutes after midnight; false otherwise.
bool ParseClock(std::string_view s, int& minutes) {
  int h = 0, m = 0;
  if (s.size() != 5 || s[2] != ':' || !ParseInt(s.substr(0, 2), h) || !ParseInt(s.substr(3, 2), m)) return false;
  if (h < 0 || h > 23 || m < 0 || m > 59) return false;
  minutes = h * 60 + m;
  return true;
}

bool ParseIso(std::string_view iso, chr::system_clock::time_point& out) {
  if (iso.size() < 19) return false;
  chr::sys_days day;
  int minutes = 0, sec = 0;
  if (!ParseDate(iso.substr(0, 10), day) || !ParseClock(iso.substr(11, 5), minutes) || !ParseInt(iso.substr(17, 2), sec))
    return false;
  out = day + chr::minutes(minutes) + chr::seconds(sec);
  return true;
}

void Check(std::vector<Error>& errors, bool ok, const char* field, const char* message) {
  if (!ok) errors.push_back(Invalid(field, message));
}

bool Short(std::string_view s, std::size_t max) { return text::IsValidUtf8(s) && text::Length(s) <= max; }

// The (start, end) of a request's window in UTC, from the form or, when no
// date is given, from its urgency.
struct Window {
  chr::system_clock::time_point start, end;
};

Result<Window> WindowFor(const RequestForm& f, chr::system_clock::time_point now, int offset_minutes) {
  const auto offset = chr::minutes(offset_minutes);
  const auto local_now = now + offset;
  const auto today = chr::floor<chr::days>(local_now);
  chr::sys_days day = today;
  if (!f.date.empty()) {
    if (!ParseDate(f.date, day)) return Fail(Invalid("date", "Укажите дату в виде ГГГГ-ММ-ДД."));
    if (day < today) return Fail(Invalid("date", "Эта дата уже прошла."));
    if (day > today + chr::days(60)) return Fail(Invalid("date", "Заявку можно подать не больше чем на два месяца вперёд."));
  } else if (f.urgency == "1-2-days") {
    day = today + chr::days(1);
  } else if (f.urgency == "this-week") {
    day = today + chr::days(6);
  }
  int from = 9 * 60, to = 21 * 60;
  if (!f.from.empty() && !ParseClock(f.from, from)) return Fail(Invalid("from", "Укажите время в виде ЧЧ:ММ, например 10:00."));
  if (!f.to.empty() && !ParseClock(f.to, to)) return Fail(Invalid("to", "Укажите время в виде ЧЧ:ММ, например 14:00."));
  if (to <= from) return Fail(Invalid("to", "Время «до» должно быть позже времени «с»."));
  Window w;
  // A date chosen means that day; otherwise the window runs from now until
  // the end of the day the urgency allows.
  // A chosen "from" counts on the chosen day, or on the urgency's day.
  w.start = f.date.empty() && f.from.empty() ? now : chr::system_clock::time_point(day + chr::minutes(from)) - offset;
  w.end = chr::system_clock::time_point(day + chr::minutes(to)) - offset;
  // Asked in the evening for "today" without a time (a late hotline call):
  // the next three hours, not a refusal for a time nobody typed.
  if (f.date.empty() && f.to.empty() && w.end < now + chr::hours(3))
    w.end = std::min(now + chr::hours(3), chr::system_clock::time_point(day + chr::days(1)) - offset + chr::hours(2));
  if (w.end <= now) return Fail(Invalid("to", "Это время сегодня уже прошло. Выберите более позднее время или другой день."));
  if (w.start < now) w.start = now;
  return w;
}

std::string Contact(const std::string& phone_or_email) { return phone_or_email; }

}  // namespace

std::vector<Error> ValidateRequestForm(const RequestForm& f, const Gazetteer& g) {
  std::vector<Error> e;
  Check(e, !f.kinds.empty(), "kinds", "Отметьте, какая помощь нужна.");
  for (const auto& k : f.kinds)
    if (!OneOf(k, kKinds)) {
      e.push_back(Invalid("kinds", "Неизвестный вид помощи."));
      break;
    }
  Check(e, Short(f.details, 2000), "details", "Опишите просьбу короче: до 2000 знаков.");
  Check(e, f.kinds.size() != 1 || f.kinds[0] != "other" || !text::Trim(f.details).empty(), "details",
        "Опишите, какая помощь нужна.");
  Check(e, !text::Trim(f.recipient_name).empty(), "recipient_name", "Укажите, как обращаться к человеку, которому нужна помощь.");
  Check(e, Short(f.recipient_name, 100), "recipient_name", "Имя слишком длинное: до 100 знаков.");
  auto phone = accounts::ParseLoginName(f.phone);
  Check(e, phone.has_value() && !phone->phone.empty(), "phone", "Укажите телефон в виде +7 900 000-00-00.");
  Check(e, g.Find(f.place_id) != nullptr, "place_id", "Выберите населённый пункт или район из списка.");
  Check(e, !text::Trim(f.address.street).empty(), "street", "Укажите улицу.");
  Check(e, !text::Trim(f.address.house).empty(), "house", "Укажите номер дома.");
  Check(e, Short(f.address.street, 200), "street", "Название улицы слишком длинное: до 200 знаков.");
  Check(e, Short(f.address.house, 20), "house", "Номер дома слишком длинный: до 20 знаков.");
  Check(e, Short(f.address.flat, 20), "flat", "Номер квартиры слишком длинный: до 20 знаков.");
  Check(e, Short(f.address.entrance, 10), "entrance", "Номер подъезда слишком длинный: до 10 знаков.");
  Check(e, Short(f.address.floor, 10), "floor", "Этаж слишком длинный: до 10 знаков.");
  Check(e, Short(f.address.intercom, 20), "intercom", "Код домофона слишком длинный: до 20 знаков.");
  if (!f.lat.empty() || !f.lon.empty()) {
    double lat = 0, lon = 0;
    bool ok = ParseDouble(f.lat, lat) && ParseDouble(f.lon, lon) && g.Covers({lat, lon});
    Check(e, ok, "place_id", "Точка на карте вне области. Выберите населённый пункт из списка или другую точку.");
  }
  Check(e, f.urgency.empty() || OneOf(f.urgency, kUrgencies), "urgency", "Выберите срочность.");
  Check(e, f.payment.empty() || OneOf(f.payment, kPayments), "payment", "Выберите способ оплаты.");
  Check(e, f.recurrence.empty() || f.recurrence == "weekly", "recurrence", "Повтор возможен только раз в неделю.");
  Check(e, Short(f.notes, 1000), "notes", "Примечание слишком длинное: до 1000 знаков.");
  Check(e, f.consent, "consent", "Без согласия на обработку персональных данных заявку принять нельзя.");
  return e;
}

std::vector<Error> ValidateVolunteerForm(const VolunteerForm& f, const Gazetteer& g) {
  std::vector<Error> e;
  Check(e, !text::Trim(f.first_name).empty() && Short(f.first_name, 60), "first_name", "Укажите имя (до 60 знаков).");
  auto phone = accounts::ParseLoginName(f.phone);
  Check(e, phone.has_value() && !phone->phone.empty(), "phone", "Укажите телефон в виде +7 900 000-00-00.");
  Check(e, g.Find(f.place_id) != nullptr, "place_id", "Выберите населённый пункт или район из списка.");
  Check(e, !f.kinds.empty(), "kinds", "Отметьте, чем вы готовы помогать.");
  for (const auto& k : f.kinds)
    if (!OneOf(k, kKinds)) {
      e.push_back(Invalid("kinds", "Неизвестный вид помощи."));
      break;
    }
  int km = 0;
  Check(e, ParseInt(f.max_km, km) && km >= 1 && km <= 100, "max_km", "Укажите расстояние от 1 до 100 км.");
  return e;
}

std::string Help::LocalTime(const std::string& iso) const {
  chr::system_clock::time_point t;
  if (!ParseIso(iso, t)) return "";
  auto local = t + chr::minutes(policy_.utc_offset_minutes);
  auto day = chr::floor<chr::days>(local);
  chr::year_month_day ymd(day);
  auto hm = chr::duration_cast<chr::minutes>(local - day).count();
  return fmt::format("{:02}.{:02} {:02}:{:02}", static_cast<unsigned>(ymd.day()), static_cast<unsigned>(ymd.month()), hm / 60,
                     hm % 60);
}

std::string Help::NewCodeWord() {
  std::string digits = secrets_.NewCode(6);
  long long n = std::stoll(digits);
  return fmt::format("{} {}", kAdjectives[n % kAdjectives.size()], kNouns[(n / kAdjectives.size()) % kNouns.size()]);
}

Result<std::size_t> Help::LoadFeed() {
  auto open = repo_.AllOpen();
  if (!open) return Fail(open.error());
  for (auto& e : *open) AtSettlement(e);
  feed_.Replace(*open);
  return open->size();
}

void Help::AtSettlement(FeedEntry& e) const {
  // The feed measures from the settlement's centre, never from a point picked
  // on the map (that may be the door itself; only who may see the address
  // learns it).
  if (const Place* p = gazetteer_.Find(e.place_id)) e.point = {p->lat, p->lon};
}

Status Help::Follow(const HelpRequest& r) {
  std::lock_guard lock(follow_mu_);
  auto now = repo_.OpenFeedEntry(r.id);
  if (!now) return Fail(now.error());
  if (*now) {
    AtSettlement(**now);
    feed_.Upsert(**now);
  } else {
    feed_.Remove(r.id);
  }
  return {};
}

Result<std::string> Help::RequesterContact(const HelpRequest& r) {
  if (r.requester_id) return repo_.AccountContact(r.requester_id);
  return r.personal.phone;  // a hotline caller is told by SMS
}

Result<HelpRequest> Help::SubmitHelpRequest(const accounts::Account& who, const RequestForm& f, const std::string& channel) {
  if (!OneOf(channel, kChannels)) return Fail(Invalid("channel", "Укажите, для кого заявка."));
  if (channel == "hotline" && !Permissions::CanCoordinate(who))
    return Fail(Forbidden("Принимать заявки по телефону могут только координаторы."));
  if (auto errors = ValidateRequestForm(f, gazetteer_); !errors.empty()) return Fail(errors.front());
  auto now = clock_.Now();
  auto window = WindowFor(f, now, policy_.utc_offset_minutes);
  if (!window) return Fail(window.error());

  HelpRequest r;
  for (const auto& k : f.kinds)
    if (!Has(r.kinds, k)) r.kinds.push_back(k);
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
  r.consent_by = who.id;
  r.requester_id = channel == "hotline" ? 0 : who.id;
  r.created_by = who.id;
  r.recurrence = f.recurrence;

  std::vector<notify::Notification> note;
  // Where the requester is told: the signed-in account's own contact.
  std::string to = channel == "hotline" ? r.personal.phone : (!who.email.empty() ? who.email : who.phone);
  // The number is known only once stored: the repository fills {number}.
  if (!to.empty())
    note.push_back({Contact(to), "Заявка {number} принята",
                    fmt::format("Заявка {{number}} на помощь принята. Кодовое слово: «{}». Волонтёр назовёт номер заявки и "
                                "кодовое слово у двери и покажет бейдж. Проверить волонтёра: {}/check или по телефону {}.",
                                r.code_word, policy_.public_url, policy_.coordinators_phone)});
  auto stored = repo_.Create(r, note, FormatIso(now));
  if (!stored) return Fail(stored.error());
  Follow(*stored);
  return stored;
}

Actor Help::ActorFor(const accounts::Account* who, const std::optional<Volunteer>& v, const HelpRequest& r) const {
  Actor a;
  if (!who) return Actor{Actor::kSystem};
  if (Permissions::CanCoordinate(*who)) a.kind = Actor::kCoordinator;
  else if (r.volunteer_id == who->id && r.volunteer_id) a.kind = Actor::kAssignedVolunteer;
  else if (r.requester_id == who->id && r.requester_id) a.kind = Actor::kRequester;
  else if (v) a.kind = v->status == VolunteerStatus::kVerified ? Actor::kVolunteer : Actor::kUnverifiedVolunteer;
  return a;
}

Result<HelpRequest> Help::Apply(long long id, Action action, const accounts::Account* who,
                                const std::function<Status(Mutation&, const HelpRequest&)>& change) {
  std::optional<Volunteer> vol;
  if (who) {
    auto v = repo_.FindVolunteer(who->id);
    if (!v) return Fail(v.error());
    vol = *v;
  }
  Limits limits{policy_.max_active_per_volunteer};
  auto stored = repo_.Update(
      id,
      [&](const HelpRequest& cur, const TxView& tx) -> Result<Mutation> {
        Actor actor = ActorFor(who, vol, cur);
        // The requester who is also staff acts as a coordinator; anyone else
        // who cannot see the request must not learn that it exists.
        if (actor.kind == Actor::kStranger) return Fail(NotFound());
        auto next = Decide(action, cur, actor, limits);
        if (!next) return Fail(next.error());
        Mutation m;
        m.after = cur;
        m.after.status = *next;
        m.event = std::string(ActionName(action));
        m.event_actor = who ? who->id : 0;
        if (auto s = change(m, cur); !s) return Fail(s.error());
        if (IsClosed(m.after.status) && !IsClosed(cur.status)) m.after.closed_at = clock_.NowIso();
        (void)tx;
        return m;
      },
      clock_.NowIso());
  if (!stored) return Fail(stored.error());
  Follow(*stored);
  return stored;
}

Result<Volunteer> Help::RequireVerified(long long account_id) {
  auto v = repo_.FindVolunteer(account_id);
  if (!v) return Fail(v.error());
  if (!*v) return Fail(Forbidden("Сначала заполните анкету волонтёра: /volunteer/signup."));
  if ((*v)->status != VolunteerStatus::kVerified)
    return Fail(Forbidden((*v)->status == VolunteerStatus::kSuspended
                              ? "Ваша работа волонтёром приостановлена координатором."
                              : "Координатор ещё не проверил вашу анкету. Брать заявки можно после проверки."));
  return **v;
}

Result<HelpRequest> Help::ClaimHelpRequest(const accounts::Account& who, long long id) {
  auto vol = RequireVerified(who.id);
  if (!vol) return Fail(vol.error());
  Limits limits{policy_.max_active_per_volunteer};
  auto stored = repo_.Update(
      id,
      [&](const HelpRequest& cur, const TxView& tx) -> Result<Mutation> {
        // Taking is what a volunteer does, whatever other roles they have.
        Actor actor{Actor::kVolunteer};
        if (cur.requester_id == who.id) actor.kind = Actor::kRequester;
        else if (cur.volunteer_id == who.id) actor.kind = Actor::kAssignedVolunteer;
        auto status = tx.volunteer_status(who.id);
        if (!status) return Fail(status.error());
        if (*status != VolunteerStatus::kVerified) actor.kind = Actor::kUnverifiedVolunteer;
        auto active = tx.active_count(who.id);
        if (!active) return Fail(active.error());
        actor.active_requests = *active;
        auto next = Decide(Action::kTake, cur, actor, limits);
        if (!next) return Fail(next.error());
        Mutation m;
        m.after = cur;
        m.after.status = *next;
        m.after.volunteer_id = who.id;
        m.after.taken_at = clock_.NowIso();
        m.event = "take";
        m.event_actor = who.id;
        auto to = RequesterContact(cur);
        if (!to) return Fail(to.error());
        if (!to->empty())
          m.notify.push_back({*to, fmt::format("Заявку {} взял волонтёр", Number(cur.id)),
                              fmt::format("Вашу заявку {} взял волонтёр {}, бейдж № {}. У двери он назовёт номер заявки и "
                                          "кодовое слово «{}». Проверить бейдж: {}/check/{} или по телефону {}.",
                                          Number(cur.id), vol->first_name, vol->badge, cur.code_word, policy_.public_url,
                                          vol->badge, policy_.coordinators_phone)});
        return m;
      },
      clock_.NowIso());
  if (!stored) return Fail(stored.error());
  Follow(*stored);
  return stored;
}

Result<HelpRequest> Help::AssignHelpRequest(const accounts::Account& coordinator, long long id, long long volunteer_id) {
  if (!Permissions::CanCoordinate(coordinator)) return Fail(Forbidden("Назначать волонтёров могут только координаторы."));
  auto vol = repo_.FindVolunteer(volunteer_id);
  if (!vol) return Fail(vol.error());
  if (!*vol || (*vol)->status != VolunteerStatus::kVerified)
    return Fail(Invalid("volunteer_id", "Выберите проверенного волонтёра."));
  Limits limits{policy_.max_active_per_volunteer};
  auto stored = repo_.Update(
      id,
      [&](const HelpRequest& cur, const TxView& tx) -> Result<Mutation> {
        Actor actor{Actor::kCoordinator};
        auto status = tx.volunteer_status(volunteer_id);
        if (!status) return Fail(status.error());
        if (*status != VolunteerStatus::kVerified) return Fail(Invalid("volunteer_id", "Выберите проверенного волонтёра."));
        auto active = tx.active_count(volunteer_id);
        if (!active) return Fail(active.error());
        actor.active_requests = *active;
        if (cur.requester_id == volunteer_id) return Fail(Invalid("volunteer_id", "Волонтёр не может выполнять свою же заявку."));
        auto next = Decide(Action::kAssign, cur, actor, limits);
        if (!next) return Fail(next.error());
        Mutation m;
        m.after = cur;
        m.after.status = *next;
        m.after.volunteer_id = volunteer_id;
        m.after.taken_at = clock_.NowIso();
        m.event = "assign";
        m.event_detail = fmt::format("volunteer {}", volunteer_id);
        m.event_actor = coordinator.id;
        auto to = RequesterContact(cur);
        if (!to) return Fail(to.error());
        if (!to->empty())
          m.notify.push_back({*to, fmt::format("К заявке {} назначен волонтёр", Number(cur.id)),
                              fmt::format("К вашей заявке {} координатор назначил волонтёра {}, бейдж № {}. У двери он назовёт "
                                          "номер заявки и кодовое слово «{}». Проверить бейдж: {}/check/{}.",
                                          Number(cur.id), (*vol)->first_name, (*vol)->badge, cur.code_word,
                                          policy_.public_url, (*vol)->badge)});
        auto vto = repo_.AccountContact(volunteer_id);
        if (vto && !vto->empty())
          m.notify.push_back({*vto, fmt::format("Вам назначена заявка {}", Number(cur.id)),
                              fmt::format("Координатор назначил вам заявку {}. Подробности: {}/help/requests/{}",
                                          Number(cur.id), policy_.public_url, cur.id)});
        return m;
      },
      clock_.NowIso());
  if (!stored) return Fail(stored.error());
  Follow(*stored);
  return stored;
}

Result<HelpRequest> Help::ReleaseHelpRequest(const accounts::Account& who, long long id, const std::string& reason) {
  std::string why(text::Trim(reason));
  if (why.empty()) return Fail(Invalid("reason", "Напишите, почему вы не можете выполнить заявку."));
  if (!Short(why, 500)) return Fail(Invalid("reason", "Причина слишком длинная: до 500 знаков."));
  return Apply(id, Action::kRelease, &who, [&](Mutation& m, const HelpRequest& cur) -> Status {
    Reopen(m, cur, why);
    return {};
  });
}

void Help::Reopen(Mutation& m, const HelpRequest& cur, const std::string& why) {
  m.after.volunteer_id = 0;
  m.after.taken_at.clear();
  m.after.reason = why;
  // The volunteer who let go knows the code word: the next one says a new one.
  m.after.code_word = NewCodeWord();
  auto to = RequesterContact(cur);
  if (to && !to->empty())
    m.notify.push_back({*to, fmt::format("Заявка {} снова ищет волонтёра", Number(cur.id)),
                        fmt::format("Волонтёр не сможет выполнить заявку {}. Она снова открыта, её возьмёт другой волонтёр. "
                                    "Новое кодовое слово: «{}». Прежнее больше не действует — не открывайте тому, кто назовёт его.",
                                    Number(cur.id), m.after.code_word)});
}

namespace {
// "1234,50" → 123450 kopecks; -1 when empty; -2 when not a sum.
long long ParseRoubles(std::string_view s) {
  s = text::Trim(s);
  if (s.empty()) return -1;
  double v = 0;
  if (!ParseDouble(s, v) || v < 0 || v > 1'000'000) return -2;
  return std::llround(v * 100);
}
}  // namespace

Result<HelpRequest> Help::CompleteHelpRequest(const accounts::Account& who, long long id, const std::string& receipt,
                                              const std::string& feedback) {
  long long kopecks = ParseRoubles(receipt);
  if (kopecks == -2) return Fail(Invalid("receipt", "Укажите сумму чека в рублях, например 1234,50."));
  if (!Short(feedback, 1000)) return Fail(Invalid("feedback", "Отзыв слишком длинный: до 1000 знаков."));
  return Apply(id, Action::kComplete, &who, [&](Mutation& m, const HelpRequest& cur) -> Status {
    m.after.done_at = clock_.NowIso();
    m.after.receipt_kopecks = kopecks;
    m.after.volunteer_feedback = std::string(text::Trim(feedback));
    auto to = RequesterContact(cur);
    if (to && !to->empty())
      m.notify.push_back(
          {*to, fmt::format("Заявка {} выполнена", Number(cur.id)),
           kopecks >= 0 ? fmt::format("Волонтёр отметил заявку {} выполненной, сумма чека {},{:02} ₽. Подтвердите, пожалуйста, "
                                      "и оцените помощь: {}/help/requests/{}",
                                      Number(cur.id), kopecks / 100, kopecks % 100, policy_.public_url, cur.id)
                        : fmt::format("Волонтёр отметил заявку {} выполненной. Подтвердите, пожалуйста, и оцените помощь: "
                                      "{}/help/requests/{}",
                                      Number(cur.id), policy_.public_url, cur.id)});
    return {};
  });
}

Result<HelpRequest> Help::ConfirmHelpRequest(const accounts::Account& who, long long id, const std::string& rating,
                                             const std::string& comment) {
  int stars = 0;
  if (!rating.empty() && (!ParseInt(rating, stars) || stars < 1 || stars > 5))
    return Fail(Invalid("rating", "Оценка — от 1 до 5."));
  if (!Short(comment, 1000)) return Fail(Invalid("comment", "Отзыв слишком длинный: до 1000 знаков."));
  return Apply(id, Action::kConfirm, &who, [&](Mutation& m, const HelpRequest&) -> Status {
    m.after.confirmed_at = clock_.NowIso();
    m.after.rating = stars;
    m.after.comment = std::string(text::Trim(comment));
    return {};
  });
}

Result<HelpRequest> Help::CancelHelpRequest(const accounts::Account& who, long long id, const std::string& reason) {
  if (!Short(reason, 500)) return Fail(Invalid("reason", "Причина слишком длинная: до 500 знаков."));
  return Apply(id, Action::kCancel, &who, [&](Mutation& m, const HelpRequest& cur) -> Status {
    m.after.reason = std::string(text::Trim(reason));
    m.after.recurrence.clear();  // cancelling ends a weekly series
    if (cur.status == RequestStatus::kTaken && cur.volunteer_id) {
      auto to = repo_.AccountContact(cur.volunteer_id);
      if (to && !to->empty())
        m.notify.push_back({*to, fmt::format("Заявка {} отменена", Number(cur.id)),
                            fmt::format("Заявка {}, которую вы взяли, отменена. Ехать не нужно. Спасибо!", Number(cur.id))});
    }
    return {};
  });
}

Result<HelpRequest> Help::MergeHelpRequests(const accounts::Account& coordinator, long long id, long long into_id) {
  if (!Permissions::CanCoordinate(coordinator)) return Fail(Forbidden("Объединять заявки могут только координаторы."));
  if (id == into_id) return Fail(Invalid("into", "Нельзя объединить заявку с ней самой."));
  return Apply(id, Action::kMerge, &coordinator, [&](Mutation& m, const HelpRequest& cur) -> Status {
    // Read inside the write transaction: the main request cannot close
    // between this check and the merge.
    auto into = repo_.Find(into_id);
    if (!into) return Fail(into.error());
    if (!*into) return Fail(Invalid("into", "Заявки с таким номером нет."));
    if (IsClosed((*into)->status)) return Fail(Invalid("into", "Объединять можно только с действующей заявкой."));
    m.after.duplicate_of = into_id;
    m.after.recurrence.clear();
    m.after.reason = "дубликат " + Number(into_id);
    m.event_detail = "into " + Number(into_id);
    auto to = RequesterContact(cur);
    if (to && !to->empty() && cur.requester_id != (*into)->requester_id)
      m.notify.push_back({*to, fmt::format("Заявка {} объединена с {}", Number(cur.id), Number(into_id)),
                          fmt::format("Ваша заявка {} повторяла заявку {} — помощь придёт по ней. Волонтёр назовёт номер {} и "
                                      "кодовое слово «{}».",
                                      Number(cur.id), Number(into_id), Number(into_id), (*into)->code_word)});
    return {};
  });
}

Result<HelpRequest> Help::Erase(long long id, long long actor_id, const std::string& why) {
  auto stored = repo_.Update(
      id,
      [&](const HelpRequest& cur, const TxView&) -> Result<Mutation> {
        Mutation m;
        m.after = cur;
        m.after.personal = Personal{};
        m.after.code_word.clear();
        m.after.comment.clear();
        m.after.volunteer_feedback.clear();
        m.after.reason.clear();
        m.after.erased = true;
        m.after.erased_at = clock_.NowIso();
        m.after.recurrence.clear();
        if (const Place* p = gazetteer_.Find(cur.place_id)) m.after.lat = p->lat, m.after.lon = p->lon;
        m.event = "erase";
        m.event_detail = why;
        m.event_actor = actor_id;
        m.audit.push_back({actor_id, "personal_data_erased", "help:" + std::to_string(id), why});
        return m;
      },
      clock_.NowIso());
  if (!stored) return Fail(stored.error());
  Follow(*stored);
  return stored;
}

Result<HelpRequest> Help::EraseRequestNow(const accounts::Account& who, long long id) {
  auto r = repo_.Find(id);
  if (!r) return Fail(r.error());
  if (!*r || ((*r)->requester_id != who.id && !Permissions::CanCoordinate(who))) return Fail(NotFound());
  if ((*r)->erased) return **r;
  if ((*r)->status == RequestStatus::kTaken || (*r)->status == RequestStatus::kDone)
    return Fail(Error{Code::kConflict, "Заявку выполняет волонтёр: удалить данные можно после её завершения или отмены.", {}, {}});
  if ((*r)->status == RequestStatus::kOpen) {
    auto cancelled = CancelHelpRequest(who, id, "");
    if (!cancelled) return Fail(cancelled.error());
  }
  return Erase(id, who.id, "requested");
}

Result<RequestView> Help::ViewRequest(const accounts::Account& who, long long id) {
  auto r = repo_.Find(id);
  if (!r) return Fail(r.error());
  if (!*r) return Fail(NotFound());
  RequestView v;
  v.request = std::move(**r);
  const HelpRequest& req = v.request;
  v.is_coordinator = Permissions::CanCoordinate(who);
  v.is_requester = req.requester_id != 0 && req.requester_id == who.id;
  v.is_volunteer = req.volunteer_id != 0 && req.volunteer_id == who.id;
  auto vp = repo_.FindVolunteer(who.id);
  if (!vp) return Fail(vp.error());
  bool verified = *vp && (*vp)->status == VolunteerStatus::kVerified;
  // A verified volunteer may look at an open request before taking it, as
  // the feed shows it; nobody else learns it exists.
  v.can_take = verified && req.status == RequestStatus::kOpen && !v.is_requester;
  if (!v.is_coordinator && !v.is_requester && !v.is_volunteer && !v.can_take) return Fail(NotFound());
  v.show_personal = Permissions::CanSeePersonal(who, req);
  // A volunteer suspended meanwhile sees no address, whatever they still hold.
  if (v.show_personal && v.is_volunteer && !v.is_coordinator && !verified) v.show_personal = false;
  if (v.show_personal && !v.is_requester) {
    auto a = repo_.Audit({who.id, "address_revealed", "help:" + std::to_string(id), v.is_coordinator ? "coordinator" : "volunteer"},
                         clock_.NowIso());
    if (!a) return Fail(a.error());
  }
  if (!v.show_personal) {
    // A point picked on the map may be the door itself: others get the
    // settlement's centre, as the feed does.
    if (const Place* p = gazetteer_.Find(req.place_id)) v.request.lat = p->lat, v.request.lon = p->lon;
    v.request.personal = Personal{};
    v.request.code_word.clear();
    v.request.comment.clear();
    v.request.reason.clear();
    v.request.volunteer_feedback.clear();
  }
  if (req.volunteer_id) {
    auto vol = repo_.FindVolunteer(req.volunteer_id);
    if (!vol) return Fail(vol.error());
    if (*vol) {
      v.volunteer = **vol;
      if (!v.is_coordinator) v.volunteer->phone.clear();
    }
  }
  if (v.is_coordinator) {
    auto ev = repo_.Events(id);
    if (!ev) return Fail(ev.error());
    v.events = std::move(*ev);
  }
  return v;
}

Result<std::vector<HelpRequest>> Help::MyRequests(const accounts::Account& who) {
  ListFilter f;
  f.requester_id = who.id;
  f.limit = 100;
  return repo_.List(f);
}

namespace {
accounts::Account AccountWithId(long long id) {
  accounts::Account a;
  a.id = id;
  return a;
}
}  // namespace

Result<std::vector<HelpRequest>> Help::MyTasks(const accounts::Account& who) {
  ListFilter f;
  f.volunteer_id = who.id;
  f.statuses = {RequestStatus::kTaken, RequestStatus::kDone};
  f.limit = 100;
  return repo_.List(f);
}

Result<FeedResult> Help::OpenRequestsNear(const accounts::Account& who, const FeedFilter& f) {
  auto vol = RequireVerified(who.id);
  if (!vol) return Fail(vol.error());
  for (const auto& k : f.kinds)
    if (!OneOf(k, kKinds)) return Fail(Invalid("kind", "Неизвестный вид помощи."));
  if (!f.urgency.empty() && !OneOf(f.urgency, kUrgencies)) return Fail(Invalid("urgency", "Неизвестная срочность."));
  FeedResult out;
  out.max_km = vol->max_km;
  if (!f.place_id.empty()) {
    const Place* p = gazetteer_.Find(f.place_id);
    if (!p) return Fail(Invalid("place", "Выберите населённый пункт или район из списка."));
    out.from = {p->lat, p->lon};
    out.from_place_id = p->id;
  } else if (vol->has_point) {
    out.from = {vol->point_lat, vol->point_lon};
  } else {
    out.from = {vol->lat, vol->lon};
    out.from_place_id = vol->place_id;
  }
  FeedQuery q;
  q.from = out.from;
  q.max_km = vol->max_km;
  q.kinds = KindMask(f.kinds);
  q.urgency = f.urgency.empty() ? -1 : UrgencyIndex(f.urgency);
  q.limit = std::clamp(f.limit, 1, 100);
  q.offset = std::clamp(f.offset, 0, 1000);
  out.hits = feed_.Near(q);
  return out;
}

Result<Volunteer> Help::RegisterVolunteer(const accounts::Account& who, const VolunteerForm& f) {
  if (auto errors = ValidateVolunteerForm(f, gazetteer_); !errors.empty()) return Fail(errors.front());
  auto existing = repo_.FindVolunteer(who.id);
  if (!existing) return Fail(existing.error());
  Volunteer v = existing->value_or(Volunteer{});
  // The badge check shows the name a coordinator verified: once verified,
  // name and phone change only through a coordinator.
  if (v.status != VolunteerStatus::kPending && !v.badge.empty()) {
    if (std::string(text::Trim(f.first_name)) != v.first_name)
      return Fail(Invalid("first_name", "Имя проверенного волонтёра меняет координатор: позвоните ему."));
    if (accounts::ParseLoginName(f.phone)->phone != v.phone)
      return Fail(Invalid("phone", "Телефон проверенного волонтёра меняет координатор: позвоните ему."));
  }
  v.account_id = who.id;
  v.first_name = std::string(text::Trim(f.first_name));
  v.phone = accounts::ParseLoginName(f.phone)->phone;
  v.place_id = f.place_id;
  const Place* p = gazetteer_.Find(f.place_id);
  v.lat = p->lat;
  v.lon = p->lon;
  v.kinds = f.kinds;
  v.has_car = f.has_car;
  ParseInt(f.max_km, v.max_km);
  if (auto s = repo_.SaveVolunteer(v, clock_.NowIso()); !s) return Fail(s.error());
  return v;
}

Result<std::optional<Volunteer>> Help::VolunteerProfile(const accounts::Account& who) { return repo_.FindVolunteer(who.id); }

Status Help::SetVolunteerPoint(const accounts::Account& who, const std::string& lat, const std::string& lon) {
  auto v = repo_.FindVolunteer(who.id);
  if (!v) return Fail(v.error());
  if (!*v) return Fail(Forbidden("Сначала заполните анкету волонтёра."));
  Volunteer vol = **v;
  if (lat.empty() && lon.empty()) {
    vol.has_point = false;
  } else {
    double la = 0, lo = 0;
    if (!ParseDouble(lat, la) || !ParseDouble(lon, lo) || !gazetteer_.Covers({la, lo}))
      return Fail(Invalid("lat", "Это место вне области: заявки ищутся от вашего населённого пункта."));
    // Kept to about 100 m: enough for "nearest first", no more than needed.
    vol.has_point = true;
    vol.point_lat = std::round(la * 1000) / 1000;
    vol.point_lon = std::round(lo * 1000) / 1000;
  }
  return repo_.SaveVolunteer(vol, clock_.NowIso());
}

Result<Volunteer> Help::VerifyVolunteer(const accounts::Account& coordinator, long long account_id, bool id_checked,
                                        bool briefed) {
  if (!Permissions::CanCoordinate(coordinator)) return Fail(Forbidden("Проверять волонтёров могут только координаторы."));
  if (!id_checked) return Fail(Invalid("id_checked", "Отметьте, что вы видели документ, удостоверяющий личность."));
  if (!briefed) return Fail(Invalid("briefed", "Отметьте, что волонтёр прошёл инструктаж."));
  auto v = repo_.FindVolunteer(account_id);
  if (!v) return Fail(v.error());
  if (!*v) return Fail(Error::NotFound("Такого волонтёра нет."));
  if ((*v)->status == VolunteerStatus::kVerified) return **v;
  auto out = repo_.SetVolunteerStatus(account_id, VolunteerStatus::kVerified, coordinator.id, "", clock_.NowIso());
  return out;
}

Result<Volunteer> Help::SuspendVolunteer(const accounts::Account& coordinator, long long account_id, const std::string& reason) {
  if (!Permissions::CanCoordinate(coordinator)) return Fail(Forbidden("Приостанавливать волонтёров могут только координаторы."));
  std::string why(text::Trim(reason));
  if (why.empty() || !Short(why, 500)) return Fail(Invalid("reason", "Укажите причину (до 500 знаков)."));
  auto v = repo_.FindVolunteer(account_id);
  if (!v) return Fail(v.error());
  if (!*v) return Fail(Error::NotFound("Такого волонтёра нет."));
  auto out = repo_.SetVolunteerStatus(account_id, VolunteerStatus::kSuspended, coordinator.id, why, clock_.NowIso());
  if (!out) return Fail(out.error());
  // A suspended volunteer keeps nobody's address: their requests in progress
  // go back to the feed through the life cycle, each with a new code word and
  // a message to the requester.
  auto held = MyTasks(AccountWithId(account_id));
  if (!held) return Fail(held.error());
  for (const auto& r : *held) {
    if (r.status != RequestStatus::kTaken) continue;
    auto back = Apply(r.id, Action::kRelease, &coordinator, [&](Mutation& m, const HelpRequest& cur) -> Status {
      Reopen(m, cur, "волонтёр приостановлен");
      return {};
    });
    if (!back && back.error().code != Code::kConflict) return Fail(back.error());
  }
  auto after = repo_.FindVolunteer(account_id);
  if (!after) return Fail(after.error());
  if (!*after) return Fail(Error::NotFound("Такого волонтёра нет."));
  return **after;
}

Result<Volunteer> Help::ReinstateVolunteer(const accounts::Account& coordinator, long long account_id) {
  if (!Permissions::CanCoordinate(coordinator)) return Fail(Forbidden("Восстанавливать волонтёров могут только координаторы."));
  auto v = repo_.FindVolunteer(account_id);
  if (!v) return Fail(v.error());
  if (!*v) return Fail(Error::NotFound("Такого волонтёра нет."));
  if ((*v)->status != VolunteerStatus::kSuspended)
    return Fail(Error{Code::kConflict, "Восстановить можно только приостановленного волонтёра.", {}, {}});
  // Reinstating returns to verified only if they had been verified before.
  auto to = (*v)->badge.empty() ? VolunteerStatus::kPending : VolunteerStatus::kVerified;
  return repo_.SetVolunteerStatus(account_id, to, coordinator.id, "", clock_.NowIso());
}

Result<std::vector<Volunteer>> Help::Volunteers(const accounts::Account& coordinator, const std::string& status) {
  if (!Permissions::CanCoordinate(coordinator)) return Fail(Forbidden("Список волонтёров доступен только координаторам."));
  VolunteerStatus s;
  if (!status.empty() && !ParseVolunteerStatus(status, s)) return Fail(Invalid("status", "Неизвестный статус волонтёра."));
  return repo_.ListVolunteers(status, 500, 0);
}

Result<Volunteer> Help::VolunteerFor(const accounts::Account& coordinator, long long account_id) {
  if (!Permissions::CanCoordinate(coordinator)) return Fail(Forbidden("Анкеты волонтёров доступны только координаторам."));
  auto v = repo_.FindVolunteer(account_id);
  if (!v) return Fail(v.error());
  if (!*v) return Fail(Error::NotFound("Такого волонтёра нет."));
  return **v;
}

Result<std::optional<BadgeCheck>> Help::CheckBadge(const std::string& badge) {
  std::string b = NormalizeBadge(badge);
  if (b.empty()) return Fail(Invalid("badge", "Номер бейджа — это цифры, например 73-0042."));
  auto v = repo_.FindByBadge(b);
  if (!v) return Fail(v.error());
  if (!*v) return std::optional<BadgeCheck>();
  return std::optional<BadgeCheck>(BadgeCheck{(*v)->badge, (*v)->first_name, (*v)->status});
}

Result<Dashboard> Help::CoordinatorDashboard(const accounts::Account& coordinator, const ListFilter& f) {
  if (!Permissions::CanCoordinate(coordinator)) return Fail(Forbidden("Панель доступна только координаторам."));
  Dashboard d;
  auto list = repo_.List(f);
  if (!list) return Fail(list.error());
  auto cutoff = FormatIso(clock_.Now() - chr::hours(policy_.escalate_after_hours));
  // Open and waiting too long go first, oldest first; then the rest as listed.
  // Waiting for a volunteer too long, or taken and its time passed (the
  // volunteer may have vanished with the address): both need a person.
  const std::string now = clock_.NowIso();
  auto needs_attention = [&](const HelpRequest& r) {
    return (r.status == RequestStatus::kOpen && r.created_at < cutoff) ||
           (r.status == RequestStatus::kTaken && r.window_end < now);
  };
  std::stable_partition(list->begin(), list->end(), needs_attention);
  for (const auto& r : *list)
    if (needs_attention(r)) d.escalated.push_back(r.id);
  d.requests = std::move(*list);
  auto fig = repo_.ComputeFigures(clock_.Today());
  if (!fig) return Fail(fig.error());
  d.figures = std::move(*fig);
  return d;
}

Result<std::vector<HelpRequest>> Help::MapOfRequests(const accounts::Account& coordinator) {
  if (!Permissions::CanCoordinate(coordinator)) return Fail(Forbidden("Карта доступна только координаторам."));
  ListFilter f;
  f.statuses = {RequestStatus::kOpen, RequestStatus::kTaken};
  f.limit = 2000;
  return repo_.List(f);
}

Result<HelpRequest> Help::NextOccurrence(long long id) {
  auto prev = repo_.Find(id);
  if (!prev) return Fail(prev.error());
  if (!*prev || (*prev)->erased) return Fail(Error::NotFound("no request to repeat"));
  const HelpRequest& p = **prev;
  HelpRequest next = p;
  next.id = 0;
  next.status = RequestStatus::kOpen;
  next.volunteer_id = 0;
  next.previous_id = p.id;
  next.code_word = NewCodeWord();
  next.taken_at = next.done_at = next.confirmed_at = next.closed_at = "";
  next.receipt_kopecks = -1;
  next.rating = 0;
  next.comment = next.volunteer_feedback = next.reason = "";
  // A week later, moved on by whole weeks until it lies in the future.
  chr::system_clock::time_point start, end;
  ParseIso(p.window_start, start);
  ParseIso(p.window_end, end);
  auto now = clock_.Now();
  do {
    start += chr::days(7);
    end += chr::days(7);
  } while (end <= now);
  next.window_start = FormatIso(start);
  next.window_end = FormatIso(end);
  std::vector<notify::Notification> note;
  auto to = RequesterContact(p);
  if (to && !to->empty())
    note.push_back({*to, "Заявка {number} принята",
                    fmt::format("Повтор вашей еженедельной заявки {}: новая заявка {{number}} на {}. Кодовое слово: «{}».",
                                Number(p.id), LocalTime(next.window_start), next.code_word)});
  auto stored = repo_.Create(next, note, clock_.NowIso());
  if (!stored) return Fail(stored.error());
  Follow(*stored);
  return stored;
}

namespace {
// One request that cannot be processed (unreadable, changed meanwhile) must
// not stop the jobs for every other: it is counted and the rest go on.
void Skip(JobReport& rep, long long id, const Error& e) {
  if (e.code == Code::kConflict || e.code == Code::kNotFound) return;
  ++rep.failed;
  rep.failures.push_back(fmt::format("{}: {}", Number(id), e.log_detail.empty() ? e.public_message : e.log_detail));
}
}  // namespace

Result<JobReport> Help::RunScheduledJobs() {
  JobReport rep;
  const std::string now = clock_.NowIso();
  auto overdue = repo_.Overdue(now);
  if (!overdue) return Fail(overdue.error());
  auto coordinators = repo_.CoordinatorContacts();
  if (!coordinators) return Fail(coordinators.error());
  for (long long id : *overdue) {
    auto r = Apply(id, Action::kExpire, nullptr, [&](Mutation& m, const HelpRequest& cur) -> Status {
      for (const auto& to : *coordinators)
        m.notify.push_back({to, fmt::format("Заявка {} осталась без волонтёра", Number(cur.id)),
                            fmt::format("Время заявки {} прошло, а её никто не взял. Свяжитесь с заявителем: {}/help/requests/{}",
                                        Number(cur.id), policy_.public_url, cur.id)});
      return {};
    });
    if (r) ++rep.expired;
    else Skip(rep, id, r.error());
  }
  auto unconfirmed = repo_.UnconfirmedSince(FormatIso(clock_.Now() - chr::days(policy_.confirm_after_days)));
  if (!unconfirmed) return Fail(unconfirmed.error());
  for (long long id : *unconfirmed) {
    auto r = Apply(id, Action::kConfirm, nullptr, [&](Mutation& m, const HelpRequest&) -> Status {
      m.after.confirmed_at = now;
      m.event_detail = "automatically";
      return {};
    });
    if (r) ++rep.auto_confirmed;
    else Skip(rep, id, r.error());
  }
  auto recurring = repo_.DueRecurrences();
  if (!recurring) return Fail(recurring.error());
  for (long long id : *recurring) {
    auto r = NextOccurrence(id);
    if (r) ++rep.recurred;
    else Skip(rep, id, r.error());
  }
  auto erasable = repo_.ErasableBefore(FormatIso(clock_.Now() - chr::days(policy_.erase_after_days)));
  if (!erasable) return Fail(erasable.error());
  for (long long id : *erasable) {
    auto r = Erase(id, 0, fmt::format("retention {} days", policy_.erase_after_days));
    if (r) ++rep.erased;
    else Skip(rep, id, r.error());
  }
  return rep;
}

}  // namespace doma::help
