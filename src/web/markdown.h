// Markdown to safe HTML for news: md4c with raw HTML disabled (it is shown
// escaped), and every link or image address that is not http(s), mailto or
// a local path removed, so that no script can run from an editor's text.
#pragma once

#include <string>
#include <string_view>

namespace doma::web {

std::string RenderMarkdown(std::string_view markdown);

}  // namespace doma::web
