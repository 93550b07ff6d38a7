#include "http/request_head.h"

#include <boost/asio.hpp>
#include <boost/url/parse.hpp>
#include <cctype>

#include "core/ids.h"
#include "core/text.h"

namespace doma::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

void LimitParser(RequestParser& parser, std::size_t header_limit, std::size_t body_limit) {
  parser.header_limit(static_cast<std::uint32_t>(header_limit));
  parser.body_limit(body_limit);
  // Beast keeps a reference to the callback: it must outlive the parser.
  static auto limit_extensions = [](std::uint64_t, std::string_view extensions,
                                    beast::error_code& ec) {
    // Extensions mean nothing to us; a long one is only there to cost us
    // (RFC 9112 §7.1.1 lets a server limit them).
    if (extensions.size() > 256) ec = bhttp::error::bad_chunk_extension;
  };
  parser.on_chunk_header(limit_extensions);
}

Result<Request> ToRequest(RequestHead& h) {
  auto target = ParseTarget(h.target());
  if (!target) return Fail(Error::Invalid("", "Неверный адрес запроса."));
  Request req;
  req.method = std::string(h.method_string());
  req.target = std::string(h.target());
  auto incoming_id = h["x-request-id"];
  req.request_id = ValidRequestId(incoming_id) ? std::string(incoming_id) : ids::RequestId();
  req.path = std::move(target->path);
  req.query = std::move(target->query);
  CopyHeaders(h, req);
  req.body = std::move(h.body());
  return req;
}

bool ValidRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  return true;
}

// RFC 9112 §6: exactly one way to frame a body. Beast accepts some
// combinations (e.g. identical duplicate Content-Length) that a proxy in
// front of us might read differently, which is how request smuggling works.
std::optional<std::string> FramingProblem(const RequestParser& parser) {
  int cl = 0, te = 0;
  std::string te_value;
  for (const auto& f : parser.get().base()) {
    if (f.name() == bhttp::field::content_length) {
      ++cl;
      auto v = f.value();
      if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string_view::npos)
        return "Неверный заголовок Content-Length.";
    } else if (f.name() == bhttp::field::transfer_encoding) {
      ++te;
      te_value = std::string(text::Trim(f.value()));
    }
  }
  if (cl > 1) return "Заголовок Content-Length повторяется.";
  if (te > 1) return "Заголовок Transfer-Encoding повторяется.";
  if (te == 1 && cl == 1) return "Запрос содержит и Content-Length, и Transfer-Encoding.";
  if (te == 1) {
    std::string lower;
    for (char c : te_value)
      lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    if (lower != "chunked") return "Поддерживается только Transfer-Encoding: chunked.";
  }
  return std::nullopt;
}

// RFC 9112 §3.2: an HTTP/1.1 request carries exactly one Host field, and a
// valid one (uri-host [":" port], no user info); HTTP/1.0 may leave it out.
std::optional<std::string> HostProblem(const RequestParser& parser) {
  const auto& h = parser.get();
  int count = 0;
  std::string_view value;
  for (const auto& f : h.base())
    if (f.name() == bhttp::field::host) {
      ++count;
      value = f.value();
    }
  if (count > 1) return "Заголовок Host повторяется.";
  if (count == 0) {
    if (h.version() >= 11) return "В запросе нет заголовка Host.";
    return std::nullopt;
  }
  auto authority = boost::urls::parse_authority(value);
  if (!authority || authority->has_userinfo() ||
      (authority->has_port() && authority->port().empty()))
    return "Неверный заголовок Host.";
  return std::nullopt;
}

// The path and query of a request target in origin form ("/a?b") or, as
// RFC 9112 §3.2.2 asks a server to accept, absolute form ("http://host/a?b").
std::optional<Target> ParseTarget(std::string_view target) {
  Target t;
  auto take = [&t](const auto& url) {
    t.path = url.path().empty() ? "/" : std::string(url.path());
    for (auto p : url.params(boost::urls::encoding_opts(true, false, false)))
      t.query.emplace_back(text::ToNfc(p.key), text::ToNfc(p.has_value ? p.value : ""));
  };
  if (target.starts_with('/')) {
    auto url = boost::urls::parse_origin_form(target);
    if (!url) return std::nullopt;
    take(*url);
    return t;
  }
  auto url = boost::urls::parse_absolute_uri(target);
  if (!url || (url->scheme() != "http" && url->scheme() != "https")) return std::nullopt;
  take(*url);
  return t;
}

// The request's header fields, names in lower case.
void CopyHeaders(const RequestHead& h, Request& req) {
  for (const auto& f : h.base()) {
    std::string name(f.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    req.headers.emplace_back(std::move(name), std::string(f.value()));
  }
}

bool IsGone(const beast::error_code& ec) {
  return ec == beast::error::timeout || ec == asio::error::eof ||
         ec == bhttp::error::end_of_stream || ec == asio::error::operation_aborted ||
         ec == asio::error::connection_reset || ec == bhttp::error::partial_message;
}

// What to answer when reading a request's head (`in_body` false) or body
// failed with `ec`: a status and a message, or nothing when the client has
// gone (there is no one to answer).
std::optional<ReadFailure> ReadFailureOf(const beast::error_code& ec, const RequestParser& parser,
                                         std::size_t header_limit, bool in_body) {
  if (ec == bhttp::error::header_limit) {
    // Beast parses the request line as soon as it is complete; if it never
    // was, the request line alone is over the limit: the URI is too long.
    auto target = parser.get().target();
    if (target.empty() || target.size() > header_limit)
      return ReadFailure{414, "Адрес запроса слишком длинный."};
    return ReadFailure{431, "Заголовки запроса слишком большие."};
  }
  if (ec == bhttp::error::body_limit) return ReadFailure{413, "Тело запроса больше 1 МиБ."};
  if (IsGone(ec)) return std::nullopt;
  return ReadFailure{400, in_body ? "Неверное тело запроса." : "Запрос не по протоколу HTTP/1.1."};
}

}  // namespace doma::http
