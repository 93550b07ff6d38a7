#include "web/format.h"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <chrono>

#include "domain/help/fields.h"

namespace doma::web {

std::string HumanDate(std::string_view iso, const std::string& lang) {
  static constexpr std::array<const char*, 12> kRu = {"января",   "февраля", "марта",  "апреля",
                                                      "мая",      "июня",    "июля",   "августа",
                                                      "сентября", "октября", "ноября", "декабря"};
  static constexpr std::array<const char*, 12> kEn = {
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  if (iso.size() < 10 || iso[4] != '-' || iso[7] != '-') return "";
  int y = 0, m = 0, d = 0;
  auto num = [](std::string_view s, int& out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
  };
  if (!num(iso.substr(0, 4), y) || !num(iso.substr(5, 2), m) || !num(iso.substr(8, 2), d) ||
      m < 1 || m > 12 || d < 1 || d > 31)
    return "";
  const auto& months = lang == "en" ? kEn : kRu;
  return std::to_string(d) + " " + months[static_cast<std::size_t>(m - 1)] + " " +
         std::to_string(y);
}

namespace {
namespace chr = std::chrono;

struct Local {
  std::string day;  // "7 декабря"
  std::string hm;   // "14:44"
};

bool ToLocal(std::string_view iso, int offset_minutes, const std::string& lang, Local& out) {
  chr::system_clock::time_point t;
  if (iso.size() < 20 || !help::ParseIso(iso, t)) return false;
  auto local = t + chr::minutes(offset_minutes);
  auto day = chr::floor<chr::days>(local);
  chr::year_month_day ymd(day);
  auto minutes = chr::duration_cast<chr::minutes>(local - day).count();
  std::string date =
      HumanDate(fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                            static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day())),
                lang);
  out.day = date.substr(0, date.rfind(' '));  // the year goes without saying
  out.hm = fmt::format("{:02}:{:02}", minutes / 60, minutes % 60);
  return true;
}
}  // namespace

std::string HumanTime(std::string_view iso_utc, int offset_minutes, const std::string& lang) {
  Local l;
  if (!ToLocal(iso_utc, offset_minutes, lang, l)) return "";
  return l.day + ", " + l.hm;
}

std::string HumanWindow(std::string_view start_utc, std::string_view end_utc, int offset_minutes,
                        const std::string& lang) {
  Local a, b;
  if (!ToLocal(start_utc, offset_minutes, lang, a)) return "";
  if (!ToLocal(end_utc, offset_minutes, lang, b)) return a.day + ", " + a.hm;
  if (a.day == b.day) return a.day + ", " + a.hm + "–" + b.hm;
  return a.day + ", " + a.hm + " – " + b.day + ", " + b.hm;
}

std::string SiteHost(std::string_view url) {
  bool web = false;
  for (std::string_view scheme : {"https://", "http://"})
    if (url.starts_with(scheme)) {
      url.remove_prefix(scheme.size());
      web = true;
    }
  if (!web) return "";
  url = url.substr(0, url.find_first_of("/?#"));
  if (auto at = url.rfind('@'); at != std::string_view::npos) url.remove_prefix(at + 1);
  if (url.starts_with("www.")) url.remove_prefix(4);
  return std::string(url);
}

}  // namespace doma::web
