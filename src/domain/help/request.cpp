#include "domain/help/request.h"

#include <fmt/format.h>

#include <algorithm>
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

namespace {
Numbering& numbering() {
  static Numbering n;
  return n;
}
}  // namespace

void SetNumbering(Numbering n) { numbering() = std::move(n); }
const Numbering& CurrentNumbering() { return numbering(); }

std::string Number(long long id) { return fmt::format("{}-{:06}", numbering().request_prefix, id); }

long long ParseNumber(std::string_view s) {
  // The region's prefix, in any case, then digits with dashes or spaces.
  const std::string& prefix = numbering().request_prefix;
  std::size_t i = 0;
  while (i < s.size() && s[i] == ' ') ++i;
  if (s.size() - i >= prefix.size() &&
      std::equal(prefix.begin(), prefix.end(), s.begin() + static_cast<std::ptrdiff_t>(i),
                 [](char a, char b) {
                   return std::toupper(static_cast<unsigned char>(a)) ==
                          std::toupper(static_cast<unsigned char>(b));
                 }))
    i += prefix.size();
  std::string_view rest = s.substr(i);
  for (char c : rest)
    if (!std::isdigit(static_cast<unsigned char>(c)) && c != '-' && c != ' ') return 0;
  std::string d = Digits(rest);
  if (d.empty() || d.size() > 12) return 0;
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
  const std::string& prefix = numbering().badge_prefix;
  // The region's code is taken off only where it is written as one ("73-42",
  // "73 42") or as printed ("730042"): "7342" is badge 7342, not badge 42.
  std::string_view typed = s;
  while (!typed.empty() && typed.front() == ' ') typed.remove_prefix(1);
  const bool separated = typed.starts_with(prefix) && typed.size() > prefix.size() &&
                         (typed[prefix.size()] == '-' || typed[prefix.size()] == ' ');
  if (d.starts_with(prefix) && (separated || d.size() >= prefix.size() + 4))
    d = d.substr(prefix.size());
  if (d.empty() || d.size() > 6) return "";
  long long n = std::stoll(d);
  if (n <= 0) return "";
  return BadgeNumber(n);
}

std::string BadgeNumber(long long n) {
  return fmt::format("{}-{:04}", numbering().badge_prefix, n);
}

}  // namespace doma::help
