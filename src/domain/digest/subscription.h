// The weekly digest of new services: anyone subscribes, without an account,
// by e-mail or SMS, to chosen categories and a place. A subscription is
// pending until the link in its confirmation message is followed (double
// opt-in), and is deleted — address and all — when its unsubscribe link is
// followed. The address and the unsubscribe token are sealed at rest.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "domain/notify/outbox.h"

namespace doma::digest {

struct Subscription {
  long long id = 0;
  std::string channel;                  // "email" | "sms"
  std::string address;                  // lower-case e-mail or "+7XXXXXXXXXX"
  std::vector<std::string> categories;  // slugs; empty: every category
  std::string place_id;                 // gazetteer place; empty: the whole region
  std::string created_at, confirmed_at;
  // The end of the last period a digest covered (confirmation at first):
  // the next one lists what was added after it.
  std::string last_sent_at;
  std::string unsubscribe_token;  // what its messages' unsubscribe links carry
};

class DigestRepository {
 public:
  virtual ~DigestRepository() = default;
  // Stores a pending subscription (its confirmation and unsubscribe tokens
  // as digests, the latter sealed too; the address sealed and as a keyed
  // digest, by which a reply from it is found) and queues `confirmation` in
  // the same transaction. Returns its id.
  virtual Result<long long> CreatePending(const Subscription& s, const std::string& confirm_digest,
                                          const std::string& unsubscribe_digest,
                                          const std::string& address_digest,
                                          const notify::Notification& confirmation,
                                          const std::string& now_iso) = 0;
  // Makes the pending subscription with this confirmation digest, created
  // at or after `created_after_iso`, active as of `now_iso`; nullopt when
  // there is none (unknown, used, expired or erased).
  virtual Result<std::optional<Subscription>> Confirm(const std::string& confirm_digest,
                                                      const std::string& created_after_iso,
                                                      const std::string& now_iso) = 0;
  // Deletes the subscription with this unsubscribe digest; false when none.
  virtual Result<bool> Delete(const std::string& unsubscribe_digest) = 0;
  // Deletes every subscription of the address with this digest (an SMS
  // reply "СТОП"). Returns how many.
  virtual Result<int> DeleteByAddress(const std::string& address_digest) = 0;
  // Active subscriptions whose last digest covered up to `before_iso` or
  // earlier, with their addresses and unsubscribe tokens opened.
  virtual Result<std::vector<Subscription>> Due(const std::string& before_iso) = 0;
  // Records that the digest of `s` up to `covered_until_iso` was made and
  // queues `message` (none: there was nothing new) to leave at `send_at_iso`,
  // in one transaction — only if `s` is still active and still ends its last
  // period at s.last_sent_at (it was not unsubscribed, and no other run
  // sent it meanwhile). Returns whether it did.
  virtual Result<bool> MarkSent(const Subscription& s,
                                const std::optional<notify::Notification>& message,
                                const std::string& covered_until_iso,
                                const std::string& send_at_iso) = 0;
  // Deletes pending subscriptions created before `cutoff_iso` (never
  // confirmed: their addresses must not stay). Returns how many.
  virtual Result<int> ErasePendingBefore(const std::string& cutoff_iso) = 0;
  virtual Result<long long> CountActive() = 0;
};

}  // namespace doma::digest
