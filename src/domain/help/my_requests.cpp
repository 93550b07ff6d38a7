#include "domain/help/help.h"

namespace doma::help {

Result<std::vector<HelpRequest>> Help::MyRequests(const accounts::Account& who) {
  ListFilter f;
  f.requester_id = who.id;
  f.limit = 100;
  return repo_.List(f);
}

}  // namespace doma::help
