// A region is data: every shipped region loads, and a region.json with a
// mistake is refused at start with the field named, not served half-right.
#include "storage/region_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

namespace doma::storage {
namespace {
namespace fs = std::filesystem;

const std::string kRegions = std::string(DOMA_SOURCE_DIR) + "/data/regions";

TEST(Region, EveryShippedRegionLoadsWithItsPlaces) {
  int n = 0;
  for (const auto& e : fs::directory_iterator(kRegions)) {
    if (!e.is_directory()) continue;
    auto r = LoadRegion(kRegions, e.path().filename().string());
    ASSERT_TRUE(r.has_value()) << e.path() << ": " << r.error().log_detail;
    EXPECT_FALSE(r->region.name_ru.empty());
    EXPECT_FALSE(region::TelUri(r->region.hotline).empty());
    EXPECT_GE(r->gazetteer.places().size(), 20u) << e.path();
    ++n;
  }
  EXPECT_GE(n, 2);  // Ulyanovsk and Penza oblasts
}

TEST(Region, TheDefaultIsNamedInData) {
  auto r = LoadRegion(kRegions, "");
  ASSERT_TRUE(r.has_value()) << r.error().log_detail;
  EXPECT_FALSE(r->region.code.empty());
}

TEST(Region, AnUnknownCodeListsTheKnownOnes) {
  auto r = LoadRegion(kRegions, "atlantis");
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().log_detail.find("unknown region 'atlantis'"), std::string::npos);
  EXPECT_NE(r.error().log_detail.find("ulyanovsk"), std::string::npos);
  EXPECT_FALSE(LoadRegion(kRegions, "../catalog").has_value());
}

class BadRegion : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("doma-region-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "x");
    std::ofstream(dir_ / "x" / "gazetteer.json")
        << R"({"places":[{"id":"a","name_ru":"А","name_en":"A","kind":"town",)"
           R"("district_ru":"Р","lat":53.2,"lon":45.0}]})";
  }
  void TearDown() override { fs::remove_all(dir_); }
  // region.json with `field` replaced (or added) by `json_value`; "" drops it.
  std::string LoadWith(const std::string& field, const std::string& json_value) {
    std::map<std::string, std::string> f = {
        {"name_ru", R"("Пензенская область")"},
        {"name_en", R"("Penza Oblast")"},
        {"hotline", R"("8-800-200-34-11")"},
        {"time_zone", R"("Europe/Moscow")"},
        {"utc_offset", R"("+03:00")"},
        {"request_prefix", R"("PZ")"},
        {"badge_prefix", R"("58")"},
        {"map", R"({"lat":53.2,"lon":45.0,"zoom":8,"bounds":[52,42,54.5,47.5]})"}};
    if (json_value.empty())
      f.erase(field);
    else
      f[field] = json_value;
    std::string text = "{";
    for (const auto& [k, v] : f) text += (text.size() > 1 ? "," : "") + ("\"" + k + "\":" + v);
    std::ofstream(dir_ / "x" / "region.json") << text << "}";
    auto r = LoadRegion(dir_.string(), "x");
    return r ? "" : r.error().log_detail;
  }
  fs::path dir_;
};

TEST_F(BadRegion, AWellFormedOneLoads) {
  EXPECT_EQ(LoadWith("name_ru", R"("Пензенская область")"), "");
  EXPECT_EQ(LoadWith("local_coordinators", R"({"a": "+7 (8412) 55-55-55"})"), "");
}

TEST_F(BadRegion, ACoatOfArmsBesideRegionJsonIsReadWithItsType) {
  std::ofstream(dir_ / "x" / "arms.svg")
      << R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8"/></svg>)";
  ASSERT_EQ(LoadWith("coat_of_arms", R"("arms.svg")"), "");
  auto r = LoadRegion(dir_.string(), "x");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->coat_of_arms_type, "image/svg+xml");
  EXPECT_NE(r->coat_of_arms.find("<svg"), std::string::npos);
}

TEST_F(BadRegion, EachMistakeIsNamed) {
  std::ofstream(dir_ / "x" / "fake.png") << "GIF89a";
  struct Case {
    const char *field, *value, *said;
  } cases[] = {
      {"name_ru", "", "\"name_ru\" is missing"},
      {"hotline", R"("call us")", "not a Russian phone number"},
      {"coordinators_phone", R"("1234")", "not a Russian phone number"},
      {"utc_offset", R"("UTC+3")", "utc_offset"},
      {"utc_offset", R"("+25:00")", "utc_offset"},
      {"request_prefix", R"("pz")", "request_prefix"},
      {"request_prefix", R"("PENZA")", "request_prefix"},
      {"badge_prefix", R"("5A")", "badge_prefix"},
      {"badge_prefix", R"("5")", "badge_prefix"},
      {"utc_offset", R"("+05:30")", "whole number of hours"},
      {"map", R"({"lat":53.2,"lon":45.0,"zoom":8})", "map must be"},
      {"map", R"({"lat":60,"lon":45.0,"zoom":8,"bounds":[52,42,54.5,47.5]})", "holding the centre"},
      {"map", R"({"lat":53.2,"lon":46.0,"zoom":8,"bounds":[52,45.5,54.5,47.5]})",
       "gazetteer place a"},
      {"governor", R"("x")", "unknown field \"governor\""},
      {"local_coordinators", R"({"nowhere": "8-800-200-34-11"})", "no gazetteer place \"nowhere\""},
      {"local_coordinators", R"({"a": "1234"})", "the phone for \"a\""},
      {"local_coordinators", R"(["8-800-200-34-11"])", "local_coordinators must be"},
      {"coat_of_arms", R"("../x/region.json")", "must be the name of an .svg or .png file"},
      {"coat_of_arms", R"("arms.gif")", "must be the name of an .svg or .png file"},
      {"coat_of_arms", R"("missing.svg")", "no file \"missing.svg\""},
      {"coat_of_arms", R"("fake.png")", "is not a PNG"},
  };
  for (const auto& c : cases) {
    std::string said = LoadWith(c.field, c.value);
    EXPECT_NE(said.find(c.said), std::string::npos) << c.field << "=" << c.value << ": " << said;
  }
}

TEST(TelUri, RussianNumbersBecomeTelLinks) {
  EXPECT_EQ(region::TelUri("8-800-200-34-11"), "tel:+78002003411");
  EXPECT_EQ(region::TelUri("+7 (8412) 55-55-55"), "tel:+78412555555");
  EXPECT_EQ(region::TelUri("122"), "tel:122");
  EXPECT_EQ(region::TelUri("12-2"), "");
  EXPECT_EQ(region::TelUri("8412"), "");
}

}  // namespace
}  // namespace doma::storage
