#include <fmt/format.h>

#include <array>
#include <string_view>

#include "domain/help/help.h"

namespace doma::help {

namespace {

// Two words that agree in gender, easy to say through a closed door.
constexpr std::array<std::string_view, 40> kAdjectives = {
    "белый",   "синий",   "тихий",   "добрый",  "ясный",   "тёплый",   "новый",   "старый",
    "быстрый", "весёлый", "лесной",  "речной",  "летний",  "зимний",   "ранний",  "звонкий",
    "мягкий",  "яркий",   "горный",  "морской", "сладкий", "круглый",  "полный",  "чистый",
    "свежий",  "дальний", "крепкий", "лёгкий",  "смелый",  "честный",  "жёлтый",  "красный",
    "зелёный", "серый",   "большой", "малый",   "южный",   "северный", "светлый", "умный"};
constexpr std::array<std::string_view, 40> kNouns = {
    "дом",   "сад",     "лес",     "мост",    "кот",    "слон",    "дуб",      "клён",
    "луг",   "снег",    "дождь",   "гром",    "хлеб",   "чай",     "мёд",      "сыр",
    "шар",   "флаг",    "ключ",    "парк",    "пруд",   "холм",    "берег",    "ветер",
    "месяц", "город",   "поезд",   "трамвай", "жук",    "ёж",      "гусь",     "огурец",
    "пирог", "самовар", "рассвет", "закат",   "костёр", "колокол", "кораблик", "подсолнух"};

}  // namespace

std::string Help::NewCodeWord() {
  std::string digits = secrets_.NewCode(6);
  long long n = std::stoll(digits);
  return fmt::format("{} {}", kAdjectives[n % kAdjectives.size()],
                     kNouns[(n / kAdjectives.size()) % kNouns.size()]);
}

}  // namespace doma::help
