#include "api/help_api_parts.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <set>

#include "api/problem.h"
#include "core/text.h"

namespace doma::api::help_parts {

http::Response Json(int status, const json::value& v) {
  auto r = http::Response::Json(status, json::serialize(v));
  r.content_type = "application/json; charset=utf-8";
  return r;
}

json::value OrNull(const std::string& s) {
  return s.empty() ? json::value(nullptr) : json::value(s);
}

json::array Strings(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

// The domain names address parts as its form does ("street"); in the JSON
// body they live under "address", and that is where a client looks.
std::string ApiField(const std::string& field) {
  bool in_address = false;
  const help::Address names;
  help::Address::ForEachPart(names, [&](const char* name, const std::string&) {
    if (field == name) in_address = true;
  });
  return in_address ? "address." + field : field;
}

// A 400 that lists every field at fault, named as the client's JSON names it.
http::Response FieldsProblem(const http::Request& req, const std::vector<Error>& errors) {
  return api::InvalidFields(req, errors, ApiField);
}

http::Response Refuse(const http::Request& req, const Error& e) {
  if (e.code == Code::kInvalidArgument && !e.field.empty()) return FieldsProblem(req, {e});
  return ProblemFrom(req, e);
}

// One message per field: the first is the one that says what to do.
std::vector<Error> OnePerField(std::vector<Error> errors) {
  std::vector<Error> out;
  std::set<std::string> seen;
  for (auto& e : errors)
    if (seen.insert(e.field).second) out.push_back(std::move(e));
  return out;
}

std::optional<int> QueryInt(std::string_view s, int max) {
  if (s.empty() || s.size() > 6) return std::nullopt;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return std::min(v, max);
}

// "kind=groceries&kind=medicines" or "kind=groceries,medicines".
std::vector<std::string> QueryList(const http::Request& req, std::string_view name) {
  std::vector<std::string> out;
  for (const auto& [k, v] : req.query)
    if (k == name)
      for (auto part : text::Split(v, ','))
        if (auto t = text::Trim(part); !t.empty()) out.emplace_back(t);
  return out;
}

json::object VolunteerJson(const help::Volunteer& v, bool with_phone, bool with_point) {
  json::object o;
  o["account_id"] = v.account_id;
  o["first_name"] = v.first_name;
  if (with_phone) o["phone"] = v.phone;
  o["place_id"] = v.place_id;
  o["kinds"] = Strings(v.kinds);
  o["has_car"] = v.has_car;
  o["max_km"] = v.max_km;
  o["status"] = std::string(help::VolunteerStatusName(v.status));
  o["badge"] = OrNull(v.badge);
  if (with_point)
    o["point"] = v.has_point ? json::value(json::object{{"lat", v.point_lat}, {"lon", v.point_lon}})
                             : json::value(nullptr);
  o["active"] = v.active;
  o["completed"] = v.completed;
  o["rating"] = v.ratings > 0 ? json::value(v.rating) : json::value(nullptr);
  o["ratings"] = v.ratings;
  o["created_at"] = OrNull(v.created_at);
  o["verified_at"] = OrNull(v.verified_at);
  o["suspended_reason"] = OrNull(v.suspended_reason);
  return o;
}

json::value ZeroNull(long long v) { return v ? json::value(v) : json::value(nullptr); }

// The coordinators' commands on a volunteer share their shape: the account
// id in the path, a body, the volunteer as a coordinator sees it.
http::Response OnVolunteer(http::Request& req, const json::object& body,
                           const VolunteerCommand& command) {
  auto id = StrictId(req.params["id"]);
  if (!id) return Problem(404, kNoVolunteer, "", req.request_id);
  Fields in(body);
  auto v = command(*id, in);
  if (!v) return Refuse(req, v.error());
  return Json(200, VolunteerJson(*v, true, false));
}

json::object RequestHead(const help::HelpRequest& r) {
  json::object o;
  o["id"] = r.id;
  o["number"] = help::Number(r.id);
  o["status"] = std::string(help::StatusName(r.status));
  o["kinds"] = Strings(r.kinds);
  o["urgency"] = r.urgency;
  return o;
}

Status ReadPage(const http::Request& req, int max_limit, int max_offset, int& limit, int& offset) {
  if (auto q = req.Query("limit")) {
    auto n = QueryInt(*q, max_limit);
    if (!n || *n < 1)
      return Fail(
          Error::Invalid("limit", fmt::format("limit — целое число от 1 до {}.", max_limit)));
    limit = *n;
  }
  if (auto q = req.Query("offset")) {
    auto n = QueryInt(*q, max_offset);
    if (!n) return Fail(Error::Invalid("offset", "offset — целое неотрицательное число."));
    offset = *n;
  }
  return {};
}

}  // namespace doma::api::help_parts
