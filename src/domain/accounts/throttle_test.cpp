#include "domain/accounts/throttle.h"

#include <gtest/gtest.h>

namespace doma::accounts {
namespace {

const std::chrono::system_clock::time_point kStart{std::chrono::hours(24 * 365 * 50)};

TEST(AttemptThrottle, LocksAnAccountForTheAddressThatFailedThenForgets) {
  ManualClock clock{kStart};
  AttemptThrottle t(clock, {3, 100, std::chrono::minutes(15)});
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(t.RetryAfter("ivan", "10.0.0.1"), 0);
    t.RecordFailure("ivan", "10.0.0.1");
  }
  long long wait = t.RetryAfter("ivan", "10.0.0.1");
  EXPECT_GT(wait, 0);
  EXPECT_LE(wait, 15 * 60);
  EXPECT_EQ(t.RetryAfter("olga", "10.0.0.1"), 0) << "other accounts are not locked";
  EXPECT_EQ(t.RetryAfter("ivan", "10.0.0.2"), 0)
      << "a stranger's guesses do not lock the owner out";
  clock.now += std::chrono::minutes(16);
  EXPECT_EQ(t.RetryAfter("ivan", "10.0.0.1"), 0);
}

TEST(AttemptThrottle, GuessesFromManyAddressesAreBoundedInAll) {
  ManualClock clock{kStart};
  AttemptThrottle t(clock, {3, 100, std::chrono::minutes(15), 10});
  for (int i = 0; i < 10; ++i) ASSERT_EQ(t.TryBegin("ivan", "10.0.1." + std::to_string(i)), 0) << i;
  EXPECT_GT(t.RetryAfter("ivan", "10.0.2.1"), 0) << "ten addresses at once hit the account's limit";
  clock.now += std::chrono::minutes(16);
  EXPECT_EQ(t.RetryAfter("ivan", "10.0.2.1"), 0);
}

TEST(AttemptThrottle, LocksAnAddressTryingManyAccounts) {
  ManualClock clock{kStart};
  AttemptThrottle t(clock, {100, 5, std::chrono::minutes(15)});
  for (int i = 0; i < 5; ++i) t.RecordFailure("user" + std::to_string(i), "10.0.0.9");
  EXPECT_GT(t.RetryAfter("someone-new", "10.0.0.9"), 0);
  EXPECT_EQ(t.RetryAfter("someone-new", "10.0.0.8"), 0);
}

TEST(AttemptThrottle, SuccessClearsTheAccountsCount) {
  ManualClock clock{kStart};
  AttemptThrottle t(clock, {2, 100, std::chrono::minutes(15)});
  t.RecordFailure("ivan", "a");
  t.RecordSuccess("ivan");
  t.RecordFailure("ivan", "a");
  EXPECT_EQ(t.RetryAfter("ivan", "a"), 0);
}

TEST(AttemptThrottle, ABurstCannotPassBeforeTheFirstAttemptFails) {
  ManualClock clock{kStart};
  AttemptThrottle t(clock, {5, 100, std::chrono::minutes(15)});
  int allowed = 0;
  for (int i = 0; i < 200; ++i) allowed += t.TryBegin("ivan", "a") == 0;
  EXPECT_EQ(allowed, 5);
}

TEST(AttemptThrottle, SuccessfulLoginsDoNotLockTheAddress) {
  ManualClock clock{kStart};
  AttemptThrottle t(clock, {5, 3, std::chrono::minutes(15)});
  for (int i = 0; i < 10; ++i) {
    ASSERT_EQ(t.TryBegin("user" + std::to_string(i), "office"), 0) << i;
    t.RecordSuccess("user" + std::to_string(i), "office");
  }
}

}  // namespace
}  // namespace doma::accounts
