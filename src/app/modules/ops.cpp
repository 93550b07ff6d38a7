#include "app/modules/modules.h"
#include "app/wiring.h"
#include "core/disk.h"
#include "core/log.h"

namespace doma::app {
using http::Exec;
using http::Request;
using http::Response;

OpsModule::OpsModule(Base& base, CatalogModule& catalog)
    : base_(base),
      catalog_(catalog),
      // Every second; stopped with the server.
      sender_task_("outbox sender", std::chrono::seconds(1),
                   [this] {
                     if (auto r = sender_->RunOnce(); !r)
                       log::Error("outbox sender failed", {{"detail", r.error().log_detail}});
                   }),
      retention_task_("outbox retention", std::chrono::hours(1), [this] { EraseDelivered(); }) {
  base.metrics.AddGauge("doma_outbox_pending", "Notifications waiting to be delivered.", [&base] {
    return static_cast<double>(base.storage->outbox->CountPending().value_or(-1));
  });
  base.metrics.AddCounter(
      "doma_outbox_send_failures_total",
      "Delivery attempts that failed (each is tried again later, up to five times).",
      [this] { return sender_ ? static_cast<double>(sender_->Failures()) : 0.0; });
  base.metrics.AddCounter(
      "doma_outbox_given_up_total", "Notifications given up after their last attempt failed.",
      [this] { return sender_ ? static_cast<double>(sender_->GivenUp()) : 0.0; });
  base.metrics.AddGauge("doma_outbox_sender_age_seconds",
                        "Seconds since the outbox sender last ran (every second when well).",
                        [this] { return sender_task_.SecondsSinceLastRun(); });
  base.metrics.AddGauge(
      "doma_disk_free_bytes",
      "Free space on the disk of the database (writes are refused with 503 when it runs out).",
      [&base] {
        auto free = FreeBytesAt(base.config.db_path);
        return free ? static_cast<double>(*free) : -1.0;
      });
}

void OpsModule::StartSender() {
  const Config& c = base_.config;
  log_channel_ = std::make_unique<delivery::LogChannel>(OutboxLog(c), base_.clock);
  if (!c.smtp_url.empty()) smtp_ = std::make_unique<delivery::SmtpChannel>(c.smtp_url, c.mail_from);
  if (!c.sms_webhook.empty()) webhook_ = std::make_unique<delivery::WebhookChannel>(c.sms_webhook);
  sender_ = std::make_unique<notify::Sender>(*base_.storage->outbox, smtp_ ? *smtp_ : *log_channel_,
                                             webhook_ ? *webhook_ : *log_channel_, base_.clock);
  // A start on a nearly full disk serves what is stored and refuses writes
  // (503) until space is freed; the administrator hears it now, not later.
  if (auto free = FreeBytesAt(c.db_path); free && *free < (64ull << 20))
    log::Warn(
        "little free space on the database's disk: writes will be refused when it runs out",
        {{"free_bytes", static_cast<long long>(*free)}, {"database", storage::Shown(c.db_path)}});
  sender_task_.Start();
  retention_task_.Start();  // runs at once: a server restarted daily would never wait an hour
}

void OpsModule::EraseDelivered() {
  auto cutoff =
      FormatIso(base_.clock.Now() - std::chrono::days(base_.config.outbox_retention_days));
  // This node's own file, always; what is in the database, by one node.
  auto pruned = log_channel_->Prune(cutoff);
  if (!pruned) log::Error("outbox log retention failed", {{"detail", pruned.error().log_detail}});
  Result<int> erased = 0;
  if (base_.storage->leads()) {
    erased = base_.storage->outbox->EraseDelivered(cutoff);
    if (!erased) log::Error("outbox retention failed", {{"detail", erased.error().log_detail}});
    auto forgotten = base_.storage->accounts->ForgetExpiredSignUps(base_.clock.NowIso());
    if (!forgotten)
      log::Error("pending sign-ups retention failed", {{"detail", forgotten.error().log_detail}});
    if (base_.storage->changes)
      if (auto r = base_.storage->changes->Prune(ChangesModule::kKeep); !r)
        log::Error("change feed retention failed", {{"detail", r.error().log_detail}});
  }
  if ((erased && *erased > 0) || (pruned && *pruned > 0))
    log::Info("outbox retention", {{"messages_deleted", erased.value_or(0)},
                                   {"log_lines_deleted", pruned.value_or(0)}});
}

void OpsModule::AddRoutes(RouteTable& routes) {
  auto file = [&](std::string pattern, http::StaticFiles& files, std::string name) {
    routes.Add({{"GET"},
                std::move(pattern),
                [&files, name](Request& req) {
                  return files.Serve(req, name.empty() ? req.params["path"] : name);
                },
                Exec::kInline,
                "public"});
  };
  file("/static/{path*}", base_.statics, "");
  file("/vendor/leaflet/{path*}", base_.leaflet, "");
  file("/favicon.ico", base_.statics, "favicon.svg");
  file("/robots.txt", base_.statics, "robots.txt");
  routes.Add({{"GET"},
              "/healthz",
              [](Request&) { return Response::Text(200, "ok\n"); },
              Exec::kInline,
              "public"});
  routes.Add({{"GET"},
              "/readyz",
              [this](Request&) {
                return catalog_.Ready()
                           ? Response::Text(200, "ready\n")
                           : Response::Text(503, "not ready: database or search index\n");
              },
              Exec::kWorker,
              "public"});
  routes.Add({{"GET"},
              "/metrics",
              [&m = base_.metrics](Request&) {
                auto res = Response::Text(200, m.Render());
                res.content_type = "text/plain; version=0.0.4; charset=utf-8";
                return res;
              },
              Exec::kWorker,
              "public"});
}

}  // namespace doma::app
