// Reading HTML forms and path parameters, the same way on every page.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace doma::web {

// A form field's value; empty when absent.
inline std::string Field(const http::Request& req, const char* name) {
  return req.FormValue(name).value_or("");
}

// Every non-empty value of a repeated field (checkboxes).
inline std::vector<std::string> Fields(const http::Request& req, const char* name) {
  std::vector<std::string> out;
  for (auto& [k, v] : req.Form())
    if (k == name && !v.empty()) out.push_back(v);
  return out;
}

// Every value of a repeated field, empty ones included, in order: rows of
// a form whose columns must stay lined up (an offer's text and its date).
inline std::vector<std::string> Column(const http::Request& req, const char* name) {
  std::vector<std::string> out;
  for (auto& [k, v] : req.Form())
    if (k == name) out.push_back(v);
  return out;
}

inline bool Has(const std::vector<std::string>& v, std::string_view x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// A positive numeric path parameter; 0 when absent or not all digits.
long long IdParam(const http::Request& req, const char* name = "id");

// The list page asked for by ?page=, from 1 to `last`; 1 when absent or not a
// number.
int PageParam(const http::Request& req, int last);

}  // namespace doma::web
