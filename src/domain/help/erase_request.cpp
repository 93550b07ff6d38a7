#include "domain/help/fields.h"
#include "domain/help/help.h"
#include "domain/help/permissions.h"

namespace doma::help {

Result<HelpRequest> Help::Erase(long long id, long long actor_id, const std::string& why) {
  auto stored = repo_.Update(
      id,
      [&](const HelpRequest& cur, const TxView&) -> Result<Mutation> {
        Mutation m;
        m.after = cur;
        m.after.personal = Personal{};
        m.after.code_word.clear();
        m.after.comment.clear();
        m.after.volunteer_feedback.clear();
        m.after.reason.clear();
        m.after.erased = true;
        m.after.erased_at = clock_.NowIso();
        m.after.recurrence.clear();
        if (const Place* p = gazetteer_.Find(cur.place_id))
          m.after.lat = p->lat, m.after.lon = p->lon;
        m.event = "erase";
        m.event_detail = why;
        m.event_actor = actor_id;
        m.audit.push_back({actor_id, "personal_data_erased", "help:" + std::to_string(id), why});
        return m;
      },
      clock_.NowIso());
  if (!stored) return Fail(stored.error());
  Follow(*stored);
  return stored;
}

Result<HelpRequest> Help::EraseRequestNow(const accounts::Account& who, long long id) {
  auto r = repo_.Find(id);
  if (!r) return Fail(r.error());
  if (!*r || ((*r)->requester_id != who.id && !Permissions::CanCoordinate(who)))
    return Fail(NoSuchRequest());
  if ((*r)->erased) return **r;
  if ((*r)->status == RequestStatus::kTaken || (*r)->status == RequestStatus::kDone)
    return Fail(
        Error{Code::kConflict,
              "Заявку выполняет волонтёр: удалить данные можно после её завершения или отмены.",
              {},
              {}});
  if ((*r)->status == RequestStatus::kOpen) {
    auto cancelled = CancelRequest(who, id, "");
    if (!cancelled) return Fail(cancelled.error());
  }
  return Erase(id, who.id, "requested");
}

}  // namespace doma::help
