#include "web/event_pages.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>

#include "core/text.h"
#include "domain/events/ical.h"
#include "http/status.h"
#include "web/form.h"
#include "web/format.h"

namespace doma::web {
namespace json = boost::json;

namespace {

std::string CategoryName(const std::vector<catalog::Category>& cats, const std::string& slug,
                         const std::string& lang) {
  for (const auto& c : cats)
    if (c.slug == slug) return lang == "en" ? c.name_en : c.name_ru;
  return slug;
}

}  // namespace

json::object EventPages::Summary(const events::Event& e, const std::string& lang,
                                 const std::vector<catalog::Category>& cats) const {
  json::array categories;
  for (const auto& slug : e.categories)
    categories.push_back(json::object{{"slug", slug}, {"name", CategoryName(cats, slug, lang)}});
  return json::object{
      {"id", e.id},
      {"title", e.title},
      {"organizer", e.organizer},
      {"when", HumanWindow(e.starts_at, e.ends_at, views_.utc_offset_minutes(), lang)},
      {"starts_iso", e.starts_at},
      {"ends_iso", e.ends_at},
      {"place", e.place},
      {"free", e.cost == "free"},
      {"categories", std::move(categories)}};
}

http::Response EventPages::List(http::Request& req, const Who&) {
  Locale loc = LocaleFor(req);
  events::EventQuery q;
  q.category = std::string(req.Query("category").value_or(""));
  q.text = std::string(text::Trim(req.Query("q").value_or("")));
  if (!text::IsValidUtf8(q.text)) q.text.clear();
  q.text = text::Truncate(q.text, 200);
  std::string when(req.Query("when").value_or(""));
  if (auto id = req.Cookie("place"))
    if (const help::Place* p = places_.Find(*id)) q.place = p->district_ru;
  auto cats = catalog_.Categories();
  if (!cats) return pages_.FromError(req, cats.error());
  auto list = events_.Upcoming(q);
  if (!list) return pages_.FromError(req, list.error());
  // Today and this week end at the region's midnight.
  auto now = events_.clock().Now();
  std::string today = RegionDate(now);
  std::string week_end = RegionDate(now + std::chrono::days(7));
  auto local_day = [&](const std::string& iso) { return RegionDate(ParseIsoOr(iso, now)); };
  json::array items;
  for (const auto& e : *list) {
    std::string day = local_day(e.starts_at);
    bool on_now = e.starts_at <= FormatIso(now);
    if (when == "today" && !(on_now || day == today)) continue;
    if (when == "week" && !(on_now || day < week_end)) continue;
    json::object item = Summary(e, loc.lang, *cats);
    item["on_now"] = on_now;
    items.push_back(std::move(item));
  }
  json::object page = TitledPage(views_, req, "events_title");
  page["has_items"] = !items.empty();
  page["count"] = items.size();
  page["items"] = std::move(items);
  page["q"] = q.text;
  json::array filters;
  for (const char* w : {"", "today", "week"})
    filters.push_back(
        json::object{{"url", std::string("/events") + (*w ? std::string("?when=") + w : "")},
                     {"label", views_.T(loc.lang, std::string("events_when_") + (*w ? w : "all"))},
                     {"selected", when == w}});
  page["when_filters"] = std::move(filters);
  json::array options;
  for (const auto& c : *cats)
    if (!c.archived)
      options.push_back(json::object{
          {"value", c.slug},
          {"label", (c.parent.empty() ? "" : "— ") + (loc.lang == "en" ? c.name_en : c.name_ru)},
          {"selected", c.slug == q.category}});
  page["categories"] = std::move(options);
  page["when"] = when;
  page["ics_url"] =
      q.category.empty() ? std::string("/events.ics") : "/events.ics?category=" + q.category;
  return views_.Page(200, "events", std::move(page), req);
}

http::Response EventPages::Item(http::Request& req, const Who&) {
  Locale loc = LocaleFor(req);
  auto e = events_.Get(IdParam(req));
  if (!e) return pages_.FromError(req, e.error());
  auto cats = catalog_.Categories();
  if (!cats) return pages_.FromError(req, cats.error());
  json::object page;
  page["title"] = e->title;
  json::object ev = Summary(*e, loc.lang, *cats);
  ev["description"] = e->description;
  ev["url"] = e->url;
  ev["host"] = SiteHost(e->url);
  if (!e->service_id.empty())
    if (auto s = catalog_.GetService(e->service_id))
      ev["service"] = json::object{{"id", s->id}, {"name", s->name}};
  json::array sources;
  for (const auto& s : e->sources)
    sources.push_back(json::object{{"url", s.url}, {"host", SiteHost(s.url)}});
  ev["has_sources"] = !sources.empty();
  ev["sources"] = std::move(sources);
  page["event"] = std::move(ev);
  return views_.Page(200, "event", std::move(page), req);
}

http::Response EventPages::Calendar(http::Request& req, const Who&) {
  events::EventQuery q;
  q.category = std::string(req.Query("category").value_or(""));
  auto cats = catalog_.Categories();
  if (!cats) return pages_.FromError(req, cats.error());
  if (!q.category.empty() &&
      std::none_of(cats->begin(), cats->end(),
                   [&](const catalog::Category& c) { return c.slug == q.category; }))
    return pages_.Error(&req, 404, "Такой категории нет.");
  auto list = events_.Upcoming(q);
  if (!list) return pages_.FromError(req, list.error());
  events::CalendarInfo info;
  info.name = views_.T("ru", "events_title") +
              (q.category.empty() ? "" : " — " + CategoryName(*cats, q.category, "ru"));
  info.public_url = public_url_;
  info.host = std::string(SiteHost(public_url_));
  if (info.host.empty()) info.host = "doma";
  info.now_iso = events_.clock().NowIso();
  for (const auto& c : *cats) info.category_names.emplace_back(c.slug, c.name_ru);
  http::Response r;
  r.content_type = "text/calendar; charset=utf-8";
  r.body = events::ToICalendar(*list, info);
  r.Header("Cache-Control", "public, max-age=300");
  return r;
}

http::Response EventPages::Form(http::Request& req, int status, const events::EventForm& f,
                                const Error* error) {
  Locale loc = LocaleFor(req);
  json::object page = TitledPage(views_, req, "events_propose_title");
  json::object form{
      {"title", f.title},       {"description", f.description}, {"organizer", f.organizer},
      {"url", f.url},           {"start_date", f.start_date},   {"start_time", f.start_time},
      {"end_date", f.end_date}, {"end_time", f.end_time},       {"service_id", f.service_id},
      {"sources", f.sources},   {"paid", f.cost == "paid"}};
  json::array cats;
  if (auto all = catalog_.Categories())
    for (const auto& c : *all)
      if (!c.parent.empty() && !c.archived)
        cats.push_back(json::object{{"value", c.slug},
                                    {"label", loc.lang == "en" ? c.name_en : c.name_ru},
                                    {"selected", std::find(f.categories.begin(), f.categories.end(),
                                                           c.slug) != f.categories.end()}});
  form["categories"] = std::move(cats);
  json::array audiences;
  for (auto a : catalog::kAudiences)
    audiences.push_back(json::object{
        {"value", std::string(a)},
        {"label", views_.T(loc.lang, "audience." + std::string(a))},
        {"selected", std::find(f.audiences.begin(), f.audiences.end(), a) != f.audiences.end()}});
  form["audiences"] = std::move(audiences);
  json::array places;
  for (const auto& d : catalog_.Areas())
    places.push_back(json::object{{"value", d}, {"selected", d == f.place}});
  form["places"] = std::move(places);
  if (error) {
    form["has_errors"] = true;
    form["error_" + (error->field.empty() ? std::string("form") : error->field)] =
        error->public_message;
  }
  page["form"] = std::move(form);
  return PrivatePage(auth_, views_, req, status, "event_propose", std::move(page));
}

http::Response EventPages::ProposeForm(http::Request& req, const Who&) {
  return Form(req, 200, {}, nullptr);
}

http::Response EventPages::Propose(http::Request& req, const Who& who) {
  events::EventForm f{
      Field(req, "title"),      Field(req, "description"), Field(req, "organizer"),
      Field(req, "url"),        Field(req, "start_date"),  Field(req, "start_time"),
      Field(req, "end_date"),   Field(req, "end_time"),    Fields(req, "categories"),
      Fields(req, "audiences"), Field(req, "cost"),        Field(req, "place"),
      Field(req, "service_id"), Field(req, "sources")};
  auto r = events_.Propose(f, who ? &who->account : nullptr, req.client_address);
  if (!r) {
    Code code = r.error().code;
    if (code != Code::kInvalidArgument && code != Code::kRateLimited)
      return pages_.FromError(req, r.error());
    return Form(req, http::StatusFor(code), f, &r.error());
  }
  if (r->status == "published")
    return http::Response::Redirect(303, fmt::format("/events/{}", r->id));
  json::object page = TitledPage(views_, req, "events_propose_title");
  page["thanks"] = true;
  return PrivatePage(auth_, views_, req, 200, "event_propose", std::move(page));
}

http::Response EventPages::Queue(http::Request& req, const Who& who) {
  Locale loc = LocaleFor(req);
  auto pending = events_.Pending(who->account);
  if (!pending) return pages_.FromError(req, pending.error());
  auto cats = catalog_.Categories();
  if (!cats) return pages_.FromError(req, cats.error());
  json::array items;
  for (const auto& e : *pending) {
    json::object item = Summary(e, loc.lang, *cats);
    item["url"] = e.url;
    item["description"] = e.description;
    json::array sources;
    for (const auto& s : e.sources) sources.push_back(json::value(s.url));
    item["sources"] = std::move(sources);
    items.push_back(std::move(item));
  }
  json::object page = TitledPage(views_, req, "events_queue_title");
  page["has_items"] = !items.empty();
  page["items"] = std::move(items);
  return PrivatePage(auth_, views_, req, 200, "editor_events", std::move(page));
}

http::Response EventPages::Publish(http::Request& req, const Who& who) {
  if (auto r = events_.Publish(who->account, IdParam(req)); !r)
    return pages_.FromError(req, r.error());
  return http::Response::Redirect(303, "/editor/events");
}

http::Response EventPages::Reject(http::Request& req, const Who& who) {
  if (auto r = events_.Reject(who->account, IdParam(req), Field(req, "reason")); !r)
    return pages_.FromError(req, r.error());
  return http::Response::Redirect(303, "/editor/events");
}

}  // namespace doma::web
