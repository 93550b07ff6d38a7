// The request and response as handlers see them: plain values, no Beast, so
// handlers are pure functions that unit tests can call directly.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace doma::http {

struct Request {
  std::string method;  // "GET", "POST", …
  std::string target;  // as received; never logged (it may carry personal data)
  std::string path;    // percent-decoded
  std::vector<std::pair<std::string, std::string>> query;    // decoded, in order
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string body;
  std::string request_id;
  std::map<std::string, std::string> params;  // from the route pattern, e.g. {id}
  std::string route;                          // the matched pattern, for logs/metrics
  std::string client_address;                 // peer IP; never logged
  // Values middleware leaves for the page (e.g. "user.name", "csrf").
  std::map<std::string, std::string> locals;

  // Fields of an application/x-www-form-urlencoded body, decoded, in order
  // (empty for any other content type).
  std::vector<std::pair<std::string, std::string>> Form() const;
  std::optional<std::string> FormValue(std::string_view name) const;

  // First value of a query parameter, if present.
  std::optional<std::string_view> Query(std::string_view name) const;
  std::optional<std::string_view> Header(std::string_view lower_name) const;
  std::optional<std::string> Cookie(std::string_view name) const;
  bool AcceptsGzip() const;
};

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  Response& Header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  std::optional<std::string_view> FindHeader(std::string_view name) const;

  static Response Redirect(int status, std::string location);
  static Response Text(int status, std::string body);
  static Response Json(int status, std::string body);
};

}  // namespace doma::http
