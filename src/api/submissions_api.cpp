#include "api/submissions_api.h"

#include <boost/json.hpp>

#include "api/problem.h"
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

}  // namespace

http::Response SubmissionsApi::Create(http::Request& req) {
  auto admitted = guard_.Admit(req, ApiGuard::Callers::kSessionOrToken, true);
  if (auto* refused = std::get_if<http::Response>(&admitted)) return std::move(*refused);
  auto& in = std::get<ApiGuard::Admitted>(admitted);
  const auto& who = in.who;
  const auto& o = in.body.get_object();
  auto p = editorial::ReadProposal([&](const char* k) { return Str(o, k); },
                                   [&](const char* k) { return List(o, k); });
  auto id = editorial_.Propose(p, who ? &who->account : nullptr, req.client_address);
  if (!id) {
    auto res = ProblemFrom(req, id.error());
    if (id.error().code == Code::kRateLimited) res.Header("Retry-After", "3600");
    return res;
  }
  http::Response r =
      http::Response::Json(201, json::serialize(json::object{{"id", *id}, {"status", "pending"}}));
  r.content_type = "application/json; charset=utf-8";
  return r;
}

}  // namespace doma::api
