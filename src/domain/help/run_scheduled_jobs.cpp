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
  auto expire = [&](long long id) {
    return Apply(id, Action::kExpire, nullptr,
                 [&](Mutation& m, const HelpRequest& cur, const TxView&) -> Status {
                   for (const auto& to : *coordinators)
                     m.notify.push_back(messages::Expired(policy_, to, cur));
                   return {};
                 });
  };
  auto confirm = [&](long long id) {
    return Apply(id, Action::kConfirm, nullptr,
                 [&](Mutation& m, const HelpRequest&, const TxView&) -> Status {
                   m.after.confirmed_at = now;
                   m.event_detail = "automatically";
                   return {};
                 });
  };
  auto erase = [&](long long id) {
    return Erase(id, 0, fmt::format("retention {} days", policy_.erase_after_days));
  };
  auto days_ago = [&](int days) { return FormatIso(clock_.Now() - chr::days(days)); };
  auto next = [&](long long id) { return NextOccurrence(id); };
  if (auto s = ForEachDue(repo_.Overdue(now), rep.expired, rep, expire); !s) return Fail(s.error());
  if (auto s = ForEachDue(repo_.UnconfirmedSince(days_ago(policy_.confirm_after_days)),
                          rep.auto_confirmed, rep, confirm);
      !s)
    return Fail(s.error());
  if (auto s = ForEachDue(repo_.DueRecurrences(), rep.recurred, rep, next); !s)
    return Fail(s.error());
  if (auto s = ForEachDue(repo_.ErasableBefore(days_ago(policy_.erase_after_days)), rep.erased, rep,
                          erase);
      !s)
    return Fail(s.error());
  return rep;
}

}  // namespace doma::help
