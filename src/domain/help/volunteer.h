// Volunteers: a profile an account fills in, then a coordinator verifies
// (identity document seen, briefing done), which issues a badge number the
// person at home can check on /check/{badge}.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace doma::help {

enum class VolunteerStatus { kPending, kVerified, kSuspended };
std::string_view VolunteerStatusName(VolunteerStatus s);
bool ParseVolunteerStatus(std::string_view name, VolunteerStatus& out);

struct Volunteer {
  long long account_id = 0;
  std::string first_name;   // public through the badge check
  std::string phone;        // for coordinators; sealed at rest
  std::string place_id;     // home settlement or district
  double lat = 0, lon = 0;  // home point (the place's centre)
  bool has_point = false;   // a point the volunteer's browser sent replaces home
  double point_lat = 0, point_lon = 0;
  std::vector<std::string> kinds;
  bool has_car = false;
  int max_km = 5;
  VolunteerStatus status = VolunteerStatus::kPending;
  std::string badge;  // "73-0042" once verified
  bool id_checked = false, briefed = false;
  long long verified_by = 0;
  std::string verified_at, suspended_reason, created_at;
  // Filled by queries: requests now held, completed, and the average rating.
  int active = 0, completed = 0;
  double rating = 0;
  int ratings = 0;
};

// What anyone may learn from a badge number.
struct BadgeCheck {
  std::string badge, first_name;
  VolunteerStatus status = VolunteerStatus::kPending;
};

// With the region's badge prefix 73: "73-0042", "73 42", "730042", "42" →
// "73-0042" ("7342" is badge 7342); empty when not a badge.
std::string NormalizeBadge(std::string_view s);
// The badge numbered `n` ("73-0042").
std::string BadgeNumber(long long n);

}  // namespace doma::help
