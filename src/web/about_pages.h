// What the portal says about itself: how it processes personal data (the
// policy an operator must publish under 152-FZ) and how accessible it is.
// A region may supply its own texts (data/regions/<code>/privacy.md,
// accessibility.md, Markdown); otherwise the defaults say what this Doma
// actually stores, for how long and who sees it, from its settings.
#pragma once

#include <string>

#include "web/account_pages.h"
#include "web/pages.h"
#include "web/views.h"

namespace doma::web {

struct AboutFacts {
  int erase_after_days = 30;      // a closed request's personal data
  int outbox_retention_days = 7;  // a sent message
  std::string operator_name;      // region.json "operator"; may be empty
  bool tls = false;               // served over HTTPS
  std::string privacy_markdown;   // the region's own policy; empty: the default
  std::string accessibility_markdown;
  std::string coat_of_arms, coat_of_arms_type;  // the region's image; may be empty
};

class AboutPages {
 public:
  AboutPages(const Views& views, AboutFacts facts) : views_(views), facts_(std::move(facts)) {}
  PageHandler Privacy, Accessibility;
  // The design system's components, each rendered as pages use it
  // (docs/design.md describes them; the browser tests check them).
  PageHandler Design;
  // The region's coat of arms for the header (404 when it has none).
  PageHandler CoatOfArms;

 private:
  const Views& views_;
  AboutFacts facts_;
};

}  // namespace doma::web
