// Checks of a request's head as it comes off the wire, before it is routed:
// RFC 9112's framing and Host rules, the request target's two accepted forms,
// and what to answer when reading failed. Internal to the server.
#pragma once

#include <boost/beast/http.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "http/message.h"

namespace doma::http {

using RequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;
using RequestHead = boost::beast::http::request<boost::beast::http::string_body>;

// The parser's limits: the head's and the body's size, and chunk extensions
// (meaningless to us) of at most 256 bytes each.
void LimitParser(RequestParser& parser, std::size_t header_limit, std::size_t body_limit);

// A client's X-Request-Id is kept when it is short and plain.
bool ValidRequestId(std::string_view id);

// RFC 9112 §6: exactly one way to frame a body; the problem to answer, if any.
std::optional<std::string> FramingProblem(const RequestParser& parser);

// RFC 9112 §3.2: an HTTP/1.1 request carries exactly one valid Host.
std::optional<std::string> HostProblem(const RequestParser& parser);

// The path and query of a request target in origin form ("/a?b") or
// absolute form ("http://host/a?b"); nothing for any other.
struct Target {
  std::string path;
  std::vector<std::pair<std::string, std::string>> query;
};
std::optional<Target> ParseTarget(std::string_view target);

// The head's fields into `req`, names in lower case.
void CopyHeaders(const RequestHead& h, Request& req);

// The request a whole parsed message becomes (its body moved out of `h`):
// method, target, path and query, headers, request id (the client's when
// ValidRequestId, else a new one). Fails (400's message) when the target is
// in neither origin nor absolute form. client_address is left to the caller.
Result<Request> ToRequest(RequestHead& h);

// Whether `ec` only says the client went away (nothing to answer).
bool IsGone(const boost::beast::error_code& ec);

// What to answer when reading a request's head (`in_body` false) or body
// failed with `ec`: a status and a message, or nothing when the client has
// gone.
struct ReadFailure {
  int status;
  std::string message;
};
std::optional<ReadFailure> ReadFailureOf(const boost::beast::error_code& ec,
                                         const RequestParser& parser, std::size_t header_limit,
                                         bool in_body);

}  // namespace doma::http
