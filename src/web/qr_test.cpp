#include "web/qr.h"

#include <gtest/gtest.h>

namespace doma::web {
namespace {

TEST(QrSvg, DrawsOnePathInsideAQuietZone) {
  auto svg = QrSvg("https://doma.example/help/ask?src=poster-entrance", 40, "Попросить <помощь>");
  ASSERT_TRUE(svg) << svg.error().log_detail;
  EXPECT_TRUE(svg->starts_with("<svg ")) << *svg;
  EXPECT_NE(svg->find(R"(width="40mm")"), std::string::npos);
  EXPECT_NE(svg->find("aria-label=\"Попросить &lt;помощь&gt;\""), std::string::npos)
      << "the label is escaped";
  // A version 4 code is 33 modules wide, 41 with the quiet zone; the first
  // dark run starts at the finder pattern's corner, inside the quiet zone.
  EXPECT_NE(svg->find(R"(viewBox="0 0 41 41")"), std::string::npos) << *svg;
  EXPECT_NE(svg->find(R"(d="M4 4h7v1h-7z)"), std::string::npos) << *svg;
}

TEST(QrSvg, GrowsWithTheText) {
  auto a = QrSvg("https://a.example/", 30, "a");
  auto b = QrSvg(std::string(300, 'x'), 30, "b");
  ASSERT_TRUE(a && b);
  EXPECT_LT(a->size(), b->size());
}

TEST(QrSvg, RefusesWhatNoCodeHolds) { EXPECT_FALSE(QrSvg(std::string(8000, 'x'), 30, "too long")); }

}  // namespace
}  // namespace doma::web
