// libsodium behind the accounts ports: Argon2id password hashes and random
// session tokens.
#pragma once

#include "domain/accounts/ports.h"

namespace doma::crypto {

// Must be called once before any other function here; false if libsodium
// cannot initialise (no entropy source).
bool Init();

// Argon2id with 64 MiB and 2 passes (libsodium's "interactive" limits),
// above OWASP's minimum of 19 MiB and 2 passes.
class Argon2idHasher final : public accounts::PasswordHasher {
 public:
  Result<std::string> Hash(const std::string& password) override;
  bool Verify(const std::string& hash, const std::string& password) override;
};

class SodiumSecrets final : public accounts::Secrets {
 public:
  std::string NewToken() override;
  std::string Digest(const std::string& token) override;
};

}  // namespace doma::crypto
