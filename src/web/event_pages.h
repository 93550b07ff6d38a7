// Online events: the list (/events) by day and category, one event, the
// proposal form, the editors' queue and the iCalendar feed (/events.ics).
#pragma once

#include "domain/catalog/catalog.h"
#include "domain/events/events.h"
#include "domain/help/gazetteer.h"
#include "web/account_pages.h"
#include "web/pages.h"
#include "web/views.h"

namespace doma::web {

class EventPages {
 public:
  EventPages(events::Events& events, catalog::Catalog& catalog, const help::Gazetteer& places,
             const Views& views, const Pages& pages, WebAuth& auth, std::string public_url)
      : events_(events),
        catalog_(catalog),
        places_(places),
        views_(views),
        pages_(pages),
        auth_(auth),
        public_url_(std::move(public_url)) {}

  PageHandler List, Item, ProposeForm, Propose, Calendar;
  // Editors
  PageHandler Queue, Publish, Reject;

 private:
  boost::json::object Summary(const events::Event& e, const std::string& lang,
                              const std::vector<catalog::Category>& cats) const;
  http::Response Form(http::Request& req, int status, const events::EventForm& f,
                      const Error* error);

  events::Events& events_;
  catalog::Catalog& catalog_;
  const help::Gazetteer& places_;
  const Views& views_;
  const Pages& pages_;
  WebAuth& auth_;
  std::string public_url_;
};

}  // namespace doma::web
