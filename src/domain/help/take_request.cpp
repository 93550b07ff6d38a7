#include "domain/help/help.h"
#include "domain/help/messages.h"

namespace doma::help {

Result<HelpRequest> Help::TakeRequest(const accounts::Account& who, long long id) {
  auto vol = RequireVerified(who.id);
  if (!vol) return Fail(vol.error());
  auto actor_of = [&](const HelpRequest& cur, const TxView& tx) -> Result<Actor> {
    // Taking is what a volunteer does, whatever other roles they have.
    Actor actor{Actor::kVolunteer};
    if (cur.requester_id == who.id)
      actor.kind = Actor::kRequester;
    else if (cur.volunteer_id == who.id)
      actor.kind = Actor::kAssignedVolunteer;
    auto status = tx.volunteer_status(who.id);
    if (!status) return Fail(status.error());
    if (*status != VolunteerStatus::kVerified) actor.kind = Actor::kUnverifiedVolunteer;
    auto active = tx.active_count(who.id);
    if (!active) return Fail(active.error());
    actor.active_requests = *active;
    return actor;
  };
  return Transition(id, Action::kTake, who.id, actor_of,
                    [&](Mutation& m, const HelpRequest& cur, const TxView&) -> Status {
                      m.after.volunteer_id = who.id;
                      m.after.taken_at = clock_.NowIso();
                      auto to = RequesterContact(cur);
                      if (!to) return Fail(to.error());
                      if (!to->empty())
                        m.notify.push_back(messages::Taken(policy_, *to, cur, *vol));
                      return {};
                    });
}

}  // namespace doma::help
