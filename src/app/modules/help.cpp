#include "app/modules/modules.h"
#include "app/wiring.h"
#include "core/log.h"

namespace doma::app {
using web::Access;

namespace {
// One run of the scheduled jobs, reported in the log (no personal data).
void RunJobs(help::Help& h) {
  auto r = h.RunScheduledJobs();
  if (!r) {
    log::Error("help jobs failed", {{"detail", r.error().log_detail}});
    return;
  }
  for (const auto& f : r->failures) log::Error("help job skipped a request", {{"detail", f}});
  if (r->expired + r->auto_confirmed + r->recurred + r->erased + r->escalated + r->stuck_closed > 0)
    log::Info("help jobs", {{"expired", r->expired},
                            {"auto_confirmed", r->auto_confirmed},
                            {"repeated", r->recurred},
                            {"erased", r->erased},
                            {"escalated", r->escalated},
                            {"stuck_closed", r->stuck_closed}});
}
}  // namespace

HelpModule::HelpModule(Base& base, help::Gazetteer g)
    : gazetteer(std::move(g)),
      geocoder(gazetteer),
      help(*base.storage->help, gazetteer, geocoder, base.secrets, base.clock,
           PolicyFor(base.config, base.region.region)),
      jobs_("help jobs", std::chrono::minutes(1), [this, &base] {
        if (base.storage->leads()) RunJobs(help);
      }) {}

Result<std::unique_ptr<HelpModule>> HelpModule::Open(Base& base, CatalogModule& catalog,
                                                     AccountsModule& accounts) {
  auto m = std::make_unique<HelpModule>(base, base.region.gazetteer);
  m->pages.emplace(m->help, accounts.auth, *base.views, *catalog.pages,
                   web::MapOptions{base.config.tile_url, "© OpenStreetMap"});
  m->api.emplace(m->help, accounts.ApiGuard());
  m->help.UseAttemptStore(base.attempts.get());
  base.metrics.AddGauge("doma_help_open_requests", "Open help requests in the volunteers' feed.",
                        [h = &m->help] { return static_cast<double>(h->FeedSize()); });
  base.metrics.AddGauge(
      "doma_help_jobs_age_seconds",
      "Seconds since the help jobs (expiry, weekly repeats, erasure, alerts) last ran; they run "
      "every minute, so more than a few minutes means the scheduler is stuck.",
      [t = &m->jobs_] { return t->SecondsSinceLastRun(); });
  return m;
}

void HelpModule::StartLoading() {
  loading_ = std::async(std::launch::async, [this]() -> Result<std::size_t> {
    auto started = std::chrono::steady_clock::now();
    auto n = help.LoadFeed();
    if (n)
      log::Info("help feed loaded", {{"open_help_requests", static_cast<long long>(*n)},
                                     {"ms", std::chrono::duration_cast<std::chrono::milliseconds>(
                                                std::chrono::steady_clock::now() - started)
                                                .count()}});
    return n;
  });
}

Result<std::size_t> HelpModule::FinishLoading() {
  auto n = loading_.get();
  if (!n) return Fail(Describe(n.error()));
  return n;
}

void HelpModule::AddRoutes(RouteTable& routes) {
  using HP = web::HelpPages;
  auto& p = *pages;
  // Public: the landing page and the badge check at the door.
  routes.Page("GET", "/help", Access::kPublic, p, &HP::Landing);
  routes.Page("GET", "/check", Access::kPublic, p, &HP::CheckForm);
  routes.Page("GET", "/check/{badge}", Access::kPublic, p, &HP::CheckBadge);
  // Requesters
  // Asking needs no account: without one, the phone is confirmed by a code
  // (or a coordinator's call), and the request followed by its number and
  // code word.
  routes.Page("GET", "/help/ask", Access::kPublic, p, &HP::AskForm);
  routes.Page("POST", "/help/ask", Access::kPublic, p, &HP::Ask);
  routes.Page("POST", "/help/ask/confirm", Access::kPublic, p, &HP::AskConfirm);
  routes.Page("GET", "/help/status", Access::kPublic, p, &HP::StatusForm);
  routes.Page("POST", "/help/status", Access::kPublic, p, &HP::Status);
  routes.Page("POST", "/help/status/cancel", Access::kPublic, p, &HP::StatusCancel);
  routes.Page("POST", "/help/status/confirm", Access::kPublic, p, &HP::StatusConfirm);
  routes.Page("POST", "/help/status/erase", Access::kPublic, p, &HP::StatusErase);
  routes.Page("GET", "/help/mine", Access::kSignedIn, p, &HP::Mine);
  routes.Page("GET", "/help/requests/{id}", Access::kSignedIn, p, &HP::Request);
  routes.Page("POST", "/help/requests/{id}/confirm", Access::kSignedIn, p, &HP::Confirm);
  routes.Page("POST", "/help/requests/{id}/cancel", Access::kSignedIn, p, &HP::Cancel);
  routes.Page("POST", "/help/requests/{id}/erase", Access::kSignedIn, p, &HP::Erase);
  // Volunteers
  routes.Page("POST", "/help/requests/{id}/take", Access::kSignedIn, p, &HP::Take);
  routes.Page("POST", "/help/requests/{id}/release", Access::kSignedIn, p, &HP::Release);
  routes.Page("POST", "/help/requests/{id}/complete", Access::kSignedIn, p, &HP::Complete);
  // The route's earlier name: a request page opened before an upgrade still
  // posts there.
  routes.Page("POST", "/help/requests/{id}/done", Access::kSignedIn, p, &HP::Complete);
  routes.Page("GET", "/volunteer", Access::kSignedIn, p, &HP::Feed);
  routes.Page("GET", "/volunteer/signup", Access::kSignedIn, p, &HP::VolunteerForm);
  routes.Page("POST", "/volunteer/signup", Access::kSignedIn, p, &HP::VolunteerSignUp);
  routes.Page("POST", "/volunteer/location", Access::kSignedIn, p, &HP::Location);
  // Coordinators
  routes.Page("POST", "/help/requests/{id}/assign", Access::kCoordinator, p, &HP::Assign);
  routes.Page("POST", "/help/requests/{id}/merge", Access::kCoordinator, p, &HP::Merge);
  routes.Page("GET", "/coordinator", Access::kCoordinator, p, &HP::Dashboard);
  routes.Page("GET", "/coordinator/call", Access::kCoordinator, p, &HP::CallForm);
  routes.Page("POST", "/coordinator/call", Access::kCoordinator, p, &HP::Call);
  routes.Page("GET", "/coordinator/volunteers", Access::kCoordinator, p, &HP::Volunteers);
  routes.Page("GET", "/coordinator/volunteers/{id}", Access::kCoordinator, p, &HP::VolunteerCard);
  routes.Page("POST", "/coordinator/volunteers/{id}/verify", Access::kCoordinator, p, &HP::Verify);
  routes.Page("POST", "/coordinator/volunteers/{id}/suspend", Access::kCoordinator, p,
              &HP::Suspend);
  routes.Page("POST", "/coordinator/volunteers/{id}/reinstate", Access::kCoordinator, p,
              &HP::Reinstate);
  routes.Page("GET", "/coordinator/map", Access::kCoordinator, p, &HP::Map);
  routes.Page("GET", "/coordinator/callbacks", Access::kCoordinator, p, &HP::CallBacks);
  routes.Page("POST", "/coordinator/callbacks/{id}/confirm", Access::kCoordinator, p,
              &HP::CallBackConfirm);
  routes.Page("POST", "/coordinator/callbacks/{id}/drop", Access::kCoordinator, p,
              &HP::CallBackDrop);

  // The API: "public" reads, or "session" (a session cookie; writes also need
  // X-CSRF-Token). Who may do what beyond that is the domain's answer.
  using HA = api::HelpApi;
  auto& a = *api;
  routes.Api("GET", "/api/v1/help/places", "public", a, &HA::Places);
  routes.Api("GET", "/api/v1/help/badges/{badge}", "public", a, &HA::CheckBadge);
  routes.Api("POST", "/api/v1/help/requests", "session", a, &HA::CreateRequest);
  routes.Api("GET", "/api/v1/help/requests", "session", a, &HA::MyRequests);
  routes.Api("GET", "/api/v1/help/requests/{id}", "session", a, &HA::GetRequest);
  routes.Api("POST", "/api/v1/help/requests/{id}/take", "session", a, &HA::Take);
  routes.Api("POST", "/api/v1/help/requests/{id}/release", "session", a, &HA::Release);
  routes.Api("POST", "/api/v1/help/requests/{id}/complete", "session", a, &HA::Complete);
  routes.Api("POST", "/api/v1/help/requests/{id}/confirm", "session", a, &HA::Confirm);
  routes.Api("POST", "/api/v1/help/requests/{id}/cancel", "session", a, &HA::Cancel);
  routes.Api("POST", "/api/v1/help/requests/{id}/erase", "session", a, &HA::Erase);
  routes.Api("POST", "/api/v1/help/requests/{id}/assign", "session", a, &HA::Assign);
  routes.Api("POST", "/api/v1/help/requests/{id}/merge", "session", a, &HA::Merge);
  routes.Api("GET", "/api/v1/help/feed", "session", a, &HA::Feed);
  routes.Api("GET", "/api/v1/help/tasks", "session", a, &HA::Tasks);
  routes.Api("GET", "/api/v1/help/volunteer", "session", a, &HA::Volunteer);
  routes.Api("POST", "/api/v1/help/volunteer", "session", a, &HA::RegisterVolunteer);
  routes.Api("POST", "/api/v1/help/volunteer/location", "session", a, &HA::SetLocation);
  routes.Api("GET", "/api/v1/help/dashboard", "session", a, &HA::Dashboard);
  routes.Api("GET", "/api/v1/help/volunteers", "session", a, &HA::Volunteers);
  routes.Api("POST", "/api/v1/help/volunteers/{id}/verify", "session", a, &HA::VerifyVolunteer);
  routes.Api("POST", "/api/v1/help/volunteers/{id}/suspend", "session", a, &HA::SuspendVolunteer);
  routes.Api("POST", "/api/v1/help/volunteers/{id}/reinstate", "session", a,
             &HA::ReinstateVolunteer);
}

}  // namespace doma::app
