#include "web/news_pages.h"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <charconv>

#include "core/text.h"
#include "http/status.h"
#include "web/form.h"
#include "web/format.h"
#include "web/markdown.h"

namespace doma::web {
namespace json = boost::json;

namespace {

std::string XmlEscape(std::string_view s) {
  // Control characters are not allowed in XML 1.0.
  std::string allowed;
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x20 || c == '\n' || c == '\t' || c == '\r')
      allowed.push_back(c);
  std::string out;
  text::AppendEscaped(
      out, allowed,
      {{'&', "&amp;"}, {'<', "&lt;"}, {'>', "&gt;"}, {'"', "&quot;"}, {'\'', "&apos;"}});
  return out;
}

// The first words of a Markdown text as plain text, up to `max` bytes cut
// at a space (a link preview's description): link targets and the marks
// of emphasis, headings and quotes dropped.
std::string PlainExcerpt(std::string_view md, std::size_t max) {
  std::string out;
  bool space = false;
  for (std::size_t i = 0; i < md.size(); ++i) {
    char c = md[i];
    if (c == ']' && i + 1 < md.size() && md[i + 1] == '(') {
      auto close = md.find(')', i);
      if (close == std::string_view::npos) break;
      i = close;
      continue;
    }
    if (c == '*' || c == '_' || c == '#' || c == '>' || c == '[' || c == ']' || c == '`') continue;
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  if (out.size() <= max) return out;
  auto cut = out.rfind(' ', max);
  return out.substr(0, cut == std::string::npos ? 0 : cut) + "…";
}

}  // namespace

std::string NewsPages::BaseUrl(const http::Request&) const { return public_url_; }

http::Response NewsPages::Xml(std::string body, const char* type) const {
  http::Response r;
  r.content_type = type;
  r.body = std::move(body);
  // Short public caching; the guard then adds no cookie to it.
  r.Header("Cache-Control", "public, max-age=300");
  return r;
}

http::Response NewsPages::List(http::Request& req, const Who&) {
  int page_no = PageParam(req, 10000);
  auto items = news_.Latest(21, (page_no - 1) * 20);
  if (!items) return pages_.FromError(req, items.error());
  json::array list;
  for (std::size_t i = 0; i < items->size() && i < 20; ++i) {
    const auto& n = (*items)[i];
    list.push_back(json::object{{"id", n.id},
                                {"title", n.title},
                                {"date", HumanDate(n.published_at, LocaleFor(req).lang)},
                                {"iso", n.published_at.substr(0, 10)}});
  }
  json::object page = TitledPage(views_, req, "news.title");
  page["items"] = std::move(list);
  page["empty"] = items->empty();
  if (items->size() > 20) page["next_url"] = fmt::format("/news?page={}", page_no + 1);
  if (page_no > 1) page["prev_url"] = fmt::format("/news?page={}", page_no - 1);
  return views_.Page(200, "news_list", std::move(page), req);
}

http::Response NewsPages::Item(http::Request& req, const Who&) {
  long long id = 0;
  const std::string& raw = req.params.at("id");
  auto [p, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), id);
  if (ec != std::errc() || p != raw.data() + raw.size())
    return pages_.Error(&req, 404, "Такой новости нет.");
  auto n = news_.Get(id);
  if (!n) return pages_.FromError(req, n.error());
  json::array services;
  for (const auto& sid : n->service_ids)
    if (auto s = catalog_.GetService(sid))
      services.push_back(json::object{
          {"id", s->id}, {"name", s->name}, {"short_description", s->short_description}});
  json::object page;
  page["title"] = n->title;
  page["og"] = json::object{{"type", "article"},
                            {"title", n->title},
                            {"description", PlainExcerpt(n->body_markdown, 200)},
                            {"image", "/og/news"},
                            {"share", true}};
  page["date"] = HumanDate(n->published_at, LocaleFor(req).lang);
  page["iso"] = n->published_at.substr(0, 10);
  page["body_html"] = RenderMarkdown(n->body_markdown);
  page["has_services"] = !services.empty();
  page["services"] = std::move(services);
  return views_.Page(200, "news_item", std::move(page), req);
}

http::Response NewsPages::EditorForm(http::Request& req, const Who&) {
  json::object page = TitledPage(views_, req, "news.editor_title");
  auto r = views_.Page(200, "news_form", std::move(page), req);
  r.Header("Cache-Control", "no-store");
  return r;
}

http::Response NewsPages::Publish(http::Request& req, const Who& who) {
  news::NewsItem item;
  item.title = Field(req, "title");
  item.body_markdown = Field(req, "body");
  std::string services = Field(req, "services");
  for (char& c : services)
    if (c == ',' || c == '\n' || c == '\r' || c == '\t') c = ' ';
  for (auto id : text::Split(services, ' '))
    if (!id.empty()) item.service_ids.emplace_back(id);
  auto r = news_.Publish(who->account, item);
  if (!r) {
    if (r.error().code != Code::kInvalidArgument) return pages_.FromError(req, r.error());
    json::object page = TitledPage(views_, req, "news.editor_title");
    page["news_title"] = item.title;
    page["body"] = item.body_markdown;
    page["services"] = Field(req, "services");
    page["error_" + r.error().field] = r.error().public_message;
    page["has_errors"] = true;
    auto res = views_.Page(400, "news_form", std::move(page), req);
    res.Header("Cache-Control", "no-store");
    return res;
  }
  // An unknown service id is caught here rather than in the domain: it is a
  // catalog question, and the news is still worth publishing without it.
  return http::Response::Redirect(303, fmt::format("/news/{}", r->id));
}

http::Response NewsPages::NewsFeed(http::Request& req, const Who&) {
  auto items = news_.Latest(20);
  if (!items) return pages_.FromError(req, items.error());
  std::string base = BaseUrl(req);
  std::string updated =
      items->empty() ? std::string("2026-01-01T00:00:00Z") : items->front().published_at;
  std::string xml = fmt::format(
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" "
      "xml:lang=\"ru\">\n"
      "<title>Дома — новости</title>\n<id>{0}/news</id>\n<link rel=\"self\" "
      "href=\"{0}/news.atom\"/>\n"
      "<link rel=\"alternate\" type=\"text/html\" "
      "href=\"{0}/news\"/>\n<updated>{1}</updated>\n<author><name>Дома</name></author>\n",
      base, updated);
  for (const auto& n : *items) {
    xml += fmt::format(
        "<entry>\n<title>{1}</title>\n<id>{0}/news/{2}</id>\n<link rel=\"alternate\" "
        "type=\"text/html\" href=\"{0}/news/{2}\"/>\n"
        "<published>{3}</published>\n<updated>{3}</updated>\n<content "
        "type=\"html\">{4}</content>\n</entry>\n",
        base, XmlEscape(n.title), n.id, n.published_at, XmlEscape(RenderMarkdown(n.body_markdown)));
  }
  xml += "</feed>\n";
  return Xml(std::move(xml), "application/atom+xml; charset=utf-8");
}

http::Response NewsPages::ServicesFeed(http::Request& req, const Who&) {
  catalog::SearchRequest newest;
  newest.sort = catalog::Sort::kNewest;
  newest.per_page = 30;
  auto res = catalog_.Search(newest);
  if (!res) return pages_.FromError(req, res.error());
  std::string base = BaseUrl(req);
  std::string updated =
      res->items.empty() ? std::string("2026-01-01T00:00:00Z") : res->items.front().created_at;
  std::string xml = fmt::format(
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" "
      "xml:lang=\"ru\">\n"
      "<title>Дома — новые сервисы в каталоге</title>\n<id>{0}/services</id>\n<link rel=\"self\" "
      "href=\"{0}/services.atom\"/>\n"
      "<updated>{1}</updated>\n<author><name>Дома</name></author>\n",
      base, updated);
  for (const auto& s : res->items) {
    xml += fmt::format(
        "<entry>\n<title>{1}</title>\n<id>{0}/services/{2}</id>\n<link rel=\"alternate\" "
        "type=\"text/html\" href=\"{0}/services/{2}\"/>\n"
        "<published>{3}</published>\n<updated>{3}</updated>\n<summary>{4}</summary>\n</entry>\n",
        base, XmlEscape(s.name), s.id, s.created_at, XmlEscape(s.short_description));
  }
  xml += "</feed>\n";
  return Xml(std::move(xml), "application/atom+xml; charset=utf-8");
}

http::Response NewsPages::Sitemap(http::Request& req, const Who&) {
  std::string base = BaseUrl(req);
  unsigned long long generation = catalog_.Generation();
  auto latest = news_.Latest(1);
  long long latest_news = latest && !latest->empty() ? latest->front().id : 0;
  {
    std::lock_guard lock(sitemap_mu_);
    if (!sitemap_.xml.empty() && sitemap_.catalog_generation == generation &&
        sitemap_.latest_news == latest_news && sitemap_.base == base)
      return Xml(sitemap_.xml, "application/xml; charset=utf-8");
  }
  std::string xml = BuildSitemap(base);
  {
    std::lock_guard lock(sitemap_mu_);
    sitemap_ = {generation, latest_news, base, xml};
  }
  return Xml(std::move(xml), "application/xml; charset=utf-8");
}

std::string NewsPages::BuildSitemap(const std::string& base) {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset "
      "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  // lastmod (a date) where the page's content has one: a crawler then
  // revisits what changed rather than everything.
  auto url = [&](const std::string& path, std::string_view lastmod = {}) {
    xml += "<url><loc>" + XmlEscape(base + path) + "</loc>";
    if (lastmod.size() >= 10)
      xml += "<lastmod>" + std::string(lastmod.substr(0, 10)) + "</lastmod>";
    xml += "</url>\n";
  };
  url("/");
  url("/news");
  if (auto cats = catalog_.Categories())
    for (const auto& c : *cats) url("/categories/" + c.slug);
  catalog::SearchRequest all;
  all.per_page = 100;
  for (int page = 1; page <= 500; ++page) {
    all.page = page;
    auto res = catalog_.Search(all);
    if (!res || res->items.empty()) break;
    for (const auto& s : res->items) url("/services/" + s.id, s.updated_at);
    if (page * 100 >= res->total) break;
  }
  if (auto items = news_.Latest(1000))
    for (const auto& n : *items) url(fmt::format("/news/{}", n.id), n.published_at);
  xml += "</urlset>\n";
  return xml;
}

}  // namespace doma::web
