#include "search/normalize.h"

#include <xapian.h>

#include <array>
#include <unordered_map>

#include "core/text.h"

namespace doma::search {
namespace {

bool IsCyrillic(char32_t c) { return c >= 0x400 && c <= 0x4FF; }
bool IsLatin(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

char32_t FoldChar(char32_t c) {
  c = static_cast<char32_t>(Xapian::Unicode::tolower(static_cast<unsigned>(c)));
  if (c == U'ё') c = U'е';
  return c;
}

// Key pairs of the two layouts, lower and upper case.
constexpr std::u32string_view kQwerty =
    U"`qwertyuiop[]asdfghjkl;'zxcvbnm,.~QWERTYUIOP{}ASDFGHJKL:\"ZXCVBNM<>";
constexpr std::u32string_view kJcuken =
    U"ёйцукенгшщзхъфывапролджэячсмитьбюЁЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮ";
static_assert(kQwerty.size() == kJcuken.size());

std::string MapChunks(std::string_view text, auto&& map_chunk) {
  std::u32string cps = text::Decode(text);
  std::u32string out;
  std::size_t i = 0;
  while (i < cps.size()) {
    if (cps[i] == U' ' || cps[i] == U'\t') {
      out.push_back(cps[i++]);
      continue;
    }
    std::size_t j = i;
    while (j < cps.size() && cps[j] != U' ' && cps[j] != U'\t') ++j;
    out += map_chunk(std::u32string_view(cps).substr(i, j - i));
    i = j;
  }
  return text::Encode(out);
}

}  // namespace

std::vector<Token> Tokenize(std::string_view input) {
  std::vector<Token> out;
  std::u32string word;
  bool cyr = false, lat = false;
  auto flush = [&] {
    if (word.empty()) return;
    out.push_back({text::Encode(word), cyr   ? Script::kCyrillic
                                       : lat ? Script::kLatin
                                             : Script::kOther});
    word.clear();
    cyr = lat = false;
  };
  for (char32_t c : text::Decode(input)) {
    if (Xapian::Unicode::is_wordchar(static_cast<unsigned>(c)) && c != U'_') {
      c = FoldChar(c);
      cyr |= IsCyrillic(c);
      lat |= IsLatin(c);
      word.push_back(c);
    } else {
      flush();
    }
  }
  flush();
  return out;
}

std::string Fold(std::string_view input) {
  std::u32string cps = text::Decode(input);
  for (auto& c : cps) c = FoldChar(c);
  return text::Encode(cps);
}

std::string Stem(const Token& t) {
  // Xapian::Stem keeps state while stemming: one per thread and language.
  thread_local Xapian::Stem russian("russian");
  thread_local Xapian::Stem english("english");
  switch (t.script) {
    case Script::kCyrillic: return russian(t.word);
    case Script::kLatin: return english(t.word);
    case Script::kOther: return t.word;
  }
  return t.word;
}

std::string SwitchLayout(std::string_view input, bool to_latin) {
  const auto from = to_latin ? kJcuken : kQwerty;
  const auto to = to_latin ? kQwerty : kJcuken;
  return MapChunks(input, [&](std::u32string_view chunk) {
    std::u32string out;
    bool any_letter = false;
    for (char32_t c : chunk) {
      auto pos = from.find(c);
      if (pos == std::u32string_view::npos) return std::u32string(chunk);  // mixed: leave it
      any_letter |= to_latin ? IsCyrillic(c) : IsLatin(c);
      out.push_back(to[pos]);
    }
    return any_letter ? out : std::u32string(chunk);
  });
}

std::string Transliterate(std::string_view input) {
  // Longest match first; covers ГОСТ 7.79-B, passport (ICAO) and the
  // informal spellings people type ("zh", "ch", "sh", "ya", "yu", "'").
  static const std::array<std::pair<std::u32string_view, std::u32string_view>, 24> kMulti = {{
      {U"shch", U"щ"}, {U"sch", U"щ"}, {U"zh", U"ж"},  {U"kh", U"х"},  {U"ch", U"ч"},
      {U"sh", U"ш"},   {U"ts", U"ц"},  {U"tz", U"ц"},  {U"yu", U"ю"},  {U"ju", U"ю"},
      {U"iu", U"ю"},   {U"ya", U"я"},  {U"ja", U"я"},  {U"ia", U"я"},  {U"yo", U"ё"},
      {U"jo", U"ё"},   {U"ye", U"ье"}, {U"yi", U"ый"}, {U"iy", U"ий"}, {U"ij", U"ий"},
      {U"yy", U"ый"},  {U"ey", U"ей"}, {U"oy", U"ой"}, {U"ay", U"ай"},
  }};
  static const std::unordered_map<char32_t, std::u32string_view> kSingle = {
      {U'a', U"а"}, {U'b', U"б"},  {U'v', U"в"},  {U'g', U"г"}, {U'd', U"д"}, {U'e', U"е"},
      {U'z', U"з"}, {U'i', U"и"},  {U'j', U"й"},  {U'k', U"к"}, {U'l', U"л"}, {U'm', U"м"},
      {U'n', U"н"}, {U'o', U"о"},  {U'p', U"п"},  {U'r', U"р"}, {U's', U"с"}, {U't', U"т"},
      {U'u', U"у"}, {U'f', U"ф"},  {U'h', U"х"},  {U'c', U"ц"}, {U'y', U"ы"}, {U'w', U"в"},
      {U'q', U"к"}, {U'x', U"кс"}, {U'\'', U"ь"}, {U'`', U"ъ"},
  };
  return MapChunks(input, [&](std::u32string_view chunk) {
    std::u32string lower;
    bool latin = false;
    for (char32_t c : chunk) {
      if (IsCyrillic(c)) return std::u32string(chunk);
      latin |= IsLatin(c);
      lower.push_back(c < 0x80 ? static_cast<char32_t>(std::tolower(static_cast<int>(c))) : c);
    }
    if (!latin) return std::u32string(chunk);
    std::u32string out;
    std::size_t i = 0;
    while (i < lower.size()) {
      bool matched = false;
      for (const auto& [lat, cyr] : kMulti) {
        // "ye"/"yo" etc. at the start of a word are plain е/ё/я, not ье.
        if (std::u32string_view(lower).substr(i).starts_with(lat)) {
          if (lat == U"ye" && i == 0) {
            out += U"е";
          } else {
            out += cyr;
          }
          i += lat.size();
          matched = true;
          break;
        }
      }
      if (matched) continue;
      auto it = kSingle.find(lower[i]);
      if (it != kSingle.end()) {
        out += it->second;
      } else {
        out.push_back(lower[i]);
      }
      ++i;
    }
    return out;
  });
}

bool HasLatin(std::string_view input) {
  for (char32_t c : text::Decode(input))
    if (IsLatin(c)) return true;
  return false;
}

bool HasCyrillic(std::string_view input) {
  for (char32_t c : text::Decode(input))
    if (IsCyrillic(c)) return true;
  return false;
}

}  // namespace doma::search
