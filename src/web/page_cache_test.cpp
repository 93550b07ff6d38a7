#include "web/page_cache.h"

#include <gtest/gtest.h>

namespace doma::web {
namespace {

TEST(PageCacheTest, ServesAPageOnlyForTheGenerationItWasRenderedFrom) {
  PageCache cache;
  EXPECT_EQ(cache.Get("ru|0|2026-11-27|/search?q=a", 1), nullptr);
  cache.Put("ru|0|2026-11-27|/search?q=a", 1, "<p>a</p>");
  auto hit = cache.Get("ru|0|2026-11-27|/search?q=a", 1);
  ASSERT_NE(hit, nullptr);
  EXPECT_EQ(*hit, "<p>a</p>");
  EXPECT_EQ(cache.Get("ru|0|2026-11-27|/search?q=a", 2), nullptr);  // the catalog changed since
  EXPECT_EQ(cache.Get("en|0|2026-11-27|/search?q=a", 1), nullptr);
  cache.Put("ru|0|2026-11-27|/search?q=a", 2, "<p>b</p>");
  EXPECT_EQ(*cache.Get("ru|0|2026-11-27|/search?q=a", 2), "<p>b</p>");
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.hits(), 2u);
}

TEST(PageCacheTest, StaysWithinItsBudget) {
  PageCache cache(100);
  cache.Put("a", 1, std::string(60, 'a'));
  cache.Put("b", 1, std::string(60, 'b'));  // over budget: starts afresh
  EXPECT_EQ(cache.Get("a", 1), nullptr);
  ASSERT_NE(cache.Get("b", 1), nullptr);
  cache.Put("huge", 1, std::string(200, 'h'));  // never stored
  EXPECT_EQ(cache.Get("huge", 1), nullptr);
  EXPECT_NE(cache.Get("b", 1), nullptr);
}

}  // namespace
}  // namespace doma::web
