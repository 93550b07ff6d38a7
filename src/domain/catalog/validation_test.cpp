#include "domain/catalog/validation.h"

#include <gtest/gtest.h>

#include "domain/catalog/sample_service.h"

namespace doma::catalog {
namespace {

Service Valid() { return SampleService(); }

std::vector<Category> Cats() {
  return {{"health", "", "Здоровье", "Health", 0},
          {"medicines", "health", "Лекарства", "Medicines", 1}};
}

TEST(ValidateService, TextThatLiesAboutItselfIsRefusedByField) {
  auto ok = ValidateService(Valid(), Cats());
  EXPECT_TRUE(ok.has_value()) << "line breaks in a description are fine: "
                              << (ok ? "" : ok.error().field + ": " + ok.error().public_message);
  auto lines = Valid();
  lines.how_to_apply = "1. Откройте сайт.\n2. Выберите аптеку.";
  lines.offers = {Offer{"Скидка 10 %\nдо конца года", "2026-12-31"}};
  EXPECT_TRUE(ValidateService(lines, Cats()).has_value()) << "the editor's textareas keep lines";
  auto s = Valid();
  s.name = "Аптека\u202Eакетпа";
  auto r = ValidateService(s, Cats());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "name");
  s = Valid();
  s.short_description = "Лекарства\nс доставкой";
  r = ValidateService(s, Cats());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "short_description");
}

}  // namespace
}  // namespace doma::catalog
