#include "core/text.h"
#include "domain/help/fields.h"
#include "domain/help/help.h"
#include "domain/help/messages.h"

namespace doma::help {

Result<HelpRequest> Help::CancelRequest(const accounts::Account& who, long long id,
                                        const std::string& reason) {
  if (!Short(reason, 500))
    return Fail(Invalid("reason", "Причина слишком длинная: до 500 знаков."));
  if (!Honest(reason, true)) return Fail(Dishonest("reason"));
  return Apply(id, Action::kCancel, &who, CancelChange(reason));
}

Help::Change Help::CancelChange(const std::string& reason) {
  return [this, reason](Mutation& m, const HelpRequest& cur, const TxView&) -> Status {
    m.after.reason = std::string(text::Trim(reason));
    m.after.recurrence.clear();  // cancelling ends a weekly series
    if (cur.status == RequestStatus::kTaken && cur.volunteer_id) {
      auto to = repo_.AccountContact(cur.volunteer_id);
      if (to && !to->empty()) m.notify.push_back(messages::CancelledToVolunteer(*to, cur));
    }
    return {};
  };
}

}  // namespace doma::help
