// Who may do what with accounts: the one place these answers are decided.
#pragma once

#include "domain/accounts/account.h"

namespace doma::accounts {

struct Permissions {
  static bool CanManageRoles(const Account& a) { return a.Has(Role::kAdmin); }
  static bool CanViewAudit(const Account& a) { return a.Has(Role::kAdmin); }
};

}  // namespace doma::accounts
