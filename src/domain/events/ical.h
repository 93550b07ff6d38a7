// Events as an iCalendar stream (RFC 5545): what a calendar application
// subscribes to at /events.ics.
#pragma once

#include <string>
#include <vector>

#include "domain/events/event.h"

namespace doma::events {

struct CalendarInfo {
  std::string name;        // X-WR-CALNAME
  std::string host;        // for UIDs: "event-12@<host>"
  std::string public_url;  // each event's own page: <public_url>/events/<id>
  std::string now_iso;     // DTSTAMP
  // Category slug -> the name a person reads (CATEGORIES).
  std::vector<std::pair<std::string, std::string>> category_names;
};

// CRLF line ends, lines folded at 75 octets (never inside a UTF-8
// character), TEXT values escaped; times in UTC.
std::string ToICalendar(const std::vector<Event>& events, const CalendarInfo& info);

// RFC 5545 3.3.11: backslash, semicolon, comma and newlines escaped.
std::string EscapeText(std::string_view s);
// RFC 5545 3.1: a content line folded into lines of at most 75 octets.
std::string FoldLine(std::string_view line);

}  // namespace doma::events
