// The feed's grid index against a brute-force scan of the same points.
#include "domain/help/feed_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <random>

namespace doma::help {
namespace {

// In a region around 54°N (Ulyanovsk, Penza) and one beyond the Arctic
// circle (Murmansk oblast), where cells are half as wide east–west.
class FeedIndexIn : public ::testing::TestWithParam<std::array<double, 4>> {};

TEST_P(FeedIndexIn, NearestFirstWithinTheDistanceLikeABruteForceScan) {
  std::mt19937 rng(7);
  const auto box = GetParam();
  std::uniform_real_distribution<double> lat(box[0], box[1]), lon(box[2], box[3]);
  FeedIndex index;
  std::vector<FeedEntry> all;
  for (long long id = 1; id <= 5000; ++id) {
    FeedEntry e;
    e.id = id;
    e.point = {lat(rng), lon(rng)};
    e.kinds = static_cast<std::uint16_t>(1u << (id % 9));
    e.urgency = static_cast<int>(id % 3);
    index.Upsert(e);
    all.push_back(e);
  }
  for (int q = 0; q < 50; ++q) {
    FeedQuery query;
    query.from = {lat(rng), lon(rng)};
    query.max_km = 5 + q;
    query.limit = 20;
    if (q % 3 == 0) query.kinds = KindMask({"groceries", "medicines"});
    if (q % 4 == 0) query.urgency = 0;
    std::vector<std::pair<double, long long>> expected;
    for (const auto& e : all) {
      if (query.kinds && !(e.kinds & query.kinds)) continue;
      if (query.urgency >= 0 && e.urgency != query.urgency) continue;
      double km = DistanceKm(query.from,
                             {static_cast<float>(e.point.lat), static_cast<float>(e.point.lon)});
      if (km <= query.max_km) expected.push_back({km, e.id});
    }
    std::sort(expected.begin(), expected.end());
    expected.resize(std::min<std::size_t>(expected.size(), 20));
    auto got = index.Near(query);
    ASSERT_EQ(got.size(), expected.size()) << "query " << q;
    for (std::size_t i = 0; i < got.size(); ++i)
      EXPECT_EQ(got[i].entry.id, expected[i].second) << "query " << q << " rank " << i;
  }
}

INSTANTIATE_TEST_SUITE_P(Regions, FeedIndexIn,
                         ::testing::Values(std::array<double, 4>{53.2, 54.9, 46.0, 50.2},
                                           std::array<double, 4>{67.0, 69.5, 30.0, 41.0}));

TEST(FeedIndex, RemovedAndMovedEntriesFollow) {
  FeedIndex index;
  index.Upsert({1, {54.31, 48.40}, 1, 0, "a", "", ""});
  index.Upsert({2, {54.32, 48.41}, 1, 0, "b", "", ""});
  index.Remove(1);
  FeedQuery q;
  q.from = {54.31, 48.40};
  auto got = index.Near(q);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].entry.id, 2);
  index.Upsert({2, {53.0, 46.0}, 1, 0, "b", "", ""});  // moved far away
  EXPECT_TRUE(index.Near(q).empty());
  EXPECT_EQ(index.size(), 1u);
}

TEST(FeedIndex, DistancesAreShownInHalfKilometres) {
  EXPECT_EQ(RoundHalfKm(1.26), 1.5);
  EXPECT_EQ(RoundHalfKm(1.24), 1.0);
  EXPECT_EQ(RoundHalfKm(0.1), 0.0);
}

}  // namespace
}  // namespace doma::help
