#include "domain/help/fields.h"
#include "domain/help/help.h"
#include "domain/help/messages.h"
#include "domain/help/permissions.h"

namespace doma::help {

Result<HelpRequest> Help::MergeRequests(const accounts::Account& coordinator, long long id,
                                        long long into_id) {
  if (!Permissions::CanCoordinate(coordinator))
    return Fail(Forbidden("Объединять заявки могут только координаторы."));
  if (id == into_id) return Fail(Invalid("into", "Нельзя объединить заявку с ней самой."));
  return Apply(id, Action::kMerge, &coordinator,
               [&](Mutation& m, const HelpRequest& cur, const TxView& tx) -> Status {
                 // Read inside the write transaction: the request kept cannot close
                 // between this check and the merge.
                 auto into = tx.find(into_id);
                 if (!into) return Fail(into.error());
                 if (!*into) return Fail(Invalid("into", "Заявки с таким номером нет."));
                 if (IsClosed((*into)->status))
                   return Fail(Invalid("into", "Объединять можно только с действующей заявкой."));
                 m.after.duplicate_of = into_id;
                 m.after.recurrence.clear();
                 m.after.reason = "дубликат " + Number(into_id);
                 m.event_detail = "into " + Number(into_id);
                 // A hotline caller has no account: two calls are the same person only
                 // if a coordinator says so, which a merge does not.
                 const bool same_requester =
                     cur.requester_id != 0 && cur.requester_id == (*into)->requester_id;
                 auto to = RequesterContact(cur);
                 if (to && !to->empty())
                   m.notify.push_back(messages::Merged(*to, cur, **into, same_requester));
                 return {};
               });
}

}  // namespace doma::help
