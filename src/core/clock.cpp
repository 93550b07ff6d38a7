#include "core/clock.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace doma {

std::string FormatIso(std::chrono::system_clock::time_point t) {
  return fmt::format("{:%FT%TZ}", std::chrono::floor<std::chrono::seconds>(t));
}

std::string Clock::NowIso() const { return FormatIso(Now()); }

std::string Clock::Today() const {
  return fmt::format("{:%F}", std::chrono::floor<std::chrono::days>(Now()));
}

}  // namespace doma
