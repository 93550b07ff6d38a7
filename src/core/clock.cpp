#include "core/clock.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <atomic>

namespace doma {

std::string FormatIso(std::chrono::system_clock::time_point t) {
  return fmt::format("{:%FT%TZ}", std::chrono::floor<std::chrono::seconds>(t));
}

std::string Clock::NowIso() const { return FormatIso(Now()); }

namespace {
std::atomic<int> region_offset_minutes{0};
}

void SetRegionUtcOffset(std::chrono::minutes offset) {
  region_offset_minutes.store(static_cast<int>(offset.count()), std::memory_order_relaxed);
}

std::chrono::minutes RegionUtcOffset() {
  return std::chrono::minutes(region_offset_minutes.load(std::memory_order_relaxed));
}

std::string RegionDate(std::chrono::system_clock::time_point t) {
  return fmt::format("{:%F}", std::chrono::floor<std::chrono::days>(t + RegionUtcOffset()));
}

std::string Clock::Today() const { return RegionDate(Now()); }

}  // namespace doma
