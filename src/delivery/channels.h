// Ways a notification leaves the portal. Each is safe to call again with the
// same message (it carries an idempotency key).
#pragma once

#include <mutex>
#include <string>
#include <unordered_set>

#include "core/clock.h"
#include "domain/notify/outbox.h"

namespace doma::delivery {

// Appends each message as a JSON line to a file (var/outbox.log by default):
// a stand-in for development and for trying the portal out, not a way to
// deliver anything. The lines hold code words and phones in clear, so the
// file is the owner's alone (0600) and is pruned like the outbox (Prune).
// Skips a message whose key it has already written.
class LogChannel final : public notify::Channel {
 public:
  LogChannel(std::string path, const Clock& clock);
  Status Send(const notify::OutboxMessage& m) override;
  // Rewrites the file without the lines written before `before_iso` (an
  // atomic replace: a crash leaves the old file or the new one). Returns how
  // many lines went.
  Result<int> Prune(const std::string& before_iso);

 private:
  std::string path_;
  const Clock& clock_;
  std::mutex mu_;
  std::unordered_set<std::string> written_;
};

// E-mail through an SMTP server (libcurl): smtp://host:port or smtps://…
class SmtpChannel final : public notify::Channel {
 public:
  SmtpChannel(std::string url, std::string from, std::string user = {}, std::string password = {})
      : url_(std::move(url)),
        from_(std::move(from)),
        user_(std::move(user)),
        password_(std::move(password)) {}
  Status Send(const notify::OutboxMessage& m) override;

 private:
  std::string url_, from_, user_, password_;
};

// An HTTP POST of {"channel","to","subject","body"} to an SMS gateway, with
// the Idempotency-Key header; any 2xx is success.
class WebhookChannel final : public notify::Channel {
 public:
  explicit WebhookChannel(std::string url, std::string bearer_token = {})
      : url_(std::move(url)), token_(std::move(bearer_token)) {}
  Status Send(const notify::OutboxMessage& m) override;

 private:
  std::string url_, token_;
};

}  // namespace doma::delivery
