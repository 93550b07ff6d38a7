// News pages, the editor's news form, Atom feeds and the sitemap.
#pragma once

#include <mutex>

#include "domain/catalog/catalog.h"
#include "domain/news/news.h"
#include "web/account_pages.h"
#include "web/pages.h"
#include "web/views.h"

namespace doma::web {

class NewsPages {
 public:
  // `public_url`: the portal's address as the world sees it; feeds and the
  // sitemap are built from it, never from the request's Host header.
  NewsPages(news::News& news, catalog::Catalog& catalog, const Views& views, const Pages& pages,
            std::string public_url)
      : news_(news),
        catalog_(catalog),
        views_(views),
        pages_(pages),
        public_url_(std::move(public_url)) {}

  PageHandler List, Item, EditorForm, Publish;
  // Machine-readable: Atom feeds and the sitemap
  PageHandler NewsFeed, ServicesFeed, Sitemap;

 private:
  std::string BaseUrl(const http::Request& req) const;
  http::Response Xml(std::string body, const char* type) const;
  std::string BuildSitemap(const std::string& base);

  // The sitemap lists every service (hundreds of searches to build): it is
  // built again only when the catalog or the news changed.
  struct SitemapCache {
    unsigned long long catalog_generation = 0;
    long long latest_news = -1;
    std::string base, xml;
  };
  std::mutex sitemap_mu_;
  SitemapCache sitemap_;

  news::News& news_;
  catalog::Catalog& catalog_;
  const Views& views_;
  const Pages& pages_;
  std::string public_url_;
};

}  // namespace doma::web
