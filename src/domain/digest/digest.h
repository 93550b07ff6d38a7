// The digest's use cases: subscribe (a confirmation goes out through the
// outbox), confirm, unsubscribe, and the weekly run that tells each
// subscriber what was added in their categories and place, or nothing.
#pragma once

#include <string>
#include <vector>

#include "core/clock.h"
#include "domain/accounts/ports.h"
#include "domain/accounts/throttle.h"
#include "domain/catalog/catalog.h"
#include "domain/digest/subscription.h"
#include "domain/help/gazetteer.h"

namespace doma::digest {

// What the subscription form sends.
struct SubscribeForm {
  std::string address;  // an e-mail address or a Russian phone number
  std::vector<std::string> categories;
  std::string place_id;
  bool consent = false;        // to the processing of the address (152-FZ)
  std::string client_address;  // for the throttle; never stored
  std::string lang = "ru";
};

struct WeeklyRun {
  int sent = 0, nothing_new = 0, pending_erased = 0;
  int failed = 0;  // subscriptions that could not be done now (the next run tries again)
};

class Digest {
 public:
  static constexpr std::chrono::hours kPeriod{24 * 7};
  // A confirmation link works this long; the pending subscription is then
  // erased with its address.
  static constexpr std::chrono::hours kConfirmWithin{72};
  static constexpr std::size_t kMaxItems = 15;

  // `send_clock`: when the messages leave (default `clock`); `doma digest
  // run --now` runs the week as if it were then, and sends at once.
  Digest(DigestRepository& repo, catalog::Catalog& catalog, const help::Gazetteer& places,
         accounts::Secrets& secrets, accounts::AttemptThrottle& throttle, const Clock& clock,
         std::string public_url, const Clock* send_clock = nullptr)
      : repo_(repo),
        catalog_(catalog),
        places_(places),
        secrets_(secrets),
        throttle_(throttle),
        clock_(clock),
        send_clock_(send_clock ? *send_clock : clock),
        public_url_(std::move(public_url)) {}

  // Validates the form (each mistake named by its field), stores the
  // subscription as pending and sends the confirmation. Returns the channel
  // the confirmation went by ("email" | "sms").
  Result<std::string> Subscribe(const SubscribeForm& f);
  // Activates the subscription of this confirmation token; NotFound when
  // the link is unknown, used or expired.
  Status Confirm(const std::string& token);
  // Deletes the subscription of this unsubscribe token; NotFound when there
  // is none (already left: the caller may say so kindly).
  Status Unsubscribe(const std::string& token);
  // An SMS reply that the gateway passes on: "СТОП" (or "стоп", "STOP",
  // "отписаться") from a number deletes every subscription of that number.
  // Returns how many; 0 for any other text. Invalid when `from` is no phone.
  Result<int> StopBySms(const std::string& from, const std::string& text);
  // Whether the SMS gateway passes replies on (the digest's SMS then offers
  // the stop word beside the link).
  void SetSmsReplies(bool on) { sms_replies_ = on; }
  // Every subscription due (a week since its last digest): the services
  // added since, in its categories, that reach its place; a message only
  // when there are some. Also erases pending subscriptions never confirmed.
  Result<WeeklyRun> RunWeekly();

 private:
  // The new services for `s`, newest first.
  Result<std::vector<catalog::Service>> NewFor(const Subscription& s);

  DigestRepository& repo_;
  catalog::Catalog& catalog_;
  const help::Gazetteer& places_;
  accounts::Secrets& secrets_;
  accounts::AttemptThrottle& throttle_;
  const Clock& clock_;
  const Clock& send_clock_;
  std::string public_url_;
  bool sms_replies_ = false;
};

}  // namespace doma::digest
