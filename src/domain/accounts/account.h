// People who sign in, their roles and their sessions.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace doma::accounts {

enum class Role { kResident, kVolunteer, kCoordinator, kEditor, kAdmin };
inline constexpr std::array<Role, 5> kAllRoles = {Role::kResident, Role::kVolunteer,
                                                  Role::kCoordinator, Role::kEditor, Role::kAdmin};

std::string_view RoleName(Role r);
// How the header names an account made for a role without a name given
// (unlike the header's own links: «Координатор» is the dashboard).
std::string_view RoleTitle(Role r);
bool ParseRole(std::string_view name, Role& out);

// The refusal of a sign-up whose e-mail or phone already has an account; the
// domain checks first, storage again under its write lock.
Error LoginTaken();

struct Account {
  long long id = 0;
  std::string email;  // lower-case; empty when signed up by phone
  std::string phone;  // +7XXXXXXXXXX; empty when signed up by e-mail
  std::string name;
  std::string password_hash;  // Argon2id string (libsodium); never leaves storage but to verify
  std::vector<Role> roles;
  std::string created_at;

  bool Has(Role r) const;
  // Coordinators, editors and admins: shorter sessions, audited logins.
  bool IsStaff() const;
};

struct Session {
  std::string id_hash;  // hash of the cookie value; the value itself is never stored
  long long account_id = 0;
  std::string created_at;
  std::string last_seen_at;
};

}  // namespace doma::accounts
