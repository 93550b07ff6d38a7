// What sharing needs from the server: the picture of a link preview, drawn
// once per section and kept, and the OpenSearch description. (The Open
// Graph tags and share links themselves are added by Views::Render.)
#include <fmt/format.h>

#include "web/og_image.h"
#include "web/outreach_pages.h"

namespace doma::web {

http::Response OutreachPages::OgImage(http::Request& req, const Who&) {
  const std::string key = req.params["key"];
  {
    std::lock_guard lock(images_mu_);
    if (auto it = images_.find(key); it != images_.end()) {
      http::Response r;
      r.content_type = "image/png";
      r.body = it->second;
      r.Header("Cache-Control", "public, max-age=86400");
      return r;
    }
  }
  std::string title;
  unsigned band = 0;
  if (key == "home") {
    title = views_.T("ru", "og_home_title");
  } else if (key == "news") {
    title = views_.T("ru", "og_news_title");
    band = 5;
  } else {
    auto cats = catalog_.Categories();
    if (!cats) return pages_.FromError(req, cats.error());
    // The band's colour is the section's group's, so that a group's cards look alike.
    unsigned group = 0;
    for (const auto& c : *cats) {
      if (c.parent.empty()) ++group;
      if (c.slug != key || c.archived) continue;
      title = c.name_ru;
      band = group;
    }
    if (title.empty()) return pages_.Error(&req, 404, "Такого раздела нет в каталоге.");
  }
  auto png = OgImagePng(views_.T("ru", "site_name"), title, options_.region_name, band);
  if (!png) return pages_.FromError(req, png.error());
  {
    std::lock_guard lock(images_mu_);
    images_[key] = *png;
  }
  http::Response r;
  r.content_type = "image/png";
  r.body = std::move(*png);
  r.Header("Cache-Control", "public, max-age=86400");
  return r;
}

http::Response OutreachPages::OpenSearch(http::Request&, const Who&) {
  const std::string& base = options_.public_url;
  http::Response r;
  r.content_type = "application/opensearchdescription+xml; charset=utf-8";
  // ShortName: at most 16 characters (the specification's limit).
  r.body = fmt::format(
      R"(<?xml version="1.0" encoding="UTF-8"?>
<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">
<ShortName>{0}</ShortName>
<Description>{1}</Description>
<InputEncoding>UTF-8</InputEncoding>
<Language>ru</Language>
<Image type="image/svg+xml">{2}/favicon.ico</Image>
<Url type="text/html" method="get" template="{2}/search?q={{searchTerms}}"/>
<Url type="application/opensearchdescription+xml" rel="self" template="{2}/opensearch.xml"/>
</OpenSearchDescription>
)",
      views_.T("ru", "site_name"), views_.T("ru", "opensearch_description"), base);
  r.Header("Cache-Control", "public, max-age=86400");
  return r;
}

}  // namespace doma::web
