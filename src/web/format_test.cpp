#include "web/format.h"

#include <gtest/gtest.h>

namespace doma::web {
namespace {

TEST(HumanDate, WritesTheDayAndTheMonthInWords) {
  EXPECT_EQ(HumanDate("2026-12-06", "ru"), "6 декабря 2026");
  EXPECT_EQ(HumanDate("2026-03-01T10:00:00Z", "ru"), "1 марта 2026");
  EXPECT_EQ(HumanDate("2026-12-06", "en"), "6 December 2026");
  EXPECT_EQ(HumanDate("", "ru"), "");
  EXPECT_EQ(HumanDate("2026-13-06", "ru"), "");
  EXPECT_EQ(HumanDate("06.12.2026", "ru"), "");
}

TEST(HumanTime, IsTheRegionsDayAndHourInWords) {
  // Ulyanovsk is UTC+4: 22:30 UTC is already the next day there.
  EXPECT_EQ(HumanTime("2026-12-06T22:30:00Z", 240, "ru"), "7 декабря, 02:30");
  EXPECT_EQ(HumanTime("2026-12-07T10:44:00Z", 240, "en"), "7 December, 14:44");
  EXPECT_EQ(HumanTime("2026-12-07", 240, "ru"), "");
  EXPECT_EQ(HumanTime("", 0, "ru"), "");
}

TEST(HumanWindow, NamesBothDaysOnlyWhenTheyDiffer) {
  EXPECT_EQ(HumanWindow("2026-12-07T10:44:00Z", "2026-12-07T17:00:00Z", 240, "ru"),
            "7 декабря, 14:44–21:00");
  EXPECT_EQ(HumanWindow("2026-12-07T10:44:00Z", "2026-12-13T17:00:00Z", 240, "ru"),
            "7 декабря, 14:44 – 13 декабря, 21:00");
  EXPECT_EQ(HumanWindow("2026-12-07T10:44:00Z", "", 240, "ru"), "7 декабря, 14:44");
}

TEST(SiteHost, IsTheHostAPersonReads) {
  EXPECT_EQ(SiteHost("https://www.gosuslugi.ru/help?x=1"), "gosuslugi.ru");
  EXPECT_EQ(SiteHost("http://lavka.yandex.ru"), "lavka.yandex.ru");
  EXPECT_EQ(SiteHost("https://user@xn--h1adlhdnlo2c.xn--p1ai/"), "xn--h1adlhdnlo2c.xn--p1ai");
  EXPECT_EQ(SiteHost("tel:+78002003411"), "");
}

}  // namespace
}  // namespace doma::web
