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
}  // namespace

Result<JobReport> Help::RunScheduledJobs() {
  JobReport rep;
  const std::string now = clock_.NowIso();
  auto overdue = repo_.Overdue(now);
  if (!overdue) return Fail(overdue.error());
  auto coordinators = repo_.CoordinatorContacts();
  if (!coordinators) return Fail(coordinators.error());
  for (long long id : *overdue) {
    auto r = Apply(id, Action::kExpire, nullptr,
                   [&](Mutation& m, const HelpRequest& cur, const TxView&) -> Status {
                     for (const auto& to : *coordinators)
                       m.notify.push_back(messages::Expired(policy_, to, cur));
                     return {};
                   });
    if (r)
      ++rep.expired;
    else
      Skip(rep, id, r.error());
  }
  auto unconfirmed =
      repo_.UnconfirmedSince(FormatIso(clock_.Now() - chr::days(policy_.confirm_after_days)));
  if (!unconfirmed) return Fail(unconfirmed.error());
  for (long long id : *unconfirmed) {
    auto r = Apply(id, Action::kConfirm, nullptr,
                   [&](Mutation& m, const HelpRequest&, const TxView&) -> Status {
                     m.after.confirmed_at = now;
                     m.event_detail = "automatically";
                     return {};
                   });
    if (r)
      ++rep.auto_confirmed;
    else
      Skip(rep, id, r.error());
  }
  auto recurring = repo_.DueRecurrences();
  if (!recurring) return Fail(recurring.error());
  for (long long id : *recurring) {
    auto r = NextOccurrence(id);
    if (r)
      ++rep.recurred;
    else
      Skip(rep, id, r.error());
  }
  auto erasable =
      repo_.ErasableBefore(FormatIso(clock_.Now() - chr::days(policy_.erase_after_days)));
  if (!erasable) return Fail(erasable.error());
  for (long long id : *erasable) {
    auto r = Erase(id, 0, fmt::format("retention {} days", policy_.erase_after_days));
    if (r)
      ++rep.erased;
    else
      Skip(rep, id, r.error());
  }
  return rep;
}

}  // namespace doma::help
