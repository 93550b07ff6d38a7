// libsodium behind the accounts ports: Argon2id password hashes and random
// session tokens.
#pragma once

#include <array>
#include <memory>
#include <optional>

#include "domain/accounts/ports.h"
#include "domain/notify/outbox.h"

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
  // BLAKE2b of the token, then (once UseDigestKey was called) BLAKE2b of that
  // under the key: a copy of the database without the key file matches no
  // live session, reset code or API token.
  std::string Digest(const std::string& token) override;
  std::string NewCode(int digits) override;

  void UseDigestKey(const std::array<unsigned char, 32>& key) { digest_key_ = key; }
  // The keyed form of a keyless digest stored before the key was used
  // (hex in, hex out): the one-time upgrade of a database.
  std::string KeyedFromKeyless(const std::string& keyless_hex) const;

 private:
  std::optional<std::array<unsigned char, 32>> digest_key_;
};

// XSalsa20-Poly1305 (crypto_secretbox) with a key kept in a file of its own
// (mode 0600), created on first use. Sealed text is base64(nonce | box).
class SecretBoxSealer final : public notify::Sealer {
 public:
  // Reads the key from `path`, or makes a new one there (mode 0600) when the
  // file does not exist. A key file that its group or others may read, or
  // that is not 32 bytes, is refused with a message saying what to do.
  static Result<std::unique_ptr<SecretBoxSealer>> FromKeyFile(const std::string& path);
  std::string Seal(const std::string& plain) override;
  Result<std::string> Open(const std::string& sealed) override;
  // A key for SodiumSecrets' digests, derived from this one (one key file).
  std::array<unsigned char, 32> DigestKey() const;

 private:
  std::array<unsigned char, 32> key_{};
};

}  // namespace doma::crypto
