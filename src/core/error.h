// Errors as values. An Error carries two texts: `public_message`, safe to show
// to the person who made the request, and `log_detail`, which may name files,
// SQL or library messages and goes only to the log. One place
// (http/status.h) turns a Code into an HTTP status.
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace doma {

enum class Code {
  kInvalidArgument,  // the client sent something we cannot accept (400)
  kNotFound,         // no such thing (404)
  kUnauthenticated,  // must log in first (401)
  kForbidden,        // logged in, but not allowed (403)
  kConflict,         // the thing exists / changed meanwhile (409)
  kRateLimited,      // too many attempts (429)
  kUnavailable,      // a dependency is not ready (503)
  kInternal,         // our fault (500)
};

struct Error {
  Code code = Code::kInternal;
  std::string public_message;
  std::string log_detail;
  // For kInvalidArgument: the parameter or form field at fault, if any.
  std::string field;

  static Error Invalid(std::string field, std::string message) {
    return Error{Code::kInvalidArgument, std::move(message), {}, std::move(field)};
  }
  static Error NotFound(std::string message) {
    return Error{Code::kNotFound, std::move(message), {}, {}};
  }
  static Error Internal(std::string log_detail) {
    return Error{Code::kInternal,
                 "Внутренняя ошибка сервера. Мы уже знаем о ней.",
                 std::move(log_detail),
                 {}};
  }
  // The disk under the database is full: nothing of this request was stored,
  // what was stored before is intact, and the same request will succeed once
  // an administrator frees space (503 with Retry-After).
  static Error DiskFull(std::string log_detail) {
    return Error{
        Code::kUnavailable,
        "Сейчас не получается сохранить: на сервере закончилось место. "
        "Ничего из сохранённого раньше не потеряно. Попробуйте ещё раз через несколько минут.",
        "no space left on the disk: " + std::move(log_detail),
        {}};
  }
  static Error Unavailable(std::string log_detail) {
    return Error{Code::kUnavailable,
                 "Сервис временно недоступен, попробуйте через минуту.",
                 std::move(log_detail),
                 {}};
  }
};

template <class T>
using Result = std::expected<T, Error>;

// For functions that return nothing on success.
using Status = std::expected<void, Error>;

inline std::unexpected<Error> Fail(Error e) { return std::unexpected<Error>(std::move(e)); }

}  // namespace doma
