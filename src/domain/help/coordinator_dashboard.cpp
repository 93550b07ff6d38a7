#include <algorithm>
#include <chrono>

#include "domain/help/fields.h"
#include "domain/help/help.h"
#include "domain/help/permissions.h"

namespace doma::help {

namespace chr = std::chrono;

Result<Dashboard> Help::CoordinatorDashboard(const accounts::Account& coordinator,
                                             const ListFilter& f) {
  if (!Permissions::CanCoordinate(coordinator))
    return Fail(Forbidden("Панель доступна только координаторам."));
  Dashboard d;
  auto list = repo_.List(f);
  if (!list) return Fail(list.error());
  auto cutoff = FormatIso(clock_.Now() - chr::hours(policy_.escalate_after_hours));
  // Open and waiting too long go first, oldest first; then the rest as listed.
  // Waiting for a volunteer too long, or taken and its time passed (the
  // volunteer may have vanished with the address): both need a person.
  const std::string now = clock_.NowIso();
  auto needs_attention = [&](const HelpRequest& r) {
    return (r.status == RequestStatus::kOpen && r.created_at < cutoff) ||
           (r.status == RequestStatus::kTaken && r.window_end < now);
  };
  std::stable_partition(list->begin(), list->end(), needs_attention);
  for (const auto& r : *list)
    if (needs_attention(r)) d.escalated.push_back(r.id);
  d.requests = std::move(*list);
  auto fig = repo_.ComputeFigures(clock_.Today());
  if (!fig) return Fail(fig.error());
  d.figures = std::move(*fig);
  return d;
}

}  // namespace doma::help
