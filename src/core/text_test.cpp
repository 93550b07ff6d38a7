#include "core/text.h"

#include <gtest/gtest.h>

#include <string_view>

namespace doma::text {
namespace {

TEST(PercentEncode, KeepsOnlyWhatAUrlCarriesAsItIs) {
  EXPECT_EQ(PercentEncode("dimitrovgrad-1_a.b~"), "dimitrovgrad-1_a.b~");
  EXPECT_EQ(PercentEncode("а б&c=/"), "%D0%B0%20%D0%B1%26c%3D%2F");
  EXPECT_EQ(PercentEncode("/help/ask?for=other", "-_.~/"), "/help/ask%3Ffor%3Dother");
}

TEST(Utf8, AcceptsValidAndRejectsMalformed) {
  EXPECT_TRUE(IsValidUtf8("доставка"));
  EXPECT_TRUE(IsValidUtf8("a€😀"));
  EXPECT_FALSE(IsValidUtf8("\xff"));
  EXPECT_FALSE(IsValidUtf8("\xd0"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // > U+10FFFF
}

TEST(Utf8, LengthCountsCodePoints) {
  EXPECT_EQ(Length("врач"), 4u);
  EXPECT_EQ(Truncate("доставка продуктов", 9), "доставка…");
  EXPECT_EQ(Truncate("еда", 9), "еда");
}

TEST(Text, HonestTextHasNoControlOrBidiCharacters) {
  using namespace std::literals;
  EXPECT_TRUE(IsHonestText("Иван Петрович", false));
  EXPECT_TRUE(IsHonestText("хлеб,\nмолоко\r\n\tкефир", true));
  EXPECT_FALSE(IsHonestText("хлеб\nмолоко", false)) << "no line break in a one-line field";
  EXPECT_FALSE(IsHonestText("Ив\0ан"sv, true)) << "NUL";
  EXPECT_FALSE(IsHonestText("Ив\x1b[31mан", true)) << "ESC";
  EXPECT_FALSE(IsHonestText("Ив\x7f", true)) << "DEL";
  EXPECT_FALSE(IsHonestText("Ив\u0085ан", true)) << "C1 (NEL)";
  EXPECT_FALSE(IsHonestText("Иван\u202Eвонаври", false)) << "RIGHT-TO-LEFT OVERRIDE";
  EXPECT_FALSE(IsHonestText("Иван\u2066x\u2069", false)) << "isolates";
  EXPECT_FALSE(IsHonestText("Иван\u200F", false)) << "RIGHT-TO-LEFT MARK";
  EXPECT_FALSE(IsHonestText("Иван\u061C", false)) << "ARABIC LETTER MARK";
  EXPECT_TRUE(IsHonestText("Мария-Анна «Ёлка» №5 — 2×2", false));
}

TEST(AppendEscaped, ReplacesOnlyTheNamedCharactersAndAppends) {
  std::string out = "<x>";
  AppendEscaped(out, "a&b<ё>\"", {{'&', "&amp;"}, {'<', "&lt;"}});
  EXPECT_EQ(out, "<x>a&amp;b&lt;ё>\"");
  std::string none;
  AppendEscaped(none, "", {{'&', "&amp;"}});
  EXPECT_EQ(none, "");
}

TEST(ToNfc, ComposesWhatWasTypedDecomposedAndLeavesTheRestAlone) {
  EXPECT_EQ(ToNfc("\u0438\u0306\u043e\u0433\u0443\u0440\u0442"),
            "\u0439\u043e\u0433\u0443\u0440\u0442");  // и + ◌̆ → й
  EXPECT_EQ(ToNfc("\u0435\u0308\u043b\u043a\u0430"), "\u0451\u043b\u043a\u0430");  // е + ◌̈ → ё
  EXPECT_EQ(ToNfc("Ёлка, ёж и йогурт"), "Ёлка, ёж и йогурт");
  EXPECT_EQ(ToNfc("plain ascii"), "plain ascii");
  EXPECT_EQ(ToNfc(""), "");
  std::string broken = "\xd0";
  EXPECT_EQ(ToNfc(broken), broken) << "invalid UTF-8 is left for validation to refuse";
}

}  // namespace
}  // namespace doma::text

TEST(Text, UrlToAsciiPunycodesTheHostAndPercentEncodesThePath) {
  using doma::text::UrlToAscii;
  EXPECT_EQ(UrlToAscii("https://урокцифры.рф/"), "https://xn--h1adlhdnlo2c.xn--p1ai/");
  EXPECT_EQ(UrlToAscii("https://госуслуги.рф:8443/путь?q=да"),
            "https://xn--c1aapkosapc.xn--p1ai:8443/%D0%BF%D1%83%D1%82%D1%8C?q=%D0%B4%D0%B0");
  EXPECT_EQ(UrlToAscii("https://www.gosuslugi.ru/help"), "https://www.gosuslugi.ru/help");
  EXPECT_EQ(UrlToAscii("not a url"), "not a url");
}

TEST(Text, FoldLowersLatinAndCyrillicAndReadsYoAsYe) {
  EXPECT_EQ(doma::text::Fold("Ёлки И Палки, ABC"), "елки и палки, abc");
}
