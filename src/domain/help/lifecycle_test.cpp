// Every transition of the life cycle, allowed and refused, by who acts.
#include "domain/help/lifecycle.h"

#include <gtest/gtest.h>

#include <map>
#include <tuple>

#include "domain/help/volunteer.h"

namespace doma::help {
namespace {

using S = RequestStatus;
using K = Actor::Kind;

constexpr std::array kStatuses = {S::kOpen,      S::kTaken,     S::kDone,
                                  S::kConfirmed, S::kCancelled, S::kExpired};
constexpr std::array kActions = {Action::kTake,     Action::kAssign,  Action::kRelease,
                                 Action::kComplete, Action::kConfirm, Action::kCancel,
                                 Action::kExpire,   Action::kMerge,   Action::kEscalate};
constexpr std::array kActors = {
    K::kRequester, K::kAssignedVolunteer, K::kVolunteer, K::kUnverifiedVolunteer, K::kCoordinator,
    K::kSystem,    K::kStranger};

// The whole specification: what is allowed, and where it leads. Anything not
// listed must be refused.
const std::map<std::tuple<Action, S, K>, S>& Allowed() {
  static const std::map<std::tuple<Action, S, K>, S> m = {
      {{Action::kTake, S::kOpen, K::kVolunteer}, S::kTaken},
      {{Action::kAssign, S::kOpen, K::kCoordinator}, S::kTaken},
      {{Action::kRelease, S::kTaken, K::kAssignedVolunteer}, S::kOpen},
      {{Action::kRelease, S::kTaken, K::kCoordinator}, S::kOpen},
      {{Action::kComplete, S::kTaken, K::kAssignedVolunteer}, S::kDone},
      {{Action::kComplete, S::kTaken, K::kCoordinator}, S::kDone},
      {{Action::kConfirm, S::kDone, K::kRequester}, S::kConfirmed},
      {{Action::kConfirm, S::kDone, K::kCoordinator}, S::kConfirmed},
      {{Action::kConfirm, S::kDone, K::kSystem}, S::kConfirmed},
      {{Action::kCancel, S::kOpen, K::kRequester}, S::kCancelled},
      {{Action::kCancel, S::kOpen, K::kCoordinator}, S::kCancelled},
      {{Action::kCancel, S::kTaken, K::kRequester}, S::kCancelled},
      {{Action::kCancel, S::kTaken, K::kCoordinator}, S::kCancelled},
      {{Action::kExpire, S::kOpen, K::kSystem}, S::kExpired},
      {{Action::kExpire, S::kTaken, K::kSystem}, S::kExpired},
      {{Action::kEscalate, S::kTaken, K::kSystem}, S::kTaken},
      {{Action::kMerge, S::kOpen, K::kCoordinator}, S::kCancelled},
  };
  return m;
}

TEST(Lifecycle, EveryTransitionByEveryActor) {
  int allowed = 0, refused = 0;
  for (auto action : kActions)
    for (auto from : kStatuses)
      for (auto kind : kActors) {
        HelpRequest r;
        r.status = from;
        auto got = Decide(action, r, Actor{kind, 0}, Limits{3});
        auto it = Allowed().find({action, from, kind});
        SCOPED_TRACE(std::string(ActionName(action)) + " " + std::string(StatusName(from)) +
                     " by actor kind " + std::to_string(kind));
        if (it != Allowed().end()) {
          ASSERT_TRUE(got.has_value()) << got.error().public_message;
          EXPECT_EQ(*got, it->second);
          ++allowed;
        } else {
          ASSERT_FALSE(got.has_value());
          EXPECT_TRUE(got.error().code == Code::kForbidden || got.error().code == Code::kConflict);
          EXPECT_FALSE(got.error().public_message.empty());
          ++refused;
        }
      }
  EXPECT_EQ(allowed, 17);
  EXPECT_EQ(refused, 9 * 6 * 7 - 17);
}

TEST(Lifecycle, TakingAnAlreadyTakenRequestSaysSo) {
  HelpRequest r;
  r.status = S::kTaken;
  auto got = Decide(Action::kTake, r, Actor{K::kVolunteer, 0}, Limits{3});
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, Code::kConflict);
  EXPECT_NE(got.error().public_message.find("другой волонтёр"), std::string::npos);
}

TEST(Lifecycle, AVolunteerHoldsAtMostTheLimit) {
  HelpRequest r;
  EXPECT_TRUE(Decide(Action::kTake, r, Actor{K::kVolunteer, 2}, Limits{3}));
  auto full = Decide(Action::kTake, r, Actor{K::kVolunteer, 3}, Limits{3});
  ASSERT_FALSE(full);
  EXPECT_EQ(full.error().code, Code::kConflict);
  EXPECT_FALSE(Decide(Action::kAssign, r, Actor{K::kCoordinator, 1}, Limits{1}));
  EXPECT_TRUE(Decide(Action::kTake, r, Actor{K::kVolunteer, 0}, Limits{1}));
}

TEST(Lifecycle, UnverifiedVolunteersAreToldWhy) {
  HelpRequest r;
  auto got = Decide(Action::kTake, r, Actor{K::kUnverifiedVolunteer, 0}, Limits{3});
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, Code::kForbidden);
  EXPECT_NE(got.error().public_message.find("проверенные"), std::string::npos);
}

// Request and badge numbers carry the region's prefixes (region.json).
class RegionNumbers : public ::testing::Test {
 protected:
  void SetUp() override { saved_ = CurrentNumbering(); }
  void TearDown() override { SetNumbering(saved_); }
  Numbering saved_;
};

TEST_F(RegionNumbers, RequestNumbersRoundTripWithTheRegionsPrefix) {
  SetNumbering({"UL", "73"});
  EXPECT_EQ(Number(123), "UL-000123");
  EXPECT_EQ(ParseNumber("UL-000123"), 123);
  EXPECT_EQ(ParseNumber("ul 123"), 123);
  EXPECT_EQ(ParseNumber(" 123"), 123);
  EXPECT_EQ(ParseNumber("abc"), 0);
  EXPECT_EQ(ParseNumber("PZ-000123"), 0);  // another region's request
  SetNumbering({"PZ", "58"});
  EXPECT_EQ(Number(7), "PZ-000007");
  EXPECT_EQ(ParseNumber("pz-000007"), 7);
  EXPECT_EQ(ParseNumber("UL-000007"), 0);
}

TEST_F(RegionNumbers, BadgesCarryTheRegionsCode) {
  SetNumbering({"UL", "73"});
  EXPECT_EQ(BadgeNumber(42), "73-0042");
  for (const char* typed : {"73-0042", "73 42", "730042", "42"})
    EXPECT_EQ(NormalizeBadge(typed), "73-0042") << typed;
  EXPECT_EQ(NormalizeBadge("7342"), "73-7342") << "a four-digit badge, not 73 and 42";
  EXPECT_EQ(NormalizeBadge("737342"), "73-7342");
  EXPECT_EQ(NormalizeBadge("73"), "73-0073");
  SetNumbering({"PZ", "58"});
  EXPECT_EQ(NormalizeBadge("58 42"), "58-0042");
  EXPECT_EQ(NormalizeBadge("42"), "58-0042");
  EXPECT_EQ(NormalizeBadge("58-x"), "");
}

}  // namespace
}  // namespace doma::help
