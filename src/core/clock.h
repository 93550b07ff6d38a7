// Time as the domain sees it. Injected so tests (and the retention job later)
// can move it forward.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace doma {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::system_clock::time_point Now() const = 0;

  // "2026-11-27T10:00:00Z"
  std::string NowIso() const;
  // "2026-11-27": the date in the region (see SetRegionUtcOffset), which is
  // when a resident's "today" and a coordinator's "per day" turn over.
  std::string Today() const;
};

// A clock that stands where it is set: tests move `now`, and `doma help jobs
// --now` runs the jobs as if that time had come.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(std::chrono::system_clock::time_point t) : now(t) {}
  std::chrono::system_clock::time_point Now() const override { return now; }
  std::chrono::system_clock::time_point now;
};

class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point Now() const override {
    return std::chrono::system_clock::now();
  }
};

std::string FormatIso(std::chrono::system_clock::time_point t);
// "2026-11-27T10:00:00Z" (as FormatIso writes it) back to a time; `fallback`
// when it is not one.
std::chrono::system_clock::time_point ParseIsoOr(
    std::string_view iso, std::chrono::system_clock::time_point fallback = {});

// The region's offset from UTC, set once at start from the region's data
// (before any thread reads it; 0 until then). One process serves one region,
// as one process has one TZ; a fixed offset because Russia's zones have had
// no daylight saving since 2014 and a fixed offset needs no tzdata.
void SetRegionUtcOffset(std::chrono::minutes offset);
std::chrono::minutes RegionUtcOffset();
// "2026-11-27": the region's date at `t`.
std::string RegionDate(std::chrono::system_clock::time_point t);

// Milliseconds on the steady clock (for "how long ago", never for dates).
inline long long SteadyMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace doma
