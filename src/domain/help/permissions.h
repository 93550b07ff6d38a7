// Who may do what with help requests and volunteers, outside the life cycle
// itself (lifecycle.h decides transitions).
#pragma once

#include "domain/accounts/account.h"
#include "domain/help/request.h"

namespace doma::help {

struct Permissions {
  // Coordinators (and the region's administrators) see and steer everything,
  // take calls as hotline operators and verify volunteers.
  static bool CanCoordinate(const accounts::Account& a) {
    return a.Has(accounts::Role::kCoordinator) || a.Has(accounts::Role::kAdmin);
  }
  // Name, phone, address, intercom code, free text and code word.
  static bool CanSeePersonal(const accounts::Account& a, const HelpRequest& r) {
    if (r.erased) return false;
    if (CanCoordinate(a)) return true;
    if (r.requester_id != 0 && r.requester_id == a.id) return true;
    // Only while on the way: once done, the volunteer no longer needs the door.
    return r.volunteer_id == a.id && r.status == RequestStatus::kTaken;
  }
  // The first name and badge of the volunteer holding a request: its
  // requester (to check them at the door), that volunteer, coordinators.
  static bool CanSeeHolder(const accounts::Account& a, const HelpRequest& r) {
    if (CanCoordinate(a)) return true;
    return (r.requester_id != 0 && r.requester_id == a.id) ||
           (r.volunteer_id != 0 && r.volunteer_id == a.id);
  }
};

}  // namespace doma::help
