#include "api/submissions_api.h"

#include <boost/json.hpp>

#include "api/services_api.h"
#include "http/status.h"

namespace doma::api {
namespace json = boost::json;

namespace {

std::string Str(const json::object& o, const char* k) {
  auto* v = o.if_contains(k);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::vector<std::string> List(const json::object& o, const char* k) {
  std::vector<std::string> out;
  if (auto* v = o.if_contains(k); v && v->is_array())
    for (const auto& x : v->get_array())
      if (x.is_string()) out.emplace_back(x.get_string());
  return out;
}

bool SameToken(std::string_view a, std::string_view b) {
  if (a.size() != b.size() || a.empty()) return false;
  unsigned diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace

http::Response SubmissionsApi::Create(http::Request& req) {
  // Who may write: a token, or a session with its CSRF header.
  std::optional<accounts::Principal> who;
  bool allowed = false;
  if (auto auth = req.Header("authorization"); auth && auth->starts_with("Bearer ")) {
    auto t = accounts_.AuthenticateApiToken(std::string(auth->substr(7)));
    if (!t) return ServicesApi::FromError(req, t.error());
    allowed = t->has_value();
  } else if (auto cookie = req.Cookie(cookies_.session)) {
    auto p = accounts_.Authenticate(*cookie);
    if (!p) return ServicesApi::FromError(req, p.error());
    auto csrf = req.Cookie(cookies_.csrf);
    auto header = req.Header("x-csrf-token");
    if (*p && csrf && header && SameToken(*csrf, *header)) {
      who = std::move(*p);
      allowed = true;
    }
  }
  if (!allowed) {
    auto res = ServicesApi::Problem(
        401, "Нужен API-токен (Authorization: Bearer …) или вход с заголовком X-CSRF-Token.", "",
        req.request_id);
    res.Header("WWW-Authenticate", "Bearer realm=\"doma\"");
    return res;
  }
  if (!req.Header("content-type").value_or("").starts_with("application/json"))
    return ServicesApi::Problem(415, "Тело запроса — JSON (Content-Type: application/json).", "",
                                req.request_id);
  boost::system::error_code ec;
  json::value v = json::parse(req.body, ec);
  if (ec || !v.is_object())
    return ServicesApi::Problem(400, "Тело запроса — не JSON-объект.", "", req.request_id);
  const auto& o = v.get_object();
  editorial::Proposal p;
  p.name = Str(o, "name");
  p.url = Str(o, "url");
  p.short_description = Str(o, "short_description");
  p.description = Str(o, "description");
  p.organization = Str(o, "organization");
  p.scope = Str(o, "scope");
  p.settlement = Str(o, "settlement");
  p.cost = Str(o, "cost");
  p.categories = List(o, "categories");
  p.platforms = List(o, "platforms");
  p.audiences = List(o, "audiences");
  p.contact = Str(o, "contact");
  auto id = editorial_.Propose(p, who ? &who->account : nullptr, req.client_address);
  if (!id) {
    auto res = ServicesApi::FromError(req, id.error());
    if (id.error().code == Code::kRateLimited) res.Header("Retry-After", "3600");
    return res;
  }
  http::Response r =
      http::Response::Json(201, json::serialize(json::object{{"id", *id}, {"status", "pending"}}));
  r.content_type = "application/json; charset=utf-8";
  return r;
}

}  // namespace doma::api
