// Spreading the word: posters and leaflets to print (with QR codes drawn by
// the server), the widget other sites frame, and the public figures. The
// links they carry name where they were printed or shown (?src=, see
// domain/outreach/sources.h), so that the click counter can tell what
// brought people.
#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "domain/catalog/catalog.h"
#include "domain/help/gazetteer.h"
#include "domain/outreach/figures.h"
#include "domain/region/region.h"
#include "web/account_pages.h"
#include "web/pages.h"
#include "web/views.h"

namespace doma::web {

struct OutreachOptions {
  std::string public_url;  // what the QR codes and snippets point at
  // The sites that may frame /embed/…; empty: none may.
  std::vector<std::string> embed_origins;
  // Local coordinators' phones by gazetteer place (the entrance poster's ?place=).
  std::map<std::string, std::string> local_phones;
  std::string region_name;  // at the foot of the sharing pictures
};

class OutreachPages {
 public:
  OutreachPages(catalog::Catalog& catalog, outreach::Figures& figures,
                const help::Gazetteer& places, const Views& views, const Pages& pages,
                OutreachOptions options)
      : catalog_(catalog),
        figures_(figures),
        places_(places),
        views_(views),
        pages_(pages),
        options_(std::move(options)) {}

  // Posters (one A4 page each): the building entrance (public), a leaflet
  // for a category and a place, a service card (public); the page where
  // editors and coordinators choose them.
  PageHandler PrintChooser, PrintEntrance, PrintLeaflet, PrintService;
  // The widget: a search box and a category's services for a place, framed
  // only by options.embed_origins; the page that writes the snippet.
  PageHandler EmbedSearch, EmbedCategory, EmbedHelp;
  // The public figures, as a page and as CSV.
  PageHandler Stats, StatsCsv;
  // Sharing: the picture a link preview shows for a section (/og/{key}:
  // a category's slug, "home" or "news"), and the OpenSearch description
  // that lets a browser search the catalog from its address bar.
  PageHandler OgImage, OpenSearch;

 private:
  // The category's services that reach `place` ("" = anywhere): its own
  // settlement's and district's first, then the region's, then federal and
  // international ones; at most `limit`.
  Result<std::vector<catalog::Service>> ServicesFor(const std::string& category,
                                                    const help::Place* place, std::size_t limit);
  // The category by slug (not archived), or a 404 page's error.
  Result<catalog::Category> FindCategory(const std::string& slug);
  // ?place=: nullptr when absent; an error when it names no place.
  Result<const help::Place*> PlaceParam(const http::Request& req);
  std::string Absolute(const std::string& path_and_query) const;
  http::Response Framed(http::Response r) const;
  boost::json::array PlaceOptions(const std::string& lang, const std::string& selected) const;
  boost::json::array CategoryOptions(const std::string& lang, const std::string& selected);

  catalog::Catalog& catalog_;
  outreach::Figures& figures_;
  const help::Gazetteer& places_;
  const Views& views_;
  const Pages& pages_;
  OutreachOptions options_;
  std::mutex images_mu_;
  std::map<std::string, std::string> images_;  // key → PNG, drawn once
};

}  // namespace doma::web
