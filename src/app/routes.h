#pragma once

#include <functional>

#include "api/help_api.h"
#include "api/services_api.h"
#include "api/submissions_api.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/static_files.h"
#include "web/account_pages.h"
#include "web/auth.h"
#include "web/editor_pages.h"
#include "web/help_pages.h"
#include "web/news_pages.h"
#include "web/pages.h"

namespace doma::app {

struct Components {
  web::Pages& pages;
  web::AccountPages& account_pages;
  web::EditorPages& editor_pages;
  web::NewsPages& news_pages;
  web::HelpPages& help_pages;
  web::WebAuth& auth;
  api::ServicesApi& api;
  api::SubmissionsApi& submissions_api;
  api::HelpApi& help_api;
  const http::StaticFiles& statics;
  const http::StaticFiles& leaflet;  // node_modules/leaflet/dist (may be empty)
  http::Metrics& metrics;
  std::function<bool()> ready;  // database and index usable
};

// Every route of the portal, in one table.
http::Router BuildRoutes(Components c);

}  // namespace doma::app
