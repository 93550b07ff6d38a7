// `doma serve`: the feature modules, one route table, the server.
#include <cstdio>
#include <thread>

#include "api/problem.h"
#include "app/modules/modules.h"
#include "app/wiring.h"
#include "core/log.h"
#include "http/server.h"

namespace doma::app {

namespace {

http::ServerOptions ServerOptionsFor(const Config& c) {
  int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  http::ServerOptions opt;
  opt.host = c.host;
  opt.port = c.port;
  opt.io_threads = c.threads > 0 ? c.threads : cores;
  opt.worker_threads = c.threads > 0 ? c.threads : cores;
  opt.access_log = c.access_log;
  opt.trusted_proxies = c.trusted_proxies;
  return opt;
}

// HTTP-level errors (400, 413, 431, …): problem+json on the API, a page elsewhere.
http::ErrorRenderer ErrorPages(web::Pages& pages) {
  return [&pages](const http::Request* req, int status, const std::string& message) {
    if (req && req->path.starts_with("/api/"))
      return api::Problem(status, message, "", req->request_id);
    return pages.Error(req, status, message);
  };
}

void PrintRoutes(const http::Router& router) {
  for (const auto& route : router.routes())
    for (const auto& m : route.methods)
      std::printf("%s %s %s\n", m.c_str(), route.pattern.c_str(), route.access.c_str());
}

long long MsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               t0)
      .count();
}

}  // namespace

Status RunServe(const Config& c, bool print_routes) {
  auto t0 = std::chrono::steady_clock::now();
  auto base = Base::Open(c);
  if (!base) return Fail(base.error());
  auto catalog = CatalogModule::Open(**base);
  if (!catalog) return Fail(catalog.error());
  AccountsModule accounts(**base, **catalog);
  EditorialModule editorial(**base, **catalog, accounts);
  NewsModule news(**base, **catalog);
  auto help = HelpModule::Open(**base, **catalog, accounts);
  if (!help) return Fail(help.error());
  OpsModule ops(**base, **catalog);

  RouteTable routes(accounts.auth, *(*catalog)->pages);
  (*catalog)->AddRoutes(routes);
  accounts.AddRoutes(routes);
  editorial.AddRoutes(routes);
  news.AddRoutes(routes);
  (*help)->AddRoutes(routes);
  ops.AddRoutes(routes);
  if (print_routes) {
    PrintRoutes(routes.router());
    return {};
  }

  http::Server server(ServerOptionsFor(c), routes.router(), (*base)->metrics,
                      ErrorPages(*(*catalog)->pages));
  // Bind first: a port in use is reported before any slow work.
  if (auto r = server.Listen(); !r) return Fail(Describe(r.error()));
  (*help)->StartLoading();
  auto indexed = (*catalog)->Start();
  auto open_requests = (*help)->FinishLoading();
  if (!indexed) return Fail(indexed.error());
  if (!open_requests) return Fail(open_requests.error());
  (*catalog)->index->SetReady();
  log::Info("ready", {{"services", *indexed},
                      {"open_help_requests", static_cast<long long>(*open_requests)},
                      {"startup_ms", MsSince(t0)}});
  ops.StartSender();
  (*help)->StartJobs();
  server.Run();
  (*help)->Stop();
  ops.Stop();
  (*catalog)->Stop();
  log::Info("stopped");
  return {};
}

}  // namespace doma::app
