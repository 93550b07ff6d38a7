// JSON API v1 for help at home (/api/v1/help/…): the whole flow for a mobile
// app. Reads and writes need a session cookie; writes also the X-CSRF-Token
// header equal to the CSRF cookie. Errors are application/problem+json.
// Personal data appears only in GET /api/v1/help/requests/{id}, and only for
// whom help::Permissions allows (each reveal audited by the domain).
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "api/guard.h"
#include "api/json_fields.h"
#include "domain/accounts/accounts.h"
#include "domain/help/help.h"
#include "http/message.h"

namespace doma::api {

class HelpApi {
 public:
  HelpApi(help::Help& help, ApiGuard guard) : help_(help), guard_(std::move(guard)) {}

  // Public
  ApiHandler Places, CheckBadge;
  // Requests, and one handler per transition
  ApiHandler CreateRequest, MyRequests, GetRequest;
  ApiHandler Take, Release, Complete, Confirm, Cancel, Erase, Assign, Merge;
  // Volunteers
  ApiHandler Feed, Tasks, Volunteer, RegisterVolunteer, SetLocation;
  // Coordinators
  ApiHandler Dashboard, Volunteers, VerifyVolunteer, SuspendVolunteer, ReinstateVolunteer;

 private:
  using Handler =
      std::function<http::Response(const accounts::Account& who, const boost::json::object& body)>;
  // A command on the request named in the path, with the body's fields it asked for.
  using Command = std::function<Result<help::HelpRequest>(const accounts::Account& who,
                                                          long long id, const BodyArgs& args)>;
  // Volunteers already looked up while answering one request, by account id.
  using Holders = std::map<long long, std::optional<help::Volunteer>>;

  // The door of every "session" route: the session (401), on writes the
  // X-CSRF-Token header (403) and the JSON body (415, 400). Whatever it
  // answers belongs to one person, so nothing is ever cached.
  http::Response Guarded(http::Request& req, const Handler& fn);
  // A transition of the request named in the path, with `fields` read from
  // its body (a field of the wrong type is a 400 naming it), answered with the
  // request's summary.
  http::Response Transition(http::Request& req, const std::vector<BodyField>& fields,
                            const Command& command);
  // The volunteer holding `r`, as far as `who` may learn it (first name and badge).
  Result<std::optional<help::Volunteer>> Holder(const accounts::Account& who,
                                                const help::HelpRequest& r, Holders& holders);
  Result<boost::json::object> Summary(const accounts::Account& who, const help::HelpRequest& r,
                                      Holders& holders);
  Result<boost::json::array> Summaries(const accounts::Account& who,
                                       const std::vector<help::HelpRequest>& list);
  // 200 {"items": [summaries of `list`]}, or the problem that stopped it.
  http::Response SummaryList(http::Request& req, const accounts::Account& who,
                             const Result<std::vector<help::HelpRequest>>& list);
  boost::json::object PlaceJson(const std::string& id) const;

  help::Help& help_;
  ApiGuard guard_;
};

}  // namespace doma::api
