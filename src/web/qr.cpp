#include "web/qr.h"

#include <fmt/format.h>
#include <qrencode.h>

#include <memory>

#include "core/text.h"

namespace doma::web {

Result<std::string> QrSvg(std::string_view text, int size_mm, std::string_view label) {
  const std::string input(text);
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeString(input.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
  if (!code) return Fail(Error::Internal(fmt::format("no QR code holds {} bytes", text.size())));
  constexpr int kQuiet = 4;
  const int w = code->width;
  const int side = w + 2 * kQuiet;
  // One path of horizontal runs of dark modules: a few hundred bytes where
  // one <rect> per module would be tens of kilobytes.
  std::string d;
  for (int y = 0; y < w; ++y) {
    for (int x = 0; x < w;) {
      if (!(code->data[y * w + x] & 1)) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < w && (code->data[y * w + x + run] & 1)) ++run;
      d += fmt::format("M{} {}h{}v1h-{}z", x + kQuiet, y + kQuiet, run, run);
      x += run;
    }
  }
  std::string escaped;
  text::AppendEscaped(escaped, label,
                      {{'&', "&amp;"}, {'<', "&lt;"}, {'>', "&gt;"}, {'"', "&quot;"}});
  return fmt::format(
      R"(<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {0} {0}" width="{1}mm" height="{1}mm" role="img" aria-label="{2}" shape-rendering="crispEdges"><rect width="{0}" height="{0}" fill="#fff"/><path d="{3}" fill="#000"/></svg>)",
      side, size_mm, escaped, d);
}

}  // namespace doma::web
