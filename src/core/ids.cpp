#include "core/ids.h"

#include <boost/uuid/name_generator_sha1.hpp>
#include <boost/uuid/string_generator.hpp>
#include <boost/uuid/uuid_io.hpp>
#include <random>
#include <string_view>

namespace doma::ids {

std::string RequestId() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::uint64_t v = rng();
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) out[i] = kHex[v & 0xF];
  return out;
}

bool IsValidSlug(std::string_view s) {
  if (s.empty() || s.size() > 64 || s.front() == '-') return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

std::string Uuid5(std::string_view name) {
  // Doma's namespace: itself a v5 UUID of "doma" in the RFC's URL namespace.
  static const boost::uuids::uuid kNamespace =
      boost::uuids::name_generator_sha1(boost::uuids::ns::url())("https://doma/");
  return boost::uuids::to_string(
      boost::uuids::name_generator_sha1(kNamespace)(name.data(), name.size()));
}

bool IsUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return true;
}

}  // namespace doma::ids
