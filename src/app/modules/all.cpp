#include "api/problem.h"
#include "app/modules/modules.h"
#include "app/wiring.h"

namespace doma::app {

Result<std::unique_ptr<Modules>> Modules::Open(const Config& c) {
  auto m = std::make_unique<Modules>();
  auto base = Base::Open(c);
  if (!base) return Fail(base.error());
  m->base = std::move(*base);
  Base& b = *m->base;
  auto catalog = CatalogModule::Open(b);
  if (!catalog) return Fail(catalog.error());
  m->catalog = std::move(*catalog);
  m->accounts.emplace(b, *m->catalog);
  m->editorial.emplace(b, *m->catalog, *m->accounts);
  m->news.emplace(b, *m->catalog);
  m->events.emplace(b, *m->catalog, *m->accounts);
  auto help = HelpModule::Open(b, *m->catalog, *m->accounts);
  if (!help) return Fail(help.error());
  m->help = std::move(*help);
  m->outreach.emplace(b, *m->catalog, *m->help, *m->accounts);
  m->ops.emplace(b, *m->catalog);
  if (b.storage->changes) {
    m->changes.emplace(*b.storage->changes, *m->catalog, *m->help);
    b.metrics.AddGauge("doma_change_feed_age_seconds",
                       "Seconds since this node last read the database's change feed (at least "
                       "every second; more: the database is away, and this node serves what it "
                       "had).",
                       [c = &*m->changes] { return c->SecondsSinceRead(); });
  }

  m->routes.emplace(m->accounts->auth, *m->catalog->pages);
  m->catalog->AddRoutes(*m->routes);
  m->accounts->AddRoutes(*m->routes);
  m->editorial->AddRoutes(*m->routes);
  m->news->AddRoutes(*m->routes);
  m->events->AddRoutes(*m->routes);
  m->help->AddRoutes(*m->routes);
  m->outreach->AddRoutes(*m->routes);
  m->ops->AddRoutes(*m->routes);
  return m;
}

Result<Modules::Loaded> Modules::Load() {
  if (changes)
    if (auto r = changes->Mark(); !r) return Fail(Describe(r.error()));
  help->StartLoading();
  auto indexed = catalog->Start();
  auto open_requests = help->FinishLoading();
  if (!indexed) return Fail(indexed.error());
  if (!open_requests) return Fail(open_requests.error());
  catalog->index->SetReady();
  return Loaded{*indexed, *open_requests};
}

void Modules::StartBackground() {
  ops->StartSender();
  help->StartJobs();
  outreach->StartJobs();
  if (changes) changes->Start();
}

void Modules::Stop() {
  if (changes) changes->Stop();
  outreach->Stop();
  help->Stop();
  ops->Stop();
  catalog->Stop();
}

http::ErrorRenderer Modules::ErrorPages() {
  return
      [&pages = *catalog->pages](const http::Request* req, int status, const std::string& message) {
        if (req && req->path.starts_with("/api/"))
          return api::Problem(status, message, "", req->request_id);
        return pages.Error(req, status, message);
      };
}

}  // namespace doma::app
