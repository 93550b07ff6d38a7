// `doma catalog check`: what an editor has to do to keep the catalog true.
// Pure: the services, the day and the region's districts in; a report out.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "domain/catalog/service.h"

namespace doma::catalog {

struct CatalogProblem {
  std::string service_id;
  std::string what;    // a sentence, in English (an operator's tool)
  bool error = false;  // a card without evidence or date, or in an unknown district
};

struct CatalogCounts {
  long long total = 0, regional = 0, with_phones = 0, with_areas = 0, unlisted = 0;
  // category slug -> (regional, all); listed services only
  std::map<std::string, std::pair<long long, long long>> by_category;
};

struct CatalogReport {
  std::vector<CatalogProblem> problems;
  CatalogCounts counts;
  bool Failed() const {
    for (const auto& p : problems)
      if (p.error) return true;
    return false;
  }
};

// Errors: no source, no assured_at, an area that is not one of `districts`
// (when `districts` is given). Warnings: not checked for 90 days before
// `today` (ISO date), no English text, a regional service without a phone, a
// URL or source that is not https.
CatalogReport CheckCatalog(const std::vector<Service>& services, const std::string& today,
                           const std::vector<std::string>& districts);

}  // namespace doma::catalog
