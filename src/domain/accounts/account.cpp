#include "domain/accounts/account.h"

#include <algorithm>

namespace doma::accounts {

std::string_view RoleName(Role r) {
  switch (r) {
    case Role::kResident: return "resident";
    case Role::kVolunteer: return "volunteer";
    case Role::kCoordinator: return "coordinator";
    case Role::kEditor: return "editor";
    case Role::kAdmin: return "admin";
  }
  return "resident";
}

std::string_view RoleTitle(Role r) {
  switch (r) {
    case Role::kResident: return "Житель";
    case Role::kVolunteer: return "Волонтёр";
    case Role::kCoordinator: return "Координатор помощи";
    case Role::kEditor: return "Редактор каталога";
    case Role::kAdmin: return "Администратор портала";
  }
  return "Житель";
}

bool ParseRole(std::string_view name, Role& out) {
  for (Role r : kAllRoles) {
    if (RoleName(r) == name) {
      out = r;
      return true;
    }
  }
  return false;
}

Error LoginTaken() {
  return Error{
      Code::kConflict,
      "Учётная запись с таким e-mail или телефоном уже есть. Войдите или восстановите пароль.",
      {},
      "login"};
}

bool Account::Has(Role r) const { return std::find(roles.begin(), roles.end(), r) != roles.end(); }

bool Account::IsStaff() const {
  return Has(Role::kCoordinator) || Has(Role::kEditor) || Has(Role::kAdmin);
}

}  // namespace doma::accounts
