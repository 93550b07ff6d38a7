#include "domain/help/fields.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/text.h"

namespace doma::help {

namespace chr = std::chrono;

bool ParseInt(std::string_view s, int& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

bool ParseDouble(std::string_view s, double& out) {
  s = text::Trim(s);
  if (s.empty() || s.size() > 24) return false;
  std::string t(s);
  std::replace(t.begin(), t.end(), ',', '.');
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
  return ec == std::errc() && p == t.data() + t.size() && std::isfinite(out);
}

bool ParseDate(std::string_view s, chr::sys_days& out) {
  int y = 0, m = 0, d = 0;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  if (!ParseInt(s.substr(0, 4), y) || !ParseInt(s.substr(5, 2), m) || !ParseInt(s.substr(8, 2), d))
    return false;
  chr::year_month_day ymd{chr::year(y), chr::month(static_cast<unsigned>(m)),
                          chr::day(static_cast<unsigned>(d))};
  if (!ymd.ok()) return false;
  out = chr::sys_days(ymd);
  return true;
}

bool ParseClock(std::string_view s, int& minutes) {
  int h = 0, m = 0;
  if (s.size() != 5 || s[2] != ':' || !ParseInt(s.substr(0, 2), h) || !ParseInt(s.substr(3, 2), m))
    return false;
  if (h < 0 || h > 23 || m < 0 || m > 59) return false;
  minutes = h * 60 + m;
  return true;
}

bool ParseIso(std::string_view iso, chr::system_clock::time_point& out) {
  if (iso.size() < 19) return false;
  chr::sys_days day;
  int minutes = 0, sec = 0;
  if (!ParseDate(iso.substr(0, 10), day) || !ParseClock(iso.substr(11, 5), minutes) ||
      !ParseInt(iso.substr(17, 2), sec))
    return false;
  out = day + chr::minutes(minutes) + chr::seconds(sec);
  return true;
}

long long ParseRoubles(std::string_view s) {
  s = text::Trim(s);
  if (s.empty()) return -1;
  double v = 0;
  if (!ParseDouble(s, v) || v < 0 || v > 1'000'000) return -2;
  return std::llround(v * 100);
}

bool Short(std::string_view s, std::size_t max) {
  return text::IsValidUtf8(s) && text::Length(s) <= max;
}

bool Honest(std::string_view s, bool multiline) {
  return text::IsValidUtf8(s) && text::IsHonestText(s, multiline);
}

Error Dishonest(std::string field) { return Invalid(std::move(field), text::kDishonestText); }

}  // namespace doma::help
