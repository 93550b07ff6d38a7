// The region a Doma serves, as data: data/regions/<code>/region.json (see
// data/regions/README.md). Nothing in the code names a region; a second
// region is a second directory.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <string_view>

namespace doma::region {

struct MapView {
  double lat = 0, lon = 0;  // where maps open
  int zoom = 8;
  // The region's extent (degrees): every gazetteer place lies inside it.
  double south = 0, west = 0, north = 0, east = 0;
  bool Contains(double lat, double lon) const {
    return lat >= south && lat <= north && lon >= west && lon <= east;
  }
};

struct Region {
  std::string code;                // "penza": the directory's name, --region
  std::string name_ru, name_en;    // "Пензенская область", "Penza Oblast"
  std::string hotline;             // the help line shown on every page, as printed
  std::string coordinators_phone;  // the volunteers' coordinators; hotline when not given
  // Local coordinators' phones by gazetteer place id, where a district has
  // its own (the entrance poster for that place shows it); may be empty.
  std::map<std::string, std::string> local_coordinators;
  // Who runs the portal (the operator of personal data under 152-FZ), as the
  // privacy page names them; empty until the region says.
  std::string operator_name;
  std::string time_zone;               // IANA, for people and exports ("Europe/Moscow")
  std::chrono::minutes utc_offset{0};  // what "today" and "per day" use
  std::string request_prefix;          // "PZ" in "PZ-000123"
  std::string badge_prefix;            // "58" in "58-0042"
  MapView map;
  std::string sources;  // where the facts above were confirmed (README line)
};

// "8-800-200-34-11" → "tel:+78002003411"; "+7 (8422) 44-00-00" →
// "tel:+78422440000"; "122" → "tel:122"; empty otherwise.
std::string TelUri(std::string_view phone);

// "+04:00" → 240 minutes; false unless ±HH:MM with HH ≤ 14 and MM < 60.
bool ParseUtcOffset(std::string_view text, std::chrono::minutes& out);

}  // namespace doma::region
