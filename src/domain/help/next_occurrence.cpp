#include <chrono>

#include "domain/help/fields.h"
#include "domain/help/help.h"
#include "domain/help/messages.h"

namespace doma::help {

namespace chr = std::chrono;

Result<HelpRequest> Help::NextOccurrence(long long id) {
  auto prev = repo_.Find(id);
  if (!prev) return Fail(prev.error());
  if (!*prev || (*prev)->erased) return Fail(Error::NotFound("no request to repeat"));
  const HelpRequest& p = **prev;
  HelpRequest next = p;
  next.id = 0;
  next.status = RequestStatus::kOpen;
  next.volunteer_id = 0;
  next.previous_id = p.id;
  next.code_word = NewCodeWord();
  next.taken_at = next.done_at = next.confirmed_at = next.closed_at = "";
  next.receipt_kopecks = -1;
  next.rating = 0;
  next.comment = next.volunteer_feedback = next.reason = "";
  // A week later, moved on by whole weeks until it lies in the future.
  chr::system_clock::time_point start, end;
  ParseIso(p.window_start, start);
  ParseIso(p.window_end, end);
  auto now = clock_.Now();
  do {
    start += chr::days(7);
    end += chr::days(7);
  } while (end <= now);
  next.window_start = FormatIso(start);
  next.window_end = FormatIso(end);
  std::vector<notify::Notification> note;
  auto to = RequesterContact(p);
  if (to && !to->empty())
    note.push_back(messages::Repeated(*to, p.id, LocalTime(next.window_start), next.code_word));
  auto stored = repo_.Create(next, note, clock_.NowIso());
  if (!stored) return Fail(stored.error());
  Follow(*stored);
  return stored;
}

}  // namespace doma::help
