// Text normalisation for search: the same functions process documents and
// queries, so whatever a query is folded to, the index was folded the same way.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace doma::search {

enum class Script { kCyrillic, kLatin, kOther };

struct Token {
  std::string word;  // lower-cased, ё folded to е
  Script script;
};

// Lower-cases (all of Unicode), folds ё→е, and splits on anything that is not
// a letter or digit ("онлайн-курсы" → "онлайн", "курсы").
std::vector<Token> Tokenize(std::string_view text);

// Lower-case + ё→е, keeping everything else (for showing a corrected query).
std::string Fold(std::string_view text);

// Russian words use the Russian stemmer, Latin ones the English one; words of
// other scripts or digits stay as they are.
std::string Stem(const Token& t);

// Re-types text as if the keyboard had been switched: each whitespace-separated
// chunk made only of QWERTY keys becomes what the ЙЦУКЕН layout gives for the
// same keys ("ljcnfdrf" → "доставка"), and, with `to_latin`, the reverse
// ("ящщь" → "zoom"). Chunks of the other script are left alone.
std::string SwitchLayout(std::string_view text, bool to_latin);

// Reads Latin letters as a Russian transliteration ("dostavka produktov" →
// "доставка продуктов"); Cyrillic chunks are left alone.
std::string Transliterate(std::string_view text);

bool HasLatin(std::string_view text);
bool HasCyrillic(std::string_view text);

}  // namespace doma::search
