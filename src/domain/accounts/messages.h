// The texts the accounts feature sends people (by e-mail or SMS), in one
// place: short enough for one SMS where they can be, and never a link that
// could be mistaken for phishing.
#pragma once

#include <string>

namespace doma::accounts {

// The code that finishes a sign-up.
std::string SignUpCodeText(const std::string& code);
// To a login that has an account, when someone tries to sign up with it.
std::string SignUpTriedText();
// The code that sets a new password.
std::string ResetCodeText(const std::string& code);
// To a login without an account, when someone asks to reset its password.
std::string ResetNoAccountText();

}  // namespace doma::accounts
