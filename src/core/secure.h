// Comparing secrets (CSRF tokens, codes) without telling an attacker, by the
// time taken, how many leading characters were right.
#pragma once

#include <string_view>

namespace doma {

// True when `a` and `b` are equal and not empty; the time depends only on
// their lengths.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace doma
