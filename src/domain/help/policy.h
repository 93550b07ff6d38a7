// What a region decides about help at home: limits, deadlines, its time zone
// and the numbers people are given.
#pragma once

#include <string>

namespace doma::help {

struct HelpPolicy {
  int max_active_per_volunteer = 3;
  int escalate_after_hours = 2;  // open and unassigned longer: top of the dashboard
  int erase_after_days = 30;     // personal data of closed requests
  int confirm_after_days = 7;    // done but never confirmed: closed by the system
  // Taken, and its window passed this long ago: coordinators are alerted to
  // release it or close it; still taken this many days after the alert, the
  // system closes it (expired) so that its personal data can be erased.
  int stuck_after_hours = 48;
  int stuck_expire_after_days = 7;
  int utc_offset_minutes = 240;  // Ulyanovsk time, UTC+4 all year
  std::string coordinators_phone = "8-800-200-34-11";
  std::string public_url = "http://127.0.0.1:8080";
};

}  // namespace doma::help
