#include <fmt/format.h>

#include "domain/help/fields.h"
#include "domain/help/help.h"
#include "domain/help/messages.h"
#include "domain/help/permissions.h"

namespace doma::help {

Result<HelpRequest> Help::AssignRequest(const accounts::Account& coordinator, long long id,
                                        long long volunteer_id) {
  if (!Permissions::CanCoordinate(coordinator))
    return Fail(Forbidden("Назначать волонтёров могут только координаторы."));
  const Error not_verified = Invalid("volunteer_id", "Выберите проверенного волонтёра.");
  auto vol = repo_.FindVolunteer(volunteer_id);
  if (!vol) return Fail(vol.error());
  if (!*vol || (*vol)->status != VolunteerStatus::kVerified) return Fail(not_verified);
  auto actor_of = [&](const HelpRequest& cur, const TxView& tx) -> Result<Actor> {
    Actor actor{Actor::kCoordinator};
    auto status = tx.volunteer_status(volunteer_id);
    if (!status) return Fail(status.error());
    if (*status != VolunteerStatus::kVerified) return Fail(not_verified);
    auto active = tx.active_count(volunteer_id);
    if (!active) return Fail(active.error());
    actor.active_requests = *active;
    if (cur.requester_id == volunteer_id)
      return Fail(Invalid("volunteer_id", "Волонтёр не может выполнять свою же заявку."));
    return actor;
  };
  return Transition(id, Action::kAssign, coordinator.id, actor_of,
                    [&](Mutation& m, const HelpRequest& cur, const TxView&) -> Status {
                      m.after.volunteer_id = volunteer_id;
                      m.after.taken_at = clock_.NowIso();
                      m.event_detail = fmt::format("volunteer {}", volunteer_id);
                      auto to = RequesterContact(cur);
                      if (!to) return Fail(to.error());
                      if (!to->empty())
                        m.notify.push_back(messages::Assigned(policy_, *to, cur, **vol));
                      auto vto = repo_.AccountContact(volunteer_id);
                      if (vto && !vto->empty())
                        m.notify.push_back(messages::AssignedToYou(policy_, *vto, cur));
                      return {};
                    });
}

}  // namespace doma::help
