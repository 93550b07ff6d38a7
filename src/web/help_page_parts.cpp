#include "web/help_page_parts.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstring>

#include "web/form.h"

namespace doma::web {
namespace json = boost::json;

std::vector<std::string> QueryAll(const http::Request& req, const char* name) {
  std::vector<std::string> out;
  for (const auto& [k, v] : req.query)
    if (k == name && !v.empty()) out.push_back(v);
  return out;
}

// Address fields under their form names (the request form and the request page).
void PutAddress(json::object& o, const help::Address& a) {
  help::Address::ForEachPart(a, [&](const char* name, const std::string& part) { o[name] = part; });
}

// The form's errors as the template reads them: error_<field> next to each
// field, and a list at the top linking to them.
void AddErrors(json::object& f, const std::vector<Error>& errors) {
  if (errors.empty()) return;
  json::array list;
  for (const auto& e : errors) {
    std::string field = e.field.empty() ? "form" : e.field;
    std::string key = "error_" + field;
    if (!f.contains(key)) f[key] = e.public_message;
    list.push_back(json::object{{"field", field}, {"message", e.public_message}});
  }
  f["has_errors"] = true;
  f["errors"] = std::move(list);
}

help::RequestForm ReadRequestForm(const http::Request& req) {
  help::RequestForm f;
  f.kinds = Fields(req, "kinds");
  f.details = Field(req, "details");
  f.recipient_name = Field(req, "recipient_name");
  f.phone = Field(req, "phone");
  help::Address::ForEachPart(f.address,
                             [&](const char* name, std::string& part) { part = Field(req, name); });
  f.place_id = Field(req, "place_id");
  f.lat = Field(req, "lat");
  f.lon = Field(req, "lon");
  f.date = Field(req, "date");
  f.from = Field(req, "from");
  f.to = Field(req, "to");
  f.urgency = Field(req, "urgency");
  f.payment = Field(req, "payment");
  f.notes = Field(req, "notes");
  f.recurrence = Field(req, "recurrence");
  f.consent = req.FormValue("consent").has_value();
  return f;
}

std::string Rub(long long kopecks) {
  return fmt::format("{},{:02} ₽", kopecks / 100, kopecks % 100);
}

// "https://{s}.tile.example.org/{z}/{x}/{y}.png" → "https://*.tile.example.org".
std::string TileOrigin(const std::string& url) {
  auto scheme = url.find("://");
  if (scheme == std::string::npos || !(url.starts_with("https://") || url.starts_with("http://")))
    return "";
  auto end = url.find('/', scheme + 3);
  std::string origin = url.substr(0, end);
  for (std::size_t at; (at = origin.find("{s}")) != std::string::npos;) origin.replace(at, 3, "*");
  // Anything but a plain host would break the header.
  for (char c : origin)
    if (!std::isalnum(static_cast<unsigned char>(c)) && !std::strchr(":/.-*", c)) return "";
  return origin;
}

std::string Km(double km) {
  std::string s = fmt::format("{:.1f}", km);
  if (s.ends_with(".0")) s.resize(s.size() - 2);
  std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

}  // namespace doma::web
