// What the Markdown fuzz target asserts of every page it renders: safe HTML.
// Only the tags Markdown makes, no attribute that runs anything (event
// handlers, style), and every link or image address either relative or
// http(s)/mailto, as a browser reads it (character references decoded,
// tabs, newlines and leading spaces dropped).
#pragma once

#include <optional>
#include <string>

namespace doma::fuzz {

// Why `html` is unsafe, or nothing when it is safe.
std::optional<std::string> UnsafeHtml(const std::string& html);

}  // namespace doma::fuzz
