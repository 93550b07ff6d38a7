// Work that repeats on a thread of its own (the outbox sender, the help
// jobs) until stopped. Stop() wakes a sleeping task at once and waits for a
// run in progress to end; the destructor stops it too, so a task never
// outlives what its function uses if it is declared after it.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace doma::app {

class PeriodicTask {
 public:
  // `run` is called at once when started, then `interval` after each run ends.
  PeriodicTask(std::string name, std::chrono::milliseconds interval, std::function<void()> run)
      : name_(std::move(name)), interval_(interval), run_(std::move(run)) {}
  ~PeriodicTask() { Stop(); }
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

  void Start();
  void Stop();
  const std::string& name() const { return name_; }
  // Seconds since a run last ended (since Start before the first): beyond
  // the interval, how late the next run is — a stuck task shows here.
  double SecondsSinceLastRun() const;

 private:
  std::string name_;
  std::chrono::milliseconds interval_;
  std::function<void()> run_;
  std::mutex mu_;
  std::condition_variable_any wake_;
  std::atomic<long long> last_end_ms_{0};  // steady clock
  std::jthread thread_;
};

}  // namespace doma::app
