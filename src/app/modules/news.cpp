#include "app/modules/modules.h"

namespace doma::app {
using web::Access;

NewsModule::NewsModule(Base& base, CatalogModule& catalog)
    : news(*base.storage->news, base.clock),
      pages(news, *catalog.catalog, *base.views, *catalog.pages, base.config.public_url) {
  catalog.pages->SetNews(&news);
}

void NewsModule::AddRoutes(RouteTable& routes) {
  using NP = web::NewsPages;
  routes.Page("GET", "/news", Access::kPublic, pages, &NP::List);
  routes.Page("GET", "/news/{id}", Access::kPublic, pages, &NP::Item);
  routes.Page("GET", "/editor/news", Access::kEditor, pages, &NP::EditorForm);
  routes.Page("POST", "/editor/news", Access::kEditor, pages, &NP::Publish);
  routes.Page("GET", "/news.atom", Access::kPublic, pages, &NP::NewsFeed);
  routes.Page("GET", "/services.atom", Access::kPublic, pages, &NP::ServicesFeed);
  routes.Page("GET", "/sitemap.xml", Access::kPublic, pages, &NP::Sitemap);
}

}  // namespace doma::app
