#pragma once

#include <string>
#include <string_view>

namespace doma::http {

// gzip (RFC 1952) via zlib; returns empty on failure.
std::string Gzip(std::string_view data, int level = 6);
std::string Gunzip(std::string_view data);  // for tests

// True for content types worth compressing (text, JSON, XML, JS, SVG).
bool IsCompressible(std::string_view content_type);

}  // namespace doma::http
