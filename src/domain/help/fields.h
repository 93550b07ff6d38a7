// Parsing and checking of the fields people type into help forms, shared by
// the use cases (internal to domain/help).
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace doma::help {

bool ParseInt(std::string_view s, int& out);
// Accepts a decimal comma ("1234,50"); false for NaN, infinities and junk.
bool ParseDouble(std::string_view s, double& out);
// "2026-11-28" → days; false when not a real date.
bool ParseDate(std::string_view s, std::chrono::sys_days& out);
// "10:00" → minutes after midnight; false otherwise.
bool ParseClock(std::string_view s, int& minutes);
// "2026-11-28T10:00:00Z" → time point; false otherwise.
bool ParseIso(std::string_view iso, std::chrono::system_clock::time_point& out);
// "1234,50" → 123450 kopecks; -1 when empty; -2 when not a sum.
long long ParseRoubles(std::string_view s);
// Valid UTF-8 of at most `max` characters.
bool Short(std::string_view s, std::size_t max);
// Valid UTF-8 without the control characters that make text lie
// (text::IsHonestText); `multiline` allows line breaks.
bool Honest(std::string_view s, bool multiline);
// The error for a field that is not Honest().
Error Dishonest(std::string field);

inline bool OneOf(std::string_view v, auto const& values) {
  for (const auto& x : values)
    if (x == v) return true;
  return false;
}

inline Error Invalid(std::string field, std::string msg) {
  return Error::Invalid(std::move(field), std::move(msg));
}
inline Error Forbidden(std::string msg) { return Error{Code::kForbidden, std::move(msg), {}, {}}; }
// Anyone with no business with a request must not learn that it exists.
inline Error NoSuchRequest() { return Error::NotFound("Такой заявки нет или она вам недоступна."); }
inline Error NoSuchVolunteer() { return Error::NotFound("Такого волонтёра нет."); }

}  // namespace doma::help
