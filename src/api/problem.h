// How every API route says no: application/problem+json (RFC 9457), in the
// words the person is shown (Error::public_message), never the log's detail.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/error.h"
#include "http/message.h"

namespace doma::api {

// {"type","title","status","detail","invalid_param","request_id"}
http::Response Problem(int status, const std::string& detail, const std::string& param = "",
                       const std::string& request_id = "");
// The problem for a domain error: its status from http/status.h (the one
// map), its public message; a 5xx is logged with the detail.
http::Response ProblemFrom(const http::Request& req, const Error& e);
// A 400 listing every field at fault in `errors[]` ({field, message}), the
// first also as `detail` and `invalid_param`. `field_name` maps the domain's
// field name to where the client put it in its JSON (identity by default).
http::Response InvalidFields(const http::Request& req, const std::vector<Error>& errors,
                             const std::function<std::string(const std::string&)>& field_name = {});

}  // namespace doma::api
