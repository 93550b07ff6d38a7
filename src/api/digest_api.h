// POST /api/v1/digest/sms-reply: the SMS gateway passes on a reply to a
// digest SMS ({"from": "+79…", "text": "СТОП"}), with the token an
// administrator set (sms-inbound-token) as "Authorization: Bearer …". A stop
// word deletes every subscription of that number. Without the setting the
// route does not exist (404).
#pragma once

#include <string>

#include "domain/digest/digest.h"
#include "http/message.h"

namespace doma::api {

class DigestApi {
 public:
  DigestApi(digest::Digest& digest, std::string token)
      : digest_(digest), token_(std::move(token)) {}
  http::Response SmsReply(http::Request& req);

 private:
  digest::Digest& digest_;
  std::string token_;
};

}  // namespace doma::api
