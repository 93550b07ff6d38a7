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
  // The region's (data/regions/<code>/region.json): its offset from UTC, for
  // the hours people give, and the coordinators' phone given in messages.
  int utc_offset_minutes = 0;
  std::string coordinators_phone;
  std::string public_url = "http://127.0.0.1:8080";
  // SMS can reach people (a gateway is configured): a request asked for
  // without an account is confirmed by a code; otherwise by a call back.
  bool phone_codes = false;
};

}  // namespace doma::help
