#include "http/server.h"

#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <mutex>
#include <thread>

#include "core/ids.h"
#include "core/log.h"
#include "core/text.h"
#include "http/compress.h"
#include "http/connections.h"
#include "http/request_head.h"

namespace doma::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;

namespace {

// After refusing a request, at most this much of what the client still sends
// is read and dropped before closing (see the end of Session).
constexpr std::size_t kMaxDrain = 64 * 1024 * 1024;

// Descriptors kept back from connections: SQLite's, the index file's, curl's.
constexpr std::size_t kReservedDescriptors = 128;

// Raises the soft limit on open files to the hard one; returns the limit.
std::size_t RaiseDescriptorLimit() {
  rlimit rl{};
  if (::getrlimit(RLIMIT_NOFILE, &rl) != 0) return 1024;
  if (rl.rlim_cur < rl.rlim_max) {
    rlimit raised = rl;
    raised.rlim_cur = rl.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) rl = raised;
  }
  return rl.rlim_cur == RLIM_INFINITY ? 1 << 20 : static_cast<std::size_t>(rl.rlim_cur);
}

// True at most once per `every` for each `last` (a log line that a flood
// would otherwise repeat thousands of times a second).
bool Rarely(std::atomic<std::int64_t>& last, std::chrono::seconds every) {
  auto now = std::chrono::steady_clock::now().time_since_epoch() / std::chrono::seconds(1);
  auto prev = last.load();
  return now - prev >= every.count() && last.compare_exchange_strong(prev, now);
}

}  // namespace

struct Server::Impl {
  Impl(ServerOptions o, const Router& r, Metrics& m, ErrorRenderer e)
      : opt(std::move(o)),
        router(r),
        metrics(m),
        errors(std::move(e)),
        workers(static_cast<std::size_t>(std::max(1, opt.worker_threads))),
        slow_workers(static_cast<std::size_t>(std::max(1, opt.slow_threads))),
        acceptor(ioc),
        signals(ioc, SIGINT, SIGTERM),
        watchdog(ioc),
        backoff(ioc) {}

  ServerOptions opt;
  const Router& router;
  Metrics& metrics;
  ErrorRenderer errors;
  asio::io_context ioc;
  asio::thread_pool workers;
  asio::thread_pool slow_workers;
  std::atomic<int> slow_queued{0};
  tcp::acceptor acceptor;
  asio::signal_set signals;
  asio::steady_timer watchdog;
  asio::steady_timer backoff;  // after running out of descriptors
  std::atomic<bool> stopping{false};
  ConnectionTable connections;
  std::atomic<std::int64_t> last_full_log{0}, last_emfile_log{0};

  awaitable<void> Accept();
  awaitable<void> Session(tcp::socket socket, std::shared_ptr<SessionState> state);
  awaitable<bool> WriteResponse(beast::tcp_stream& stream, const Request* req, Response res,
                                unsigned version, bool keep_alive, bool head);
  Response Call(const Route& route, Request& req);
  void BeginStop();
  void WatchShutdown(std::chrono::steady_clock::time_point deadline);
};

Server::Server(ServerOptions options, const Router& router, Metrics& metrics, ErrorRenderer errors)
    : impl_(std::make_unique<Impl>(std::move(options), router, metrics, std::move(errors))) {}

Server::~Server() = default;

Status Server::Listen() {
  auto& o = impl_->opt;
  beast::error_code ec;
  auto addr = asio::ip::make_address(o.host, ec);
  if (ec) return Fail(Error::Invalid("listen", fmt::format("'{}' is not an IP address", o.host)));
  tcp::endpoint ep(addr, o.port);
  auto& a = impl_->acceptor;
  a.open(ep.protocol(), ec);
  if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(ep, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    std::string why = ec == asio::error::address_in_use
                          ? "the port is already in use by another process"
                          : ec.message();
    return Fail(Error::Unavailable(fmt::format("cannot listen on {}:{}: {}", o.host, o.port, why)));
  }
  std::size_t descriptors = RaiseDescriptorLimit();
  ConnectionTable::Limits limits;
  limits.total =
      o.max_connections
          ? o.max_connections
          : std::max<std::size_t>(
                32, descriptors > kReservedDescriptors ? descriptors - kReservedDescriptors : 0);
  limits.per_address = o.max_connections_per_address ? o.max_connections_per_address
                                                     : std::max<std::size_t>(16, limits.total / 4);
  limits.exempt = o.trusted_proxies;
  impl_->connections.set_limits(limits);
  log::Info("connections", {{"descriptors", static_cast<long long>(descriptors)},
                            {"max", static_cast<long long>(limits.total)},
                            {"max_per_address", static_cast<long long>(limits.per_address)}});
  return {};
}

unsigned short Server::port() const {
  beast::error_code ec;
  auto ep = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : ep.port();
}

void Server::Run() {
  auto& im = *impl_;
  im.signals.async_wait([&im](const beast::error_code& ec, int) {
    if (!ec) im.BeginStop();
  });
  asio::co_spawn(im.ioc, im.Accept(), asio::detached);
  log::Info("listening", {{"url", fmt::format("http://{}:{}", im.opt.host, port())}});
  std::vector<std::thread> threads;
  for (int i = 1; i < im.opt.io_threads; ++i) threads.emplace_back([&im] { im.ioc.run(); });
  im.ioc.run();
  for (auto& t : threads) t.join();
  im.workers.join();
  im.slow_workers.join();
}

void Server::Stop() { impl_->BeginStop(); }

void Server::Impl::BeginStop() {
  if (stopping.exchange(true)) return;
  log::Info("shutting down: no new connections, finishing requests in flight");
  asio::post(ioc, [this] {
    beast::error_code ec;
    acceptor.close(ec);
    signals.cancel();
  });
  connections.CloseIdle();  // the others close themselves after their answer
  asio::post(ioc, [this] { WatchShutdown(std::chrono::steady_clock::now() + opt.shutdown_grace); });
}

void Server::Impl::WatchShutdown(std::chrono::steady_clock::time_point deadline) {
  std::size_t left = connections.size();
  if (left == 0 || std::chrono::steady_clock::now() >= deadline) {
    if (left) log::Warn("shutdown grace expired", {{"connections", left}});
    ioc.stop();
    return;
  }
  watchdog.expires_after(std::chrono::milliseconds(20));
  watchdog.async_wait([this, deadline](const beast::error_code&) { WatchShutdown(deadline); });
}

awaitable<void> Server::Impl::Accept() {
  for (;;) {
    beast::error_code ec;
    tcp::socket socket = co_await acceptor.async_accept(asio::make_strand(ioc),
                                                        asio::redirect_error(use_awaitable, ec));
    if (ec) {
      if (stopping || ec == asio::error::operation_aborted) co_return;
      if (ec == asio::error::no_descriptors || ec.value() == ENFILE) {
        // The connection waits in the backlog and accept would fail again
        // at once, spinning: make room, then try again a little later.
        std::size_t shed = connections.Shed(std::max<std::size_t>(8, connections.size() / 10));
        if (Rarely(last_emfile_log, std::chrono::seconds(10)))
          log::Warn("out of file descriptors: closing idle connections",
                    {{"open", connections.size()}, {"closing", shed}});
        backoff.expires_after(std::chrono::milliseconds(50));
        co_await backoff.async_wait(asio::redirect_error(use_awaitable, ec));
      }
      continue;  // keep serving the others
    }
    std::string address;
    if (auto ep = socket.remote_endpoint(ec); !ec) address = ep.address().to_string();
    auto state = connections.Admit(address, socket.get_executor());
    if (!state) {
      // Every connection is answering a request: this one waits its turn
      // elsewhere rather than take a descriptor the others need.
      if (Rarely(last_full_log, std::chrono::seconds(10)))
        log::Warn("connection refused: every connection is busy", {{"open", connections.size()}});
      socket.close(ec);
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    auto ex = socket.get_executor();
    asio::co_spawn(ex, Session(std::move(socket), std::move(state)), asio::detached);
  }
}

Response Server::Impl::Call(const Route& route, Request& req) {
  try {
    return route.handler(req);
  } catch (const std::exception& e) {
    log::Error("handler threw",
               {{"route", req.route}, {"request_id", req.request_id}, {"what", e.what()}});
    return errors(&req, 500, "Внутренняя ошибка сервера.");
  }
}

std::string ContentSecurityPolicy(const std::string& extra_img_origin,
                                  const std::string& frame_ancestors) {
  return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:" +
         (extra_img_origin.empty() ? std::string() : " " + extra_img_origin) +
         "; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors " +
         frame_ancestors;
}

void Server::Finish(const Request& req, Response& res, bool gzip_ok) {
  res.Header("X-Request-Id", req.request_id);
  res.Header("X-Content-Type-Options", "nosniff");
  res.Header("Referrer-Policy", "strict-origin-when-cross-origin");
  // A page may widen img-src for map tiles by setting its own policy (see
  // web::HelpPages), and the widget lets the sites an administrator listed
  // frame it (web::OutreachPages); nothing else is ever loosened.
  if (!res.FindHeader("Content-Security-Policy"))
    res.Header("Content-Security-Policy", ContentSecurityPolicy(""));
  if (res.FindHeader("Content-Security-Policy")->ends_with("frame-ancestors 'none'"))
    res.Header("X-Frame-Options", "DENY");
  res.Header("Permissions-Policy",
             "camera=(), microphone=(), payment=(), usb=(), geolocation=(self)");
  // Every 503 is passing (a full disk, a database not ready yet): clients and
  // proxies are told when to try again rather than to give up.
  if (res.status == 503 && !res.FindHeader("Retry-After")) res.Header("Retry-After", "60");
  if (gzip_ok && res.status == 200 && res.body.size() > 1024 && IsCompressible(res.content_type) &&
      !res.FindHeader("Content-Encoding") && req.AcceptsGzip()) {
    std::string z = Gzip(res.body, 5);
    if (!z.empty()) {
      res.body = std::move(z);
      res.Header("Content-Encoding", "gzip");
      if (!res.FindHeader("Vary")) res.Header("Vary", "Accept-Encoding");
    }
  }
}

awaitable<bool> Server::Impl::WriteResponse(beast::tcp_stream& stream, const Request* req,
                                            Response res, unsigned version, bool keep_alive,
                                            bool head) {
  // A header value with CR, LF or NUL would let text from a request start a
  // header or a response of its own: such a response is replaced by a 500.
  for (const auto& [k, v] : res.headers) {
    if (v.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos || v.size() > 4096) {
      log::Error("refused a response header", {{"header", k}});
      res = Response::Text(500, "Внутренняя ошибка сервера.");
      break;
    }
  }
  bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status), version};
  out.set(bhttp::field::server, "doma");
  if (!res.content_type.empty()) out.set(bhttp::field::content_type, res.content_type);
  for (auto& [k, v] : res.headers) out.insert(k, v);
  bool no_body = res.status == 204 || res.status == 304 || (res.status >= 100 && res.status < 200);
  if (!no_body) {
    out.body() = std::move(res.body);
    out.prepare_payload();
    if (head) out.body().clear();  // Content-Length stays that of the GET response
  }
  out.keep_alive(keep_alive);
  (void)req;
  beast::error_code ec;
  stream.expires_after(std::chrono::seconds(30));
  co_await bhttp::async_write(stream, out, asio::redirect_error(use_awaitable, ec));
  co_return !ec;
}

awaitable<void> Server::Impl::Session(tcp::socket socket, std::shared_ptr<SessionState> state) {
  beast::tcp_stream stream(std::move(socket));
  state->stream = &stream;
  // Shut out before it started (a cap reached meanwhile): nothing to say.
  if (state->closing) {
    connections.Remove(state);
    co_return;
  }
  beast::flat_buffer buffer;
  beast::error_code ec;
  std::string client_address;
  if (auto ep = stream.socket().remote_endpoint(ec); !ec) client_address = ep.address().to_string();
  bool linger = false;  // set after an error answer, see the end

  // Answers an error of the protocol itself. `head`: what was read of the
  // request, so that the answer is problem+json on the API and a page in the
  // reader's language elsewhere.
  using Head = bhttp::request<bhttp::string_body>;
  auto fail = [&](int status, const std::string& message,
                  const Head* head = nullptr) -> awaitable<void> {
    linger = true;
    Request req;
    req.request_id = ids::RequestId();
    req.route = "(bad request)";
    if (head) {
      std::string_view target = head->target();
      auto parsed = ParseTarget(target);
      req.path = parsed ? parsed->path : std::string(target.substr(0, target.find('?')));
      CopyHeaders(*head, req);
    }
    Response res = errors(&req, status, message);
    Server::Finish(req, res, false);
    co_await WriteResponse(stream, nullptr, std::move(res), 11, false, false);
    metrics.ObserveRequest(req.route, status, 0);
    if (opt.access_log)
      log::Info("request",
                {{"route", req.route}, {"status", status}, {"request_id", req.request_id}});
  };

  while (!stopping) {
    state->Enter(SessionState::kIdle);
    if (buffer.size() == 0) {
      stream.expires_after(opt.idle_timeout);
      std::size_t n = co_await stream.async_read_some(buffer.prepare(8192),
                                                      asio::redirect_error(use_awaitable, ec));
      if (ec) break;
      buffer.commit(n);
    }
    state->Enter(SessionState::kReading);
    auto t0 = std::chrono::steady_clock::now();

    // RFC 9112 §2.2: empty lines before a request line are ignored.
    while (buffer.size() >= 2 && static_cast<const char*>(buffer.data().data())[0] == '\r' &&
           static_cast<const char*>(buffer.data().data())[1] == '\n')
      buffer.consume(2);
    if (buffer.size() == 0) continue;

    RequestParser parser;
    LimitParser(parser, opt.header_limit, opt.body_limit);
    stream.expires_after(opt.header_timeout);
    std::size_t head_bytes = co_await bhttp::async_read_header(
        stream, buffer, parser, asio::redirect_error(use_awaitable, ec));
    if (ec) {
      if (auto f = ReadFailureOf(ec, parser, opt.header_limit, false))
        co_await fail(f->status, f->message, &parser.get());
      break;
    }
    // Beast bounds the header section only as it arrives in one piece; many
    // small lines could pass it.
    if (head_bytes > opt.header_limit) {
      co_await fail(431, "Заголовки запроса слишком большие.", &parser.get());
      break;
    }
    if (auto problem = FramingProblem(parser); problem || (problem = HostProblem(parser))) {
      co_await fail(400, *problem, &parser.get());
      break;
    }
    if (!parser.is_done()) {
      auto expect = parser.get()[bhttp::field::expect];
      if (beast::iequals(expect, "100-continue")) {
        static constexpr std::string_view k100 = "HTTP/1.1 100 Continue\r\n\r\n";
        co_await asio::async_write(stream, asio::buffer(k100),
                                   asio::redirect_error(use_awaitable, ec));
        if (ec) break;
      }
      stream.expires_after(opt.body_timeout);
      co_await bhttp::async_read(stream, buffer, parser, asio::redirect_error(use_awaitable, ec));
      if (ec) {
        if (auto f = ReadFailureOf(ec, parser, opt.header_limit, true))
          co_await fail(f->status, f->message, &parser.get());
        break;
      }
    }

    state->Enter(SessionState::kHandling);
    auto& h = parser.get();
    auto parsed = ToRequest(h);
    if (!parsed) {
      co_await fail(400, parsed.error().public_message, &h);
      break;
    }
    Request req = std::move(*parsed);
    req.client_address = client_address;
    if (std::find(opt.trusted_proxies.begin(), opt.trusted_proxies.end(), client_address) !=
        opt.trusted_proxies.end()) {
      // The right-most address that is not one of our proxies is the client,
      // over every X-Forwarded-For line in order (they read as one list): the
      // first line may be the client's own invention.
      std::string xff;
      for (const auto& [name, value] : req.headers)
        if (name == "x-forwarded-for") xff += (xff.empty() ? "" : ",") + value;
      auto parts = text::Split(xff, ',');
      for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
        std::string a(text::Trim(*it));
        if (a.empty() || std::find(opt.trusted_proxies.begin(), opt.trusted_proxies.end(), a) !=
                             opt.trusted_proxies.end())
          continue;
        beast::error_code aec;
        asio::ip::make_address(a, aec);
        if (!aec) req.client_address = a;
        break;
      }
    }
    bool head = req.method == "HEAD";

    Response res;
    Match m = router.Find(req.method, req.path);
    if (m.route) {
      req.route = m.route->pattern;
      req.params = std::move(m.params);
      std::optional<Response> fast;
      if (m.route->fast) fast = m.route->fast(req);
      if (fast) {
        res = std::move(*fast);
      } else if (m.route->exec == Exec::kInline) {
        res = Call(*m.route, req);
      } else if (m.route->exec == Exec::kSlow) {
        const Route& route = *m.route;
        if (slow_queued.fetch_add(1) >= opt.slow_queue_limit) {
          // Too many logins at once: the client is told to slow down, and
          // the page-serving workers never see the queue.
          res = errors(
              &req, 429,
              "Слишком много попыток входа одновременно. Попробуйте через несколько секунд.");
          res.Header("Retry-After", "5");
        } else {
          res = co_await asio::co_spawn(
              slow_workers, [&]() -> awaitable<Response> { co_return Call(route, req); },
              use_awaitable);
        }
        slow_queued.fetch_sub(1);
      } else {
        const Route& route = *m.route;
        res = co_await asio::co_spawn(
            workers, [&]() -> awaitable<Response> { co_return Call(route, req); }, use_awaitable);
      }
    } else if (!m.allowed.empty()) {
      req.route = "(method not allowed)";
      res = errors(&req, 405, "Этот адрес не принимает такой метод запроса.");
      std::string allow;
      for (const auto& a : m.allowed) allow += (allow.empty() ? "" : ", ") + a;
      res.Header("Allow", allow);
    } else {
      req.route = "(not found)";
      res = errors(&req, 404, "Такой страницы нет.");
    }
    Server::Finish(req, res, true);
    int status = res.status;
    bool keep = h.keep_alive() && !stopping;
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    bool ok = co_await WriteResponse(stream, &req, std::move(res), h.version(), keep, head);
    metrics.ObserveRequest(req.route, status, seconds);
    if (opt.access_log)
      log::Info("request", {{"method", req.method},
                            {"route", req.route},
                            {"status", status},
                            {"ms", std::round(seconds * 1e5) / 100},
                            {"request_id", req.request_id}});
    if (!ok || !keep) break;
  }
  state->alive = false;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (linger) {
    // The client may still be sending what we refused. Closing with unread
    // data makes the kernel send RST, which destroys our error answer before
    // the client reads it; so we read and drop what comes until the client
    // stops (it has our answer and our FIN), for at most two seconds.
    stream.expires_after(std::chrono::seconds(2));
    std::array<char, 65536> sink;
    for (std::size_t drained = 0; drained < kMaxDrain;) {
      drained += co_await stream.async_read_some(asio::buffer(sink),
                                                 asio::redirect_error(use_awaitable, ec));
      if (ec) break;
    }
  }
  { connections.Remove(state); }
}

}  // namespace doma::http
