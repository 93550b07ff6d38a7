// The shipped seed catalog is data the portal promises to be real and valid:
// every entry must pass the same validation as an editor's input.
#include "storage/seed_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "domain/catalog/validation.h"

namespace doma::storage {
namespace {

// The shared catalog and every region's own, as `doma seed` reads them.
Result<SeedCatalog> Everything() {
  auto seed = LoadSeedCatalog(std::string(DOMA_SOURCE_DIR) + "/data/catalog");
  if (!seed) return seed;
  for (const auto& e :
       std::filesystem::directory_iterator(std::string(DOMA_SOURCE_DIR) + "/data/regions"))
    if (std::filesystem::is_directory(e.path() / "catalog"))
      if (auto r = LoadSeedServices((e.path() / "catalog").string(), seed->services); !r)
        return Fail(r.error());
  return seed;
}

TEST(SeedCatalog, LoadsAndEveryServiceIsValid) {
  auto seed = Everything();
  ASSERT_TRUE(seed.has_value()) << seed.error().public_message;
  EXPECT_GE(seed->services.size(), 250u);
  std::set<std::string> ids, urls;
  std::set<std::string> required = {
      "food-delivery",       "medicines",       "doctors-online", "psychological-support",
      "school-education",    "adult-education", "remote-work",    "job-search",
      "government-services", "payments",        "culture",        "sport",
      "volunteering",        "small-business",  "non-profits",    "communication",
      "transport",           "kids-leisure"};
  for (const auto& c : seed->categories) required.erase(c.slug);
  EXPECT_TRUE(required.empty()) << "missing category " << *required.begin();
  for (const auto& s : seed->services) {
    auto v = catalog::ValidateService(s, seed->categories);
    EXPECT_TRUE(v.has_value()) << s.id << ": " << v.error().public_message;
    EXPECT_TRUE(ids.insert(s.id).second) << "duplicate id " << s.id;
    // https, unless no page was seen over https: then the card keeps the
    // address a source showed (`doma catalog check` warns of it) rather
    // than an https one nobody confirmed.
    if (!s.url.starts_with("https://")) {
      ASSERT_TRUE(s.url.starts_with("http://")) << s.id;
      std::string host = s.url.substr(7, s.url.find('/', 7) - 7);
      for (const auto& src : s.sources)
        EXPECT_FALSE(src.url.starts_with("https://" + host)) << s.id << ": " << src.url;
    }
  }
}

// data/catalog is what every region shares; a region's own services live in
// its directory, so that a second region does not list the first one's.
TEST(SeedCatalog, RegionalServicesLiveInTheirRegionsDirectory) {
  auto shared = LoadSeedCatalog(std::string(DOMA_SOURCE_DIR) + "/data/catalog");
  ASSERT_TRUE(shared.has_value());
  for (const auto& s : shared->services) EXPECT_NE(s.scope, "regional") << s.id;
  std::vector<catalog::Service> own;
  ASSERT_TRUE(
      LoadSeedServices(std::string(DOMA_SOURCE_DIR) + "/data/regions/ulyanovsk/catalog", own));
  EXPECT_GE(own.size(), 15u);
  for (const auto& s : own) EXPECT_EQ(s.scope, "regional") << s.id;
}

TEST(SeedCatalog, CoversAllThreeScopes) {
  auto seed = Everything();
  ASSERT_TRUE(seed.has_value());
  std::map<std::string, int> by_scope;
  for (const auto& s : seed->services) ++by_scope[s.scope];
  EXPECT_GE(by_scope["regional"], 15);
  EXPECT_GE(by_scope["federal"], 100);
  EXPECT_GE(by_scope["international"], 10);
}

TEST(ParseService, MissingFieldsFailValidationWithTheFieldName) {
  auto s = ParseService(R"({"id":"x","name":"","url":"https://x.ru"})");
  ASSERT_TRUE(s.has_value());
  auto v = catalog::ValidateService(*s, {});
  ASSERT_FALSE(v.has_value());
  EXPECT_EQ(v.error().field, "name");
}

}  // namespace
}  // namespace doma::storage
