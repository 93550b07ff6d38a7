#include "domain/help/help.h"

namespace doma::help {

Result<std::vector<HelpRequest>> Help::MyTasks(const accounts::Account& who) {
  ListFilter f;
  f.volunteer_id = who.id;
  f.statuses = {RequestStatus::kTaken, RequestStatus::kDone};
  f.limit = 100;
  return repo_.List(f);
}

}  // namespace doma::help
