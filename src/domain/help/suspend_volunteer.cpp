#include "core/text.h"
#include "domain/help/fields.h"
#include "domain/help/help.h"
#include "domain/help/permissions.h"

namespace doma::help {

namespace {
accounts::Account AccountWithId(long long id) {
  accounts::Account a;
  a.id = id;
  return a;
}
}  // namespace

Result<Volunteer> Help::SuspendVolunteer(const accounts::Account& coordinator, long long account_id,
                                         const std::string& reason) {
  if (!Permissions::CanCoordinate(coordinator))
    return Fail(Forbidden("Приостанавливать волонтёров могут только координаторы."));
  std::string why(text::Trim(reason));
  if (why.empty() || !Short(why, 500))
    return Fail(Invalid("reason", "Укажите причину (до 500 знаков)."));
  if (!Honest(why, true)) return Fail(Dishonest("reason"));
  auto v = repo_.FindVolunteer(account_id);
  if (!v) return Fail(v.error());
  if (!*v) return Fail(NoSuchVolunteer());
  auto out = repo_.SetVolunteerStatus(account_id, VolunteerStatus::kSuspended, coordinator.id, why,
                                      clock_.NowIso());
  if (!out) return Fail(out.error());
  // A suspended volunteer keeps nobody's address: their requests in progress
  // go back to the feed through the life cycle, each with a new code word and
  // a message to the requester.
  auto held = MyTasks(AccountWithId(account_id));
  if (!held) return Fail(held.error());
  for (const auto& r : *held) {
    if (r.status != RequestStatus::kTaken) continue;
    auto back = Apply(r.id, Action::kRelease, &coordinator,
                      [&](Mutation& m, const HelpRequest& cur, const TxView&) -> Status {
                        Reopen(m, cur, "волонтёр приостановлен");
                        return {};
                      });
    if (!back && back.error().code != Code::kConflict) return Fail(back.error());
  }
  auto after = repo_.FindVolunteer(account_id);
  if (!after) return Fail(after.error());
  if (!*after) return Fail(NoSuchVolunteer());
  return **after;
}

}  // namespace doma::help
