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

namespace doma {

std::chrono::system_clock::time_point ParseIsoOr(std::string_view iso,
                                                 std::chrono::system_clock::time_point fallback) {
  if (iso.size() != 20 || iso[4] != '-' || iso[7] != '-' || iso[10] != 'T' || iso[13] != ':' ||
      iso[16] != ':' || iso[19] != 'Z')
    return fallback;
  auto num = [&](std::size_t at, std::size_t n, int& out) {
    out = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (iso[i] < '0' || iso[i] > '9') return false;
      out = out * 10 + (iso[i] - '0');
    }
    return true;
  };
  int y, mo, d, h, mi, sec;
  if (!num(0, 4, y) || !num(5, 2, mo) || !num(8, 2, d) || !num(11, 2, h) || !num(14, 2, mi) ||
      !num(17, 2, sec) || h > 23 || mi > 59 || sec > 60)
    return fallback;
  std::chrono::year_month_day ymd{std::chrono::year(y),
                                  std::chrono::month(static_cast<unsigned>(mo)),
                                  std::chrono::day(static_cast<unsigned>(d))};
  if (!ymd.ok()) return fallback;
  return std::chrono::sys_days(ymd) + std::chrono::hours(h) + std::chrono::minutes(mi) +
         std::chrono::seconds(sec);
}

}  // namespace doma
