// The Open Referral HSDS 3.0 API under /api/hsds/: open (no key), readable
// from any origin (Access-Control-Allow-Origin: *), paged as the standard's
// OpenAPI says. Errors are application/problem+json like the v1 API's.
#pragma once

#include <string>

#include "domain/catalog/catalog.h"
#include "http/message.h"
#include "opendata/open_data.h"

namespace doma::api {

class HsdsApi {
 public:
  HsdsApi(opendata::OpenData& data, catalog::Catalog& catalog, std::string openapi_json)
      : data_(data), catalog_(catalog), openapi_(std::move(openapi_json)) {}

  http::Response Root(http::Request& req);
  http::Response Services(http::Request& req);
  http::Response Service(http::Request& req);
  http::Response Organizations(http::Request& req);
  http::Response Organization(http::Request& req);
  http::Response Taxonomies(http::Request& req);
  http::Response Taxonomy(http::Request& req);
  http::Response TaxonomyTerms(http::Request& req);
  http::Response TaxonomyTerm(http::Request& req);
  http::Response ServiceAtLocations(http::Request& req);
  http::Response ServiceAtLocation(http::Request& req);
  http::Response ExportZip(http::Request& req);
  http::Response OpenApi(http::Request& req);

 private:
  opendata::OpenData& data_;
  catalog::Catalog& catalog_;
  std::string openapi_;
};

}  // namespace doma::api
