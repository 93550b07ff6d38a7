#include "domain/events/events.h"

#include <gtest/gtest.h>

namespace doma::events {
namespace {

// The form's local time is the region's: Ulyanovsk is UTC+4.
class LocalTime : public ::testing::Test {
 protected:
  void SetUp() override { SetRegionUtcOffset(std::chrono::hours(4)); }
  void TearDown() override { SetRegionUtcOffset(std::chrono::minutes(0)); }
};

TEST_F(LocalTime, TheFormsTimeBecomesUtcByTheRegionsOffset) {
  EXPECT_EQ(Events::ToUtc("2026-12-10", "15:00"), "2026-12-10T11:00:00Z");
  EXPECT_EQ(Events::ToUtc("2026-12-10", "01:30"), "2026-12-09T21:30:00Z") << "the day before";
}

TEST_F(LocalTime, WhatIsNotADateAndATimeIsNothing) {
  for (auto [date, time] :
       std::vector<std::pair<std::string, std::string>>{{"", "15:00"},
                                                        {"2026-12-10", ""},
                                                        {"2026-02-30", "10:00"},
                                                        {"2026-12-10", "24:00"},
                                                        {"2026-12-10", "9:00"},
                                                        {"10.12.2026", "15:00"},
                                                        {"2026-12-10", "-1:00"},
                                                        {"2026-12-10", "+5:30"},
                                                        {"2026-12-10", "1 :05"}})
    EXPECT_EQ(Events::ToUtc(date, time), "") << date << " " << time;
}

TEST(EventEnd, AnEventHasEndedOnlyAfterItsEnd) {
  Event e;
  e.ends_at = "2026-12-10T11:00:00Z";
  EXPECT_FALSE(e.Ended("2026-12-10T11:00:00Z"));
  EXPECT_TRUE(e.Ended("2026-12-10T11:00:01Z"));
}

}  // namespace
}  // namespace doma::events
