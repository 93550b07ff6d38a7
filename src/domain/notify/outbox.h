// Notifications (e-mail, SMS) leave through an outbox: a message is stored in
// the same transaction as the event that causes it, and a sender delivers it
// later, retrying with backoff. A crash between delivery and bookkeeping
// retries with the same idempotency key, so receivers can drop the repeat.
#pragma once

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"

namespace doma::notify {

// What a use case asks to send. `to` is an e-mail address or a +7 phone
// number; the channel is chosen by its form.
struct Notification {
  std::string to;
  std::string subject;
  std::string body;
  // A mailing's one-click unsubscribe address (RFC 8058): an e-mail says
  // it in List-Unsubscribe; empty for every other message.
  std::string unsubscribe_url = {};
};

struct OutboxMessage {
  long long id = 0;
  std::string channel;  // "email" | "sms"
  std::string to;
  std::string subject;
  std::string body;
  std::string idempotency_key;
  int attempts = 0;
  std::string unsubscribe_url = {};
};

// A way to deliver. Must be safe to call again with the same message.
class Channel {
 public:
  virtual ~Channel() = default;
  virtual Status Send(const OutboxMessage& m) = 0;
};

class OutboxRepository {
 public:
  virtual ~OutboxRepository() = default;
  // Queues messages that no other change carries (those are stored in the
  // transaction of the event that causes them), sealed at rest.
  virtual Status Enqueue(const std::vector<Notification>& messages, const std::string& now_iso) = 0;
  // Messages due now, marked as taken (at most `limit`) until
  // `lease_until_iso`: no one else takes them before, whatever the number of
  // nodes sending; one whose sender died before marking it is due again
  // then, with the same idempotency key.
  virtual Result<std::vector<OutboxMessage>> TakeDue(const std::string& now_iso, int limit,
                                                     const std::string& lease_until_iso) = 0;
  virtual Status MarkSent(long long id, const std::string& now_iso) = 0;
  // Schedules another attempt, or gives up (status failed) when `next_iso` is empty.
  virtual Status MarkFailed(long long id, const std::string& next_iso,
                            const std::string& error) = 0;
  virtual Result<long long> CountPending() = 0;
  // Deletes the messages sent, or given up, before `before_iso`: their
  // addresses and texts (code words, reset codes, an old person's phone)
  // must not outlive their use. Returns how many went.
  virtual Result<int> EraseDelivered(const std::string& before_iso) = 0;
};

// Delays between attempts: 30 s, 2 min, 10 min, 1 h, 6 h; then give up.
std::optional<std::chrono::seconds> Backoff(int attempts_so_far);

class Sender {
 public:
  Sender(OutboxRepository& repo, Channel& email, Channel& sms, const Clock& clock)
      : repo_(repo), email_(email), sms_(sms), clock_(clock) {}
  // Delivers what is due; returns how many were sent.
  Result<int> RunOnce();
  // Attempts that failed, and messages given up, since this sender began.
  long long Failures() const { return failures_.load(); }
  long long GivenUp() const { return given_up_.load(); }
  // How long a taken message is this sender's: longer than a batch of sends
  // takes (each channel gives up on a peer within 30 s).
  static constexpr std::chrono::minutes kLease{5};

 private:
  OutboxRepository& repo_;
  Channel& email_;
  Channel& sms_;
  const Clock& clock_;
  std::atomic<long long> failures_{0}, given_up_{0};
};

}  // namespace doma::notify

namespace doma::notify {

// Encrypts message text at rest, so that a copy of the database does not
// reveal reset codes or what was said to whom.
class Sealer {
 public:
  virtual ~Sealer() = default;
  virtual std::string Seal(const std::string& plain) = 0;
  virtual Result<std::string> Open(const std::string& sealed) = 0;
};

}  // namespace doma::notify
