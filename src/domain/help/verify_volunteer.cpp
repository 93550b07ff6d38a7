#include "domain/help/fields.h"
#include "domain/help/help.h"
#include "domain/help/permissions.h"

namespace doma::help {

Result<Volunteer> Help::VerifyVolunteer(const accounts::Account& coordinator, long long account_id,
                                        bool id_checked, bool briefed) {
  if (!Permissions::CanCoordinate(coordinator))
    return Fail(Forbidden("Проверять волонтёров могут только координаторы."));
  if (!id_checked)
    return Fail(
        Invalid("id_checked", "Отметьте, что вы видели документ, удостоверяющий личность."));
  if (!briefed) return Fail(Invalid("briefed", "Отметьте, что волонтёр прошёл инструктаж."));
  auto v = repo_.FindVolunteer(account_id);
  if (!v) return Fail(v.error());
  if (!*v) return Fail(NoSuchVolunteer());
  if ((*v)->status == VolunteerStatus::kVerified) return **v;
  auto out = repo_.SetVolunteerStatus(account_id, VolunteerStatus::kVerified, coordinator.id, "",
                                      clock_.NowIso());
  return out;
}

}  // namespace doma::help
