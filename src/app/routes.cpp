#include "app/routes.h"

namespace doma::app {

using http::Exec;
using http::Request;
using http::Response;

http::Router BuildRoutes(Components c) {
  http::Router r;
  auto page = [&r](std::string pattern, Response (web::Pages::*fn)(Request&), web::Pages& p) {
    r.Add({{"GET"}, std::move(pattern), [&p, fn](Request& req) { return (p.*fn)(req); }, Exec::kWorker});
  };
  auto api = [&r](std::string pattern, Response (api::ServicesApi::*fn)(Request&), api::ServicesApi& a) {
    r.Add({{"GET"}, std::move(pattern), [&a, fn](Request& req) { return (a.*fn)(req); }, Exec::kWorker});
  };

  // Pages
  page("/", &web::Pages::Home, c.pages);
  page("/search", &web::Pages::Search, c.pages);
  page("/services/{id}", &web::Pages::Service, c.pages);
  page("/go/{id}", &web::Pages::Go, c.pages);
  page("/categories/{slug}", &web::Pages::Category, c.pages);
  page("/a11y", &web::Pages::Accessibility, c.pages);

  // JSON API v1
  api("/api/v1/services", &api::ServicesApi::List, c.api);
  api("/api/v1/services/{id}", &api::ServicesApi::Get, c.api);
  api("/api/v1/categories", &api::ServicesApi::Categories, c.api);
  r.Add({{"GET"}, "/api/v1/openapi.json", [&a = c.api](Request& req) { return a.OpenApi(req); }, Exec::kInline});

  // Assets and operations
  r.Add({{"GET"}, "/static/{path*}",
         [&s = c.statics](Request& req) { return s.Serve(req, req.params["path"]); }, Exec::kInline});
  r.Add({{"GET"}, "/favicon.ico",
         [&s = c.statics](Request& req) { return s.Serve(req, "favicon.svg"); }, Exec::kInline});
  r.Add({{"GET"}, "/robots.txt",
         [&s = c.statics](Request& req) { return s.Serve(req, "robots.txt"); }, Exec::kInline});
  r.Add({{"GET"}, "/healthz", [](Request&) { return Response::Text(200, "ok\n"); }, Exec::kInline});
  r.Add({{"GET"}, "/readyz",
         [ready = c.ready](Request&) {
           return ready() ? Response::Text(200, "ready\n")
                          : Response::Text(503, "not ready: database or search index\n");
         },
         Exec::kWorker});
  r.Add({{"GET"}, "/metrics",
         [&m = c.metrics](Request&) {
           auto res = Response::Text(200, m.Render());
           res.content_type = "text/plain; version=0.0.4; charset=utf-8";
           return res;
         },
         Exec::kWorker});
  return r;
}

}  // namespace doma::app
