// The picture a link preview shows (Open Graph / Twitter card): 1200×630
// PNG drawn by the server with cairo, the portal's name over a section's or
// page's title, in black on white with a band in the section's colour.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace doma::web {

// `title` wraps over up to three lines (and is cut with "…" beyond);
// `footer` is one line at the bottom (the region). `band` picks one of a few
// colours that keep 4.5:1 against white.
Result<std::string> OgImagePng(std::string_view site, std::string_view title,
                               std::string_view footer, unsigned band);

// The lines `title` is drawn in: words wrapped to the picture's width, a
// word wider than it cut, at most three lines (the last ending in "…" when
// the title is longer).
std::vector<std::string> OgTitleLines(std::string_view title);

}  // namespace doma::web
