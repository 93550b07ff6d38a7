// The Markdown renderer of news: md4c never crashes on what an editor types,
// and what comes out is safe HTML (fuzz/html_oracle.h: the oracle beyond the
// sanitizers).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "fuzz/html_oracle.h"
#include "web/markdown.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string html =
      doma::web::RenderMarkdown(std::string_view(reinterpret_cast<const char*>(data), size));
  if (auto why = doma::fuzz::UnsafeHtml(html)) {
    std::fprintf(stderr, "unsafe HTML from Markdown (%s):\n%.2000s\n", why->c_str(), html.c_str());
    std::abort();
  }
  return 0;
}
