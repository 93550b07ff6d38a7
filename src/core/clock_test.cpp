// "Today" is the region's: a resident in UTC+4 at 23:30 UTC is already in
// the next day, and per-day figures turn over at the region's midnight.
#include "core/clock.h"

#include <gtest/gtest.h>

namespace doma {
namespace {

TEST(RegionDate, TurnsOverAtTheRegionsMidnight) {
  const auto saved = RegionUtcOffset();
  ManualClock clock(std::chrono::sys_days(std::chrono::year(2026) / 12 / 6) +
                    std::chrono::hours(21));  // 21:00 UTC
  SetRegionUtcOffset(std::chrono::minutes(0));
  EXPECT_EQ(clock.Today(), "2026-12-06");
  SetRegionUtcOffset(std::chrono::hours(3));  // Moscow time: midnight
  EXPECT_EQ(clock.Today(), "2026-12-07");
  SetRegionUtcOffset(std::chrono::hours(2) + std::chrono::minutes(59));
  EXPECT_EQ(clock.Today(), "2026-12-06");
  SetRegionUtcOffset(std::chrono::hours(-10));
  EXPECT_EQ(clock.Today(), "2026-12-06");
  EXPECT_EQ(clock.NowIso(), "2026-12-06T21:00:00Z");  // stored times stay UTC
  SetRegionUtcOffset(saved);
}

}  // namespace
}  // namespace doma
