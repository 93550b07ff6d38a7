#include "app/route_table.h"

namespace doma::app {

const char* RouteTable::AccessName(web::Access a) {
  switch (a) {
    case web::Access::kPublic: return "public";
    case web::Access::kSignedIn: return "signed-in";
    case web::Access::kEditor: return "editor";
    case web::Access::kAdmin: return "admin";
    case web::Access::kCoordinator: return "coordinator";
    case web::Access::kStaff: return "staff";
  }
  return "public";
}

}  // namespace doma::app
