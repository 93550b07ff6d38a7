// The widget: compact pages another site (a school's, a district
// administration's) shows in an iframe. They need no script and set no
// cookie; framing is allowed only for the origins the administrator lists
// (--embed-origin), through Content-Security-Policy's frame-ancestors, and
// refused everywhere else. Their links open the portal in a new tab.
#include <fmt/format.h>

#include <boost/json.hpp>

#include "core/text.h"
#include "http/server.h"
#include "web/outreach_pages.h"

namespace doma::web {
namespace json = boost::json;

namespace {

json::object Item(const std::string& public_url, const std::string& id, const std::string& name,
                  const std::string& short_description) {
  return json::object{{"href", public_url + "/services/" + id + "?src=widget"},
                      {"name", name},
                      {"short_description", short_description}};
}

}  // namespace

http::Response OutreachPages::Framed(http::Response r) const {
  // 'self': the webmaster page shows a preview of the snippet.
  std::string ancestors = "'self'";
  for (const auto& o : options_.embed_origins) ancestors += " " + o;
  r.Header("Content-Security-Policy", http::ContentSecurityPolicy("", ancestors));
  return r;
}

http::Response OutreachPages::EmbedSearch(http::Request& req, const Who&) {
  const std::string q(req.Query("q").value_or(""));
  json::object page = TitledPage(views_, req, "embed_search_title");
  page["layout"] = "embed_layout";
  page["q"] = q;
  page["portal_url"] = options_.public_url + "/?src=widget";
  if (!q.empty()) {
    catalog::SearchRequest sr;
    sr.text = q;
    sr.per_page = 8;
    auto found = catalog_.Search(sr);
    if (!found) return Framed(pages_.FromError(req, found.error()));
    json::array items;
    for (const auto& s : found->items)
      items.push_back(Item(options_.public_url, s.id, s.name, s.short_description));
    page["searched"] = true;
    page["items"] = std::move(items);
    page["total"] = found->total;
    page["empty"] = found->items.empty();
    page["more_url"] = options_.public_url + "/search?q=" + text::PercentEncode(q) + "&src=widget";
  }
  return Framed(views_.Page(200, "embed_search", std::move(page), req));
}

http::Response OutreachPages::EmbedCategory(http::Request& req, const Who&) {
  Locale loc = LocaleFor(req);
  const std::string slug = req.params["slug"];
  auto cat = FindCategory(slug);
  if (!cat) return Framed(pages_.FromError(req, cat.error()));
  auto place = PlaceParam(req);
  if (!place) return Framed(pages_.FromError(req, place.error()));
  auto services = ServicesFor(slug, *place, 10);
  if (!services) return Framed(pages_.FromError(req, services.error()));
  json::array items;
  for (const auto& s : *services)
    items.push_back(Item(options_.public_url, s.id,
                         loc.lang == "en" && !s.name_en.empty() ? s.name_en : s.name,
                         s.short_description));
  json::object page;
  page["title"] = loc.lang == "en" ? cat->name_en : cat->name_ru;
  page["layout"] = "embed_layout";
  page["category_name"] = page["title"];
  if (*place) page["place_name"] = loc.lang == "en" ? (*place)->name_en : (*place)->name_ru;
  page["items"] = std::move(items);
  page["empty"] = services->empty();
  page["portal_url"] = options_.public_url + "/?src=widget";
  page["more_url"] = options_.public_url + "/categories/" + slug + "?src=widget";
  return Framed(views_.Page(200, "embed_category", std::move(page), req));
}

http::Response OutreachPages::EmbedHelp(http::Request& req, const Who&) {
  Locale loc = LocaleFor(req);
  const std::string slug(req.Query("category").value_or(""));
  const std::string place(req.Query("place").value_or(""));
  json::object page = TitledPage(views_, req, "embed_help_title");
  page["places"] = PlaceOptions(loc.lang, place);
  page["categories"] = CategoryOptions(loc.lang, slug);
  std::string src = options_.public_url + "/embed/search";
  if (!slug.empty()) {
    if (auto c = FindCategory(slug); !c) return pages_.FromError(req, c.error());
    src = options_.public_url + "/embed/categories/" + slug;
    if (!place.empty()) {
      if (!places_.Find(place))
        return pages_.Error(&req, 404, "Такого места нет в списке населённых пунктов региона.");
      src += "?place=" + text::PercentEncode(place);
    }
  }
  page["snippet"] = fmt::format(
      R"(<iframe src="{}" title="{}" width="100%" height="560" loading="lazy" style="border:1px solid #ccc"></iframe>)",
      src, views_.T(loc.lang, "site_name"));
  page["preview_src"] = src;
  json::array origins;
  for (const auto& o : options_.embed_origins) origins.push_back(json::string(o));
  page["has_origins"] = !origins.empty();
  page["origins"] = std::move(origins);
  return views_.Page(200, "embed", std::move(page), req);
}

}  // namespace doma::web
