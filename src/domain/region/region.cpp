#include "domain/region/region.h"

#include <cctype>

namespace doma::region {

std::string TelUri(std::string_view phone) {
  std::string d;
  for (char c : phone)
    if (std::isdigit(static_cast<unsigned char>(c))) d += c;
  // Russian numbers are written 8-… or +7 …; the URI wants +7.
  // A short service number (122, 112) is dialled as it is.
  if (d.size() == 3 && d == std::string(phone.begin(), phone.end())) return "tel:" + d;
  if (d.size() == 11 && (d[0] == '8' || d[0] == '7')) d = d.substr(1);
  if (d.size() != 10) return "";
  return "tel:+7" + d;
}

bool ParseUtcOffset(std::string_view t, std::chrono::minutes& out) {
  auto digit = [&](std::size_t i) { return std::isdigit(static_cast<unsigned char>(t[i])); };
  if (t.size() != 6 || (t[0] != '+' && t[0] != '-') || t[3] != ':' || !digit(1) || !digit(2) ||
      !digit(4) || !digit(5))
    return false;
  int h = (t[1] - '0') * 10 + (t[2] - '0'), m = (t[4] - '0') * 10 + (t[5] - '0');
  if (h > 14 || m >= 60) return false;
  out = std::chrono::minutes((t[0] == '-' ? -1 : 1) * (h * 60 + m));
  return true;
}

}  // namespace doma::region
