#include "domain/outreach/public_figures.h"

#include <gtest/gtest.h>

#include "core/clock.h"

namespace doma::outreach {
namespace {

help::Gazetteer Places() {
  return help::Gazetteer({{"a1", "А1", "A1", "village", "Адский район", 54, 48},
                          {"a2", "А2", "A2", "village", "Адский район", 54.1, 48},
                          {"b1", "Б1", "B1", "village", "Бобровский район", 54.2, 48},
                          {"c1", "В1", "C1", "village", "Вишнёвый район", 54.3, 48}});
}

CompletedRequest Done(std::string place, std::string done_at, long long volunteer,
                      std::string created = "2026-12-01T08:00:00Z",
                      std::string taken = "2026-12-01T08:30:00Z") {
  return {std::move(created), std::move(taken), std::move(done_at), std::move(place), volunteer};
}

TEST(SuppressSmall, HidesCountsUnderFive) {
  std::vector<Cell> c{{0, false}, {4, false}, {5, false}, {12, false}};
  EXPECT_EQ(SuppressSmall(c), 2);
  EXPECT_TRUE(c[0].suppressed);
  EXPECT_TRUE(c[1].suppressed);
  EXPECT_FALSE(c[2].suppressed);
  EXPECT_FALSE(c[3].suppressed);
  SuppressOneMore(c);
  EXPECT_TRUE(c[2].suppressed);
  EXPECT_FALSE(c[3].suppressed);
}

// Sets the region's offset for one test, and puts it back however it ends.
struct RegionOffset {
  explicit RegionOffset(std::chrono::minutes m) : saved(RegionUtcOffset()) {
    SetRegionUtcOffset(m);
  }
  ~RegionOffset() { SetRegionUtcOffset(saved); }
  std::chrono::minutes saved;
};

TEST(AggregateHelp, CountsByTheRegionsWeekAndDistrict) {
  RegionOffset offset(std::chrono::hours(4));
  std::vector<CompletedRequest> rows;
  // Five in the Адский район (two places), four in the Бобровский.
  for (int i = 0; i < 3; ++i) rows.push_back(Done("a1", "2026-12-02T10:00:00Z", 1 + i));
  for (int i = 0; i < 2; ++i) rows.push_back(Done("a2", "2026-12-03T10:00:00Z", 4 + i));
  for (int i = 0; i < 4; ++i) rows.push_back(Done("b1", "2026-12-04T10:00:00Z", 6));
  // Sunday 22:00 UTC is Monday 02:00 in the region: next week.
  rows.push_back(Done("c1", "2026-12-06T22:00:00Z", 7));
  // Before the window: not counted.
  rows.push_back(Done("c1", "2026-11-01T10:00:00Z", 7));
  auto f = AggregateHelp(rows, Places(), "2026-12-08", 2);
  ASSERT_EQ(f.weeks.size(), 2u);
  EXPECT_EQ(f.weeks[0].week_start, "2026-11-30");
  EXPECT_EQ(f.weeks[1].week_start, "2026-12-07");
  EXPECT_EQ(f.weeks[0].completed.value, 9);
  EXPECT_FALSE(f.weeks[0].completed.suppressed);
  EXPECT_EQ(f.weeks[1].completed.value, 1);
  EXPECT_TRUE(f.weeks[1].completed.suppressed);
  EXPECT_EQ(f.weeks[0].volunteers.value, 6);
  EXPECT_FALSE(f.weeks[0].volunteers.suppressed);
  EXPECT_DOUBLE_EQ(f.weeks[0].median_take_minutes, 30);
  EXPECT_EQ(f.weeks[1].median_take_minutes, -1) << "one request: no median shown";
  EXPECT_EQ(f.total.value, 10);
  EXPECT_TRUE(f.total.suppressed) << "10 - 9 would tell the week with one";
  ASSERT_EQ(f.districts.size(), 3u);
  EXPECT_EQ(f.districts[0].district, "Адский район");
  EXPECT_EQ(f.districts[0].completed.value, 5);
  EXPECT_FALSE(f.districts[0].completed.suppressed);
  EXPECT_EQ(f.districts[1].district, "Бобровский район");
  EXPECT_TRUE(f.districts[1].completed.suppressed) << "4 completed: suppressed";
  EXPECT_TRUE(f.districts[2].completed.suppressed);
}

TEST(AggregateHelp, SuppressesASecondWeekWhenTheDistrictsGiveTheTotalAway) {
  std::vector<CompletedRequest> rows;
  // Every district has five or more, so their sum tells the total, 17, and
  // the week with one would be 17 - 10 - 6.
  for (int i = 0; i < 5; ++i) rows.push_back(Done("a1", "2026-12-08T10:00:00Z", i + 1));
  for (int i = 0; i < 5; ++i) rows.push_back(Done("b1", "2026-12-08T10:00:00Z", i + 1));
  rows.push_back(Done("c1", "2026-12-01T10:00:00Z", 1));
  for (int i = 0; i < 6; ++i) rows.push_back(Done("c1", "2026-11-24T10:00:00Z", 10 + i));
  auto f = AggregateHelp(rows, Places(), "2026-12-08", 3);
  EXPECT_FALSE(f.districts[0].completed.suppressed);
  EXPECT_FALSE(f.districts[1].completed.suppressed);
  EXPECT_FALSE(f.districts[2].completed.suppressed);
  EXPECT_TRUE(f.weeks[0].completed.suppressed) << "6, the smallest shown, goes with the 1";
  EXPECT_TRUE(f.weeks[0].completed.secondary) << "hidden, not said to be under 5";
  EXPECT_TRUE(f.weeks[0].volunteers.suppressed) << "6 volunteers would tell the week was not small";
  EXPECT_EQ(f.weeks[0].median_take_minutes, -1);
  EXPECT_TRUE(f.weeks[1].completed.suppressed);
  EXPECT_FALSE(f.weeks[1].completed.secondary);
  EXPECT_FALSE(f.weeks[2].completed.suppressed);
  EXPECT_EQ(f.weeks[2].completed.value, 10);
}

TEST(AggregateHelp, HidesTheTotalBesideOneSuppressedWeek) {
  std::vector<CompletedRequest> rows;
  for (int i = 0; i < 7; ++i) rows.push_back(Done("a1", "2026-12-08T10:00:00Z", i + 1));
  rows.push_back(Done("a1", "2026-12-01T10:00:00Z", 1));
  auto f = AggregateHelp(rows, Places(), "2026-12-08", 2);
  EXPECT_TRUE(f.weeks[0].completed.suppressed);
  EXPECT_FALSE(f.weeks[1].completed.suppressed) << "the districts do not give the total away";
  EXPECT_TRUE(f.total.suppressed) << "8 - 7 would tell the week with one";
}

TEST(WeekStart, IsTheMondayOnOrBefore) {
  EXPECT_EQ(WeekStart("2026-12-07"), "2026-12-07");
  EXPECT_EQ(WeekStart("2026-12-13"), "2026-12-07");
  EXPECT_EQ(WeekStart("2027-01-01"), "2026-12-28");
}

}  // namespace
}  // namespace doma::outreach
