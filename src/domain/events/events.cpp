#include "domain/events/events.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "core/text.h"
#include "domain/catalog/validation.h"
#include "domain/editorial/editorial.h"
#include "domain/events/texts.h"

namespace doma::events {
namespace {

// An address as it may go into the calendar feed, where a URI is written
// unescaped: no spaces, no control characters, valid UTF-8.
bool IsHttpUrl(std::string_view u) {
  if (!((u.starts_with("https://") && u.size() > 8) || (u.starts_with("http://") && u.size() > 7)))
    return false;
  for (char c : u)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return false;
  return text::IsValidUtf8(u);
}

Status Text(const char* field, const std::string& v, std::size_t min, std::size_t max,
            const char* message, bool multiline = false) {
  if (!text::IsValidUtf8(v) || !text::IsHonestText(v, multiline) || text::Length(v) < min ||
      text::Length(v) > max)
    return Fail(Error::Invalid(field, message));
  return {};
}

Error Forbidden() { return Error{Code::kForbidden, std::string(kOnlyEditors), {}, {}}; }

// A category or one of its group's children.
bool InCategory(const std::vector<std::string>& slugs, const std::string& want,
                const std::vector<catalog::Category>& cats) {
  for (const auto& s : slugs) {
    if (s == want) return true;
    for (const auto& c : cats)
      if (c.slug == s && c.parent == want) return true;
  }
  return false;
}

}  // namespace

std::string Events::ToUtc(const std::string& date, const std::string& time) {
  // Digits only: sscanf alone would take "-1:00" or "+5:30".
  if (!catalog::IsIsoDate(date) || time.size() != 5 || time[2] != ':') return {};
  for (int i : {0, 1, 3, 4})
    if (time[i] < '0' || time[i] > '9') return {};
  int y = 0, mo = 0, d = 0, h = 0, mi = 0;
  if (std::sscanf(date.c_str(), "%4d-%2d-%2d", &y, &mo, &d) != 3 ||
      std::sscanf(time.c_str(), "%2d:%2d", &h, &mi) != 2 || h > 23 || mi > 59)
    return {};
  std::chrono::year_month_day ymd{std::chrono::year(y),
                                  std::chrono::month(static_cast<unsigned>(mo)),
                                  std::chrono::day(static_cast<unsigned>(d))};
  if (!ymd.ok()) return {};
  auto local = std::chrono::sys_days(ymd) + std::chrono::hours(h) + std::chrono::minutes(mi);
  return FormatIso(local - RegionUtcOffset());
}

Result<Event> Events::Check(const EventForm& f) {
  Event e;
  e.title = std::string(text::Trim(f.title));
  e.description = std::string(text::Trim(f.description));
  e.organizer = std::string(text::Trim(f.organizer));
  e.url = std::string(text::Trim(f.url));
  if (auto r = Text("title", e.title, 3, 200, kTitleRule); !r) return Fail(r.error());
  if (auto r = Text("description", e.description, 0, 3000, kDescriptionRule, true); !r)
    return Fail(r.error());
  if (auto r = Text("organizer", e.organizer, 2, 200, kOrganizerRule); !r) return Fail(r.error());
  if (!IsHttpUrl(e.url) || e.url.size() > 2000) return Fail(Error::Invalid("url", kUrlRule));
  e.starts_at = ToUtc(f.start_date, f.start_time);
  if (e.starts_at.empty()) return Fail(Error::Invalid("start", kStartRule));
  // No end given: an hour, as most broadcasts and lessons are.
  e.ends_at = f.end_date.empty() && f.end_time.empty()
                  ? FormatIso(ParseIsoOr(e.starts_at) + std::chrono::hours(1))
                  : ToUtc(f.end_date.empty() ? f.start_date : f.end_date, f.end_time);
  if (e.ends_at.empty() || e.ends_at <= e.starts_at) return Fail(Error::Invalid("end", kEndRule));
  auto now = clock_.Now();
  if (e.ends_at < FormatIso(now)) return Fail(Error::Invalid("end", kEndedRule));
  if (ParseIsoOr(e.ends_at) - ParseIsoOr(e.starts_at) > std::chrono::days(366) ||
      e.starts_at > FormatIso(now + std::chrono::days(2 * 366)))
    return Fail(Error::Invalid("start", kTooFarRule));
  auto cats = catalog_.Categories();
  if (!cats) return Fail(cats.error());
  if (f.categories.empty() || f.categories.size() > 5)
    return Fail(Error::Invalid("categories", kCategoriesRule));
  for (const auto& c : f.categories) {
    auto k = std::find_if(cats->begin(), cats->end(),
                          [&](const catalog::Category& x) { return x.slug == c && !x.archived; });
    if (k == cats->end()) return Fail(Error::Invalid("categories", kCategoriesRule));
  }
  e.categories = f.categories;
  for (const auto& a : f.audiences)
    if (!catalog::IsOneOf(catalog::kAudiences, a))
      return Fail(Error::Invalid("audiences", kAudiencesRule));
  e.audiences = f.audiences;
  e.cost = f.cost.empty() ? "free" : f.cost;
  if (!catalog::IsOneOf(kCosts, e.cost)) return Fail(Error::Invalid("cost", kCostRule));
  e.place = f.place;
  const auto& areas = catalog_.Areas();
  if (!e.place.empty() && std::find(areas.begin(), areas.end(), e.place) == areas.end())
    return Fail(Error::Invalid("place", kPlaceRule));
  e.service_id = std::string(text::Trim(f.service_id));
  if (!e.service_id.empty()) {
    auto s = catalog_.GetService(e.service_id);
    if (!s) return Fail(Error::Invalid("service_id", kServiceRule));
  }
  for (auto line : text::Split(f.sources, '\n')) {
    std::string url(text::Trim(line));
    if (url.empty()) continue;
    if (!IsHttpUrl(url) || url.size() > 2000 || e.sources.size() >= 10)
      return Fail(Error::Invalid("sources", kSourcesRule));
    e.sources.push_back({url, ""});
  }
  return e;
}

Result<Event> Events::Propose(const EventForm& form, const accounts::Account* who,
                              const std::string& address) {
  auto e = Check(form);
  if (!e) return Fail(e.error());
  const bool editor = who && editorial::Editorial::CanEdit(*who);
  if (!editor) {
    if (long long wait = throttle_.TryBegin("", address); wait > 0)
      return Fail(Error{Code::kRateLimited, fmt::format(kTooMany, (wait + 59) / 60), {}, {}});
  }
  e->proposed_by = who ? who->id : 0;
  e->status = editor ? "published" : "pending";
  if (editor) e->decided_by = who->id;
  auto created = repo_.Create(*e, clock_.NowIso());
  if (created && editor) ++generation_;
  return created;
}

Result<std::vector<Event>> Events::Pending(const accounts::Account& editor) {
  if (!editorial::Editorial::CanEdit(editor)) return Fail(Forbidden());
  return repo_.ListFrom("pending", clock_.NowIso(), 500);
}

Status Events::Publish(const accounts::Account& editor, long long id) {
  if (!editorial::Editorial::CanEdit(editor)) return Fail(Forbidden());
  auto decided = repo_.Decide(id, "published", editor.id, "", clock_.NowIso());
  if (decided) ++generation_;
  return decided;
}

Status Events::Reject(const accounts::Account& editor, long long id, const std::string& reason) {
  if (!editorial::Editorial::CanEdit(editor)) return Fail(Forbidden());
  std::string why(text::Trim(reason));
  if (!text::IsValidUtf8(why) || text::Length(why) > 500)
    return Fail(Error::Invalid("reason", kReasonRule));
  return repo_.Decide(id, "rejected", editor.id, why, clock_.NowIso());
}

Result<Event> Events::Get(long long id) {
  auto e = repo_.Find(id);
  if (!e) return Fail(e.error());
  // An event that has ended is gone, as from the lists.
  if (!*e || (*e)->status != "published" || (*e)->Ended(clock_.NowIso()))
    return Fail(Error::NotFound(std::string(kNoSuchEvent)));
  return std::move(**e);
}

Result<std::vector<Event>> Events::Upcoming(const EventQuery& q) {
  auto all = repo_.ListFrom("published", clock_.NowIso(), 1000);
  if (!all) return Fail(all.error());
  std::vector<catalog::Category> cats;
  if (!q.category.empty()) {
    auto c = catalog_.Categories();
    if (!c) return Fail(c.error());
    cats = std::move(*c);
  }
  std::vector<std::string> words;
  const std::string folded = text::Fold(q.text);  // Split's views point into it
  for (auto w : text::Split(folded, ' '))
    if (!w.empty()) words.emplace_back(w);
  std::vector<Event> out;
  for (auto& e : *all) {
    if (!q.category.empty() && !InCategory(e.categories, q.category, cats)) continue;
    if (!q.place.empty() && !e.place.empty() && e.place != q.place) continue;
    if (!q.service_id.empty() && e.service_id != q.service_id) continue;
    if (!words.empty()) {
      std::string hay = text::Fold(e.title + " " + e.description + " " + e.organizer);
      bool all_there = true;
      for (const auto& w : words) all_there = all_there && hay.find(w) != std::string::npos;
      if (!all_there) continue;
    }
    out.push_back(std::move(e));
    if (static_cast<int>(out.size()) >= q.limit) break;
  }
  return out;
}

}  // namespace doma::events
