// The public figures: what the catalog holds, what brings people to it, and
// how much help volunteers gave, with every count of people or requests
// under five suppressed (domain/outreach/public_figures.h). Charts are SVG
// drawn here in currentColor, so they read without JavaScript and in the
// high-contrast mode; each has its table beside it.
#include <fmt/format.h>

#include <boost/json.hpp>
#include <cmath>
#include <map>

#include "core/text.h"
#include "web/outreach_pages.h"

namespace doma::web {
namespace json = boost::json;

namespace {

struct Bar {
  std::string label;
  long long value = 0;
  bool suppressed = false, secondary = false;
};

std::string Escape(std::string_view s) {
  std::string out;
  text::AppendEscaped(out, s, {{'&', "&amp;"}, {'<', "&lt;"}, {'>', "&gt;"}, {'"', "&quot;"}});
  return out;
}

// Horizontal bars, one row per item; a suppressed one is an outline marked
// "<5" (its length says nothing).
std::string BarChart(const std::vector<Bar>& bars, const std::string& title,
                     const std::string& hidden_label, const std::string& other_label = "") {
  long long max = 1;
  for (const auto& b : bars)
    if (!b.suppressed) max = std::max(max, b.value);
  constexpr int kRow = 26, kLabel = 320, kWidth = 720, kBar = kWidth - kLabel - 60;
  const int height = static_cast<int>(bars.size()) * kRow + 4;
  std::string out = fmt::format(
      R"(<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" aria-label="{}"><title>{}</title>)",
      kWidth, height, Escape(title), Escape(title));
  int y = 2;
  for (const auto& b : bars) {
    out += fmt::format(
        R"(<text x="{}" y="{}" text-anchor="end" font-size="14" fill="currentColor">{}</text>)",
        kLabel - 8, y + 17, Escape(b.label));
    if (b.suppressed) {
      out += fmt::format(
          R"(<rect x="{}" y="{}" width="24" height="18" fill="none" stroke="currentColor" stroke-dasharray="3 2"/><text x="{}" y="{}" font-size="14" fill="currentColor">{}</text>)",
          kLabel, y + 3, kLabel + 30, y + 17, Escape(b.secondary ? other_label : hidden_label));
    } else {
      int w = static_cast<int>(std::lround(static_cast<double>(b.value) * kBar / max));
      out += fmt::format(
          R"(<rect x="{}" y="{}" width="{}" height="18" fill="currentColor"/><text x="{}" y="{}" font-size="14" fill="currentColor">{}</text>)",
          kLabel, y + 3, std::max(w, 1), kLabel + std::max(w, 1) + 6, y + 17, b.value);
    }
    y += kRow;
  }
  return out + "</svg>";
}

std::string CsvField(std::string_view v) {
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  return out + "\"";
}

// A hidden cell: "fewer than 5" when it is, "hidden" when it was hidden only
// so that another could not be worked out.
std::string Shown(const outreach::Cell& c, const std::string& small = "<5",
                  const std::string& other = "hidden") {
  if (!c.suppressed) return std::to_string(c.value);
  return c.secondary ? other : small;
}

struct ScopeRow {
  long long regional = 0, federal = 0, international = 0, added = 0;
  long long total() const { return regional + federal + international; }
};

std::map<std::string, ScopeRow> ByCategory(const outreach::CatalogFigures& f) {
  std::map<std::string, ScopeRow> rows;
  for (const auto& c : f.counts) {
    auto& r = rows[c.category];
    if (c.scope == "regional")
      r.regional += c.services;
    else if (c.scope == "federal")
      r.federal += c.services;
    else
      r.international += c.services;
    r.added += c.added;
  }
  return rows;
}

}  // namespace

http::Response OutreachPages::Stats(http::Request& req, const Who&) {
  Locale loc = LocaleFor(req);
  auto cat_figures = figures_.Catalog();
  if (!cat_figures) return pages_.FromError(req, cat_figures.error());
  auto help_figures = figures_.Help();
  if (!help_figures) return pages_.FromError(req, help_figures.error());
  auto cats = catalog_.Categories();
  if (!cats) return pages_.FromError(req, cats.error());
  const std::string hidden = views_.T(loc.lang, "stats_hidden");
  const std::string hidden_other = views_.T(loc.lang, "stats_hidden_other");
  json::object page = TitledPage(views_, req, "stats_title");

  auto rows = ByCategory(*cat_figures);
  const ScopeRow all = rows[""];
  page["services_total"] = all.total();
  page["services_regional"] = all.regional;
  page["services_federal"] = all.federal;
  page["services_international"] = all.international;
  page["services_added"] = all.added;
  page["month"] = cat_figures->month;
  for (const char* scope : {"regional", "federal", "international"})
    page[std::string("scope_") + scope] = views_.T(loc.lang, std::string("scope.") + scope);
  json::array categories;
  std::vector<Bar> bars;
  for (const auto& c : *cats) {
    if (c.archived || c.parent.empty()) continue;
    auto it = rows.find(c.slug);
    if (it == rows.end()) continue;
    const std::string name = loc.lang == "en" ? c.name_en : c.name_ru;
    categories.push_back(json::object{{"slug", c.slug},
                                      {"name", name},
                                      {"regional", it->second.regional},
                                      {"federal", it->second.federal},
                                      {"international", it->second.international},
                                      {"total", it->second.total()},
                                      {"added", it->second.added}});
    bars.push_back({name, it->second.total(), false});
  }
  page["categories"] = std::move(categories);
  page["categories_chart"] = BarChart(bars, views_.T(loc.lang, "stats_services_chart"), hidden);

  // Clicks out: this month and the one before, by source.
  std::map<std::string, std::pair<long long, long long>> by_source;
  for (const auto& c : cat_figures->clicks) {
    auto& p = by_source[c.source];
    (c.month == cat_figures->month ? p.first : p.second) += c.clicks;
  }
  json::array sources;
  for (const auto& [source, n] : by_source)
    sources.push_back(json::object{
        {"source", views_.T(loc.lang, "source." + (source.empty() ? "direct" : source))},
        {"this_month", n.first},
        {"last_month", n.second}});
  page["has_sources"] = !sources.empty();
  page["sources"] = std::move(sources);

  json::array weeks;
  std::vector<Bar> week_bars;
  for (const auto& w : help_figures->weeks) {
    weeks.push_back(
        json::object{{"week_start", w.week_start},
                     {"completed", Shown(w.completed, hidden, hidden_other)},
                     {"volunteers", Shown(w.volunteers, hidden, hidden_other)},
                     {"median_take", w.median_take_minutes < 0
                                         ? (w.completed.secondary ? hidden_other : hidden)
                                         : fmt::format("{}", std::lround(w.median_take_minutes))}});
    week_bars.push_back(
        {w.week_start, w.completed.value, w.completed.suppressed, w.completed.secondary});
  }
  page["weeks"] = std::move(weeks);
  page["weeks_chart"] =
      BarChart(week_bars, views_.T(loc.lang, "stats_weeks_chart"), hidden, hidden_other);
  json::array districts;
  for (const auto& d : help_figures->districts)
    districts.push_back(json::object{{"district", d.district},
                                     {"completed", Shown(d.completed, hidden, hidden_other)}});
  page["districts"] = std::move(districts);
  page["help_total"] = Shown(help_figures->total, hidden, hidden_other);
  page["weeks_count"] = outreach::Figures::kWeeks;
  http::Response r = views_.Page(200, "stats", std::move(page), req);
  // The page names who is signed in (the header) and holds their form token:
  // shared caches may keep it only for visitors without a session.
  if (!req.locals.contains("user.id")) r.Header("Cache-Control", "public, max-age=300");
  return r;
}

http::Response OutreachPages::StatsCsv(http::Request& req, const Who&) {
  auto cat_figures = figures_.Catalog();
  if (!cat_figures) return pages_.FromError(req, cat_figures.error());
  auto help_figures = figures_.Help();
  if (!help_figures) return pages_.FromError(req, help_figures.error());
  std::string out = "figure,period,group,value\r\n";
  auto row = [&](std::string_view figure, std::string_view period, std::string_view group,
                 std::string_view value) {
    out += fmt::format("{},{},{},{}\r\n", CsvField(figure), CsvField(period), CsvField(group),
                       CsvField(value));
  };
  for (const auto& c : cat_figures->counts) {
    std::string group = (c.category.empty() ? std::string("all") : c.category) + "/" + c.scope;
    row("services", cat_figures->month, group, std::to_string(c.services));
    row("services_added", cat_figures->month, group, std::to_string(c.added));
  }
  for (const auto& c : cat_figures->clicks)
    row("clicks_out", c.month, c.source.empty() ? "direct" : c.source, std::to_string(c.clicks));
  for (const auto& w : help_figures->weeks) {
    row("help_completed", w.week_start, "all", Shown(w.completed));
    row("volunteers_active", w.week_start, "all", Shown(w.volunteers));
    row("median_minutes_to_take", w.week_start, "all",
        w.median_take_minutes < 0 ? (w.completed.secondary ? "hidden" : "<5")
                                  : fmt::format("{}", std::lround(w.median_take_minutes)));
  }
  const std::string span =
      help_figures->weeks.empty()
          ? std::string()
          : help_figures->weeks.front().week_start + "/" + help_figures->weeks.back().week_start;
  for (const auto& d : help_figures->districts)
    row("help_completed_by_district", span, d.district, Shown(d.completed));
  row("help_completed", span, "all", Shown(help_figures->total));
  http::Response r;
  r.content_type = "text/csv; charset=utf-8";
  r.body = std::move(out);
  r.Header("Content-Disposition", "attachment; filename=\"doma-stats.csv\"");
  r.Header("Cache-Control", "public, max-age=300");
  return r;
}

}  // namespace doma::web
