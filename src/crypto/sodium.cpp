#include "crypto/sodium.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <vector>

namespace doma::crypto {

bool Init() { return sodium_init() >= 0; }

Result<std::string> Argon2idHasher::Hash(const std::string& password) {
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Fail(Error::Internal("crypto_pwhash_str_alg failed (out of memory?)"));
  }
  return std::string(out.data());
}

bool Argon2idHasher::Verify(const std::string& hash, const std::string& password) {
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string SodiumSecrets::NewToken() {
  std::array<unsigned char, 16> raw{};
  randombytes_buf(raw.data(), raw.size());
  std::array<char, 33> hex{};
  sodium_bin2hex(hex.data(), hex.size(), raw.data(), raw.size());
  return std::string(hex.data(), 32);
}

namespace {
std::string Hex(const std::array<unsigned char, 32>& h) {
  std::array<char, 65> hex{};
  sodium_bin2hex(hex.data(), hex.size(), h.data(), h.size());
  return std::string(hex.data(), 64);
}
}  // namespace

std::string SodiumSecrets::Digest(const std::string& token) {
  std::array<unsigned char, 32> h{};
  crypto_generichash(h.data(), h.size(), reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  return digest_key_ ? KeyedFromKeyless(Hex(h)) : Hex(h);
}

std::string SodiumSecrets::KeyedFromKeyless(const std::string& keyless_hex) const {
  std::array<unsigned char, 32> keyless{}, keyed{};
  std::size_t len = 0;
  if (!digest_key_ ||
      sodium_hex2bin(keyless.data(), keyless.size(), keyless_hex.data(), keyless_hex.size(),
                     nullptr, &len, nullptr) != 0 ||
      len != keyless.size())
    return keyless_hex;  // not one of ours: left as it is, it matches nothing new
  crypto_generichash(keyed.data(), keyed.size(), keyless.data(), keyless.size(),
                     digest_key_->data(), digest_key_->size());
  return Hex(keyed);
}

std::string SodiumSecrets::NewCode(int digits) {
  std::string out;
  for (int i = 0; i < digits; ++i) out.push_back(static_cast<char>('0' + randombytes_uniform(10)));
  return out;
}

Result<std::unique_ptr<SecretBoxSealer>> SecretBoxSealer::FromKeyFile(const std::string& path) {
  static_assert(crypto_secretbox_KEYBYTES == 32);
  auto sealer = std::make_unique<SecretBoxSealer>();
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    struct stat st {};
    if (::fstat(fd, &st) == 0 && (st.st_mode & 077) != 0) {
      ::close(fd);
      return Fail(Error::Unavailable(
          fmt::format("key file {} can be read by others (mode {:04o}): run chmod 600 {}", path,
                      st.st_mode & 07777, path)));
    }
    ssize_t n = ::read(fd, sealer->key_.data(), sealer->key_.size());
    ::close(fd);
    if (n != static_cast<ssize_t>(sealer->key_.size()))
      return Fail(
          Error::Unavailable(fmt::format("key file {} is damaged (expected 32 bytes)", path)));
    return sealer;
  }
  crypto_secretbox_keygen(sealer->key_.data());
  fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    return Fail(Error::Unavailable(
        fmt::format("cannot create key file {}: {}", path, std::strerror(errno))));
  bool ok = ::write(fd, sealer->key_.data(), sealer->key_.size()) ==
                static_cast<ssize_t>(sealer->key_.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return Fail(Error::Unavailable(fmt::format("cannot write key file {}", path)));
  return sealer;
}

std::array<unsigned char, 32> SecretBoxSealer::DigestKey() const {
  static_assert(crypto_kdf_KEYBYTES == 32);
  std::array<unsigned char, 32> sub{};
  crypto_kdf_derive_from_key(sub.data(), sub.size(), 1, "doma-dig", key_.data());
  return sub;
}

std::string SecretBoxSealer::Seal(const std::string& plain) {
  std::vector<unsigned char> buf(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES +
                                 plain.size());
  randombytes_buf(buf.data(), crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(buf.data() + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
                        buf.data(), key_.data());
  std::string out(sodium_base64_ENCODED_LEN(buf.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), buf.data(), buf.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

Result<std::string> SecretBoxSealer::Open(const std::string& sealed) {
  std::vector<unsigned char> buf(sealed.size());
  size_t len = 0;
  if (sodium_base642bin(buf.data(), buf.size(), sealed.data(), sealed.size(), nullptr, &len,
                        nullptr, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      len < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    return Fail(Error::Internal("sealed text is not base64 or too short"));
  std::string plain(len - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()),
                                 buf.data() + crypto_secretbox_NONCEBYTES,
                                 len - crypto_secretbox_NONCEBYTES, buf.data(), key_.data()) != 0)
    return Fail(Error::Internal("sealed text does not open with this key"));
  return plain;
}

}  // namespace doma::crypto
