// Time as the domain sees it. Injected so tests (and the retention job later)
// can move it forward.
#pragma once

#include <chrono>
#include <string>

namespace doma {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::system_clock::time_point Now() const = 0;

  // "2026-11-27T10:00:00Z"
  std::string NowIso() const;
  // "2026-11-27" (UTC)
  std::string Today() const;
};

class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point Now() const override {
    return std::chrono::system_clock::now();
  }
};

std::string FormatIso(std::chrono::system_clock::time_point t);

}  // namespace doma
