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
  return repo_.List(f);
}

}  // namespace doma::help
