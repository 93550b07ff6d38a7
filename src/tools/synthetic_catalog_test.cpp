// The synthetic catalog must be importable as is (every service passes the
// editors' validation), look like the seed in shape, and be the same for the
// same seed.
#include "tools/synthetic_catalog.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "domain/catalog/validation.h"
#include "storage/seed_file.h"

namespace doma::tools {
namespace {

const Vocabularies& Vocab() {
  static auto v =
      LoadVocabularies(std::string(DOMA_SOURCE_DIR) + "/data/synthetic/vocabularies.json");
  EXPECT_TRUE(v.has_value());
  return **v;
}

int Words(const std::string& s) {
  int n = 0;
  bool in = false;
  for (char c : s) {
    if (c != ' ' && !in) ++n;
    in = c != ' ';
  }
  return n;
}

TEST(SyntheticCatalog, EveryServiceIsValidAndShapedLikeTheSeed) {
  auto seed = storage::LoadSeedCatalog(std::string(DOMA_SOURCE_DIR) + "/data/catalog");
  ASSERT_TRUE(seed.has_value());
  auto services = SyntheticServices(3000, 7, seed->categories, Vocab());
  ASSERT_EQ(services.size(), 3000u);
  EXPECT_EQ(services.front().id, "syn-000001");
  std::set<std::string> ids, leaves;
  std::map<std::string, int> scopes, costs;
  int english = 0;
  for (const auto& c : seed->categories)
    if (!c.parent.empty()) leaves.insert(c.slug);
  std::set<std::string> used;
  for (const auto& s : services) {
    auto v = catalog::ValidateService(s, seed->categories);
    EXPECT_TRUE(v.has_value()) << s.id << ": " << v.error().public_message;
    EXPECT_TRUE(ids.insert(s.id).second) << s.id;
    EXPECT_GE(Words(s.name), 2) << s.name;
    EXPECT_LE(Words(s.name), 8) << s.name;
    int sentences = 0;
    for (char c : s.description) sentences += c == '.';
    EXPECT_GE(sentences, 2) << s.description;
    for (const auto& c : s.categories) {
      EXPECT_TRUE(leaves.contains(c)) << c;
      used.insert(c);
    }
    ++scopes[s.scope];
    ++costs[s.cost];
    english += !s.name_en.empty();
  }
  EXPECT_EQ(used, leaves);
  for (auto scope : catalog::kScopes) EXPECT_GT(scopes[std::string(scope)], 100) << scope;
  EXPECT_GT(costs["free"], 500);
  EXPECT_GT(costs["paid"], 500);
  EXPECT_GT(english, 300);
}

TEST(SyntheticCatalog, IsDeterministicForASeed) {
  auto seed = storage::LoadSeedCatalog(std::string(DOMA_SOURCE_DIR) + "/data/catalog");
  ASSERT_TRUE(seed.has_value());
  auto a = SyntheticServices(200, 1, seed->categories, Vocab());
  auto b = SyntheticServices(200, 1, seed->categories, Vocab());
  auto c = SyntheticServices(200, 2, seed->categories, Vocab());
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i)
    EXPECT_EQ(storage::ServiceToJson(a[i]), storage::ServiceToJson(b[i]));
  EXPECT_NE(storage::ServiceToJson(a[5]), storage::ServiceToJson(c[5]));
}

TEST(SyntheticCatalog, AVocabularyFileThatCannotServeIsRefusedWithItsName) {
  auto missing = LoadVocabularies("/nonexistent/vocabularies.json");
  ASSERT_FALSE(missing.has_value());
  EXPECT_NE(missing.error().log_detail.find("/nonexistent/vocabularies.json"), std::string::npos);
  auto path = std::filesystem::temp_directory_path() / "doma-vocab-test.json";
  std::ofstream(path) << R"([{"slug": "food-delivery", "weight": 3, "names": []}])";
  auto empty = LoadVocabularies(path.string());
  std::filesystem::remove(path);
  ASSERT_FALSE(empty.has_value());
  EXPECT_NE(empty.error().log_detail.find("food-delivery"), std::string::npos);
}

}  // namespace
}  // namespace doma::tools
