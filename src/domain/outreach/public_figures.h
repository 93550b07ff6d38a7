// The figures anyone may see on /stats: what the catalog holds and how much
// help volunteers gave, aggregated so that no person can be singled out.
// Every count of people or requests under kMinCell is suppressed; where one
// suppressed cell could be worked out from the total and the other cells,
// the total is not shown, and where the total itself can be worked out (the
// other table has no suppressed cell), the next smallest cell is suppressed.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "domain/help/gazetteer.h"
#include "domain/help/repository.h"

namespace doma::outreach {

inline constexpr long long kMinCell = 5;

struct Cell {
  long long value = 0;
  bool suppressed = false;
  // Hidden though 5 or more, so that a cell under 5 cannot be worked out:
  // shown as "hidden", not as "fewer than 5", which would not be true.
  bool secondary = false;
};

// Suppresses the cells under kMinCell; returns how many are suppressed.
int SuppressSmall(std::vector<Cell>& cells);
// Suppresses the smallest cell still shown.
void SuppressOneMore(std::vector<Cell>& cells);

using help::CompletedRequest;

struct WeekFigures {
  std::string week_start;  // the region's Monday, ISO date
  Cell completed;          // requests completed that week
  Cell volunteers;         // volunteers who completed at least one
  // Minutes from asking to being taken, the median over the week's completed
  // requests; -1 when suppressed (the week's count is hidden) or none. A
  // hidden week hides its volunteers too: either would tell it was not small.
  double median_take_minutes = -1;
};

struct DistrictFigures {
  std::string district;  // the gazetteer's district_ru
  Cell completed;
};

struct HelpFigures {
  std::vector<WeekFigures> weeks;  // oldest first, ending with this week
  // Over the weeks shown, every district of the gazetteer (alphabetical).
  std::vector<DistrictFigures> districts;
  Cell total;  // completed over the weeks shown (suppressed as above)
};

// `weeks` region weeks ending with the one holding `today` (the region's
// ISO date). A request counts in the week of its done_at, in the region's
// time; one whose place the gazetteer does not know counts in the totals only.
HelpFigures AggregateHelp(const std::vector<CompletedRequest>& rows, const help::Gazetteer& places,
                          const std::string& today, int weeks);

// The region's Monday on or before `date` (ISO dates).
std::string WeekStart(const std::string& date);

}  // namespace doma::outreach
