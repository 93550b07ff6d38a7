// What the help API's requester, volunteer and coordinator files share:
// JSON shapes, reading query parameters, and refusing in the client's terms.
#pragma once

#include <boost/json.hpp>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/json_fields.h"
#include "domain/help/help.h"
#include "http/message.h"

namespace doma::api::help_parts {
namespace json = boost::json;

inline constexpr const char* kNoRequest = "Такой заявки нет или она вам недоступна.";
inline constexpr const char* kNoVolunteer = "Такого волонтёра нет.";

using VolunteerCommand = std::function<Result<help::Volunteer>(long long account_id, Fields& in)>;

http::Response Json(int status, const json::value& v);
json::value OrNull(const std::string& s);
json::array Strings(const std::vector<std::string>& v);
// The domain names address parts as its form does ("street"); in the JSON
// body they live under "address", and that is where a client looks.
std::string ApiField(const std::string& field);
// A 400 that lists every field at fault, named as the client's JSON names it.
http::Response FieldsProblem(const http::Request& req, const std::vector<Error>& errors);
http::Response Refuse(const http::Request& req, const Error& e);
// One message per field: the first is the one that says what to do.
std::vector<Error> OnePerField(std::vector<Error> errors);
std::optional<int> QueryInt(std::string_view s, int max);
// ?limit= (1…max_limit) and ?offset= (0…max_offset) into `limit` and
// `offset` when given; an error naming the parameter otherwise.
Status ReadPage(const http::Request& req, int max_limit, int max_offset, int& limit, int& offset);
// "kind=groceries&kind=medicines" or "kind=groceries,medicines".
std::vector<std::string> QueryList(const http::Request& req, std::string_view name);
json::object VolunteerJson(const help::Volunteer& v, bool with_phone, bool with_point);
json::value ZeroNull(long long v);
// What every view of a request starts with: id, number, status, kinds, urgency.
json::object RequestHead(const help::HelpRequest& r);
// The coordinators' commands on a volunteer share their shape: the account
// id in the path, a body, the volunteer as a coordinator sees it.
http::Response OnVolunteer(http::Request& req, const json::object& body,
                           const VolunteerCommand& command);

}  // namespace doma::api::help_parts
