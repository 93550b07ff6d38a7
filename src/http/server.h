// The HTTP/1.1 server: Boost.Beast on Asio, one coroutine per connection (as
// in Beast's http/server/awaitable example), handlers run on a separate
// worker pool so a slow query never stalls the I/O threads.
//
// Contract: requests on a connection are answered in order (pipelining is
// served one request at a time; unread pipelined requests wait in the socket
// buffer, so the queue is bounded by TCP flow control). Framing errors and
// limit violations are answered with a status and a short message, then the
// connection is closed.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/error.h"
#include "http/message.h"
#include "http/metrics.h"
#include "http/router.h"

namespace doma::http {

// The Content-Security-Policy of every response; `extra_img_origin` (e.g.
// "https://tile.openstreetmap.org") lets a map page load its tiles.
// `frame_ancestors`: who may show the page in a frame ("'none'" but for the
// widget, whose page names the sites an administrator allowed).
std::string ContentSecurityPolicy(const std::string& extra_img_origin,
                                  const std::string& frame_ancestors = "'none'");

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;
  int io_threads = 1;
  int worker_threads = 2;
  int slow_threads = 1;       // password hashing
  int slow_queue_limit = 32;  // beyond this, kSlow routes answer 503 at once
  std::size_t header_limit = 8 * 1024;
  std::size_t body_limit = 1024 * 1024;
  std::chrono::seconds header_timeout{10};
  std::chrono::seconds idle_timeout{30};
  std::chrono::seconds body_timeout{30};
  std::chrono::seconds shutdown_grace{8};
  bool access_log = true;
  // Peers whose X-Forwarded-For is believed (a reverse proxy in front of us).
  // Without it every visitor behind the proxy would share one address, and the
  // per-address limits would throttle the whole site.
  std::vector<std::string> trusted_proxies;
  // Open connections at most, in all and from one address (our proxies
  // aside); 0: from the descriptor limit, which is raised to the hard limit
  // at start (all of it but 128 kept for files, and a quarter of that per
  // address). Where a cap is reached the longest-idle connections are closed.
  std::size_t max_connections = 0;
  std::size_t max_connections_per_address = 0;
};

// Renders an error for the client: HTML for pages, problem+json for the API.
// `req` may be null when the request could not be parsed.
using ErrorRenderer =
    std::function<Response(const Request* req, int status, const std::string& message)>;

class Server {
 public:
  Server(ServerOptions options, const Router& router, Metrics& metrics, ErrorRenderer errors);
  ~Server();

  // Binds and listens; fails with a readable message (e.g. port in use).
  Status Listen();
  unsigned short port() const;
  // Serves until SIGTERM/SIGINT or Stop(); then stops accepting, lets
  // in-flight requests finish (up to shutdown_grace) and returns.
  void Run();
  void Stop();

  // Applies what every response gets: request id, security headers, gzip.
  static void Finish(const Request& req, Response& res, bool gzip_ok);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace doma::http
