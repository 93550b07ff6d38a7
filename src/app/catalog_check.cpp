#include <fmt/format.h>

#include <filesystem>

#include "app/app.h"
#include "app/command_stores.h"
#include "app/wiring.h"
#include "domain/catalog/check_catalog.h"
#include "domain/catalog/validation.h"
#include "storage/seed_file.h"

namespace doma::app {
namespace fs = std::filesystem;

Result<CatalogCheck> RunCatalogCheck(const Config& c, bool live) {
  auto region = OpenRegion(c);
  if (!region) return Fail(region.error());
  ApplyRegion(region->region);
  std::vector<catalog::Service> services;
  std::string where;
  CatalogCheck out;
  long long invalid = 0;  // refused by the editors' own rules
  if (live) {
    auto store = OpenStorageFor(c, nullptr);
    if (!store) return Fail(store.error());
    auto all = (*store)->catalog->ListAllServices();
    if (!all) return Fail(all.error());
    services = std::move(*all);
    where = storage::Shown(c.db_path);
  } else {
    // The same files, in the same order, as `doma seed` reads.
    auto seed = storage::LoadSeedCatalog((fs::path(c.home) / "data" / "catalog").string());
    if (!seed) return Fail(seed.error());
    std::error_code ec;
    if (auto dir = fs::path(c.home) / "data" / "regions" / region->region.code / "catalog";
        fs::is_directory(dir, ec))
      if (auto loaded = storage::LoadSeedServices(dir.string(), seed->services); !loaded)
        return Fail(loaded.error());
    for (const auto& s : seed->services)
      if (auto v = catalog::ValidateService(s, seed->categories); !v) {
        out.report += fmt::format("ERROR {}: {}\n", s.id, v.error().public_message);
        ++invalid;
      }
    services = std::move(seed->services);
    where = "data/catalog and data/regions/" + region->region.code + "/catalog";
  }
  auto r = catalog::CheckCatalog(services, SystemClock().Today(), region->gazetteer.Districts());
  for (const auto& p : r.problems)
    out.report += fmt::format("{} {}: {}\n", p.error ? "ERROR" : "warn ", p.service_id, p.what);
  const auto& n = r.counts;
  out.report += fmt::format(
      "\n{}: {} services ({} closed or unavailable), {} regional; {} with a phone; {} reaching "
      "part of the region only\nper category (regional / all):\n",
      where, n.total, n.unlisted, n.regional, n.with_phones, n.with_areas);
  for (const auto& [slug, counts] : n.by_category)
    out.report += fmt::format("  {:<24} {:>4} / {:>4}\n", slug, counts.first, counts.second);
  long long errors = invalid, warnings = 0;
  for (const auto& p : r.problems) ++(p.error ? errors : warnings);
  out.report += fmt::format("{} errors, {} warnings\n", errors, warnings);
  out.failed = invalid > 0 || r.Failed();
  return out;
}

}  // namespace doma::app
