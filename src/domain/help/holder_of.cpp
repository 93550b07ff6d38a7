#include "domain/help/help.h"
#include "domain/help/permissions.h"

namespace doma::help {

Result<std::optional<Volunteer>> Help::HolderOf(const accounts::Account& who,
                                                const HelpRequest& r) {
  if (!r.volunteer_id || !Permissions::CanSeeHolder(who, r)) return std::optional<Volunteer>();
  auto v = repo_.FindVolunteer(r.volunteer_id);
  if (!v) return Fail(v.error());
  if (*v && !Permissions::CanCoordinate(who)) (*v)->phone.clear();
  return std::move(*v);
}

}  // namespace doma::help
