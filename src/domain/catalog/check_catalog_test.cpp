#include "domain/catalog/check_catalog.h"

#include <gtest/gtest.h>

#include "domain/catalog/sample_service.h"

namespace doma::catalog {
namespace {

// A sample with its evidence: it passes.
Service Card(std::string id) {
  Service s = SampleService(std::move(id));
  s.name_en = "Service";
  s.description_en = "A service.";
  s.sources = {{"https://apteka.example/about", "the provider's own page"}};
  s.assured_at = "2026-12-01";
  return s;
}

bool Has(const CatalogReport& r, const std::string& id, const std::string& start, bool error) {
  for (const auto& p : r.problems)
    if (p.service_id == id && p.what.starts_with(start) && p.error == error) return true;
  return false;
}

TEST(CheckCatalog, ACardWithEvidenceAndADatePasses) {
  auto r = CheckCatalog({Card("ok")}, "2026-12-07", {});
  EXPECT_FALSE(r.Failed());
  EXPECT_TRUE(r.problems.empty());
}

TEST(CheckCatalog, NoSourceOrNoDateFails) {
  Service no_source = Card("a");
  no_source.sources.clear();
  Service no_date = Card("b");
  no_date.assured_at.clear();
  auto r = CheckCatalog({no_source, no_date}, "2026-12-07", {});
  EXPECT_TRUE(r.Failed());
  EXPECT_TRUE(Has(r, "a", "no source", true));
  EXPECT_TRUE(Has(r, "b", "no date", true));
}

TEST(CheckCatalog, OldChecksEnglishPhonesAndHttpAreWarningsOnly) {
  Service old = Card("old");
  old.assured_at = "2026-09-01";
  Service local = Card("local");
  local.scope = "regional";
  local.name_en.clear();
  local.url = "http://apteka.example/";
  auto r = CheckCatalog({old, local}, "2026-12-07", {});
  EXPECT_FALSE(r.Failed());
  EXPECT_TRUE(Has(r, "old", "not checked for 97 days", false));
  EXPECT_TRUE(Has(r, "local", "no English", false));
  EXPECT_TRUE(Has(r, "local", "no phone", false));
  EXPECT_TRUE(Has(r, "local", "URL is not https", false));
}

TEST(CheckCatalog, AnAreaOutsideTheRegionFails) {
  Service s = Card("d");
  s.scope = "regional";
  s.service_areas = {"г. Димитровград", "Пензенский район"};
  auto r = CheckCatalog({s}, "2026-12-07", {"г. Ульяновск", "г. Димитровград"});
  EXPECT_TRUE(Has(r, "d", "unknown area: Пензенский район", true));
  EXPECT_FALSE(Has(r, "d", "unknown area: г. Димитровград", true));
}

TEST(CheckCatalog, CountsListedServicesByCategoryAndScope) {
  Service a = Card("a");
  Service b = Card("b");
  b.scope = "regional";
  b.phones = {{"+7 8422 00-00-00", "info", ""}};
  b.service_areas = {"г. Ульяновск"};
  Service gone = Card("gone");
  gone.status = "defunct";
  auto r = CheckCatalog({a, b, gone}, "2026-12-07", {});
  EXPECT_EQ(r.counts.total, 3);
  EXPECT_EQ(r.counts.unlisted, 1);
  EXPECT_EQ(r.counts.regional, 1);
  EXPECT_EQ(r.counts.with_phones, 1);
  EXPECT_EQ(r.counts.with_areas, 1);
  EXPECT_EQ(r.counts.by_category["medicines"], (std::pair<long long, long long>(1, 2)));
}

}  // namespace
}  // namespace doma::catalog
