// JSON API v1 for the catalog. Errors are application/problem+json (RFC 9457).
#pragma once

#include <string>

#include "domain/catalog/catalog.h"
#include "domain/help/gazetteer.h"
#include "http/message.h"
#include "http/metrics.h"

namespace doma::api {

class ServicesApi {
 public:
  ServicesApi(catalog::Catalog& catalog, http::Metrics& metrics, std::string openapi_json)
      : catalog_(catalog), metrics_(metrics), openapi_(std::move(openapi_json)) {}

  // ?place= takes a gazetteer place id: what reaches it.
  void SetPlaces(const help::Gazetteer* places) { places_ = places; }
  http::Response List(http::Request& req);
  http::Response Get(http::Request& req);
  http::Response Categories(http::Request& req);
  http::Response OpenApi(http::Request& req);

 private:
  catalog::Catalog& catalog_;
  http::Metrics& metrics_;
  std::string openapi_;
  const help::Gazetteer* places_ = nullptr;
};

}  // namespace doma::api
