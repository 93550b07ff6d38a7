#include "app/routes.h"

#include "web/guard.h"

namespace doma::app {

using http::Exec;
using http::Request;
using http::Response;
using web::Access;
using web::Who;

namespace {

const char* AccessName(Access a) {
  switch (a) {
    case Access::kPublic:
      return "public";
    case Access::kSignedIn:
      return "signed-in";
    case Access::kEditor:
      return "editor";
    case Access::kAdmin:
      return "admin";
    case Access::kCoordinator:
      return "coordinator";
  }
  return "public";
}

}  // namespace

http::Router BuildRoutes(Components c) {
  http::Router r;
  // An HTML route: always behind the guard, with an explicit access level.
  auto web = [&](std::string method, std::string pattern, Access access, web::WebHandler h,
                 Exec exec = Exec::kWorker) {
    r.Add({{std::move(method)},
           std::move(pattern),
           web::Guard(c.auth, c.pages, access, std::move(h)),
           exec,
           AccessName(access)});
  };
  auto page = [&](std::string pattern, Response (web::Pages::*fn)(Request&)) {
    web("GET", std::move(pattern), Access::kPublic,
        [&p = c.pages, fn](Request& req, const Who&) { return (p.*fn)(req); });
  };
  using AP = web::AccountPages;
  auto account = [&](std::string method, std::string pattern, Access access,
                     Response (AP::*fn)(Request&, const Who&), Exec exec = Exec::kWorker) {
    web(
        std::move(method), std::move(pattern), access,
        [&a = c.account_pages, fn](Request& req, const Who& who) { return (a.*fn)(req, who); },
        exec);
  };
  using EP = web::EditorPages;
  auto editor = [&](std::string method, std::string pattern, Access access,
                    Response (EP::*fn)(Request&, const Who&)) {
    web(std::move(method), std::move(pattern), access,
        [&e = c.editor_pages, fn](Request& req, const Who& who) { return (e.*fn)(req, who); });
  };
  using NP = web::NewsPages;
  auto news = [&](std::string method, std::string pattern, Access access,
                  Response (NP::*fn)(Request&, const Who&)) {
    web(std::move(method), std::move(pattern), access,
        [&n = c.news_pages, fn](Request& req, const Who& who) { return (n.*fn)(req, who); });
  };
  using HP = web::HelpPages;
  auto help = [&](std::string method, std::string pattern, Access access,
                  Response (HP::*fn)(Request&, const Who&)) {
    web(std::move(method), std::move(pattern), access,
        [&h = c.help_pages, fn](Request& req, const Who& who) { return (h.*fn)(req, who); });
  };
  // The help API: "public" reads, or "session" (a session cookie; writes also
  // need X-CSRF-Token). Who may do what beyond that is the domain's answer.
  using HA = api::HelpApi;
  auto hapi = [&](std::string method, std::string pattern, const char* access,
                  Response (HA::*fn)(Request&)) {
    r.Add({{std::move(method)},
           std::move(pattern),
           [&a = c.help_api, fn](Request& req) { return (a.*fn)(req); },
           Exec::kWorker,
           access});
  };
  auto api = [&](std::string pattern, Response (api::ServicesApi::*fn)(Request&)) {
    r.Add({{"GET"},
           std::move(pattern),
           [&a = c.api, fn](Request& req) { return (a.*fn)(req); },
           Exec::kWorker,
           "public"});
  };

  // Catalog pages
  page("/", &web::Pages::Home);
  // Search and category pages: an anonymous visitor's repeated question is
  // answered from the page cache on the I/O thread.
  auto cached_page = [&](std::string pattern, Response (web::Pages::*fn)(Request&)) {
    page(pattern, fn);
    http::Route route = r.routes().back();
    route.fast = [&p = c.pages, cookie = c.auth.SessionCookieName()](Request& req) {
      return p.CachedResults(req, req.Cookie(cookie).has_value());
    };
    r.ReplaceLast(std::move(route));
  };
  cached_page("/search", &web::Pages::Search);
  page("/services/{id}", &web::Pages::Service);
  page("/go/{id}", &web::Pages::Go);
  cached_page("/categories/{slug}", &web::Pages::Category);
  page("/a11y", &web::Pages::Accessibility);

  // Accounts (password hashing runs on the small "slow" pool)
  account("GET", "/signup", Access::kPublic, &AP::SignUpForm);
  account("POST", "/signup", Access::kPublic, &AP::SignUp, Exec::kSlow);
  account("GET", "/login", Access::kPublic, &AP::LoginForm);
  account("POST", "/login", Access::kPublic, &AP::Login, Exec::kSlow);
  account("POST", "/logout", Access::kPublic, &AP::Logout);
  account("GET", "/password/forgot", Access::kPublic, &AP::ForgotForm);
  account("POST", "/password/forgot", Access::kPublic, &AP::Forgot);
  account("GET", "/password/reset", Access::kPublic, &AP::ResetForm);
  account("POST", "/password/reset", Access::kPublic, &AP::Reset, Exec::kSlow);
  account("GET", "/account", Access::kSignedIn, &AP::Account);
  account("POST", "/account/password", Access::kSignedIn, &AP::ChangePassword, Exec::kSlow);
  account("POST", "/account/logout-everywhere", Access::kSignedIn, &AP::LogoutEverywhere);

  // Proposals and the editor's desk
  editor("GET", "/services/propose", Access::kPublic, &EP::ProposeForm);
  editor("POST", "/services/propose", Access::kPublic, &EP::Propose);
  editor("GET", "/editor", Access::kEditor, &EP::Desk);
  editor("GET", "/editor/submissions/{id}", Access::kEditor, &EP::Submission);
  editor("POST", "/editor/submissions/{id}/approve", Access::kEditor, &EP::Approve);
  editor("POST", "/editor/submissions/{id}/reject", Access::kEditor, &EP::Reject);
  editor("GET", "/editor/services/{id}/edit", Access::kEditor, &EP::EditForm);
  editor("POST", "/editor/services/{id}/edit", Access::kEditor, &EP::Edit);
  editor("GET", "/editor/services/{id}/history", Access::kEditor, &EP::History);
  editor("POST", "/editor/services/{id}/verify", Access::kEditor, &EP::Verify);
  editor("GET", "/editor/services/new", Access::kEditor, &EP::NewForm);
  editor("POST", "/editor/services/new", Access::kEditor, &EP::Create);
  editor("GET", "/editor/categories", Access::kEditor, &EP::Categories);
  editor("POST", "/editor/categories", Access::kEditor, &EP::SaveCategory);

  // News, feeds, sitemap
  news("GET", "/news", Access::kPublic, &NP::List);
  news("GET", "/news/{id}", Access::kPublic, &NP::Item);
  news("GET", "/editor/news", Access::kEditor, &NP::EditorForm);
  news("POST", "/editor/news", Access::kEditor, &NP::Publish);
  news("GET", "/news.atom", Access::kPublic, &NP::NewsFeed);
  news("GET", "/services.atom", Access::kPublic, &NP::ServicesFeed);
  news("GET", "/sitemap.xml", Access::kPublic, &NP::Sitemap);

  // Help at home
  help("GET", "/help", Access::kPublic, &HP::Landing);
  help("GET", "/check", Access::kPublic, &HP::CheckForm);
  help("GET", "/check/{badge}", Access::kPublic, &HP::CheckBadge);
  help("GET", "/help/ask", Access::kSignedIn, &HP::AskForm);
  help("POST", "/help/ask", Access::kSignedIn, &HP::Ask);
  help("GET", "/help/mine", Access::kSignedIn, &HP::Mine);
  help("GET", "/help/requests/{id}", Access::kSignedIn, &HP::Request);
  help("POST", "/help/requests/{id}/take", Access::kSignedIn, &HP::Take);
  help("POST", "/help/requests/{id}/release", Access::kSignedIn, &HP::Release);
  help("POST", "/help/requests/{id}/done", Access::kSignedIn, &HP::Done);
  help("POST", "/help/requests/{id}/confirm", Access::kSignedIn, &HP::Confirm);
  help("POST", "/help/requests/{id}/cancel", Access::kSignedIn, &HP::Cancel);
  help("POST", "/help/requests/{id}/erase", Access::kSignedIn, &HP::Erase);
  help("POST", "/help/requests/{id}/assign", Access::kCoordinator, &HP::Assign);
  help("POST", "/help/requests/{id}/merge", Access::kCoordinator, &HP::Merge);
  help("GET", "/volunteer", Access::kSignedIn, &HP::Feed);
  help("GET", "/volunteer/signup", Access::kSignedIn, &HP::VolunteerForm);
  help("POST", "/volunteer/signup", Access::kSignedIn, &HP::VolunteerSignUp);
  help("POST", "/volunteer/location", Access::kSignedIn, &HP::Location);
  help("GET", "/coordinator", Access::kCoordinator, &HP::Dashboard);
  help("GET", "/coordinator/call", Access::kCoordinator, &HP::CallForm);
  help("POST", "/coordinator/call", Access::kCoordinator, &HP::Call);
  help("GET", "/coordinator/volunteers", Access::kCoordinator, &HP::Volunteers);
  help("GET", "/coordinator/volunteers/{id}", Access::kCoordinator, &HP::VolunteerCard);
  help("POST", "/coordinator/volunteers/{id}/verify", Access::kCoordinator, &HP::Verify);
  help("POST", "/coordinator/volunteers/{id}/suspend", Access::kCoordinator, &HP::Suspend);
  help("POST", "/coordinator/volunteers/{id}/reinstate", Access::kCoordinator, &HP::Reinstate);
  help("GET", "/coordinator/map", Access::kCoordinator, &HP::Map);

  // Administration
  account("GET", "/admin/users", Access::kAdmin, &AP::Users);
  account("POST", "/admin/users/{id}/roles", Access::kAdmin, &AP::ChangeRole);
  account("GET", "/admin/audit", Access::kAdmin, &AP::Audit);
  account("GET", "/admin/tokens", Access::kAdmin, &AP::Tokens);
  account("POST", "/admin/tokens", Access::kAdmin, &AP::IssueToken);
  account("POST", "/admin/tokens/{id}/revoke", Access::kAdmin, &AP::RevokeToken);

  // JSON API v1
  api("/api/v1/services", &api::ServicesApi::List);
  api("/api/v1/services/{id}", &api::ServicesApi::Get);
  api("/api/v1/categories", &api::ServicesApi::Categories);
  r.Add({{"POST"},
         "/api/v1/submissions",
         [&a = c.submissions_api](Request& req) { return a.Create(req); },
         Exec::kWorker,
         "token-or-session"});
  hapi("GET", "/api/v1/help/places", "public", &HA::Places);
  hapi("GET", "/api/v1/help/badges/{badge}", "public", &HA::CheckBadge);
  hapi("POST", "/api/v1/help/requests", "session", &HA::CreateRequest);
  hapi("GET", "/api/v1/help/requests", "session", &HA::MyRequests);
  hapi("GET", "/api/v1/help/requests/{id}", "session", &HA::GetRequest);
  hapi("POST", "/api/v1/help/requests/{id}/take", "session", &HA::Take);
  hapi("POST", "/api/v1/help/requests/{id}/release", "session", &HA::Release);
  hapi("POST", "/api/v1/help/requests/{id}/complete", "session", &HA::Complete);
  hapi("POST", "/api/v1/help/requests/{id}/confirm", "session", &HA::Confirm);
  hapi("POST", "/api/v1/help/requests/{id}/cancel", "session", &HA::Cancel);
  hapi("POST", "/api/v1/help/requests/{id}/erase", "session", &HA::Erase);
  hapi("POST", "/api/v1/help/requests/{id}/assign", "session", &HA::Assign);
  hapi("POST", "/api/v1/help/requests/{id}/merge", "session", &HA::Merge);
  hapi("GET", "/api/v1/help/feed", "session", &HA::Feed);
  hapi("GET", "/api/v1/help/tasks", "session", &HA::Tasks);
  hapi("GET", "/api/v1/help/volunteer", "session", &HA::Volunteer);
  hapi("POST", "/api/v1/help/volunteer", "session", &HA::RegisterVolunteer);
  hapi("POST", "/api/v1/help/volunteer/location", "session", &HA::SetLocation);
  hapi("GET", "/api/v1/help/dashboard", "session", &HA::Dashboard);
  hapi("GET", "/api/v1/help/volunteers", "session", &HA::Volunteers);
  hapi("POST", "/api/v1/help/volunteers/{id}/verify", "session", &HA::VerifyVolunteer);
  hapi("POST", "/api/v1/help/volunteers/{id}/suspend", "session", &HA::SuspendVolunteer);
  hapi("POST", "/api/v1/help/volunteers/{id}/reinstate", "session", &HA::ReinstateVolunteer);
  r.Add({{"GET"},
         "/api/v1/openapi.json",
         [&a = c.api](Request& req) { return a.OpenApi(req); },
         Exec::kInline,
         "public"});

  // Assets and operations
  r.Add({{"GET"},
         "/static/{path*}",
         [&s = c.statics](Request& req) { return s.Serve(req, req.params["path"]); },
         Exec::kInline,
         "public"});
  r.Add({{"GET"},
         "/vendor/leaflet/{path*}",
         [&s = c.leaflet](Request& req) { return s.Serve(req, req.params["path"]); },
         Exec::kInline,
         "public"});
  r.Add({{"GET"},
         "/favicon.ico",
         [&s = c.statics](Request& req) { return s.Serve(req, "favicon.svg"); },
         Exec::kInline,
         "public"});
  r.Add({{"GET"},
         "/robots.txt",
         [&s = c.statics](Request& req) { return s.Serve(req, "robots.txt"); },
         Exec::kInline,
         "public"});
  r.Add({{"GET"},
         "/healthz",
         [](Request&) { return Response::Text(200, "ok\n"); },
         Exec::kInline,
         "public"});
  r.Add({{"GET"},
         "/readyz",
         [ready = c.ready](Request&) {
           return ready() ? Response::Text(200, "ready\n")
                          : Response::Text(503, "not ready: database or search index\n");
         },
         Exec::kWorker,
         "public"});
  r.Add({{"GET"},
         "/metrics",
         [&m = c.metrics](Request&) {
           auto res = Response::Text(200, m.Render());
           res.content_type = "text/plain; version=0.0.4; charset=utf-8";
           return res;
         },
         Exec::kWorker,
         "public"});
  return r;
}

}  // namespace doma::app
