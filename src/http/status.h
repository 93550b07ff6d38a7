// The one place where an error code becomes an HTTP status.
#pragma once

#include "core/error.h"

namespace doma::http {

constexpr int StatusFor(Code code) {
  switch (code) {
    case Code::kInvalidArgument: return 400;
    case Code::kNotFound: return 404;
    case Code::kUnauthenticated: return 401;
    case Code::kForbidden: return 403;
    case Code::kConflict: return 409;
    case Code::kRateLimited: return 429;
    case Code::kUnavailable: return 503;
    case Code::kInternal: return 500;
  }
  return 500;
}

}  // namespace doma::http
