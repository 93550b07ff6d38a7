#include <fmt/format.h>

#include <chrono>

#include "domain/help/fields.h"
#include "domain/help/help.h"
#include "domain/help/messages.h"

namespace doma::help {

namespace chr = std::chrono;

namespace {
// One request that cannot be processed (unreadable, changed meanwhile) must
// not stop the jobs for every other: it is counted and the rest go on.
void Skip(JobReport& rep, long long id, const Error& e) {
  if (e.code == Code::kConflict || e.code == Code::kNotFound) return;
  ++rep.failed;
  rep.failures.push_back(
      fmt::format("{}: {}", Number(id), e.log_detail.empty() ? e.public_message : e.log_detail));
}

// Runs `job(id)` for each request `due` lists, counting in `done` those that
// succeed and skipping the others; only a failure to list stops it.
template <class Job>
Status ForEachDue(const Result<std::vector<long long>>& due, int& done, JobReport& rep, Job&& job) {
  if (!due) return Fail(due.error());
  for (long long id : *due) {
    if (auto r = job(id))
      ++done;
    else
      Skip(rep, id, r.error());
  }
  return {};
}
}  // namespace

Result<JobReport> Help::RunScheduledJobs() {
  JobReport rep;
  const std::string now = clock_.NowIso();
  auto coordinators = repo_.CoordinatorContacts();
  if (!coordinators) return Fail(coordinators.error());
  // `action` by the system, each coordinator told by `message`.
  auto alerting = [&](Action action, auto message) {
    return [&, action, message](long long id) {
      return Apply(id, action, nullptr,
                   [&](Mutation& m, const HelpRequest& cur, const TxView&) -> Status {
                     for (const auto& to : *coordinators)
                       m.notify.push_back(message(policy_, to, cur));
                     return {};
                   });
    };
  };
  auto expire = alerting(Action::kExpire, messages::Expired);
  auto confirm = [&](long long id) {
    return Apply(id, Action::kConfirm, nullptr,
                 [&](Mutation& m, const HelpRequest&, const TxView&) -> Status {
                   m.after.confirmed_at = now;
                   m.event_detail = "automatically";
                   return {};
                 });
  };
  // Taken long past the window: first the coordinators are asked to act,
  // then, if nobody did, the request is closed so that its data can go.
  auto escalate = alerting(Action::kEscalate, messages::Stuck);
  auto close_stuck = [&](long long id) {
    return Apply(id, Action::kExpire, nullptr,
                 [&](Mutation& m, const HelpRequest& cur, const TxView&) -> Status {
                   m.event_detail = "still taken after the coordinators were alerted";
                   m.after.recurrence.clear();
                   if (auto to = RequesterContact(cur); to && !to->empty())
                     m.notify.push_back(messages::StuckClosed(policy_, *to, cur));
                   if (auto to = repo_.AccountContact(cur.volunteer_id); to && !to->empty())
                     m.notify.push_back(messages::CancelledToVolunteer(*to, cur));
                   return {};
                 });
  };
  auto erase = [&](long long id) {
    return Erase(id, 0, fmt::format("retention {} days", policy_.erase_after_days));
  };
  auto days_ago = [&](int days) { return FormatIso(clock_.Now() - chr::days(days)); };
  const auto stuck_since = clock_.Now() - chr::hours(policy_.stuck_after_hours);  // window end
  auto next = [&](long long id) { return NextOccurrence(id); };
  if (auto s = ForEachDue(repo_.Overdue(now), rep.expired, rep, expire); !s) return Fail(s.error());
  if (auto s = ForEachDue(repo_.UnconfirmedSince(days_ago(policy_.confirm_after_days)),
                          rep.auto_confirmed, rep, confirm);
      !s)
    return Fail(s.error());
  if (auto s = ForEachDue(repo_.StuckTaken(FormatIso(stuck_since)), rep.escalated, rep, escalate);
      !s)
    return Fail(s.error());
  if (auto s = ForEachDue(repo_.EscalatedBefore(days_ago(policy_.stuck_expire_after_days)),
                          rep.stuck_closed, rep, close_stuck);
      !s)
    return Fail(s.error());
  if (auto s = ForEachDue(repo_.DueRecurrences(), rep.recurred, rep, next); !s)
    return Fail(s.error());
  if (auto s = ForEachDue(repo_.ErasableBefore(days_ago(policy_.erase_after_days)), rep.erased, rep,
                          erase);
      !s)
    return Fail(s.error());
  // Requests asked for without an account whose code or call never came:
  // their personal data goes with them.
  auto forgotten = repo_.ForgetExpiredPending(clock_.NowIso());
  if (!forgotten) return Fail(forgotten.error());
  rep.erased += *forgotten;
  return rep;
}

}  // namespace doma::help
