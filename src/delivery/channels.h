// Ways a notification leaves the portal. Each is safe to call again with the
// same message (it carries an idempotency key).
#pragma once

#include <mutex>
#include <string>
#include <unordered_set>

#include "domain/notify/outbox.h"

namespace doma::delivery {

// Appends each message as a JSON line to a file (var/outbox.log by default):
// the channel for development and for regions without a mail server yet.
// Skips a message whose key it has already written.
class LogChannel final : public notify::Channel {
 public:
  explicit LogChannel(std::string path);
  Status Send(const notify::OutboxMessage& m) override;

 private:
  std::string path_;
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
