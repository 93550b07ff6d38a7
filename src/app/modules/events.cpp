#include "app/modules/modules.h"

namespace doma::app {
using web::Access;

EventsModule::EventsModule(Base& base, CatalogModule& catalog, AccountsModule& accounts)
    : propose_throttle(base.clock, {1000000, 5, std::chrono::hours(1)}, base.attempts.get(),
                       "event_proposals"),
      events(*base.storage->events, *catalog.catalog, base.clock, propose_throttle),
      pages(events, *catalog.catalog, base.region.gazetteer, *base.views, *catalog.pages,
            accounts.auth, base.config.public_url) {
  catalog.pages->SetEvents(&events);
}

void EventsModule::AddRoutes(RouteTable& routes) {
  using EP = web::EventPages;
  routes.Page("GET", "/events", Access::kPublic, pages, &EP::List);
  routes.Page("GET", "/events.ics", Access::kPublic, pages, &EP::Calendar);
  routes.Page("GET", "/events/propose", Access::kPublic, pages, &EP::ProposeForm);
  routes.Page("POST", "/events/propose", Access::kPublic, pages, &EP::Propose);
  routes.Page("GET", "/events/{id}", Access::kPublic, pages, &EP::Item);
  routes.Page("GET", "/editor/events", Access::kEditor, pages, &EP::Queue);
  routes.Page("POST", "/editor/events/{id}/publish", Access::kEditor, pages, &EP::Publish);
  routes.Page("POST", "/editor/events/{id}/reject", Access::kEditor, pages, &EP::Reject);
}

}  // namespace doma::app
