#include "fuzz/fuzz_app.h"

#include <stdlib.h>

#include <boost/asio/buffer.hpp>
#include <cstdio>
#include <filesystem>

#include "core/log.h"
#include "http/request_head.h"
#include "http/server.h"

namespace doma::fuzz {

namespace fs = std::filesystem;
namespace bhttp = boost::beast::http;

namespace {

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "fuzz setup failed: %s\n", what.c_str());
  std::abort();
}

// The first value of a Set-Cookie named `name` ("name=value"), or "".
std::string CookieSet(const http::Response& res, const std::string& name) {
  for (const auto& [k, v] : res.headers)
    if (k == "Set-Cookie" && v.starts_with(name + "=")) return v.substr(0, v.find(';'));
  return {};
}

http::Request Form(std::string path, std::string body, const std::string& origin) {
  http::Request req;
  req.method = "POST";
  req.target = req.path = std::move(path);
  req.headers = {{"content-type", "application/x-www-form-urlencoded"},
                 {"origin", origin},
                 {"host", origin.substr(origin.find("//") + 2)}};
  req.body = std::move(body);
  req.client_address = "127.0.0.1";
  return req;
}

}  // namespace

void CheckNoServerError(const http::Response& res, const http::Request* req) {
  if (res.status < 500) return;
  std::fprintf(stderr, "server error %d on %s %s:\n%.2000s\n", res.status,
               req ? req->method.c_str() : "?", req ? req->route.c_str() : "(unparsed)",
               res.body.c_str());
  std::abort();
}

App& App::Get() {
  // Never destroyed: the modules' threads outlive any order of static
  // destruction; the directory goes at exit.
  static App* app = new App();
  return *app;
}

App::App() {
  log::SetMinLevel(log::Level::kError);
  std::string base = fs::exists("/dev/shm") ? "/dev/shm" : fs::temp_directory_path().string();
  std::string tmpl = base + "/doma-fuzz-XXXXXX";
  if (!::mkdtemp(tmpl.data())) Die("mkdtemp");
  dir_ = tmpl;
  static std::string to_remove;
  to_remove = dir_;
  std::atexit([] {
    std::error_code ec;
    fs::remove_all(to_remove, ec);
  });
  config_.db_path = dir_ + "/doma.db";
  config_.outbox_log = dir_ + "/outbox.log";
  config_.home = DOMA_SOURCE_DIR;
  config_.access_log = false;
  auto m = app::Modules::Open(config_);
  if (!m) Die(m.error().log_detail);
  modules_ = std::move(*m);
  if (auto r = modules_->Load(); !r) Die(r.error().log_detail);

  SignIn(Who::kResident, "resident@fuzz.test", "resident");
  SignIn(Who::kVolunteer, "volunteer@fuzz.test", "volunteer");
  SignIn(Who::kCoordinator, "coordinator@fuzz.test", "coordinator");
  SignIn(Who::kEditor, "editor@fuzz.test", "editor");
  SignIn(Who::kAdmin, "admin@fuzz.test", "admin");

  catalog::SearchRequest some;
  some.per_page = 20;
  auto found = modules_->catalog->catalog->Search(some);
  if (!found) Die(found.error().log_detail);
  for (const auto& s : found->items) service_ids_.push_back(s.id);

  // One request for help, so that routes with {id} reach a real one.
  auto ask = Form("/help/ask",
                  "csrf=@CSRF@&channel=self&kinds=groceries&details=bread&recipient_name=Anna"
                  "&phone=%2B79170000000&place_id=ulyanovsk-leninsky&street=Lenina&house=1"
                  "&urgency=this-week&consent=yes",
                  config_.public_url);
  auto asked = Handle(ask, Who::kResident);
  std::string location(asked.FindHeader("Location").value_or(""));
  const std::string prefix = "/help/requests/";
  if (!location.starts_with(prefix))
    Die("asking for help answered " + std::to_string(asked.status));
  help_request_id_ = std::atoll(location.c_str() + prefix.size());
}

void App::SignIn(Who who, const std::string& login, const std::string& role_name) {
  accounts::Role role;
  if (!accounts::ParseRole(role_name, role)) Die("role " + role_name);
  const std::string password = "fuzzing-password-" + role_name;
  auto account = modules_->accounts->accounts.EnsureWithRole(login, password, role);
  if (!account) Die(account.error().log_detail);
  if (who == Who::kVolunteer) volunteer_account_id_ = account->id;
  http::Request form;
  form.method = "GET";
  form.target = form.path = "/login";
  form.client_address = "127.0.0.1";
  auto page = Handle(form);
  std::string csrf_cookie = CookieSet(page, modules_->accounts->auth.CsrfCookieName());
  const std::string marker = "name=\"csrf\" value=\"";
  std::size_t at = page.body.find(marker);
  if (at == std::string::npos) Die("no CSRF token on /login");
  std::string token = page.body.substr(at + marker.size(), 32);
  auto post = Form(
      "/login", "csrf=" + token + "&login=" + login + "&password=" + password + "&next=%2Faccount",
      config_.public_url);
  post.headers.emplace_back("cookie", csrf_cookie);
  auto in = Handle(post);
  std::string session = CookieSet(in, modules_->accounts->auth.SessionCookieName());
  if (in.status != 303 || session.empty())
    Die("login as " + role_name + " answered " + std::to_string(in.status));
  people_[static_cast<int>(who)] = {csrf_cookie + "; " + session, token};
}

void App::AddIdentity(http::Request& req, Who who) const {
  const Identity& id = people_[static_cast<int>(who)];
  if (id.cookie.empty()) return;
  req.headers.emplace_back("cookie", id.cookie);
  req.headers.emplace_back("x-csrf-token", id.csrf);
  // Forms in a corpus carry the placeholder where a browser has the token.
  for (std::size_t at; (at = req.body.find("@CSRF@")) != std::string::npos;)
    req.body.replace(at, 6, id.csrf);
}

http::Response App::Send(std::string_view raw, Who who) {
  // RFC 9112 §2.2, as the server: empty lines before a request are ignored.
  while (raw.starts_with("\r\n")) raw.remove_prefix(2);
  const http::ServerOptions limits;  // the server's own limits
  http::RequestParser parser;
  http::LimitParser(parser, limits.header_limit, limits.body_limit);
  parser.eager(true);
  boost::beast::error_code ec;
  std::size_t used = 0;
  while (!parser.is_done() && used < raw.size()) {
    std::size_t n = parser.put(boost::asio::buffer(raw.data() + used, raw.size() - used), ec);
    used += n;
    if (ec == bhttp::error::need_more) {
      ec = {};
      if (n == 0) break;
      continue;
    }
    if (ec) break;
  }
  // What came is all that comes: the client closed its side.
  if (!ec && !parser.is_done()) parser.put_eof(ec);
  if (ec) {
    auto f = http::ReadFailureOf(ec, parser, limits.header_limit, parser.is_header_done());
    return http::Response::Text(f ? f->status : 0, f ? f->message : "client gone");
  }
  if (auto problem = http::FramingProblem(parser); problem || (problem = http::HostProblem(parser)))
    return http::Response::Text(400, *problem);
  auto req = http::ToRequest(parser.get());
  if (!req) return http::Response::Text(400, req.error().public_message);
  req->client_address = "127.0.0.1";
  return Handle(*req, who);
}

http::Response App::Handle(http::Request& req, Who who) {
  AddIdentity(req, who);
  auto errors = modules_->ErrorPages();
  auto m = modules_->routes->router().Find(req.method, req.path);
  http::Response res;
  if (m.route) {
    req.route = m.route->pattern;
    req.params = std::move(m.params);
    std::optional<http::Response> fast;
    if (m.route->fast) fast = m.route->fast(req);
    // An exception escapes to libFuzzer: the server would answer 500.
    res = fast ? std::move(*fast) : m.route->handler(req);
  } else if (!m.allowed.empty()) {
    res = errors(&req, 405, "method not allowed");
  } else {
    res = errors(&req, 404, "not found");
  }
  http::Server::Finish(req, res, true);
  // DOMA_FUZZ_TRACE=1: what each input reached, for those who write corpora.
  static const bool trace = std::getenv("DOMA_FUZZ_TRACE") != nullptr;
  if (trace)
    std::fprintf(stderr, "%s %s -> %d %.300s\n", req.method.c_str(),
                 req.route.empty() ? req.path.c_str() : req.route.c_str(), res.status,
                 res.content_type.find("json") != std::string::npos ? res.body.c_str() : "");
  CheckNoServerError(res, &req);
  return res;
}

}  // namespace doma::fuzz
