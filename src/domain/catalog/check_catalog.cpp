#include "domain/catalog/check_catalog.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

namespace doma::catalog {
namespace {

// Days from 1970-01-01 of an ISO date's first 10 characters; -1 if not one.
long long DayNumber(const std::string& iso) {
  if (iso.size() < 10) return -1;
  int y = 0, m = 0, d = 0;
  if (std::sscanf(iso.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3) return -1;
  std::chrono::year_month_day ymd{std::chrono::year(y),
                                  std::chrono::month(static_cast<unsigned>(m)),
                                  std::chrono::day(static_cast<unsigned>(d))};
  if (!ymd.ok()) return -1;
  return std::chrono::sys_days(ymd).time_since_epoch().count();
}

}  // namespace

CatalogReport CheckCatalog(const std::vector<Service>& services, const std::string& today,
                           const std::vector<std::string>& districts) {
  CatalogReport r;
  const long long now = DayNumber(today);
  for (const auto& s : services) {
    auto problem = [&](bool error, std::string what) {
      r.problems.push_back({s.id, std::move(what), error});
    };
    if (s.sources.empty()) problem(true, "no source: no page that confirms the service");
    if (s.assured_at.empty()) {
      problem(true, "no date: assured_at is empty");
    } else if (long long day = DayNumber(s.assured_at); day < 0) {
      problem(true, "assured_at is not a date: " + s.assured_at);
    } else if (now >= 0 && now - day > 90) {
      problem(false, fmt::format("not checked for {} days (since {})", now - day,
                                 s.assured_at.substr(0, 10)));
    }
    for (const auto& a : s.service_areas)
      if (!districts.empty() && std::find(districts.begin(), districts.end(), a) == districts.end())
        problem(true, "unknown area: " + a);
    if (s.name_en.empty() || s.description_en.empty())
      problem(false, "no English name or description");
    if (s.scope == "regional" && s.phones.empty() && !s.Unlisted())
      problem(false, "no phone (add the provider's own, if it publishes one)");
    if (!s.url.starts_with("https://")) problem(false, "URL is not https: " + s.url);
    for (const auto& src : s.sources)
      if (!src.url.starts_with("https://")) problem(false, "source is not https: " + src.url);

    ++r.counts.total;
    if (s.Unlisted()) {
      ++r.counts.unlisted;
      continue;
    }
    bool regional = s.scope == "regional";
    if (regional) ++r.counts.regional;
    if (!s.phones.empty()) ++r.counts.with_phones;
    if (!s.service_areas.empty()) ++r.counts.with_areas;
    for (const auto& c : s.categories) {
      auto& [reg, all] = r.counts.by_category[c];
      ++all;
      if (regional) ++reg;
    }
  }
  return r;
}

}  // namespace doma::catalog
