#include "domain/outreach/figures.h"

#include <fmt/format.h>

#include <chrono>

namespace doma::outreach {

namespace {

std::string PreviousMonth(const std::string& month) {
  int y = std::stoi(month.substr(0, 4)), m = std::stoi(month.substr(5, 2));
  if (--m == 0) {
    m = 12;
    --y;
  }
  return fmt::format("{:04}-{:02}", y, m);
}

}  // namespace

Result<CatalogFigures> Figures::Catalog() {
  CatalogFigures f;
  f.month = clock_.Today().substr(0, 7);
  // The region's first of the month, in UTC: created_at is stored in UTC.
  auto first = std::chrono::sys_days{std::chrono::year{std::stoi(f.month.substr(0, 4))} /
                                     std::stoi(f.month.substr(5, 2)) / 1} -
               RegionUtcOffset();
  auto counts = catalog_.CountByCategory(FormatIso(first));
  if (!counts) return Fail(counts.error());
  f.counts = std::move(*counts);
  auto clicks = catalog_.ListSourceClicks(PreviousMonth(f.month));
  if (!clicks) return Fail(clicks.error());
  f.clicks = std::move(*clicks);
  return f;
}

Result<HelpFigures> Figures::Help() {
  const std::string today = clock_.Today();
  // A day before the first week's Monday: AggregateHelp keeps what falls
  // in the region's weeks, whatever the offset.
  auto from = std::chrono::sys_days{std::chrono::year{std::stoi(today.substr(0, 4))} /
                                    std::stoi(today.substr(5, 2)) / std::stoi(today.substr(8, 2))} -
              std::chrono::days(7 * kWeeks + 1);
  auto rows = help_.CompletedSince(FormatIso(from));
  if (!rows) return Fail(rows.error());
  return AggregateHelp(*rows, places_, today, kWeeks);
}

}  // namespace doma::outreach
