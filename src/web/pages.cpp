#include "web/pages.h"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <chrono>

#include "core/log.h"
#include "core/text.h"
#include "domain/catalog/search_params.h"
#include "domain/outreach/sources.h"
#include "http/status.h"
#include "web/categories.h"
#include "web/format.h"

namespace doma::web {
namespace json = boost::json;
using Cat = catalog::Category;

namespace {

// The current /search URL with `key` set to `value` (or removed when empty);
// any change of filter goes back to page 1.
std::string UrlWith(const std::string& base, const catalog::Params& params, const std::string& key,
                    const std::string& value) {
  std::string q;
  bool done = false;
  for (const auto& [k, v] : params) {
    if (k == "lang" || (k == "page" && key != "page")) continue;
    if (k == key) {
      if (done) continue;
      done = true;
      if (value.empty()) continue;
      q += (q.empty() ? "?" : "&") + k + "=" + text::PercentEncode(value);
      continue;
    }
    if (v.empty()) continue;
    q += (q.empty() ? "?" : "&") + k + "=" + text::PercentEncode(v);
  }
  if (!done && !value.empty())
    q += (q.empty() ? "?" : "&") + key + "=" + text::PercentEncode(value);
  return base + q;
}

}  // namespace

json::object Pages::Summary(const catalog::ServiceSummary& s, const std::string& lang,
                            const std::vector<Cat>& cats) const {
  json::object o;
  o["id"] = s.id;
  o["name"] = s.name;
  o["short_description"] = s.short_description;
  o["scope_label"] = views_.T(lang, "scope." + s.scope);
  o["cost_label"] = views_.T(lang, "cost." + s.cost);
  o["is_free"] = s.cost == "free" || s.cost == "free_during_quarantine";
  o["closed"] = s.status == "temporarily_closed";
  o["settlement"] = s.settlement;
  json::array cl;
  for (const auto& slug : s.categories) {
    if (const Cat* c = FindCategory(cats, slug); c && !c->archived)
      cl.push_back(json::object{{"slug", slug}, {"name", CategoryName(*c, lang)}});
  }
  o["categories"] = std::move(cl);
  json::array pl;
  for (const auto& p : s.platforms) pl.emplace_back(views_.T(lang, "platform." + p));
  o["platforms"] = std::move(pl);
  return o;
}

http::Response Pages::Error(const http::Request* req, int status,
                            const std::string& message) const {
  http::Request fallback;
  const http::Request& r = req ? *req : fallback;
  Locale loc = LocaleFor(r);
  json::object page;
  page["title"] = views_.T(loc.lang, fmt::format("error.{}.title", status));
  page["status"] = status;
  page["message"] = message;
  page["is_404"] = status == 404;
  page["is_5xx"] = status >= 500;
  http::Response res = views_.Page(status, "error", std::move(page), r);
  return res;
}

http::Response Pages::FromError(const http::Request& req, const doma::Error& e) const {
  int status = http::StatusFor(e.code);
  if (status >= 500)
    log::Error("request failed",
               {{"route", req.route}, {"request_id", req.request_id}, {"detail", e.log_detail}});
  return Error(&req, status, e.public_message);
}

http::Response Pages::Home(http::Request& req) {
  Locale loc = LocaleFor(req);
  auto counts = catalog_.CategoriesWithCounts();
  if (!counts) return FromError(req, counts.error());
  auto node = [&](const catalog::CategoryCount& c) {
    return json::object{{"slug", c.category.slug},
                        {"name", CategoryName(c.category, loc.lang)},
                        {"count", c.count}};
  };
  json::array groups;
  for (const auto& g : catalog::GroupCategories(*counts)) {
    json::array children;
    for (const auto& ch : g.children) children.push_back(node(ch));
    json::object group = node(g.group);
    group["children"] = std::move(children);
    groups.push_back(std::move(group));
  }
  auto cats = catalog_.Categories();
  if (!cats) return FromError(req, cats.error());

  catalog::SearchRequest browse;
  browse.per_page = 8;
  auto featured = catalog_.Search(browse);
  if (!featured) return FromError(req, featured.error());
  catalog::SearchRequest newest;
  newest.per_page = 6;
  newest.sort = catalog::Sort::kNewest;
  auto fresh = catalog_.Search(newest);
  if (!fresh) return FromError(req, fresh.error());

  json::array fa, na;
  for (const auto& s : featured->items) fa.push_back(Summary(s, loc.lang, *cats));
  for (const auto& s : fresh->items) na.push_back(Summary(s, loc.lang, *cats));
  json::object page;
  page["title"] = views_.T(loc.lang, "home.title");
  page["groups"] = std::move(groups);
  page["featured"] = std::move(fa);
  page["newest"] = std::move(na);
  page["total"] = featured->total;
  page["is_home"] = true;
  page["og"] = json::object{
      {"type", "website"},
      {"title", views_.T(loc.lang, "site_name") + " — " + views_.T(loc.lang, "og_home_title")},
      {"description", views_.T(loc.lang, "site_tagline")},
      {"image", "/og/home"}};
  if (news_) {
    if (auto latest = news_->Latest(3); latest && !latest->empty()) {
      json::array items;
      for (const auto& n : *latest)
        items.push_back(json::object{{"id", n.id},
                                     {"title", n.title},
                                     {"date", HumanDate(n.published_at, loc.lang)},
                                     {"iso", n.published_at.substr(0, 10)}});
      page["latest_news"] = std::move(items);
      page["has_news"] = true;
    }
  }
  return views_.Page(200, "home", std::move(page), req);
}

http::Response Pages::Search(http::Request& req) { return Results(req, ""); }

std::string Pages::CacheKey(const http::Request& req, const Locale& loc) const {
  // Not when sorted by clicks (they change without the catalog), nor when
  // the answer sets the language cookie.
  // Nor when it sets the place cookie (a cached body would not set it).
  if (loc.set_lang_cookie || req.Query("sort").value_or("") == "popularity" || req.Query("place"))
    return {};
  return fmt::format("{}|{}|{}|{}|{}", loc.lang, loc.contrast ? loc.vision.CookieValue() : "0",
                     catalog_.clock().Today(), req.Cookie("place").value_or(""), req.target);
}

std::optional<http::Response> Pages::CachedResults(const http::Request& req, bool signed_in) const {
  if (signed_in || (req.method != "GET" && req.method != "HEAD")) return std::nullopt;
  Locale loc = LocaleFor(req);
  std::string key = CacheKey(req, loc);
  if (key.empty()) return std::nullopt;
  auto body = page_cache_.Get(key, catalog_.Generation());
  if (!body) return std::nullopt;
  http::Response r;
  r.body = *body;
  r.Header("Content-Language", loc.lang);
  return r;
}

http::Response Pages::Category(http::Request& req) {
  const std::string& slug = req.params["slug"];
  auto cats = catalog_.Categories();
  if (!cats) return FromError(req, cats.error());
  if (const Cat* found = FindCategory(*cats, slug); !found || found->archived)
    return Error(&req, 404, "Такой категории нет.");
  return Results(req, slug);
}

http::Response Pages::Results(http::Request& req, const std::string& fixed_category) {
  Locale loc = LocaleFor(req);
  // What an anonymous visitor sees here is the same for everyone asking the
  // same thing: served from the page cache while the catalog is unchanged
  // (not when sorted by clicks, which change without the catalog).
  unsigned long long generation = catalog_.Generation();
  std::string cache_key = req.locals.contains("user.id") ? std::string() : CacheKey(req, loc);
  if (!cache_key.empty()) {
    if (auto body = page_cache_.Get(cache_key, generation)) {
      http::Response r;
      r.body = *body;
      r.Header("Content-Language", loc.lang);
      return r;
    }
  }
  auto cats = catalog_.Categories();
  if (!cats) return FromError(req, cats.error());
  catalog::Params params = req.query;
  std::string base = fixed_category.empty() ? "/search" : "/categories/" + fixed_category;
  auto parsed = catalog::ParseSearchParams(params, 20);
  json::object page;
  auto fail = [&](const doma::Error& e) {
    page["error"] = e.public_message;
    page["error_field"] = e.field;
    page["q"] = std::string(req.Query("q").value_or(""));
    page["title"] = views_.T(loc.lang, "search.title");
    return views_.Page(http::StatusFor(e.code), "search", std::move(page), req);
  };
  if (!parsed) return fail(parsed.error());
  if (!fixed_category.empty()) parsed->category = fixed_category;
  // The place: chosen now (?place=, "" for anywhere), else remembered.
  auto place_param = req.Query("place");
  std::string place_id = place_param ? std::string(*place_param) : req.Cookie("place").value_or("");
  const help::Place* place = places_ && !place_id.empty() ? places_->Find(place_id) : nullptr;
  if (place_param && !place_param->empty() && !place)
    return fail(doma::Error::Invalid("place", views_.T(loc.lang, "place.unknown")));
  if (place) parsed->place_district = place->district_ru;
  auto t0 = std::chrono::steady_clock::now();
  auto res = catalog_.Search(*parsed);
  metrics_.ObserveSearch(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  if (!res) {
    if (res.error().code == Code::kInvalidArgument) return fail(res.error());
    return FromError(req, res.error());
  }

  const Cat* fixed = fixed_category.empty() ? nullptr : FindCategory(*cats, fixed_category);
  page["title"] =
      fixed ? CategoryName(*fixed, loc.lang)
            : (parsed->text.empty() ? views_.T(loc.lang, "search.title")
                                    : parsed->text + " — " + views_.T(loc.lang, "search.title"));
  page["heading"] = fixed ? CategoryName(*fixed, loc.lang) : views_.T(loc.lang, "search.title");
  if (fixed)
    page["og"] = json::object{
        {"type", "website"},
        {"title", CategoryName(*fixed, loc.lang)},
        {"description", fmt::format("{}: {} {}", CategoryName(*fixed, loc.lang), res->total,
                                    views_.T(loc.lang, "og_services_in_catalog"))},
        {"image", "/og/" + fixed->slug},
        {"share", true}};
  page["action"] = base;
  page["q"] = parsed->text;
  page["total"] = res->total;
  page["has_results"] = !res->items.empty();
  page["empty"] = res->items.empty();
  if (res->corrected_query) {
    page["corrected_query"] = *res->corrected_query;
    page["corrected_url"] = UrlWith(base, params, "q", *res->corrected_query);
  }
  if (res->missing_word) page["missing_word"] = *res->missing_word;
  json::array items;
  for (const auto& s : res->items) items.push_back(Summary(s, loc.lang, *cats));
  page["items"] = std::move(items);

  // Filters: each value links to the same search with that filter toggled.
  json::array facets;
  auto facet = [&](const std::string& name, const std::string& selected, auto&& label_of) {
    json::array values;
    for (const auto& [value, count] : res->facets[name]) {
      if (name == "category" && fixed && value == fixed_category) continue;
      if (name == "category") {
        const Cat* c = FindCategory(*cats, value);
        if (!c || c->archived) continue;
      }
      bool is_selected = value == selected;
      values.push_back(
          json::object{{"label", label_of(value)},
                       {"count", count},
                       {"selected", is_selected},
                       {"url", UrlWith(base, params, name, is_selected ? "" : value)}});
    }
    if (values.empty()) return;
    facets.push_back(json::object{{"name", name},
                                  {"title", views_.T(loc.lang, "facet." + name)},
                                  {"values", std::move(values)}});
  };
  facet("category", fixed ? "" : parsed->category, [&](const std::string& slug) {
    const Cat* c = FindCategory(*cats, slug);
    return c ? CategoryName(*c, loc.lang) : slug;
  });
  facet("scope", parsed->scope,
        [&](const std::string& v) { return views_.T(loc.lang, "scope." + v); });
  facet("audience", parsed->audience,
        [&](const std::string& v) { return views_.T(loc.lang, "audience." + v); });
  facet("cost", parsed->cost,
        [&](const std::string& v) { return views_.T(loc.lang, "cost." + v); });
  facet("platform", parsed->platform,
        [&](const std::string& v) { return views_.T(loc.lang, "platform." + v); });
  page["has_facets"] = !facets.empty();
  page["facets"] = std::move(facets);

  json::array sorts;
  for (auto s : {catalog::Sort::kRelevance, catalog::Sort::kNewest, catalog::Sort::kPopularity}) {
    std::string name = catalog::SortName(s);
    sorts.push_back(json::object{{"value", name},
                                 {"label", views_.T(loc.lang, "sort." + name)},
                                 {"selected", s == parsed->sort}});
  }
  page["has_sorts"] = true;
  page["sorts"] = std::move(sorts);
  // Hidden fields keep the chosen filters when the form is sent again.
  json::array hidden;
  for (const char* key : {"category", "scope", "audience", "cost", "platform"}) {
    if (fixed && std::string_view(key) == "category") continue;
    if (auto v = req.Query(key); v && !v->empty())
      hidden.push_back(json::object{{"name", key}, {"value", std::string(*v)}});
  }
  page["hidden"] = std::move(hidden);
  if (places_ && !places_->places().empty()) {
    json::array options;
    for (const auto& p : places_->places())
      options.push_back(json::object{{"value", p.id},
                                     {"label", loc.lang == "en" ? p.name_en : p.name_ru},
                                     {"selected", place && p.id == place->id}});
    page["places"] = std::move(options);
    page["has_places"] = true;
    if (place) {
      page["place_name"] = loc.lang == "en" ? place->name_en : place->name_ru;
      std::string clear = UrlWith(base, params, "place", "");
      page["place_clear_url"] =
          clear + (clear.find('?') == std::string::npos ? "?" : "&") + "place=";
    }
  }
  if (!res->unlisted.empty()) {
    json::array unlisted;
    for (const auto& s : res->unlisted) {
      json::object item = Summary(s, loc.lang, *cats);
      item["status_label"] = views_.T(loc.lang, "status." + s.status);
      unlisted.push_back(std::move(item));
    }
    page["unlisted"] = std::move(unlisted);
    page["has_unlisted"] = true;
  }

  long long pages = (res->total + parsed->per_page - 1) / parsed->per_page;
  if (pages > 1) {
    json::object pag;
    if (parsed->page > 1)
      pag["prev_url"] = UrlWith(base, params, "page", std::to_string(parsed->page - 1));
    if (parsed->page < pages)
      pag["next_url"] = UrlWith(base, params, "page", std::to_string(parsed->page + 1));
    pag["current"] = parsed->page;
    pag["pages"] = pages;
    page["pagination"] = std::move(pag);
  }
  if (res->items.empty()) {
    json::array suggest;
    for (const auto& c : *cats)
      if (c.parent.empty() && !c.archived)
        suggest.push_back(json::object{{"slug", c.slug}, {"name", CategoryName(c, loc.lang)}});
    page["suggest_categories"] = std::move(suggest);
  }
  auto response = views_.Page(200, "search", std::move(page), req);
  if (!cache_key.empty()) page_cache_.Put(cache_key, generation, response.body);
  if (place_param)
    response.Header("Set-Cookie",
                    place ? "place=" + place->id + "; Path=/; Max-Age=31536000; SameSite=Lax"
                          : std::string("place=; Path=/; Max-Age=0; SameSite=Lax"));
  return response;
}

http::Response Pages::Go(http::Request& req) {
  auto url = catalog_.FollowLink(req.params["id"], req.Query("src").value_or(""));
  if (!url) return FromError(req, url.error());
  auto r = http::Response::Redirect(302, *url);
  r.Header("Cache-Control", "no-store");
  return r;
}

http::Response Pages::Accessibility(http::Request& req) {
  auto mode = req.Query("mode").value_or("on");
  // The settings panel's form: each field optional, anything unknown the default.
  std::string cookie = "1";
  if (req.Query("size") || req.Query("scheme") || req.Query("spacing") || req.Query("images"))
    cookie = Vision::FromForm(req.Query("size").value_or(""), req.Query("scheme").value_or(""),
                              req.Query("spacing").value_or(""), req.Query("images").value_or(""))
                 .CookieValue();
  // Go back to the page the link was on, if it was ours.
  std::string back = "/";
  if (auto ref = req.Header("referer")) {
    auto host = req.Header("host").value_or("");
    for (const char* scheme : {"http://", "https://"}) {
      std::string prefix = std::string(scheme) + std::string(host);
      if (!host.empty() && ref->starts_with(prefix) && ref->size() > prefix.size() &&
          (*ref)[prefix.size()] == '/') {
        back = std::string(ref->substr(prefix.size()));
      }
    }
  }
  // "//host" or "/\\host" would leave the site: refuse anything but a local path.
  if (back.size() > 1 && (back[1] == '/' || back[1] == '\\')) back = "/";
  auto r = http::Response::Redirect(303, back);
  r.Header("Set-Cookie", mode == "off"
                             ? std::string("a11y=0; Path=/; Max-Age=0; SameSite=Lax")
                             : "a11y=" + cookie + "; Path=/; Max-Age=31536000; SameSite=Lax");
  return r;
}

}  // namespace doma::web
