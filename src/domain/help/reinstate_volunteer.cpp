#include "domain/help/fields.h"
#include "domain/help/help.h"
#include "domain/help/permissions.h"

namespace doma::help {

Result<Volunteer> Help::ReinstateVolunteer(const accounts::Account& coordinator,
                                           long long account_id) {
  if (!Permissions::CanCoordinate(coordinator))
    return Fail(Forbidden("Восстанавливать волонтёров могут только координаторы."));
  auto v = repo_.FindVolunteer(account_id);
  if (!v) return Fail(v.error());
  if (!*v) return Fail(NoSuchVolunteer());
  if ((*v)->status != VolunteerStatus::kSuspended)
    return Fail(
        Error{Code::kConflict, "Восстановить можно только приостановленного волонтёра.", {}, {}});
  // Reinstating returns to verified only if they had been verified before.
  auto to = (*v)->badge.empty() ? VolunteerStatus::kPending : VolunteerStatus::kVerified;
  return repo_.SetVolunteerStatus(account_id, to, coordinator.id, "", clock_.NowIso());
}

}  // namespace doma::help
