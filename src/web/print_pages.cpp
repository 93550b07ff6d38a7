// The posters: what a neighbour pins at a building's entrance, what a
// coordinator hands out in a village, a service card to give someone who
// does not use the internet. Each is one A4 page (static/print.css); every
// QR code is drawn here and points at the portal with ?src=poster-….
#include <fmt/format.h>

#include <boost/json.hpp>

#include "core/text.h"
#include "domain/outreach/reach.h"
#include "domain/region/region.h"
#include "web/format.h"
#include "web/outreach_pages.h"
#include "web/qr.h"

namespace doma::web {
namespace json = boost::json;

namespace {

json::array Phones(const catalog::Service& s) {
  json::array out;
  for (const auto& p : s.phones)
    out.push_back(json::object{{"number", p.number}, {"tel", region::TelUri(p.number)}});
  return out;
}

}  // namespace

std::string OutreachPages::Absolute(const std::string& path_and_query) const {
  return options_.public_url + path_and_query;
}

Result<const help::Place*> OutreachPages::PlaceParam(const http::Request& req) {
  auto id = req.Query("place");
  if (!id || id->empty()) return nullptr;
  if (const auto* p = places_.Find(std::string(*id))) return p;
  return Fail(Error::NotFound("Такого места нет в списке населённых пунктов региона."));
}

Result<catalog::Category> OutreachPages::FindCategory(const std::string& slug) {
  auto cats = catalog_.Categories();
  if (!cats) return Fail(cats.error());
  for (const auto& c : *cats)
    if (c.slug == slug && !c.archived) return c;
  return Fail(Error::NotFound("Такого раздела нет в каталоге."));
}

json::array OutreachPages::PlaceOptions(const std::string& lang,
                                        const std::string& selected) const {
  json::array out;
  for (const auto& p : places_.places())
    out.push_back(json::object{{"id", p.id},
                               {"name", lang == "en" ? p.name_en : p.name_ru},
                               {"selected", p.id == selected}});
  return out;
}

json::array OutreachPages::CategoryOptions(const std::string& lang, const std::string& selected) {
  json::array out;
  auto cats = catalog_.Categories();
  if (!cats) return out;
  for (const auto& c : *cats) {
    if (c.archived || c.parent.empty()) continue;
    out.push_back(json::object{{"slug", c.slug},
                               {"name", lang == "en" ? c.name_en : c.name_ru},
                               {"selected", c.slug == selected}});
  }
  return out;
}

Result<std::vector<catalog::Service>> OutreachPages::ServicesFor(const std::string& category,
                                                                 const help::Place* place,
                                                                 std::size_t limit) {
  catalog::SearchRequest q;
  q.category = category;
  q.sort = catalog::Sort::kPopularity;
  q.per_page = 100;
  auto found = catalog_.Search(q);
  if (!found) return Fail(found.error());
  // Rank: 0 this place's own, 1 the whole region's, 2 federal, 3 international.
  std::vector<std::pair<int, catalog::Service>> ranked;
  for (const auto& item : found->items) {
    if (item.status == "defunct") continue;
    auto s = catalog_.GetService(item.id);
    if (!s) continue;
    int rank = outreach::ReachRank(*s, place);
    if (rank < 0) continue;  // another settlement's or district's
    ranked.emplace_back(rank, std::move(*s));
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<catalog::Service> out;
  for (auto& [rank, s] : ranked) {
    if (out.size() == limit) break;
    out.push_back(std::move(s));
  }
  return out;
}

http::Response OutreachPages::PrintChooser(http::Request& req, const Who&) {
  Locale loc = LocaleFor(req);
  json::object page = TitledPage(views_, req, "poster_chooser_title");
  page["places"] = PlaceOptions(loc.lang, "");
  page["categories"] = CategoryOptions(loc.lang, "");
  return views_.Page(200, "print", std::move(page), req);
}

http::Response OutreachPages::PrintEntrance(http::Request& req, const Who&) {
  Locale loc = LocaleFor(req);
  auto place = PlaceParam(req);
  if (!place) return pages_.FromError(req, place.error());
  json::object page = TitledPage(views_, req, "poster_entrance_title");
  page["layout"] = "print_layout";
  const std::string ask = Absolute("/help/ask?src=poster-entrance");
  const std::string check = Absolute("/check?src=poster-entrance");
  auto ask_qr = QrSvg(ask, 42, views_.T(loc.lang, "poster_qr_ask"));
  auto check_qr = QrSvg(check, 30, views_.T(loc.lang, "poster_qr_check"));
  if (!ask_qr || !check_qr) return pages_.FromError(req, (ask_qr ? check_qr : ask_qr).error());
  page["ask_qr"] = *ask_qr;
  page["check_qr"] = *check_qr;
  page["ask_address"] = SiteHost(options_.public_url) + "/help";
  page["check_address"] = SiteHost(options_.public_url) + "/check";
  if (*place) {
    page["place_name"] = loc.lang == "en" ? (*place)->name_en : (*place)->name_ru;
    if (auto it = options_.local_phones.find((*place)->id); it != options_.local_phones.end())
      page["local_phone"] = it->second;
  }
  // Strips to tear off: the number goes home with the neighbour.
  json::array strips;
  for (int i = 0; i < 8; ++i) strips.push_back(i);
  page["strips"] = std::move(strips);
  page["back_url"] = "/print";
  return views_.Page(200, "print_entrance", std::move(page), req);
}

http::Response OutreachPages::PrintLeaflet(http::Request& req, const Who&) {
  Locale loc = LocaleFor(req);
  const std::string slug(req.Query("category").value_or(""));
  if (slug.empty()) return pages_.Error(&req, 400, "Выберите раздел каталога для листовки.");
  auto cat = FindCategory(slug);
  if (!cat) return pages_.FromError(req, cat.error());
  auto place = PlaceParam(req);
  if (!place) return pages_.FromError(req, place.error());
  if (!*place) return pages_.Error(&req, 400, "Выберите населённый пункт для листовки.");
  auto services = ServicesFor(slug, *place, 6);
  if (!services) return pages_.FromError(req, services.error());
  json::array items;
  for (const auto& s : *services) {
    auto qr = QrSvg(Absolute("/services/" + s.id + "?src=poster-leaflet"), 24,
                    views_.T(loc.lang, "poster_qr_service") + " " + s.name);
    if (!qr) return pages_.FromError(req, qr.error());
    items.push_back(
        json::object{{"id", s.id},
                     {"name", loc.lang == "en" && !s.name_en.empty() ? s.name_en : s.name},
                     {"short_description", s.short_description},
                     {"host", SiteHost(s.url)},
                     {"phones", Phones(s)},
                     {"qr", *qr},
                     {"regional", s.scope == "regional"}});
  }
  const std::string place_name = loc.lang == "en" ? (*place)->name_en : (*place)->name_ru;
  const std::string cat_name = loc.lang == "en" ? cat->name_en : cat->name_ru;
  const std::string all =
      "/categories/" + slug + "?place=" + text::PercentEncode((*place)->id) + "&src=poster-leaflet";
  auto all_qr = QrSvg(Absolute(all), 26, views_.T(loc.lang, "poster_qr_all"));
  if (!all_qr) return pages_.FromError(req, all_qr.error());
  json::object page;
  page["title"] = cat_name + " — " + place_name;
  page["layout"] = "print_layout";
  page["category_name"] = cat_name;
  page["place_name"] = place_name;
  page["items"] = std::move(items);
  page["empty"] = services->empty();
  page["all_qr"] = *all_qr;
  page["all_address"] = SiteHost(options_.public_url) + "/categories/" + slug;
  if (auto it = options_.local_phones.find((*place)->id); it != options_.local_phones.end())
    page["local_phone"] = it->second;
  page["back_url"] = "/print";
  return views_.Page(200, "print_leaflet", std::move(page), req);
}

http::Response OutreachPages::PrintService(http::Request& req, const Who&) {
  Locale loc = LocaleFor(req);
  auto s = catalog_.GetService(req.params["id"]);
  if (!s) return pages_.FromError(req, s.error());
  const bool en = loc.lang == "en";
  auto qr = QrSvg(Absolute("/services/" + s->id + "?src=poster-card"), 32,
                  views_.T(loc.lang, "poster_qr_service") + " " + s->name);
  if (!qr) return pages_.FromError(req, qr.error());
  json::object o;
  o["name"] = en && !s->name_en.empty() ? s->name_en : s->name;
  o["short_description"] = s->short_description;
  o["description"] = en && !s->description_en.empty() ? s->description_en : s->description;
  o["url"] = s->url;
  o["host"] = SiteHost(s->url);
  o["organization"] = s->organization.name;
  o["how_to_apply"] = s->how_to_apply;
  o["cost_label"] = views_.T(loc.lang, "cost." + s->cost);
  o["cost_note"] = s->cost_note;
  o["assured_at"] = HumanDate(s->assured_at, loc.lang);
  o["phones"] = Phones(*s);
  o["has_phones"] = !s->phones.empty();
  o["defunct"] = s->status == "defunct";
  o["qr"] = *qr;
  o["card_address"] = SiteHost(options_.public_url) + "/services/" + s->id;
  json::object page;
  page["title"] = o["name"];
  page["layout"] = "print_layout";
  page["service"] = std::move(o);
  page["back_url"] = "/services/" + s->id;
  return views_.Page(200, "print_service", std::move(page), req);
}

}  // namespace doma::web
