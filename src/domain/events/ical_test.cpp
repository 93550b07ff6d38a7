#include "domain/events/ical.h"

#include <gtest/gtest.h>

namespace doma::events {
namespace {

TEST(ICalendar, TextIsEscaped) {
  EXPECT_EQ(EscapeText("a, b; c\\d\nnext"), "a\\, b\\; c\\\\d\\nnext");
}

TEST(ICalendar, LongLinesFoldAt75OctetsNeverInsideACharacter) {
  std::string line = "SUMMARY:" + std::string(100, 'x');
  std::string folded = FoldLine(line);
  ASSERT_TRUE(folded.ends_with("\r\n"));
  EXPECT_EQ(folded.find("\r\n"), 75u);
  EXPECT_EQ(folded.substr(75, 3), "\r\n ");
  // Cyrillic letters are two octets each: a break never splits one.
  std::string russian = "SUMMARY:";
  for (int i = 0; i < 60; ++i) russian += "ж";
  std::string f = FoldLine(russian);
  std::size_t start = 0;
  while (true) {
    std::size_t end = f.find("\r\n", start);
    ASSERT_NE(end, std::string::npos);
    EXPECT_LE(end - start, 75u);
    if (end + 2 == f.size()) break;
    // The next line starts with a space and then a whole character.
    EXPECT_EQ(f[end + 2], ' ');
    EXPECT_NE(static_cast<unsigned char>(f[end + 3]) & 0xC0, 0x80) << "split inside a character";
    start = end + 2;
  }
  std::string unfolded;
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (f.compare(i, 3, "\r\n ") == 0) {
      i += 2;
      continue;
    }
    unfolded.push_back(f[i]);
  }
  EXPECT_EQ(unfolded, russian + "\r\n");
}

TEST(ICalendar, ALineBreakInAnAddressCannotStartAProperty) {
  Event e;
  e.id = 1;
  e.title = "T";
  e.url = "https://example.org/\r\nBEGIN:VEVENT";
  e.starts_at = "2026-12-10T06:00:00Z";
  e.ends_at = "2026-12-10T07:00:00Z";
  std::string ics = ToICalendar({e}, {"C", "h", "https://h", "2026-12-07T10:00:00Z", {}});
  EXPECT_EQ(ics.find("\r\nBEGIN:VEVENT\r\nUID"), ics.find("\r\nBEGIN:VEVENT"))
      << "one event begins, not two";
  EXPECT_NE(ics.find("URL:https://example.org/BEGIN:VEVENT\r\n"), std::string::npos);
}

TEST(ICalendar, AnEventHasItsTimesInUtcAndItsCategoriesByName) {
  Event e;
  e.id = 7;
  e.title = "Онлайн-зарядка, утро";
  e.organizer = "Центр";
  e.url = "https://example.org/e";
  e.starts_at = "2026-12-10T06:00:00Z";
  e.ends_at = "2026-12-10T07:00:00Z";
  e.categories = {"sport"};
  std::string ics = ToICalendar({e}, {"События",
                                      "doma.example",
                                      "https://doma.example",
                                      "2026-12-07T10:00:00Z",
                                      {{"sport", "Спорт"}}});
  EXPECT_TRUE(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
  EXPECT_NE(ics.find("UID:event-7@doma.example\r\n"), std::string::npos);
  EXPECT_NE(ics.find("DTSTART:20261210T060000Z\r\n"), std::string::npos);
  EXPECT_NE(ics.find("DTEND:20261210T070000Z\r\n"), std::string::npos);
  EXPECT_NE(ics.find("SUMMARY:Онлайн-зарядка\\, утро\r\n"), std::string::npos);
  EXPECT_NE(ics.find("CATEGORIES:Спорт\r\n"), std::string::npos);
  EXPECT_NE(ics.find("LOCATION:Онлайн\r\n"), std::string::npos);
  EXPECT_TRUE(ics.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
}

}  // namespace
}  // namespace doma::events
