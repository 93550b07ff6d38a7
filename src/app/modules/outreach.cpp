#include "app/modules/modules.h"

namespace doma::app {
using web::Access;

OutreachModule::OutreachModule(Base& base, CatalogModule& catalog, HelpModule& help)
    : figures(*base.storage->catalog, *base.storage->help, help.gazetteer, base.clock),
      pages(*catalog.catalog, figures, help.gazetteer, *base.views, *catalog.pages,
            web::OutreachOptions{base.config.public_url, base.config.embed_origins,
                                 base.region.region.local_coordinators,
                                 base.region.region.name_ru}) {}

void OutreachModule::AddRoutes(RouteTable& routes) {
  using OP = web::OutreachPages;
  routes.Page("GET", "/print", Access::kStaff, pages, &OP::PrintChooser);
  routes.Page("GET", "/print/entrance", Access::kPublic, pages, &OP::PrintEntrance);
  routes.Page("GET", "/print/leaflet", Access::kStaff, pages, &OP::PrintLeaflet);
  routes.Page("GET", "/print/services/{id}", Access::kPublic, pages, &OP::PrintService);
  routes.Page("GET", "/embed", Access::kPublic, pages, &OP::EmbedHelp);
  routes.Page("GET", "/embed/search", Access::kPublic, pages, &OP::EmbedSearch);
  routes.Page("GET", "/embed/categories/{slug}", Access::kPublic, pages, &OP::EmbedCategory);
  routes.Page("GET", "/stats", Access::kPublic, pages, &OP::Stats);
  routes.Page("GET", "/stats.csv", Access::kPublic, pages, &OP::StatsCsv);
  routes.Page("GET", "/og/{key}", Access::kPublic, pages, &OP::OgImage);
  routes.Page("GET", "/opensearch.xml", Access::kPublic, pages, &OP::OpenSearch);
}

}  // namespace doma::app
