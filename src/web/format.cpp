#include "web/format.h"

#include <array>
#include <charconv>

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
