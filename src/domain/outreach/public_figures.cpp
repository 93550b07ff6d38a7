#include "domain/outreach/public_figures.h"

#include <algorithm>
#include <chrono>
#include <set>

#include "core/clock.h"
#include "domain/help/fields.h"

namespace doma::outreach {

namespace {

std::chrono::sys_days ParseDate(const std::string& date) {
  int y = 0;
  unsigned m = 0, d = 0;
  if (std::sscanf(date.c_str(), "%d-%u-%u", &y, &m, &d) != 3) return {};
  return std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}};
}

std::string FormatDate(std::chrono::sys_days d) {
  std::chrono::year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

Cell Counted(long long n) {
  Cell c{n, false};
  if (n < kMinCell) c.suppressed = true;
  return c;
}

}  // namespace

int SuppressSmall(std::vector<Cell>& cells) {
  int suppressed = 0;
  for (auto& c : cells) {
    if (c.value < kMinCell) c.suppressed = true;
    suppressed += c.suppressed ? 1 : 0;
  }
  return suppressed;
}

void SuppressOneMore(std::vector<Cell>& cells) {
  Cell* smallest = nullptr;
  for (auto& c : cells)
    if (!c.suppressed && (!smallest || c.value < smallest->value)) smallest = &c;
  if (smallest) smallest->suppressed = smallest->secondary = true;
}

std::string WeekStart(const std::string& date) {
  auto d = ParseDate(date);
  std::chrono::weekday wd{d};
  return FormatDate(d - (wd - std::chrono::Monday));
}

HelpFigures AggregateHelp(const std::vector<CompletedRequest>& rows, const help::Gazetteer& places,
                          const std::string& today, int weeks) {
  HelpFigures f;
  const auto last_monday = ParseDate(WeekStart(today));
  const auto first_monday = last_monday - std::chrono::weeks(weeks - 1);
  struct Week {
    long long completed = 0;
    std::set<long long> volunteers;
    std::vector<double> take_minutes;
  };
  std::vector<Week> per_week(static_cast<std::size_t>(weeks));
  std::map<std::string, long long> per_district;
  for (const auto& p : places.places()) per_district.emplace(p.district_ru, 0);
  long long total = 0;
  for (const auto& r : rows) {
    std::chrono::system_clock::time_point done;
    if (!help::ParseIso(r.done_at, done)) continue;
    auto day = ParseDate(RegionDate(done));
    if (day < first_monday || day >= last_monday + std::chrono::weeks(1)) continue;
    auto& w = per_week[static_cast<std::size_t>((day - first_monday).count() / 7)];
    ++w.completed;
    ++total;
    if (r.volunteer_id) w.volunteers.insert(r.volunteer_id);
    std::chrono::system_clock::time_point created, taken;
    if (help::ParseIso(r.created_at, created) && help::ParseIso(r.taken_at, taken))
      w.take_minutes.push_back(
          std::chrono::duration<double, std::ratio<60>>(taken - created).count());
    if (const auto* place = places.Find(r.place_id)) ++per_district[place->district_ru];
  }
  std::vector<Cell> week_cells;
  for (int i = 0; i < weeks; ++i) {
    auto& w = per_week[static_cast<std::size_t>(i)];
    WeekFigures out;
    out.week_start = FormatDate(first_monday + std::chrono::weeks(i));
    out.volunteers = Counted(static_cast<long long>(w.volunteers.size()));
    if (w.completed >= kMinCell && !w.take_minutes.empty()) {
      auto mid = w.take_minutes.begin() + static_cast<std::ptrdiff_t>(w.take_minutes.size() / 2);
      std::nth_element(w.take_minutes.begin(), mid, w.take_minutes.end());
      out.median_take_minutes = *mid;
    }
    week_cells.push_back({w.completed, false});
    f.weeks.push_back(std::move(out));
  }
  std::vector<Cell> district_cells;
  for (const auto& [name, n] : per_district) {
    f.districts.push_back({name, {}});
    district_cells.push_back({n, false});
  }
  // The weeks and the districts add up to the same total (or less, for
  // places the gazetteer no longer knows, which is conservative to ignore).
  int hidden_weeks = SuppressSmall(week_cells);
  int hidden_districts = SuppressSmall(district_cells);
  if (hidden_weeks == 1 && hidden_districts == 0) {
    SuppressOneMore(week_cells);
    ++hidden_weeks;
  }
  if (hidden_districts == 1 && hidden_weeks == 0) {
    SuppressOneMore(district_cells);
    ++hidden_districts;
  }
  f.total = Counted(total);
  if ((hidden_weeks == 1 || hidden_districts == 1) && !f.total.suppressed)
    f.total.suppressed = f.total.secondary = true;
  for (std::size_t i = 0; i < week_cells.size(); ++i) {
    f.weeks[i].completed = week_cells[i];
    if (week_cells[i].suppressed) {
      f.weeks[i].volunteers.suppressed = true;
      f.weeks[i].volunteers.secondary = week_cells[i].secondary;
      f.weeks[i].median_take_minutes = -1;
    }
  }
  for (std::size_t i = 0; i < district_cells.size(); ++i)
    f.districts[i].completed = district_cells[i];
  return f;
}

}  // namespace doma::outreach
