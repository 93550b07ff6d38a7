#include "domain/help/fields.h"
#include "domain/help/help.h"
#include "domain/help/permissions.h"

namespace doma::help {

Result<std::vector<HelpRequest>> Help::MapOfRequests(const accounts::Account& coordinator) {
  if (!Permissions::CanCoordinate(coordinator))
    return Fail(Forbidden("Карта доступна только координаторам."));
  ListFilter f;
  f.statuses = {RequestStatus::kOpen, RequestStatus::kTaken};
  f.limit = 2000;
  auto list = repo_.List(f);
  if (!list) return Fail(list.error());
  // A point picked on the map may be the door itself: seeing them all is a
  // reveal, like an address.
  auto audited = repo_.Audit({coordinator.id, "requests_map_viewed", "help:map",
                              std::to_string(list->size()) + " requests"},
                             clock_.NowIso());
  if (!audited) return Fail(audited.error());
  return list;
}

}  // namespace doma::help
