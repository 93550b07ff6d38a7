#include "search/normalize.h"

#include <gtest/gtest.h>

namespace doma::search {
namespace {

std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> out;
  for (const auto& t : Tokenize(s)) out.push_back(t.word);
  return out;
}

TEST(Tokenize, LowercasesFoldsYoAndSplitsOnPunctuation) {
  EXPECT_EQ(Words("Ёлка, ЁЖИК и онлайн-курсы!"),
            (std::vector<std::string>{"елка", "ежик", "и", "онлайн", "курсы"}));
  EXPECT_EQ(Words("  Zoom 2024 "), (std::vector<std::string>{"zoom", "2024"}));
  EXPECT_TRUE(Tokenize("  ,.;  ").empty());
}

TEST(Tokenize, DetectsScript) {
  auto t = Tokenize("врач doctor 122");
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0].script, Script::kCyrillic);
  EXPECT_EQ(t[1].script, Script::kLatin);
  EXPECT_EQ(t[2].script, Script::kOther);
}

TEST(Stem, ChoosesStemmerByScript) {
  auto t = Tokenize("продуктов продукты doctors");
  EXPECT_EQ(Stem(t[0]), Stem(t[1]));
  EXPECT_EQ(Stem(t[2]), "doctor");
  // ё is folded before stemming, so both spellings meet.
  EXPECT_EQ(Stem(Tokenize("учёба")[0]), Stem(Tokenize("учеба")[0]));
}

TEST(SwitchLayout, QwertyToJcuken) {
  EXPECT_EQ(SwitchLayout("ljcnfdrf ghjlernjd", false), "доставка продуктов");
  EXPECT_EQ(SwitchLayout(";bpym", false), "жизнь");
  EXPECT_EQ(SwitchLayout("Dhfx", false), "Врач");
  // Chunks already in Cyrillic stay.
  EXPECT_EQ(SwitchLayout("ljcnfdrf еды", false), "доставка еды");
}

TEST(SwitchLayout, JcukenToQwerty) {
  EXPECT_EQ(SwitchLayout("ящщь", true), "zoom");
  EXPECT_EQ(SwitchLayout("сщгкыукф", true), "coursera");
}

TEST(Transliterate, LatinToCyrillic) {
  EXPECT_EQ(Transliterate("dostavka produktov"), "доставка продуктов");
  EXPECT_EQ(Transliterate("vrach"), "врач");
  EXPECT_EQ(Transliterate("shkola"), "школа");
  EXPECT_EQ(Transliterate("zhizn"), "жизн");
  EXPECT_EQ(Transliterate("yandex"), "яндекс");
  EXPECT_EQ(Transliterate("moy"), "мой");
  EXPECT_EQ(Transliterate("уже кириллица"), "уже кириллица");
}

TEST(Fold, KeepsSpacesAndPunctuation) { EXPECT_EQ(Fold("Учёба, ДОМА"), "учеба, дома"); }

}  // namespace
}  // namespace doma::search
