// Small pieces of the help pages, shared by the requester's, the volunteer's
// and the coordinators' files.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "domain/help/help.h"
#include "http/message.h"

namespace doma::web {

// Every non-empty value of a repeated query parameter.
std::vector<std::string> QueryAll(const http::Request& req, const char* name);
// Address fields under their form names (the request form and the request page).
void PutAddress(boost::json::object& o, const help::Address& a);
// The form's errors as the template reads them: error_<field> next to each
// field, and a list at the top linking to them.
void AddErrors(boost::json::object& f, const std::vector<Error>& errors);
help::RequestForm ReadRequestForm(const http::Request& req);
// 123450 → "1234,50 ₽".
std::string Rub(long long kopecks);
// "https://{s}.tile.example.org/{z}/{x}/{y}.png" → "https://*.tile.example.org"
// (for the map page's Content-Security-Policy); "" when it is not a plain host.
std::string TileOrigin(const std::string& url);
// 2.0 → "2", 2.25 → "2,3".
std::string Km(double km);

}  // namespace doma::web
