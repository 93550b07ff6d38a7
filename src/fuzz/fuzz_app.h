// Doma in process, for the fuzzers: every module (app::Modules, as `doma
// serve` builds them) over a fresh SQLite file, the shipped catalog seeded
// and indexed, and people of each role signed in. Send() does with one
// request's bytes what the server does with them off a socket (the same
// parser limits, head checks and routing), without the socket.
//
// The oracle beyond the sanitizers: bad input must never earn a 500, so a
// 500 aborts (a finding, with the input saved by libFuzzer).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "app/modules/modules.h"
#include "http/message.h"

namespace doma::fuzz {

// Who sends a request: nobody, or someone signed in with this role.
enum class Who { kAnonymous, kResident, kVolunteer, kCoordinator, kEditor, kAdmin };
inline constexpr int kWhoCount = 6;

class App {
 public:
  // Built at the first call, once per process (a few seconds: the catalog is
  // seeded and indexed, passwords hashed).
  static App& Get();

  // The server's answer to `raw` (leading empty lines, head, body) from `who`,
  // whose session cookie and CSRF token are added to what `raw` carries.
  http::Response Send(std::string_view raw, Who who = Who::kAnonymous);
  // Routes and answers a request already parsed, as the server does.
  http::Response Handle(http::Request& req, Who who = Who::kAnonymous);

  // Ids that exist, for patterns' {id}: services' slugs, help requests,
  // proposals, news, accounts.
  const std::vector<std::string>& ServiceIds() const { return service_ids_; }
  long long HelpRequestId() const { return help_request_id_; }
  long long VolunteerAccountId() const { return volunteer_account_id_; }
  const std::vector<http::Route>& Routes() const { return modules_->routes->router().routes(); }
  // What a browser on the portal sends as Origin.
  const std::string& Origin() const { return config_.public_url; }

 private:
  App();
  void SignIn(Who who, const std::string& login, const std::string& role);
  void AddIdentity(http::Request& req, Who who) const;

  std::string dir_;
  app::Config config_;
  std::unique_ptr<app::Modules> modules_;
  struct Identity {
    std::string cookie;  // "name=value; name=value"
    std::string csrf;
  };
  Identity people_[kWhoCount];
  std::vector<std::string> service_ids_;
  long long help_request_id_ = 0;
  long long volunteer_account_id_ = 0;
};

// Aborts when a response says the server failed (500) on what a client sent.
void CheckNoServerError(const http::Response& res, const http::Request* req);

}  // namespace doma::fuzz
