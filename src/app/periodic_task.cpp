#include "app/periodic_task.h"

#include "core/clock.h"

namespace doma::app {

double PeriodicTask::SecondsSinceLastRun() const {
  long long last = last_end_ms_.load();
  return last == 0 ? 0.0 : static_cast<double>(SteadyMillis() - last) / 1000.0;
}

void PeriodicTask::Start() {
  if (thread_.joinable()) return;
  last_end_ms_ = SteadyMillis();
  thread_ = std::jthread([this](std::stop_token stop) {
    while (!stop.stop_requested()) {
      run_();
      last_end_ms_ = SteadyMillis();
      std::unique_lock lock(mu_);
      // Returns early, and true, once a stop is requested.
      wake_.wait_for(lock, stop, interval_, [] { return false; });
    }
  });
}

void PeriodicTask::Stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  thread_.join();
}

}  // namespace doma::app
