// A service's card (/services/{id}) and the card cache that keeps every
// card rendered for anonymous visitors.
#include <fmt/format.h>

#include <boost/json.hpp>

#include "core/text.h"
#include "domain/outreach/sources.h"
#include "web/categories.h"
#include "web/format.h"
#include "web/pages.h"

namespace doma::web {
namespace json = boost::json;
using Cat = catalog::Category;

namespace {

// schema.org's description of a service for search engines (JSON-LD): a
// GovernmentService in the state's section, a Service otherwise; who
// provides it, where it reaches, how to reach it. '<' is escaped so that
// nothing in it can close the <script> element it goes in.
std::string ServiceJsonLd(const catalog::Service& s, const std::vector<Cat>& cats,
                          const std::string& region_name) {
  const Cat* first = s.categories.empty() ? nullptr : FindCategory(cats, s.categories.front());
  const bool state =
      first && (first->slug == "state-and-money" || first->parent == "state-and-money");
  json::object o{{"@context", "https://schema.org"},
                 {"@type", state ? "GovernmentService" : "Service"},
                 {"name", s.name},
                 {"description", s.short_description},
                 {"url", s.url}};
  if (!s.organization.name.empty()) {
    json::object org{{"@type", "Organization"}, {"name", s.organization.name}};
    if (!s.organization.website.empty()) org["url"] = s.organization.website;
    o["provider"] = std::move(org);
  }
  if (s.scope == "regional" && !region_name.empty())
    o["areaServed"] = json::object{{"@type", "AdministrativeArea"}, {"name", region_name}};
  else if (s.scope == "federal")
    o["areaServed"] = json::object{{"@type", "Country"}, {"name", "Россия"}};
  json::object channel{{"@type", "ServiceChannel"}, {"serviceUrl", s.url}};
  if (!s.phones.empty())
    channel["servicePhone"] =
        json::object{{"@type", "ContactPoint"}, {"telephone", s.phones.front().number}};
  o["availableChannel"] = std::move(channel);
  json::array categories;
  for (const auto& slug : s.categories)
    if (const Cat* c = FindCategory(cats, slug)) categories.emplace_back(c->name_ru);
  if (!categories.empty()) o["category"] = std::move(categories);
  if (s.cost == "free") o["isAccessibleForFree"] = true;
  std::string out;
  for (char ch : json::serialize(o)) {
    if (ch == '<')
      out += "\\u003c";
    else
      out.push_back(ch);
  }
  return out;
}

}  // namespace

std::string Pages::CardKey(const http::Request& req, const Locale& loc) const {
  if (loc.set_lang_cookie || (req.method != "GET" && req.method != "HEAD")) return {};
  // The card's own address, or with where the visitor came from (?src=
  // changes the link out): anything else in the query would give anyone a
  // way to fill the cache with copies and push the real cards out.
  for (const auto& [name, value] : req.query)
    if (name != "src" || outreach::KnownSource(value).empty()) return {};
  return fmt::format("{}|{}|{}|{}", loc.lang, loc.contrast ? loc.vision.CookieValue() : "0",
                     catalog_.clock().Today(), req.target);
}

unsigned long long Pages::CardGeneration() const {
  // Both only grow, so their sum moves whenever either does.
  return catalog_.Generation() + (events_ ? events_->Generation() : 0);
}

std::optional<http::Response> Pages::CachedCard(const http::Request& req, bool signed_in) const {
  if (signed_in) return std::nullopt;
  Locale loc = LocaleFor(req);
  std::string key = CardKey(req, loc);
  if (key.empty()) return std::nullopt;
  auto body = card_cache_.Get(key, CardGeneration(), CardCache::Clock::now());
  if (!body) return std::nullopt;
  http::Response r;
  r.body = std::move(*body);
  r.Header("Content-Language", loc.lang);
  return r;
}

long long Pages::WarmCards(const std::function<bool()>& keep_going) {
  if (card_cache_.max_bytes() == 0) return 0;
  const unsigned long long generation = CardGeneration();
  const auto now = CardCache::Clock::now();
  // A pass that went through is good until the catalog moves, or its first
  // cards are about to expire (an hour after they were stored): the next
  // pass, 40 minutes on, renders again what expires within 15 minutes, so
  // that no card falls out of the cache between two passes.
  if (generation == warmed_generation_ && now - warmed_at_ < std::chrono::minutes(40)) return 0;
  const auto soon = now + std::chrono::minutes(15);
  long long rendered = 0;
  for (const auto& id : catalog_.ServiceIds()) {
    if (!keep_going() || CardGeneration() != generation ||
        card_cache_.bytes() > card_cache_.max_bytes() / 10 * 9)
      return rendered;
    http::Request req;
    req.method = "GET";
    req.path = "/services/" + id;  // ids are slugs: nothing to encode
    req.target = req.path;
    req.params["id"] = id;
    Locale loc = LocaleFor(req);
    if (card_cache_.Contains(CardKey(req, loc), generation, soon)) continue;
    Service(req);
    ++rendered;
  }
  warmed_generation_ = generation;
  warmed_at_ = now;
  return rendered;
}

http::Response Pages::Service(http::Request& req) {
  Locale loc = LocaleFor(req);
  // Read before the service, so that a change made meanwhile leaves the
  // card rendered here out of the cache.
  const unsigned long long generation = CardGeneration();
  const std::string card_key = req.locals.contains("user.id") ? std::string() : CardKey(req, loc);
  if (!card_key.empty())
    if (auto r = CachedCard(req, false)) return std::move(*r);
  auto s = catalog_.GetService(req.params["id"]);
  if (!s) return FromError(req, s.error());
  auto cats = catalog_.Categories();
  if (!cats) return FromError(req, cats.error());
  const bool en = loc.lang == "en";
  json::object o;
  o["id"] = s->id;
  o["name"] = en && !s->name_en.empty() ? s->name_en : s->name;
  o["alt_name"] = en && !s->name_en.empty() ? s->name : s->name_en;
  o["short_description"] = s->short_description;
  o["description"] = en && !s->description_en.empty() ? s->description_en : s->description;
  o["original_description"] = en && !s->description_en.empty() ? s->description : "";
  o["url"] = s->url;
  o["organization"] = s->organization.name;
  o["organization_website"] = s->organization.website;
  o["scope_label"] = views_.T(loc.lang, "scope." + s->scope);
  o["status_label"] = views_.T(loc.lang, "status." + s->status);
  o["closed"] = s->status == "temporarily_closed";
  o["defunct"] = s->status == "defunct";
  o["settlement"] = s->settlement;
  o["district"] = s->district;
  o["cost_label"] = views_.T(loc.lang, "cost." + s->cost);
  o["cost_note"] = s->cost_note;
  o["how_to_apply"] = s->how_to_apply;
  o["assured_at"] = HumanDate(s->assured_at, loc.lang);
  o["assured_iso"] = s->assured_at.substr(0, 10);
  o["host"] = SiteHost(s->url);
  if (s->min_age || s->max_age) {
    std::string ages;
    if (s->min_age) ages += fmt::format("{} {}", views_.T(loc.lang, "card.age_from"), *s->min_age);
    if (s->max_age)
      ages += fmt::format("{}{} {}", ages.empty() ? "" : " ", views_.T(loc.lang, "card.age_to"),
                          *s->max_age);
    o["ages"] = ages;
  }
  json::array audiences, platforms, phones, categories, languages;
  for (const auto& a : s->audiences) audiences.emplace_back(views_.T(loc.lang, "audience." + a));
  for (const auto& p : s->platforms) platforms.emplace_back(views_.T(loc.lang, "platform." + p));
  for (const auto& l : s->languages) languages.emplace_back(l);
  for (const auto& p : s->phones) {
    std::string tel;
    for (char c : p.number)
      if (std::isdigit(static_cast<unsigned char>(c)) || c == '+') tel.push_back(c);
    phones.push_back(json::object{{"number", p.number},
                                  {"tel", tel},
                                  {"kind", views_.T(loc.lang, "phone." + p.kind)},
                                  {"note", p.note}});
  }
  for (const auto& slug : s->categories)
    if (const Cat* c = FindCategory(*cats, slug); c && !c->archived)
      categories.push_back(json::object{{"slug", slug}, {"name", CategoryName(*c, loc.lang)}});
  o["audiences"] = std::move(audiences);
  o["platforms"] = std::move(platforms);
  o["phones"] = std::move(phones);
  o["has_phones"] = !s->phones.empty();
  if (!categories.empty()) o["first_category"] = categories.front();
  o["categories"] = std::move(categories);
  o["languages"] = std::move(languages);
  // An offer that has ended leaves the card; the service stays.
  const std::string today = catalog_.clock().Today();
  json::array offers;
  for (const auto& offer : s->offers)
    if (offer.Current(today))
      offers.push_back(json::object{{"text", offer.text},
                                    {"valid_until", HumanDate(offer.valid_until, loc.lang)}});
  o["has_offers"] = !offers.empty();
  o["offers"] = std::move(offers);
  if (s->OfferEnded(today)) o["offer_ended"] = HumanDate(s->OffersEnd(), loc.lang);
  o["unavailable"] = s->status == "unavailable_in_russia";
  o["status_note"] = s->status_note;
  o["ended_at"] = s->ended_at;
  // Where it works: the whole region, its districts, the country, the world.
  std::string where;
  if (s->scope == "regional") {
    for (const auto& a : s->service_areas) where += (where.empty() ? "" : ", ") + a;
    if (where.empty())
      where = fmt::format("{} {}", views_.T(loc.lang, "area.whole_region"), region_name_);
  } else {
    where = views_.T(loc.lang, "area." + s->scope);
  }
  o["areas"] = where;
  json::array sources;
  for (const auto& x : s->sources)
    sources.push_back(json::object{{"url", x.url}, {"host", SiteHost(x.url)}, {"note", x.note}});
  o["has_sources"] = !sources.empty();
  o["sources"] = std::move(sources);
  bool has_events = false;
  if (events_) {
    events::EventQuery q;
    q.service_id = s->id;
    q.limit = 5;
    json::array upcoming;
    if (auto list = events_->Upcoming(q))
      for (const auto& e : *list)
        upcoming.push_back(json::object{
            {"id", e.id},
            {"title", e.title},
            {"starts_iso", e.starts_at},
            {"when", HumanWindow(e.starts_at, e.ends_at, views_.utc_offset_minutes(), loc.lang)}});
    has_events = !upcoming.empty();
    o["has_events"] = has_events;
    o["events"] = std::move(upcoming);
  }
  // Where the person came from (a poster's QR code, a share link) goes on
  // with the click out, so that the counter can tell what brought them.
  if (auto src = outreach::KnownSource(req.Query("src").value_or("")); !src.empty())
    o["go_query"] = "?src=" + std::string(src);
  json::object page;
  page["title"] = o["name"];
  page["og"] = json::object{
      {"type", "website"},
      {"title", o["name"]},
      {"description", s->short_description},
      {"image", "/og/" + (s->categories.empty() ? std::string("home") : s->categories.front())},
      {"share", s->status != "defunct"}};
  page["json_ld"] = ServiceJsonLd(*s, *cats, region_name_);
  page["service"] = std::move(o);
  auto response = views_.Page(200, "service", std::move(page), req);
  if (!card_key.empty())
    card_cache_.Put(
        card_key, generation, response.body,
        CardCache::Clock::now() + (has_events ? std::chrono::minutes(1) : std::chrono::hours(1)));
  return response;
}

}  // namespace doma::web
