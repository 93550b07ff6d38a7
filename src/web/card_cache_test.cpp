#include "web/card_cache.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace doma::web {
namespace {

using namespace std::chrono_literals;

// A page the way cards are: the same layout around a few fields of their own.
std::string Card(int i) {
  std::string layout;
  for (int line = 0; line < 150; ++line)
    layout +=
        fmt::format("<li><a href=\"/categories/c{}\">Раздел каталога {}</a></li>\n", line, line);
  return fmt::format("<html><h1>Сервис {}</h1><p>Описание сервиса номер {}.</p>{}</html>", i,
                     i * 7919, layout);
}

TEST(CardCacheTest, GivesBackTheCardAsStoredForItsGenerationOnly) {
  CardCache cache(1 << 20);
  const auto now = CardCache::Clock::now();
  EXPECT_FALSE(cache.Get("ru|/services/a", 1, now));
  cache.Put("ru|/services/a", 1, Card(1), now + 1h);
  cache.Put("ru|/services/b", 1, Card(2), now + 1h);
  EXPECT_EQ(cache.Get("ru|/services/a", 1, now), Card(1));
  EXPECT_EQ(cache.Get("ru|/services/b", 1, now), Card(2));
  EXPECT_FALSE(cache.Get("en|/services/a", 1, now));
  EXPECT_FALSE(cache.Get("ru|/services/a", 2, now));  // the catalog changed since
  // A card rendered from the old catalog, stored late, is not kept.
  cache.Put("ru|/services/a", 2, Card(3), now + 1h);
  cache.Put("ru|/services/b", 1, Card(2), now + 1h);
  EXPECT_FALSE(cache.Get("ru|/services/b", 2, now));
  EXPECT_EQ(cache.Get("ru|/services/a", 2, now), Card(3));
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.hits(), 3u);
}

TEST(CardCacheTest, ForgetsACardWhenItExpires) {
  CardCache cache(1 << 20);
  const auto then = CardCache::Clock::now();
  cache.Put("ru|/services/a", 1, Card(1), then + 60s);
  EXPECT_TRUE(cache.Get("ru|/services/a", 1, then + 59s));
  EXPECT_TRUE(cache.Contains("ru|/services/a", 1, then + 59s));
  EXPECT_FALSE(cache.Get("ru|/services/a", 1, then + 61s));
  EXPECT_FALSE(cache.Contains("ru|/services/a", 1, then + 61s));
}

TEST(CardCacheTest, KeepsCardsCompressedAgainstEachOther) {
  CardCache cache(64 << 20);
  const auto now = CardCache::Clock::now();
  std::size_t raw = 0;
  for (int i = 0; i < 1000; ++i) {
    raw += Card(i).size();
    cache.Put(fmt::format("ru|/services/s{}", i), 1, Card(i), now + 1h);
  }
  EXPECT_EQ(cache.size(), 1000u);
  EXPECT_LT(cache.bytes() * 20, raw);  // the layout is in the dictionary, not in each card
  for (int i = 0; i < 1000; i += 97)
    EXPECT_EQ(cache.Get(fmt::format("ru|/services/s{}", i), 1, now), Card(i));
}

TEST(CardCacheTest, StaysWithinItsBudget) {
  CardCache cache(20'000);
  const auto now = CardCache::Clock::now();
  for (int i = 0; i < 2000; ++i) {
    cache.Put(fmt::format("ru|/services/s{}", i), 1, Card(i), now + 1h);
    ASSERT_LE(cache.bytes(), 20'000u);
  }
  EXPECT_GT(cache.size(), 50u);
  EXPECT_LT(cache.size(), 2000u);
  EXPECT_EQ(cache.Get("ru|/services/s1999", 1, now), Card(1999));  // the newest is there
}

}  // namespace
}  // namespace doma::web
