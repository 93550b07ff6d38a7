// Identifiers that are not personal data.
#pragma once

#include <string>

namespace doma::ids {

// 16 hex characters from a fast per-thread generator: unique enough to find a
// request's log lines, NOT a secret (sessions use libsodium, later).
std::string RequestId();

// True for stable catalog ids: 1–64 characters of [a-z0-9-], not starting with '-'.
bool IsValidSlug(std::string_view s);

// A name-based UUID (RFC 9562 version 5, SHA-1) of `name` in Doma's own
// namespace, lower-case with hyphens: the same name gives the same UUID on
// every node and in every run, which is what makes published ids stable.
std::string Uuid5(std::string_view name);

// True for a UUID written as 8-4-4-4-12 hex digits (either case).
bool IsUuid(std::string_view s);

}  // namespace doma::ids
