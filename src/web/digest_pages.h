// The digest's pages: subscribing without an account, the confirmation and
// the unsubscribe pages a message's links lead to. Following a link only
// shows a button (a mail scanner that fetches links confirms nothing); the
// unsubscribe POST needs no form token, so that a mail client's one-click
// unsubscribe (RFC 8058) works: the token in the link is the permission.
#pragma once

#include <boost/json/object.hpp>

#include "domain/digest/digest.h"
#include "domain/help/gazetteer.h"
#include "web/account_pages.h"
#include "web/auth.h"
#include "web/pages.h"
#include "web/views.h"

namespace doma::web {

class DigestPages {
 public:
  DigestPages(digest::Digest& digest, catalog::Catalog& catalog, const help::Gazetteer& places,
              WebAuth& auth, const Views& views, const Pages& pages)
      : digest_(digest),
        catalog_(catalog),
        places_(places),
        auth_(auth),
        views_(views),
        pages_(pages) {}

  PageHandler Form, Subscribe, ConfirmForm, Confirm, UnsubscribeForm;
  // POST /digest/unsubscribe?t=…, outside the guard (no form token).
  http::Response Unsubscribe(http::Request& req);

 private:
  http::Response FormPage(http::Request& req, int status, const digest::SubscribeForm& f,
                          const std::vector<Error>& errors);
  http::Response Message(http::Request& req, int status, const std::string& title_key,
                         const std::string& text);

  digest::Digest& digest_;
  catalog::Catalog& catalog_;
  const help::Gazetteer& places_;
  WebAuth& auth_;
  const Views& views_;
  const Pages& pages_;
};

}  // namespace doma::web
