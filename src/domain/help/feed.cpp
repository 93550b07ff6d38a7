// The volunteers' feed as the help feature keeps it: filled from the stored
// open requests at start, moved after every committed change.
#include "domain/help/help.h"

namespace doma::help {

Result<std::size_t> Help::LoadFeed() {
  auto open = repo_.AllOpen();
  if (!open) return Fail(open.error());
  for (auto& e : *open) AtSettlement(e);
  feed_.Replace(*open);
  return open->size();
}

void Help::AtSettlement(FeedEntry& e) const {
  // The feed measures from the settlement's centre, never from a point picked
  // on the map (that may be the door itself; only who may see the address
  // learns it).
  if (const Place* p = gazetteer_.Find(e.place_id)) e.point = {p->lat, p->lon};
}

Status Help::Follow(const HelpRequest& r) { return Refresh(r.id); }

Status Help::Refresh(long long id) {
  std::lock_guard lock(follow_mu_);
  auto now = repo_.OpenFeedEntry(id);
  if (!now) return Fail(now.error());
  if (*now) {
    AtSettlement(**now);
    feed_.Upsert(**now);
  } else {
    feed_.Remove(id);
  }
  return {};
}

}  // namespace doma::help
