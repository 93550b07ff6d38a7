// POST /api/v1/submissions: proposing a service from another system or an
// app. A write needs an API token issued by an admin ("Authorization: Bearer
// doma_…"), or a session cookie with the X-CSRF-Token header equal to the
// CSRF cookie (a page of ours calling the API).
#pragma once

#include <string>

#include "api/guard.h"
#include "domain/accounts/accounts.h"
#include "domain/editorial/editorial.h"
#include "http/message.h"

namespace doma::api {

class SubmissionsApi {
 public:
  SubmissionsApi(editorial::Editorial& editorial, ApiGuard guard)
      : editorial_(editorial), guard_(std::move(guard)) {}
  // POST /api/v1/submissions: a proposed service, from a person or another system.
  ApiHandler Create;

 private:
  editorial::Editorial& editorial_;
  ApiGuard guard_;
};

}  // namespace doma::api
