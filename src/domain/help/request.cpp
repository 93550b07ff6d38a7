#include "domain/help/request.h"

#include <fmt/format.h>

#include <cctype>
#include <cstring>

#include "domain/help/volunteer.h"

namespace doma::help {

namespace {
constexpr std::array<std::string_view, 6> kStatusNames = {"open",      "taken",     "done",
                                                          "confirmed", "cancelled", "expired"};
constexpr std::array<std::string_view, 3> kVolunteerStatusNames = {"pending", "verified",
                                                                   "suspended"};

std::string Digits(std::string_view s) {
  std::string d;
  for (char c : s)
    if (std::isdigit(static_cast<unsigned char>(c))) d.push_back(c);
  return d;
}

// The enumerator whose name (at its index in `names`) is `name`.
template <class Enum, std::size_t N>
bool ParseName(const std::array<std::string_view, N>& names, std::string_view name, Enum& out) {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == name) {
      out = static_cast<Enum>(i);
      return true;
    }
  return false;
}
}  // namespace

std::string_view StatusName(RequestStatus s) { return kStatusNames[static_cast<int>(s)]; }

bool ParseStatus(std::string_view name, RequestStatus& out) {
  return ParseName(kStatusNames, name, out);
}

bool IsClosed(RequestStatus s) {
  return s == RequestStatus::kConfirmed || s == RequestStatus::kCancelled ||
         s == RequestStatus::kExpired;
}

std::string Number(long long id) { return fmt::format("UL-{:06}", id); }

long long ParseNumber(std::string_view s) {
  std::string d = Digits(s);
  if (d.empty() || d.size() > 12) return 0;
  // Only the digits and an optional "UL" prefix may be there.
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c)) && !std::strchr("ulUL- ", c)) return 0;
  return std::stoll(d);
}

std::string_view VolunteerStatusName(VolunteerStatus s) {
  return kVolunteerStatusNames[static_cast<int>(s)];
}

bool ParseVolunteerStatus(std::string_view name, VolunteerStatus& out) {
  return ParseName(kVolunteerStatusNames, name, out);
}

std::string NormalizeBadge(std::string_view s) {
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c)) && c != '-' && c != ' ') return "";
  std::string d = Digits(s);
  if (d.size() > 2 && d.starts_with("73")) d = d.substr(2);
  if (d.empty() || d.size() > 6) return "";
  long long n = std::stoll(d);
  if (n <= 0) return "";
  return fmt::format("73-{:04}", n);
}

}  // namespace doma::help
