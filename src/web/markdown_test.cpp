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

// md4c 0.4.8 (Debian 12) with its permissive URL autolinks reads past the end
// of the text it is given (found by fuzz_markdown under ASan): with these
// bytes after the end it copied 63 of them into the page, or crashed. What
// a page shows may depend only on the news text.
TEST(Markdown, NeverReadsPastTheEndOfTheText) {
  const std::string text(
      "\x68\x74\x74\x70\x73\x3a\x2f\x2f\x65\x78\x61\x6d\x70\x6c\x65\x2e"
      "\x68\x74\x74\xe7\xe7\xff\xff\xff\xff\xff\xff\x26\x26\x26\x26\x26"
      "\x26\x26\x26\x26\x26\x26\x26\x26\x26\xff\xff\xff\xff\xff\xff\xff"
      "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xe7\xe7\xff"
      "\xe7\xff\xff\xff\x78\x76\x61\x73\x63\x72\x69\x70\x74\x3a\x61\x6c"
      "\xa5\x8d\x74\x28\x30\x29\x29\x20\x5b\x79\x5d\x28\x4a\x61\xff\xff"
      "\x5f\xc0\x00\x00\x26\x26\x26\x26\x26\x26\x26\x26\x26\x26\x26\x26"
      "\x26\x3a\x61\x6c\x65\x72\x74\x28\x5b\x78\x5d\x28\x23\x78\x76\x61"
      "\x73\x63\x72\x69\x70\x74\x3a\x61\x6c\xa5\x8d\x74\x28\x30\x29\x29"
      "\x20\x5b\x79\x5d\x28\x4a\x61",
      151);
  const std::string after(
      "\x29\x04\x01\xab\xad\x70\xdb\x4f\xe5\xf4\xe8\x1b\x6f\xc0\xd3\x8f"
      "\x81\x24\x3a\xf9\xf9\xec\x72\x3d\xc0\xd6\x96\xb3\xc2\x3f\x72\xeb"
      "\x43\x74\x96\xf1\xe4\x71\x40\xc9\x65\x29\xe4\xd5\xe9\xb7\x64\x6a"
      "\xdc\x9e\x63\xd5\x8a\xd5\x12\x4b\xac\xa8\xfe\x6e\xe8\x71\x59\x2b",
      64);
  std::string garbage = text + after, zeros = text + std::string(after.size(), '\0');
  EXPECT_EQ(RenderMarkdown(std::string_view(garbage.data(), text.size())),
            RenderMarkdown(std::string_view(zeros.data(), text.size())));
}

}  // namespace
}  // namespace doma::web
