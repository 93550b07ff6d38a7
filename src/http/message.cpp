#include "http/message.h"

#include <algorithm>
#include <boost/url/parse_query.hpp>

#include "core/text.h"

namespace doma::http {

namespace {
bool IEquals(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}
}  // namespace

std::optional<std::string_view> Request::Query(std::string_view name) const {
  for (const auto& [k, v] : query)
    if (k == name) return v;
  return std::nullopt;
}

std::optional<std::string_view> Request::Header(std::string_view lower_name) const {
  for (const auto& [k, v] : headers)
    if (k == lower_name) return v;
  return std::nullopt;
}

std::optional<std::string> Request::Cookie(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k != "cookie") continue;
    for (auto part : text::Split(v, ';')) {
      part = text::Trim(part);
      auto eq = part.find('=');
      if (eq == std::string_view::npos) continue;
      if (part.substr(0, eq) == name) return std::string(part.substr(eq + 1));
    }
  }
  return std::nullopt;
}

std::vector<std::pair<std::string, std::string>> Request::Form() const {
  std::vector<std::pair<std::string, std::string>> out;
  auto ct = Header("content-type");
  if (!ct || !ct->starts_with("application/x-www-form-urlencoded")) return out;
  if (!boost::urls::parse_query(body)) return out;  // malformed: no fields
  boost::urls::params_view view(body, boost::urls::encoding_opts(true, false, false));
  // NFC: the same letters typed differently are stored as the same bytes.
  for (auto p : view) out.emplace_back(text::ToNfc(p.key), text::ToNfc(p.has_value ? p.value : ""));
  return out;
}

std::optional<std::string> Request::FormValue(std::string_view name) const {
  for (auto& [k, v] : Form())
    if (k == name) return v;
  return std::nullopt;
}

bool Request::AcceptsGzip() const {
  auto ae = Header("accept-encoding");
  if (!ae) return false;
  for (auto part : text::Split(*ae, ',')) {
    part = text::Trim(part);
    auto semi = part.find(';');
    auto coding = text::Trim(part.substr(0, semi));
    if (!IEquals(coding, "gzip")) continue;
    // "gzip;q=0" refuses it.
    if (semi != std::string_view::npos) {
      auto params = part.substr(semi + 1);
      auto q = params.find("q=");
      if (q != std::string_view::npos) {
        auto val = text::Trim(params.substr(q + 2));
        if (val == "0" || val.starts_with("0.0") || val == "0.")
          return val.find_first_of("123456789") != std::string_view::npos;
      }
    }
    return true;
  }
  return false;
}

std::optional<std::string_view> Response::FindHeader(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (IEquals(k, name)) return v;
  return std::nullopt;
}

namespace {
Response Make(int status, std::string content_type, std::string body) {
  Response r;
  r.status = status;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  return r;
}
}  // namespace

Response Response::Redirect(int status, std::string location) {
  Response r = Make(status, "text/plain; charset=utf-8", "Redirecting");
  r.Header("Location", std::move(location));
  return r;
}

Response Response::Text(int status, std::string body) {
  return Make(status, "text/plain; charset=utf-8", std::move(body));
}

Response Response::Json(int status, std::string body) {
  return Make(status, "application/json", std::move(body));
}

}  // namespace doma::http
