#include <fmt/format.h>

#include "domain/help/fields.h"
#include "domain/help/help.h"
#include "domain/help/messages.h"

namespace doma::help {

Result<HelpRequest> Help::Transition(long long id, Action action, long long actor_id,
                                     const ActorOf& actor_of, const Change& change) {
  Limits limits{policy_.max_active_per_volunteer};
  auto stored = repo_.Update(
      id,
      [&](const HelpRequest& cur, const TxView& tx) -> Result<Mutation> {
        auto actor = actor_of(cur, tx);
        if (!actor) return Fail(actor.error());
        // Anyone who cannot see the request must not learn that it exists.
        if (actor->kind == Actor::kStranger) return Fail(NoSuchRequest());
        auto next = Decide(action, cur, *actor, limits);
        if (!next) return Fail(next.error());
        Mutation m;
        m.after = cur;
        m.after.status = *next;
        m.event = std::string(ActionName(action));
        m.event_actor = actor_id;
        if (auto s = change(m, cur, tx); !s) return Fail(s.error());
        if (IsClosed(m.after.status) && !IsClosed(cur.status)) m.after.closed_at = clock_.NowIso();
        return m;
      },
      clock_.NowIso());
  if (!stored) return Fail(stored.error());
  Follow(*stored);
  return stored;
}

Result<HelpRequest> Help::Apply(long long id, Action action, const accounts::Account* who,
                                const Change& change) {
  std::optional<Volunteer> vol;
  if (who) {
    auto v = repo_.FindVolunteer(who->id);
    if (!v) return Fail(v.error());
    vol = *v;
  }
  // The requester who is also staff acts as a coordinator.
  return Transition(
      id, action, who ? who->id : 0,
      [&](const HelpRequest& cur, const TxView&) -> Result<Actor> {
        return ActorFor(who, vol, cur);
      },
      change);
}

void Help::Reopen(Mutation& m, const HelpRequest& cur, const std::string& why) {
  m.after.volunteer_id = 0;
  m.after.taken_at.clear();
  m.after.reason = why;
  // The volunteer who let go knows the code word: the next one says a new one.
  m.after.code_word = NewCodeWord();
  auto to = RequesterContact(cur);
  if (to && !to->empty()) m.notify.push_back(messages::Reopened(*to, cur, m.after.code_word));
}

}  // namespace doma::help
