#include "app/modules/modules.h"
#include "app/wiring.h"
#include "core/log.h"

namespace doma::app {
using http::Exec;
using http::Request;
using http::Response;

namespace {
notify::Channel& Either(std::unique_ptr<notify::Channel>& chosen, notify::Channel& fallback) {
  return chosen ? *chosen : fallback;
}
}  // namespace

OpsModule::OpsModule(Base& base, CatalogModule& catalog)
    : base_(base),
      catalog_(catalog),
      log_channel_(OutboxLog(base.config)),
      smtp_(base.config.smtp_url.empty() ? nullptr
                                         : std::make_unique<delivery::SmtpChannel>(
                                               base.config.smtp_url, base.config.mail_from)),
      webhook_(base.config.sms_webhook.empty()
                   ? nullptr
                   : std::make_unique<delivery::WebhookChannel>(base.config.sms_webhook)),
      sender_(*base.storage->outbox, Either(smtp_, log_channel_), Either(webhook_, log_channel_),
              base.clock),
      // Woken every second; stopped with the server.
      sender_task_("outbox sender", std::chrono::seconds(1), [this] {
        if (auto r = sender_.RunOnce(); !r)
          log::Error("outbox sender failed", {{"detail", r.error().log_detail}});
      }) {
  base.metrics.AddGauge("doma_outbox_pending", "Notifications waiting to be delivered.", [&base] {
    return static_cast<double>(base.storage->outbox->CountPending().value_or(-1));
  });
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
