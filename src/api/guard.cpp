#include "api/guard.h"

#include <boost/json.hpp>

#include "api/problem.h"
#include "core/secure.h"

namespace doma::api {
namespace json = boost::json;

namespace {
bool IsJson(const http::Request& req) {
  std::string type(req.Header("content-type").value_or(""));
  for (auto& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return type.starts_with("application/json");
}
}  // namespace

std::variant<ApiGuard::Admitted, http::Response> ApiGuard::Admit(http::Request& req,
                                                                 Callers callers,
                                                                 bool body_required) const {
  Admitted in;
  in.body = json::object();
  const bool write = req.method != "GET" && req.method != "HEAD";
  bool token = false;
  auto auth = req.Header("authorization");
  if (callers == Callers::kSessionOrToken && auth && auth->starts_with("Bearer ")) {
    auto t = accounts_.AuthenticateApiToken(std::string(auth->substr(7)));
    if (!t) return ProblemFrom(req, t.error());
    token = t->has_value();
  } else if (auto cookie = req.Cookie(cookies_.session)) {
    auto p = accounts_.Authenticate(*cookie);
    if (!p) return ProblemFrom(req, p.error());
    in.who = std::move(*p);
  }
  // Where a token would do, the answer says how to get one.
  auto need_token = [&] {
    auto res = Problem(
        401, "Нужен API-токен (Authorization: Bearer …) или вход с заголовком X-CSRF-Token.", "",
        req.request_id);
    res.Header("WWW-Authenticate", "Bearer realm=\"doma\"");
    return res;
  };
  if (!token && !in.who) {
    if (callers == Callers::kSessionOrToken) return need_token();
    return Problem(401, "Войдите, чтобы продолжить.", "", req.request_id);
  }
  if (write && !token) {
    auto csrf = req.Cookie(cookies_.csrf);
    auto header = req.Header("x-csrf-token");
    if (!csrf || !header || !ConstantTimeEquals(*csrf, *header)) {
      if (callers == Callers::kSessionOrToken) return need_token();
      return Problem(403,
                     "Запрос отклонён: нужен заголовок X-CSRF-Token, равный CSRF-cookie. Откройте "
                     "страницу заново и повторите.",
                     "", req.request_id);
    }
  }
  // A command without parameters ("take") may come without a body at all.
  if (write && (body_required || !req.body.empty())) {
    if (!IsJson(req))
      return Problem(415, "Тело запроса — JSON (Content-Type: application/json).", "",
                     req.request_id);
    boost::system::error_code ec;
    in.body = json::parse(req.body, ec);
    if (ec || !in.body.is_object())
      return Problem(400, "Тело запроса — не JSON-объект.", "", req.request_id);
  }
  return in;
}

}  // namespace doma::api
