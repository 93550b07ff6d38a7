// `doma serve`: the feature modules, one route table, the server.
#include <cstdio>
#include <thread>

#include "app/modules/modules.h"
#include "app/wiring.h"
#include "core/log.h"
#include "http/server.h"
#include "storage/postgres/postgres.h"

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
  storage::postgres::SetApplicationName("doma serve");
  auto opened = Modules::Open(c);
  if (!opened) return Fail(opened.error());
  Modules& m = **opened;
  if (print_routes) {
    PrintRoutes(m.routes->router());
    return {};
  }

  http::Server server(ServerOptionsFor(c), m.routes->router(), m.base->metrics, m.ErrorPages());
  // Bind first: a port in use is reported before any slow work.
  if (auto r = server.Listen(); !r) return Fail(Describe(r.error()));
  auto loaded = m.Load();
  if (!loaded) return Fail(loaded.error());
  log::Info("ready", {{"services", loaded->services},
                      {"open_help_requests", static_cast<long long>(loaded->open_help_requests)},
                      {"startup_ms", MsSince(t0)}});
  m.StartBackground();
  server.Run();
  m.Stop();
  log::Info("stopped");
  return {};
}

}  // namespace doma::app
