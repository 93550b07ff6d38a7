#include "api/problem.h"

#include <boost/json.hpp>

#include "core/log.h"
#include "http/status.h"

namespace doma::api {
namespace json = boost::json;

namespace {

const char* Title(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 405: return "Method Not Allowed";
    case 415: return "Unsupported Media Type";
    case 429: return "Too Many Requests";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 431: return "Request Header Fields Too Large";
    case 503: return "Service Unavailable";
    default: return status >= 500 ? "Internal Server Error" : "Error";
  }
}

}  // namespace

http::Response Problem(int status, const std::string& detail, const std::string& param,
                       const std::string& request_id) {
  json::object o;
  o["type"] = "about:blank";
  o["title"] = Title(status);
  o["status"] = status;
  o["detail"] = detail;
  if (!param.empty()) o["invalid_param"] = param;
  if (!request_id.empty()) o["request_id"] = request_id;
  http::Response r;
  r.status = status;
  r.content_type = "application/problem+json; charset=utf-8";
  r.body = json::serialize(o);
  return r;
}

http::Response ProblemFrom(const http::Request& req, const Error& e) {
  int status = http::StatusFor(e.code);
  if (status >= 500)
    log::Error("api request failed",
               {{"route", req.route}, {"request_id", req.request_id}, {"detail", e.log_detail}});
  return Problem(status, e.public_message, e.field, req.request_id);
}

http::Response InvalidFields(const http::Request& req, const std::vector<Error>& errors,
                             const std::function<std::string(const std::string&)>& field_name) {
  auto name = [&](const std::string& f) { return field_name ? field_name(f) : f; };
  json::object o;
  o["type"] = "about:blank";
  o["title"] = Title(400);
  o["status"] = 400;
  o["detail"] = errors.front().public_message;
  o["invalid_param"] = name(errors.front().field);
  if (!req.request_id.empty()) o["request_id"] = req.request_id;
  json::array list;
  for (const auto& e : errors)
    list.push_back(json::object{{"field", name(e.field)}, {"message", e.public_message}});
  o["errors"] = std::move(list);
  http::Response r;
  r.status = 400;
  r.content_type = "application/problem+json; charset=utf-8";
  r.body = json::serialize(o);
  return r;
}

}  // namespace doma::api
