// The life cycle of a help request, decided in one place:
//
//   open → taken → done → confirmed
//   open → cancelled           (requester or coordinator; a taken request too,
//                               the volunteer is told)
//   taken → open               (the volunteer releases it with a reason, or a
//                               coordinator takes it back)
//   open → expired             (its time window passed; the scheduler)
//   taken → taken, escalated   (its window passed long ago and nobody marked
//                               it done: coordinators are alerted; the scheduler)
//   taken → expired            (still taken long after that alert; the
//                               scheduler, so that its data can be erased)
//   open → taken by assignment (a coordinator chooses the volunteer)
//   open → cancelled as a duplicate (a coordinator merges it into another)
//
// Decide() is pure: it answers whether `actor` may do `action` to a request
// in its current state and what the new status is. Storage runs it inside the
// write transaction on the row as stored, so two concurrent attempts cannot
// both pass.
#pragma once

#include <string_view>

#include "core/error.h"
#include "domain/help/request.h"

namespace doma::help {

enum class Action {
  kTake,
  kAssign,
  kRelease,
  kComplete,
  kConfirm,
  kCancel,
  kExpire,
  kMerge,
  kEscalate
};
std::string_view ActionName(Action a);

// Who acts, relative to the request.
struct Actor {
  enum Kind {
    kRequester,            // the account that made or follows the request
    kAssignedVolunteer,    // the volunteer holding it
    kVolunteer,            // a verified volunteer, not holding it
    kUnverifiedVolunteer,  // pending or suspended
    kCoordinator,          // coordinators and admins
    kSystem,               // scheduled jobs
    kStranger,             // anyone else
  } kind = kStranger;
  int active_requests = 0;  // for volunteers: how many they hold now
};

struct Limits {
  int max_active_per_volunteer = 3;
};

// The new status, or an error whose public message tells the person why not
// (kForbidden: not theirs to do; kConflict: the request has moved on).
Result<RequestStatus> Decide(Action action, const HelpRequest& r, const Actor& actor,
                             const Limits& limits);

}  // namespace doma::help
