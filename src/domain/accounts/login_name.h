// What a person types to sign in: an e-mail address or a Russian phone
// number in any of the usual spellings.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace doma::accounts {

struct LoginName {
  std::string email;  // lower-case, or empty
  std::string phone;  // "+7" and 10 digits, or empty
  const std::string& key() const { return email.empty() ? phone : email; }
};

// "Ivan@Mail.RU" → email "ivan@mail.ru"; "8 (912) 345-67-89", "+7 912 345 67 89",
// "9123456789" → phone "+79123456789". Anything else is refused with a message
// for the field "login".
Result<LoginName> ParseLoginName(std::string_view input);

// 10 to 128 characters, any Unicode; refuses with a message for "password".
Status CheckNewPassword(std::string_view password);

}  // namespace doma::accounts
