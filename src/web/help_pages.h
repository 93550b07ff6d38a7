// The HTML pages of help at home: asking for help (for oneself, for someone
// else, or as a hotline operator on a call), the request's own page, the
// volunteer's sign-up and feed, the public badge check, and the
// coordinators' dashboard, volunteers and map.
#pragma once

#include <boost/json/object.hpp>
#include <functional>

#include "domain/help/help.h"
#include "web/account_pages.h"
#include "web/auth.h"
#include "web/pages.h"
#include "web/views.h"

namespace doma::web {

struct MapOptions {
  // Tile URL template for Leaflet; empty: the map shows points on a plain
  // background (the lists work without it either way).
  std::string tile_url = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  std::string attribution = "© OpenStreetMap";
};

class HelpPages {
 public:
  HelpPages(help::Help& help, WebAuth& auth, const Views& views, const Pages& pages, MapOptions map)
      : help_(help), auth_(auth), views_(views), pages_(pages), map_(std::move(map)) {}

  // Public
  http::Response Landing(http::Request& req, const Who& who);
  http::Response CheckForm(http::Request& req, const Who& who);
  http::Response CheckBadge(http::Request& req, const Who& who);
  // Residents and relatives
  http::Response AskForm(http::Request& req, const Who& who);
  http::Response Ask(http::Request& req, const Who& who);
  http::Response Mine(http::Request& req, const Who& who);
  http::Response Request(http::Request& req, const Who& who);
  // One handler per transition, bound by the route table.
  http::Response Take(http::Request& req, const Who& who);
  http::Response Release(http::Request& req, const Who& who);
  http::Response Done(http::Request& req, const Who& who);
  http::Response Confirm(http::Request& req, const Who& who);
  http::Response Cancel(http::Request& req, const Who& who);
  http::Response Erase(http::Request& req, const Who& who);
  http::Response Assign(http::Request& req, const Who& who);
  http::Response Merge(http::Request& req, const Who& who);
  // Volunteers
  http::Response Feed(http::Request& req, const Who& who);
  http::Response VolunteerForm(http::Request& req, const Who& who);
  http::Response VolunteerSignUp(http::Request& req, const Who& who);
  http::Response Location(http::Request& req, const Who& who);
  // Coordinators
  http::Response Dashboard(http::Request& req, const Who& who);
  http::Response CallForm(http::Request& req, const Who& who);
  http::Response Call(http::Request& req, const Who& who);
  http::Response Volunteers(http::Request& req, const Who& who);
  http::Response VolunteerCard(http::Request& req, const Who& who);
  http::Response Verify(http::Request& req, const Who& who);
  http::Response Suspend(http::Request& req, const Who& who);
  http::Response Reinstate(http::Request& req, const Who& who);
  http::Response Map(http::Request& req, const Who& who);

 private:
  http::Response Render(http::Request& req, int status, const std::string& name,
                        boost::json::object page);
  http::Response AskPage(http::Request& req, int status, const help::RequestForm& f,
                         const std::string& channel, const std::vector<Error>& errors);
  http::Response VolunteerPage(http::Request& req, int status, const help::VolunteerForm& f,
                               const std::vector<Error>& errors);
  http::Response AfterAction(http::Request& req, long long id, const Result<help::HelpRequest>& r,
                             const std::string& done);
  boost::json::object Summary(const help::HelpRequest& r, const std::string& lang) const;
  boost::json::array Places(const std::string& lang, const std::string& selected) const;
  boost::json::array Kinds(const std::string& lang, const std::vector<std::string>& selected) const;
  boost::json::array Urgencies(const std::string& lang, const std::string& selected) const;
  // A command on the request in the path, then back to its page saying `done`.
  http::Response Act(http::Request& req, const std::string& done,
                     const std::function<Result<help::HelpRequest>(long long id)>& command);
  std::string PlaceName(const std::string& id, const std::string& lang) const;
  std::string T(const http::Request& req, const std::string& key) const;

  help::Help& help_;
  WebAuth& auth_;
  const Views& views_;
  const Pages& pages_;
  MapOptions map_;
};

}  // namespace doma::web
