// QR codes drawn by the server as inline SVG (libqrencode), so that a poster
// prints sharp at any size and needs no image request or script.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace doma::web {

// An <svg> of the QR code for `text` (error correction M, four modules of
// quiet zone), `size_mm` millimetres wide on paper, labelled `label` for
// screen readers. Fails only when `text` is too long for any QR version.
Result<std::string> QrSvg(std::string_view text, int size_mm, std::string_view label);

}  // namespace doma::web
