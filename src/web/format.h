// How the pages write dates and addresses for people: "6 декабря 2026"
// rather than "2026-12-06", "gosuslugi.ru" rather than a whole URL.
#pragma once

#include <string>
#include <string_view>

namespace doma::web {

// "2026-12-06" (or an ISO timestamp starting with it) → "6 декабря 2026" in
// Russian, "6 December 2026" in English; "" for what is not such a date.
std::string HumanDate(std::string_view iso, const std::string& lang);

// A UTC ISO timestamp ("2026-12-07T10:44:00Z") in the region's time
// (`offset_minutes` from UTC), as people say it: "7 декабря, 14:44" /
// "7 December, 14:44"; "" when it is not such a timestamp.
std::string HumanTime(std::string_view iso_utc, int offset_minutes, const std::string& lang);
// A request's window: "7 декабря, 14:44–21:00" within a day, both days
// named otherwise ("7 декабря, 14:44 – 13 декабря, 21:00").
std::string HumanWindow(std::string_view start_utc, std::string_view end_utc, int offset_minutes,
                        const std::string& lang);

// The host a link leads to, as a person reads it: "https://www.gosuslugi.ru/x"
// → "gosuslugi.ru"; "" when `url` is not http(s).
std::string SiteHost(std::string_view url);

}  // namespace doma::web
