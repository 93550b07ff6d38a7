#include "app/modules/modules.h"
#include "core/log.h"

namespace doma::app {
using web::Access;

OutreachModule::OutreachModule(Base& base, CatalogModule& catalog, HelpModule& help,
                               AccountsModule& accounts)
    : figures(*base.storage->catalog, *base.storage->help, help.gazetteer, base.clock),
      pages(
          *catalog.catalog, figures, help.gazetteer, *base.views, *catalog.pages,
          web::OutreachOptions{base.config.public_url, base.config.embed_origins,
                               base.region.region.local_coordinators, base.region.region.name_ru}),
      // Three subscriptions an hour for one address from one client, ten
      // from one client, five for one address in all.
      digest_throttle(base.clock, {3, 10, std::chrono::hours(1), 5}, base.attempts.get(), "digest"),
      digest(*base.storage->digest, *catalog.catalog, help.gazetteer, base.secrets, digest_throttle,
             base.clock, base.config.public_url),
      digest_pages(digest, *catalog.catalog, help.gazetteer, accounts.auth, *base.views,
                   *catalog.pages),
      digest_api(digest, base.config.sms_inbound_token),
      about(*base.views,
            web::AboutFacts{base.config.erase_after_days, base.config.outbox_retention_days,
                            base.region.region.operator_name, base.config.tls,
                            base.region.privacy_markdown, base.region.accessibility_markdown,
                            base.region.coat_of_arms, base.region.coat_of_arms_type}),
      digest_job_("digest", std::chrono::minutes(10), [this, &base] {
        if (!base.storage->leads()) return;
        auto r = digest.RunWeekly();
        if (!r)
          log::Warn("digest not sent yet", {{"detail", r.error().log_detail}});
        else if (r->sent || r->pending_erased || r->failed)
          log::Info("digest", {{"sent", r->sent},
                               {"nothing_new", r->nothing_new},
                               {"unconfirmed_erased", r->pending_erased},
                               {"not_done_now", r->failed}});
      }) {
  digest.SetSmsReplies(!base.config.sms_inbound_token.empty());
}

void OutreachModule::AddRoutes(RouteTable& routes) {
  using OP = web::OutreachPages;
  routes.Page("GET", "/print", Access::kStaff, pages, &OP::PrintChooser);
  routes.Page("GET", "/print/entrance", Access::kPublic, pages, &OP::PrintEntrance);
  routes.Page("GET", "/print/leaflet", Access::kStaff, pages, &OP::PrintLeaflet);
  routes.Page("GET", "/print/services/{id}", Access::kPublic, pages, &OP::PrintService);
  routes.Page("GET", "/embed", Access::kPublic, pages, &OP::EmbedHelp);
  routes.Page("GET", "/embed/search", Access::kPublic, pages, &OP::EmbedSearch);
  routes.Page("GET", "/embed/categories/{slug}", Access::kPublic, pages, &OP::EmbedCategory);
  routes.Page("GET", "/stats", Access::kPublic, pages, &OP::Stats);
  routes.Page("GET", "/stats.csv", Access::kPublic, pages, &OP::StatsCsv);
  routes.Page("GET", "/og/{key}", Access::kPublic, pages, &OP::OgImage);
  routes.Page("GET", "/opensearch.xml", Access::kPublic, pages, &OP::OpenSearch);
  routes.Page("GET", "/privacy", Access::kPublic, about, &web::AboutPages::Privacy);
  routes.Page("GET", "/accessibility", Access::kPublic, about, &web::AboutPages::Accessibility);
  routes.Page("GET", "/design", Access::kPublic, about, &web::AboutPages::Design);
  routes.Page("GET", "/region/coat-of-arms", Access::kPublic, about, &web::AboutPages::CoatOfArms);
  using DP = web::DigestPages;
  routes.Page("GET", "/digest", Access::kPublic, digest_pages, &DP::Form);
  routes.Page("POST", "/digest", Access::kPublic, digest_pages, &DP::Subscribe);
  routes.Page("GET", "/digest/confirm", Access::kPublic, digest_pages, &DP::ConfirmForm);
  routes.Page("POST", "/digest/confirm", Access::kPublic, digest_pages, &DP::Confirm);
  routes.Page("GET", "/digest/unsubscribe", Access::kPublic, digest_pages, &DP::UnsubscribeForm);
  // One-click unsubscribe (RFC 8058): a mail client posts without a form
  // token or a cookie; the token in the address is the permission.
  routes.Api("POST", "/digest/unsubscribe", "public", digest_pages, &DP::Unsubscribe);
  routes.Api("POST", "/api/v1/digest/sms-reply", "sms-gateway", digest_api,
             &api::DigestApi::SmsReply);
}

}  // namespace doma::app
