// Identifiers that are not personal data.
#pragma once

#include <string>

namespace doma::ids {

// 16 hex characters from a fast per-thread generator: unique enough to find a
// request's log lines, NOT a secret (sessions use libsodium, later).
std::string RequestId();

// True for stable catalog ids: 1–64 characters of [a-z0-9-], not starting with '-'.
bool IsValidSlug(std::string_view s);

}  // namespace doma::ids
