#include "api/digest_api.h"

#include <boost/json.hpp>

#include "api/problem.h"
#include "core/secure.h"

namespace doma::api {
namespace json = boost::json;

http::Response DigestApi::SmsReply(http::Request& req) {
  if (token_.empty())
    return Problem(404, "SMS replies are not configured (sms-inbound-token).", "", req.request_id);
  const std::string auth(req.Header("authorization").value_or(""));
  if (!auth.starts_with("Bearer ") || !ConstantTimeEquals(auth.substr(7), token_)) {
    auto r = Problem(401, "The gateway's token is missing or wrong.", "", req.request_id);
    r.Header("WWW-Authenticate", "Bearer");
    return r;
  }
  boost::system::error_code ec;
  json::value body = json::parse(req.body, ec);
  const json::object* o = !ec && body.is_object() ? &body.as_object() : nullptr;
  const json::value* from = o ? o->if_contains("from") : nullptr;
  const json::value* text = o ? o->if_contains("text") : nullptr;
  if (!from || !from->is_string() || !text || !text->is_string())
    return Problem(400, "The body must be {\"from\": \"+7…\", \"text\": \"…\"}.", "",
                   req.request_id);
  auto n = digest_.StopBySms(std::string(from->as_string()), std::string(text->as_string()));
  if (!n) return ProblemFrom(req, n.error());
  http::Response r;
  r.content_type = "application/json";
  r.body = json::serialize(json::object{{"unsubscribed", *n}});
  r.Header("Cache-Control", "no-store");
  return r;
}

}  // namespace doma::api
