#include "domain/events/ical.h"

namespace doma::events {
namespace {

// "2026-12-10T12:00:00Z" -> "20261210T120000Z"
std::string Basic(const std::string& iso) {
  std::string out;
  for (char c : iso)
    if (c != '-' && c != ':') out.push_back(c);
  return out;
}

}  // namespace

std::string EscapeText(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case ';': out += "\\;"; break;
      case ',': out += "\\,"; break;
      case '\n': out += "\\n"; break;
      case '\r': break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string FoldLine(std::string_view line) {
  std::string out;
  std::size_t width = 0;  // octets on the current line
  for (std::size_t i = 0; i < line.size();) {
    std::size_t n = 1;  // the whole UTF-8 character
    auto b = static_cast<unsigned char>(line[i]);
    if (b >= 0xF0)
      n = 4;
    else if (b >= 0xE0)
      n = 3;
    else if (b >= 0xC0)
      n = 2;
    n = std::min(n, line.size() - i);
    if (width + n > 75) {
      out += "\r\n ";
      width = 1;  // the leading space counts
    }
    out.append(line.substr(i, n));
    width += n;
    i += n;
  }
  return out + "\r\n";
}

std::string ToICalendar(const std::vector<Event>& events, const CalendarInfo& info) {
  std::string out;
  // A value never ends a line early: a CR or LF that reached here (an
  // unescaped URI) is dropped rather than starting a property of its own.
  auto line = [&](std::string_view name, std::string_view value) {
    std::string v;
    for (char c : value)
      if (c != '\r' && c != '\n') v.push_back(c);
    out += FoldLine(std::string(name) + ":" + v);
  };
  line("BEGIN", "VCALENDAR");
  line("VERSION", "2.0");
  line("PRODID", "-//Doma//Events//RU");
  line("CALSCALE", "GREGORIAN");
  line("METHOD", "PUBLISH");
  line("X-WR-CALNAME", EscapeText(info.name));
  for (const auto& e : events) {
    line("BEGIN", "VEVENT");
    line("UID", "event-" + std::to_string(e.id) + "@" + info.host);
    line("DTSTAMP", Basic(info.now_iso));
    line("DTSTART", Basic(e.starts_at));
    line("DTEND", Basic(e.ends_at));
    line("SUMMARY", EscapeText(e.title));
    std::string description = e.description;
    description += (description.empty() ? "" : "\n\n") + std::string("Проводит: ") + e.organizer;
    description += "\n" + e.url;
    line("DESCRIPTION", EscapeText(description));
    line("URL", e.url);
    line("LOCATION", EscapeText(e.place.empty() ? "Онлайн" : e.place + ", онлайн"));
    std::string names;
    for (const auto& slug : e.categories)
      for (const auto& [s, name] : info.category_names)
        if (s == slug) names += (names.empty() ? "" : ",") + EscapeText(name);
    if (!names.empty()) line("CATEGORIES", names);
    line("STATUS", "CONFIRMED");
    line("TRANSP", "TRANSPARENT");
    line("X-DOMA-PAGE", info.public_url + "/events/" + std::to_string(e.id));
    line("END", "VEVENT");
  }
  line("END", "VCALENDAR");
  return out;
}

}  // namespace doma::events
