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

  // Public: what help is, and the badge check at the door
  PageHandler Landing, CheckForm, CheckBadge;
  // Residents and relatives
  PageHandler AskForm, Ask, Mine, Request;
  // Without an account: the code from the SMS, and following a request by
  // its number and code word
  PageHandler AskConfirm, StatusForm, Status, StatusCancel, StatusConfirm, StatusErase;
  // One handler per transition, bound by the route table
  PageHandler Take, Release, Complete, Confirm, Cancel, Erase, Assign, Merge;
  // Volunteers
  PageHandler Feed, VolunteerForm, VolunteerSignUp, Location;
  // Coordinators
  PageHandler Dashboard, CallForm, Call, Volunteers, VolunteerCard, Verify, Suspend, Reinstate, Map;
  // Requests asked for without an account where no SMS can be sent
  PageHandler CallBacks, CallBackConfirm, CallBackDrop;

 private:
  http::Response Render(http::Request& req, int status, const std::string& name,
                        boost::json::object page);
  // Ask and Call: validates, submits for `channel`, re-shows the form on a
  // refusal a person can act on.
  http::Response Submit(http::Request& req, const Who& who, const std::string& channel);
  // `guest`: asked without an account (the asker's fields are shown).
  http::Response AskPage(http::Request& req, int status, const help::RequestForm& f,
                         const std::string& channel, const std::vector<Error>& errors,
                         const help::GuestAsk* guest = nullptr);
  http::Response AskAsGuest(http::Request& req);
  // The request's state for someone who gave its number and code word.
  http::Response StatusPage(http::Request& req, int status, const std::string& number,
                            const std::string& code_word, const std::vector<Error>& errors,
                            const std::string& notice);
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
