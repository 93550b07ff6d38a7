// UTF-8 helpers shared by every layer. Text is std::string holding UTF-8.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace doma::text {

// True if `s` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool IsValidUtf8(std::string_view s);

// Whether `s` (valid UTF-8) is free of what makes text lie about itself: C0
// and C1 control characters (NUL, ESC, …; a newline, carriage return and
// tab only when `multiline`), and the bidirectional controls (U+200E, U+200F,
// U+061C, U+202A–U+202E, U+2066–U+2069) that can make a name display as
// another.
bool IsHonestText(std::string_view s, bool multiline);
// What a person is told when IsHonestText refuses their field.
inline constexpr const char* kDishonestText =
    "В тексте есть невидимые управляющие символы: наберите его заново, не копируя.";

// Number of code points; `s` must be valid UTF-8.
std::size_t Length(std::string_view s);

// Strips ASCII whitespace at both ends.
std::string_view Trim(std::string_view s);

// Appends the UTF-8 encoding of `cp`.
void AppendUtf8(std::string& out, char32_t cp);

// Decodes valid UTF-8 into code points.
std::u32string Decode(std::string_view s);
std::string Encode(std::u32string_view s);

// `s` for comparison: Latin and Cyrillic letters lower-cased, ё read as е
// (people type either). Other characters are kept.
std::string Fold(std::string_view s);

// Cuts `s` to at most `max_chars` code points, adding "…" when cut.
std::string Truncate(std::string_view s, std::size_t max_chars);

// The pieces are views into `s`: `s` must outlive them (not a temporary).
std::vector<std::string_view> Split(std::string_view s, char sep);

// `s` in Unicode Normalization Form C, so that the same letters are the same
// bytes ("й" typed as и + combining breve is stored, shown and searched as
// "й"). Text that is not valid UTF-8 is returned as it is (validation
// refuses it).
std::string ToNfc(std::string_view s);

// An http(s) URL as an RFC 3986 URI: an internationalised host in its ASCII
// (IDNA, punycode) form and any other non-ASCII byte percent-encoded, so that
// "https://урокцифры.рф/" is "https://xn--h1adlhdnlo2c.xn--p1ai/" for a
// machine reader. A URL whose host is not a valid name is returned as it is.
std::string UrlToAscii(std::string_view url);

// `s` with every byte but ASCII letters, digits and those in `keep`
// percent-encoded ("%D0%B0"): a query value or a path segment in a URL.
std::string PercentEncode(std::string_view s, std::string_view keep = "-_.~");

// One character and what stands for it in an escaped text.
struct CharEscape {
  char c;
  std::string_view with;
};
// Appends `s` to `out` with each character `table` names replaced by its text.
void AppendEscaped(std::string& out, std::string_view s, std::initializer_list<CharEscape> table);

}  // namespace doma::text
