#include "web/og_image.h"

#include <gtest/gtest.h>

namespace doma::web {
namespace {

unsigned Be32(const std::string& s, std::size_t at) {
  return static_cast<unsigned>(static_cast<unsigned char>(s[at])) << 24 |
         static_cast<unsigned>(static_cast<unsigned char>(s[at + 1])) << 16 |
         static_cast<unsigned>(static_cast<unsigned char>(s[at + 2])) << 8 |
         static_cast<unsigned>(static_cast<unsigned char>(s[at + 3]));
}

TEST(OgImagePng, IsA1200By630Png) {
  auto png = OgImagePng("Дома", "Доставка продуктов и еды", "Ульяновская область", 0);
  ASSERT_TRUE(png) << png.error().log_detail;
  ASSERT_GT(png->size(), 24u);
  EXPECT_EQ(png->substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_EQ(png->substr(12, 4), "IHDR");
  EXPECT_EQ(Be32(*png, 16), 1200u);
  EXPECT_EQ(Be32(*png, 20), 630u);
}

TEST(OgImagePng, DiffersWithTheTitleAndRefusesWhatIsNotText) {
  auto a = OgImagePng("Дома", "Врач онлайн", "Ульяновская область", 1);
  auto b = OgImagePng("Дома", "Курсы и обучение взрослых", "Ульяновская область", 1);
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
  EXPECT_FALSE(OgImagePng("Дома", "\xff\xfe", "", 0)) << "not UTF-8: refused";
}

TEST(OgTitleLines, WrapsWordsAndCutsOneWiderThanThePicture) {
  auto short_title = OgTitleLines("Врач онлайн");
  EXPECT_EQ(short_title, (std::vector<std::string>{"Врач онлайн"}));
  auto two = OgTitleLines("Курсы и обучение взрослых: бесплатные программы для всех");
  ASSERT_GE(two.size(), 2u);
  EXPECT_EQ(two[0].rfind("Курсы", 0), 0u);
  // One word of 400 letters: cut into lines, none lost but past the third.
  const std::string word(400, 'x');
  auto cut = OgTitleLines(word);
  ASSERT_EQ(cut.size(), 3u);
  EXPECT_LT(cut[0].size(), word.size());
  EXPECT_EQ(word.rfind(cut[0] + cut[1], 0), 0u) << "the pieces follow each other";
  EXPECT_TRUE(cut[2].ends_with("…"));
}

}  // namespace
}  // namespace doma::web
