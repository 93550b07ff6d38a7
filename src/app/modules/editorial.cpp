#include "app/modules/modules.h"

namespace doma::app {
using web::Access;

EditorialModule::EditorialModule(Base& base, CatalogModule& catalog, AccountsModule& accounts)
    : propose_throttle(base.clock, {1000000, 5, std::chrono::hours(1)}, base.attempts.get(),
                       "proposals"),
      editorial(*base.storage->editorial, *base.storage->catalog, *catalog.index, *catalog.catalog,
                base.clock, propose_throttle, base.config.public_url),
      pages(editorial, *catalog.catalog, *base.views, *catalog.pages, accounts.auth),
      api(editorial, accounts.ApiGuard()) {}

void EditorialModule::AddRoutes(RouteTable& routes) {
  using EP = web::EditorPages;
  routes.Page("GET", "/services/propose", Access::kPublic, pages, &EP::ProposeForm);
  routes.Page("POST", "/services/propose", Access::kPublic, pages, &EP::Propose);
  routes.Page("GET", "/editor", Access::kEditor, pages, &EP::Desk);
  routes.Page("GET", "/editor/submissions/{id}", Access::kEditor, pages, &EP::Submission);
  routes.Page("POST", "/editor/submissions/{id}/approve", Access::kEditor, pages, &EP::Approve);
  routes.Page("POST", "/editor/submissions/{id}/reject", Access::kEditor, pages, &EP::Reject);
  routes.Page("GET", "/editor/services/{id}/edit", Access::kEditor, pages, &EP::EditForm);
  routes.Page("POST", "/editor/services/{id}/edit", Access::kEditor, pages, &EP::Edit);
  routes.Page("GET", "/editor/services/{id}/history", Access::kEditor, pages, &EP::History);
  routes.Page("POST", "/editor/services/{id}/verify", Access::kEditor, pages, &EP::Verify);
  routes.Page("GET", "/editor/services/new", Access::kEditor, pages, &EP::NewForm);
  routes.Page("POST", "/editor/services/new", Access::kEditor, pages, &EP::Create);
  routes.Page("GET", "/editor/categories", Access::kEditor, pages, &EP::Categories);
  routes.Page("POST", "/editor/categories", Access::kEditor, pages, &EP::SaveCategory);
  routes.Api("POST", "/api/v1/submissions", "token-or-session", api, &api::SubmissionsApi::Create);
}

}  // namespace doma::app
