// The public figures (/stats) as a use case: reads what the catalog and help
// repositories hold and aggregates it (public_figures.h) for a region's day.
#pragma once

#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "domain/catalog/repository.h"
#include "domain/help/gazetteer.h"
#include "domain/help/repository.h"
#include "domain/outreach/public_figures.h"

namespace doma::outreach {

struct CatalogFigures {
  std::string month;  // "2026-12": what "added" and the clicks count from
  // Services (not defunct) per scope, and added this month; category ""
  // holds each service once, the others a service in each of its categories.
  std::vector<catalog::CategoryScopeCount> counts;
  // Clicks out this month and last, by source ("" = directly).
  std::vector<catalog::SourceClicks> clicks;
};

class Figures {
 public:
  static constexpr int kWeeks = 8;

  Figures(catalog::CatalogRepository& catalog, help::HelpRepository& help,
          const help::Gazetteer& places, const Clock& clock)
      : catalog_(catalog), help_(help), places_(places), clock_(clock) {}

  Result<CatalogFigures> Catalog();
  // The last kWeeks region weeks, this one included.
  Result<HelpFigures> Help();

 private:
  catalog::CatalogRepository& catalog_;
  help::HelpRepository& help_;
  const help::Gazetteer& places_;
  const Clock& clock_;
};

}  // namespace doma::outreach
