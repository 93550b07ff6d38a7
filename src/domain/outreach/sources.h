// Where a visit came from, as the links Doma prints and shares say (?src=):
// a poster's QR code, a share button, the widget on another site, the
// digest. The click counter keeps clicks out per source, so that the
// editors see what brings people.
#pragma once

#include <array>
#include <string_view>

namespace doma::outreach {

inline constexpr std::array<std::string_view, 9> kSources = {
    "poster-entrance", "poster-leaflet", "poster-card", "share-vk", "share-telegram",
    "share-whatsapp",  "share-ok",       "widget",      "digest"};

// `src` when it is one of kSources, else "" (came directly). Nothing else is
// kept: a URL is no place for free text that would end up in the database.
inline std::string_view KnownSource(std::string_view src) {
  for (auto s : kSources)
    if (s == src) return s;
  return {};
}

}  // namespace doma::outreach
