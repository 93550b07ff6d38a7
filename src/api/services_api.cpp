#include "api/services_api.h"

#include <boost/json.hpp>
#include <chrono>

#include "api/problem.h"
#include "core/log.h"
#include "domain/catalog/search_params.h"
#include "http/status.h"

namespace doma::api {
namespace json = boost::json;

namespace {

json::array Strings(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

http::Response JsonResponse(const json::value& v) {
  auto r = http::Response::Json(200, json::serialize(v));
  r.content_type = "application/json; charset=utf-8";
  return r;
}

}  // namespace

http::Response ServicesApi::List(http::Request& req) {
  auto parsed = catalog::ParseSearchParams(req.query, 20);
  if (!parsed) return ProblemFrom(req, parsed.error());
  if (auto place = req.Query("place"); place && !place->empty()) {
    const help::Place* p = places_ ? places_->Find(std::string(*place)) : nullptr;
    if (!p)
      return ProblemFrom(req, Error::Invalid("place",
                                             "Неизвестное место (place): возьмите id из "
                                             "/api/v1/help/places."));
    parsed->place_district = p->district_ru;
  }
  auto t0 = std::chrono::steady_clock::now();
  auto res = catalog_.Search(*parsed);
  metrics_.ObserveSearch(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  if (!res) return ProblemFrom(req, res.error());
  json::array items;
  for (const auto& s : res->items) {
    items.push_back(json::object{{"id", s.id},
                                 {"name", s.name},
                                 {"short_description", s.short_description},
                                 {"url", s.url},
                                 {"scope", s.scope},
                                 {"status", s.status},
                                 {"categories", Strings(s.categories)},
                                 {"audiences", Strings(s.audiences)},
                                 {"cost", s.cost},
                                 {"platforms", Strings(s.platforms)}});
  }
  json::object facets;
  for (const char* name : {"category", "scope", "audience", "cost", "platform"}) {
    json::object f;
    for (const auto& [value, count] : res->facets[name]) f[value] = count;
    facets[name] = std::move(f);
  }
  json::object out;
  out["items"] = std::move(items);
  out["total"] = res->total;
  out["page"] = parsed->page;
  out["per_page"] = parsed->per_page;
  out["corrected_query"] =
      res->corrected_query ? json::value(*res->corrected_query) : json::value(nullptr);
  out["missing_word"] = res->missing_word ? json::value(*res->missing_word) : json::value(nullptr);
  out["facets"] = std::move(facets);
  // Closed or unavailable services named by the query: not results, but
  // what a person asking for one by name needs to hear.
  json::array unlisted;
  for (const auto& s : res->unlisted)
    unlisted.push_back(json::object{{"id", s.id}, {"name", s.name}, {"status", s.status}});
  out["unlisted"] = std::move(unlisted);
  return JsonResponse(out);
}

http::Response ServicesApi::Get(http::Request& req) {
  auto s = catalog_.GetService(req.params["id"]);
  if (!s) return ProblemFrom(req, s.error());
  json::object o;
  o["id"] = s->id;
  o["name"] = s->name;
  o["name_en"] = s->name_en.empty() ? json::value(nullptr) : json::value(s->name_en);
  o["short_description"] = s->short_description;
  o["description"] = s->description;
  o["description_en"] =
      s->description_en.empty() ? json::value(nullptr) : json::value(s->description_en);
  o["url"] = s->url;
  o["organization"] = json::object{
      {"name", s->organization.name},
      {"website", s->organization.website.empty() ? json::value(nullptr)
                                                  : json::value(s->organization.website)}};
  o["status"] = s->status;
  o["scope"] = s->scope;
  o["district"] = s->district.empty() ? json::value(nullptr) : json::value(s->district);
  o["settlement"] = s->settlement.empty() ? json::value(nullptr) : json::value(s->settlement);
  o["categories"] = Strings(s->categories);
  o["audiences"] = Strings(s->audiences);
  o["cost"] = s->cost;
  o["cost_note"] = s->cost_note.empty() ? json::value(nullptr) : json::value(s->cost_note);
  o["platforms"] = Strings(s->platforms);
  o["languages"] = Strings(s->languages);
  json::array phones;
  for (const auto& p : s->phones)
    phones.push_back(
        json::object{{"number", p.number},
                     {"kind", p.kind},
                     {"note", p.note.empty() ? json::value(nullptr) : json::value(p.note)}});
  o["phones"] = std::move(phones);
  o["min_age"] = s->min_age ? json::value(*s->min_age) : json::value(nullptr);
  o["max_age"] = s->max_age ? json::value(*s->max_age) : json::value(nullptr);
  o["how_to_apply"] = s->how_to_apply.empty() ? json::value(nullptr) : json::value(s->how_to_apply);
  // The offers still on; "offer" (the first of them) as before the list.
  const std::string today = catalog_.clock().Today();
  json::array offers;
  for (const auto& x : s->offers)
    if (x.Current(today))
      offers.push_back(
          json::object{{"text", x.text},
                       {"valid_until",
                        x.valid_until.empty() ? json::value(nullptr) : json::value(x.valid_until)},
                       {"expired", false}});
  o["offer"] = offers.empty() ? json::value(nullptr) : offers.front();
  o["offers"] = std::move(offers);
  o["kind"] = s->kind;
  o["offers_ended"] = s->OfferEnded(today);
  o["status_note"] = s->status_note.empty() ? json::value(nullptr) : json::value(s->status_note);
  o["ended_at"] = s->ended_at.empty() ? json::value(nullptr) : json::value(s->ended_at);
  o["service_areas"] = Strings(s->service_areas);
  json::array sources;
  for (const auto& x : s->sources)
    sources.push_back(json::object{
        {"url", x.url}, {"note", x.note.empty() ? json::value(nullptr) : json::value(x.note)}});
  o["sources"] = std::move(sources);
  o["featured"] = s->featured;
  o["assured_at"] = s->assured_at.empty() ? json::value(nullptr) : json::value(s->assured_at);
  o["created_at"] = s->created_at;
  o["updated_at"] = s->updated_at;
  o["clicks"] = s->clicks;
  return JsonResponse(o);
}

http::Response ServicesApi::Categories(http::Request& req) {
  auto counts = catalog_.CategoriesWithCounts();
  if (!counts) return ProblemFrom(req, counts.error());
  auto node = [](const catalog::CategoryCount& c, json::array children) {
    return json::object{{"slug", c.category.slug},
                        {"name_ru", c.category.name_ru},
                        {"name_en", c.category.name_en},
                        {"count", c.count},
                        {"children", std::move(children)}};
  };
  json::array tree;
  for (const auto& g : catalog::GroupCategories(*counts)) {
    json::array children;
    for (const auto& ch : g.children) children.push_back(node(ch, {}));
    tree.push_back(node(g.group, std::move(children)));
  }
  return JsonResponse(json::object{{"items", std::move(tree)}});
}

http::Response ServicesApi::OpenApi(http::Request&) {
  auto r = http::Response::Json(200, openapi_);
  r.content_type = "application/json; charset=utf-8";
  return r;
}

}  // namespace doma::api
