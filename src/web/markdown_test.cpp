#include "web/markdown.h"

#include <gtest/gtest.h>

namespace doma::web {
namespace {

TEST(Markdown, RendersTheUsualThings) {
  std::string h = RenderMarkdown(
      "# Заголовок\n\n**Важно:** список\n\n- раз\n- два\n\n[Госуслуги](https://www.gosuslugi.ru/)");
  EXPECT_NE(h.find("<h1>Заголовок</h1>"), std::string::npos);
  EXPECT_NE(h.find("<strong>Важно:</strong>"), std::string::npos);
  EXPECT_NE(h.find("<li>раз</li>"), std::string::npos);
  EXPECT_NE(h.find("<a href=\"https://www.gosuslugi.ru/\">Госуслуги</a>"), std::string::npos);
}

TEST(Markdown, RawHtmlIsEscaped) {
  std::string h = RenderMarkdown("<script>alert(1)</script> <img src=x onerror=alert(1)>");
  EXPECT_EQ(h.find("<script"), std::string::npos);
  EXPECT_EQ(h.find("<img"), std::string::npos);
  EXPECT_NE(h.find("&lt;script&gt;"), std::string::npos);
}

TEST(Markdown, ScriptUrlsAreRemoved) {
  for (const char* md :
       {"[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "![x](data:text/html;base64,AAAA)",
        "[x](//evil.example/)", "[x](vbscript:msgbox)"}) {
    std::string h = RenderMarkdown(md);
    EXPECT_EQ(h.find("script:"), std::string::npos) << md << " -> " << h;
    EXPECT_EQ(h.find("data:"), std::string::npos) << md << " -> " << h;
    EXPECT_EQ(h.find("//evil"), std::string::npos) << md << " -> " << h;
  }
  EXPECT_NE(RenderMarkdown("[ok](/services/gosuslugi)").find("href=\"/services/gosuslugi\""),
            std::string::npos);
}

}  // namespace
}  // namespace doma::web
