#include "app/periodic_task.h"

#include <gtest/gtest.h>

#include <atomic>

namespace doma::app {
namespace {

using namespace std::chrono_literals;

TEST(PeriodicTask, RunsAtOnceThenEveryInterval) {
  std::atomic<int> runs{0};
  PeriodicTask task("count", 10ms, [&] { ++runs; });
  task.Start();
  for (int i = 0; i < 200 && runs < 3; ++i) std::this_thread::sleep_for(5ms);
  task.Stop();
  EXPECT_GE(runs.load(), 3);
  int after = runs;
  std::this_thread::sleep_for(30ms);
  EXPECT_EQ(runs.load(), after) << "no run after Stop()";
}

TEST(PeriodicTask, StopWakesASleepingTaskAtOnce) {
  std::atomic<int> runs{0};
  PeriodicTask task("hourly", std::chrono::hours(1), [&] { ++runs; });
  task.Start();
  for (int i = 0; i < 200 && runs < 1; ++i) std::this_thread::sleep_for(5ms);
  auto t0 = std::chrono::steady_clock::now();
  task.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s);
  EXPECT_EQ(runs.load(), 1);
}

TEST(PeriodicTask, TheDestructorStopsIt) {
  std::atomic<int> runs{0};
  {
    PeriodicTask task("scoped", 1ms, [&] { ++runs; });
    task.Start();
    for (int i = 0; i < 200 && runs < 1; ++i) std::this_thread::sleep_for(5ms);
  }
  int after = runs;
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(runs.load(), after);
}

}  // namespace
}  // namespace doma::app

namespace doma::app {
namespace {

TEST(PeriodicTask, SaysHowLongAgoItLastRan) {
  using namespace std::chrono_literals;
  std::atomic<int> runs{0};
  PeriodicTask task("slow", std::chrono::hours(1), [&] { ++runs; });
  EXPECT_EQ(task.SecondsSinceLastRun(), 0.0) << "not started";
  task.Start();
  while (runs == 0) std::this_thread::sleep_for(1ms);
  std::this_thread::sleep_for(50ms);
  double age = task.SecondsSinceLastRun();
  EXPECT_GE(age, 0.04);
  EXPECT_LT(age, 5.0);
  task.Stop();
}

}  // namespace
}  // namespace doma::app
