#include "app/modules/modules.h"

namespace doma::app {
using web::Access;

namespace {
accounts::SessionPolicy SessionsFor(const Config& c) {
  return {std::chrono::hours(c.session_idle_h), std::chrono::hours(c.session_max_h),
          std::chrono::hours(c.staff_idle_h), std::chrono::hours(c.staff_max_h)};
}
}  // namespace

AccountsModule::AccountsModule(Base& base, CatalogModule& catalog)
    : throttle(base.clock, {}, base.attempts.get(), "login"),
      accounts(*base.storage->accounts, hasher, base.secrets, base.clock, throttle,
               SessionsFor(base.config)),
      auth(accounts, base.secrets, {base.config.tls}),
      pages(auth, *base.views, *catalog.pages) {}

api::ApiGuard AccountsModule::ApiGuard() {
  return api::ApiGuard(accounts, {auth.SessionCookieName(), auth.CsrfCookieName()});
}

void AccountsModule::AddRoutes(RouteTable& routes) {
  using AP = web::AccountPages;
  // Password hashing runs on the small "slow" pool.
  constexpr auto kSlow = http::Exec::kSlow;
  routes.Page("GET", "/signup", Access::kPublic, pages, &AP::SignUpForm);
  routes.Page("POST", "/signup", Access::kPublic, pages, &AP::SignUp, kSlow);
  routes.Page("POST", "/signup/confirm", Access::kPublic, pages, &AP::ConfirmSignUp);
  routes.Page("GET", "/login", Access::kPublic, pages, &AP::LoginForm);
  routes.Page("POST", "/login", Access::kPublic, pages, &AP::Login, kSlow);
  routes.Page("POST", "/logout", Access::kPublic, pages, &AP::Logout);
  routes.Page("GET", "/password/forgot", Access::kPublic, pages, &AP::ForgotForm);
  routes.Page("POST", "/password/forgot", Access::kPublic, pages, &AP::Forgot);
  routes.Page("GET", "/password/reset", Access::kPublic, pages, &AP::ResetForm);
  routes.Page("POST", "/password/reset", Access::kPublic, pages, &AP::Reset, kSlow);
  routes.Page("GET", "/account", Access::kSignedIn, pages, &AP::Account);
  routes.Page("POST", "/account/password", Access::kSignedIn, pages, &AP::ChangePassword, kSlow);
  routes.Page("POST", "/account/logout-everywhere", Access::kSignedIn, pages,
              &AP::LogoutEverywhere);
  // Administration
  routes.Page("GET", "/admin/users", Access::kAdmin, pages, &AP::Users);
  routes.Page("POST", "/admin/users/{id}/roles", Access::kAdmin, pages, &AP::ChangeRole);
  routes.Page("GET", "/admin/audit", Access::kAdmin, pages, &AP::Audit);
  routes.Page("GET", "/admin/tokens", Access::kAdmin, pages, &AP::Tokens);
  routes.Page("POST", "/admin/tokens", Access::kAdmin, pages, &AP::IssueToken);
  routes.Page("POST", "/admin/tokens/{id}/revoke", Access::kAdmin, pages, &AP::RevokeToken);
}

}  // namespace doma::app
