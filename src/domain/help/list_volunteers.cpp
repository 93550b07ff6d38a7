#include "domain/help/fields.h"
#include "domain/help/help.h"
#include "domain/help/permissions.h"

namespace doma::help {

Result<std::vector<Volunteer>> Help::Volunteers(const accounts::Account& coordinator,
                                                const std::string& status) {
  if (!Permissions::CanCoordinate(coordinator))
    return Fail(Forbidden("Список волонтёров доступен только координаторам."));
  VolunteerStatus s;
  if (!status.empty() && !ParseVolunteerStatus(status, s))
    return Fail(Invalid("status", "Неизвестный статус волонтёра."));
  return repo_.ListVolunteers(status, 500, 0);
}

Result<Volunteer> Help::VolunteerFor(const accounts::Account& coordinator, long long account_id) {
  if (!Permissions::CanCoordinate(coordinator))
    return Fail(Forbidden("Анкеты волонтёров доступны только координаторам."));
  auto v = repo_.FindVolunteer(account_id);
  if (!v) return Fail(v.error());
  if (!*v) return Fail(NoSuchVolunteer());
  return **v;
}

}  // namespace doma::help
