#include "app/periodic_task.h"

namespace doma::app {

void PeriodicTask::Start() {
  if (thread_.joinable()) return;
  thread_ = std::jthread([this](std::stop_token stop) {
    while (!stop.stop_requested()) {
      run_();
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
