// Following the database's change feed: other nodes (PostgreSQL), and the
// commands that write beside a running server (`doma import`, `doma seed`).
#include <set>

#include "app/modules/modules.h"
#include "app/wiring.h"
#include "core/clock.h"
#include "core/log.h"

namespace doma::app {

using changes::Change;

double ChangesModule::SecondsSinceRead() const {
  long long last = last_read_ms_.load();
  return last == 0 ? 0.0 : static_cast<double>(SteadyMillis() - last) / 1000.0;
}

void ChangesModule::Start() {
  last_read_ms_ = SteadyMillis();
  thread_ = std::jthread([this](std::stop_token stop) { Follow(stop); });
}

void ChangesModule::Stop() {
  if (thread_.joinable()) {
    thread_.request_stop();
    thread_.join();
  }
}

void ChangesModule::Follow(std::stop_token stop) {
  using Clock = std::chrono::steady_clock;
  auto last_read = Clock::now();
  bool failing = false;
  bool reload = false;  // a batch could not be applied: reread everything
  while (!stop.stop_requested()) {
    auto batch = feed_.Next(1000);
    if (!batch) {
      // The database is away (a restart, a failover): keep serving what is
      // in memory, say so once, and catch up when it is back.
      if (!failing) log::Warn("change feed not read", {{"detail", batch.error().log_detail}});
      failing = true;
      feed_.Wait(std::chrono::seconds(1));
      continue;
    }
    if (failing) log::Info("change feed read again");
    failing = false;
    last_read_ms_ = SteadyMillis();
    // Changes may have been pruned unread, or a batch was lost to an
    // error: reread everything instead.
    if (reload || Clock::now() - last_read > kKeep / 2) {
      reload = false;
      if (auto r = ReloadAll(); !r) {
        log::Warn("memory not reloaded", {{"detail", r.error().log_detail}});
        reload = true;
      }
    }
    last_read = Clock::now();
    if (batch->empty()) {
      feed_.Wait(std::chrono::seconds(1));
      continue;
    }
    if (auto r = Apply(*batch); !r) {
      log::Warn("changes not applied", {{"detail", r.error().log_detail}});
      reload = true;
    }
  }
}

Status ChangesModule::Apply(const std::vector<Change>& batch) {
  std::set<long long> services, requests;
  bool categories = false;
  for (const auto& ch : batch) {
    switch (ch.kind) {
      case Change::Kind::kService: services.insert(ch.key); break;
      case Change::Kind::kCategory: categories = true; break;
      case Change::Kind::kHelpRequest: requests.insert(ch.key); break;
    }
  }
  auto& catalog = *catalog_.catalog;
  if (categories) {
    // A category's name is in every card and facet of its services: index
    // them all again (categories change rarely, by an administrator).
    catalog.ForgetCategories();
    if (auto r = catalog.RebuildIndex(); !r) return Fail(r.error());
  } else if (!services.empty()) {
    if (auto r = catalog.Refresh({services.begin(), services.end()}); !r) return r;
  }
  for (long long id : requests)
    if (auto r = help_.help.Refresh(id); !r) return r;
  return {};
}

Status ChangesModule::ReloadAll() {
  catalog_.catalog->ForgetCategories();
  if (auto r = catalog_.catalog->RebuildIndex(); !r) return Fail(r.error());
  if (auto r = help_.help.LoadFeed(); !r) return Fail(r.error());
  log::Info("memory reloaded from the database after a long gap in the change feed");
  return {};
}

}  // namespace doma::app
