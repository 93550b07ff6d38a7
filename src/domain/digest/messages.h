// The texts a digest subscriber receives, in one place.
#pragma once

#include <string>
#include <vector>

#include "domain/catalog/service.h"
#include "domain/notify/outbox.h"

namespace doma::digest {

// The confirmation (double opt-in): the link to follow, valid 72 hours.
notify::Notification ConfirmationMessage(const std::string& to, bool sms,
                                         const std::string& confirm_url);

// The weekly digest: the services added, each with its link, and how to
// leave (a link; for SMS also the stop word when `stop_word`: the gateway
// passes replies on).
notify::Notification DigestMessage(const std::string& to, bool sms,
                                   const std::vector<catalog::Service>& added,
                                   const std::string& public_url,
                                   const std::string& unsubscribe_url, bool stop_word);

// What an SMS reply must say to unsubscribe.
inline constexpr const char* kStopWord = "СТОП";

}  // namespace doma::digest
