#include "tools/synthetic_requests.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <random>
#include <string_view>

#include "core/clock.h"

namespace doma::tools {

std::vector<help::HelpRequest> SyntheticRequests(const help::Gazetteer& gazetteer, int count,
                                                 unsigned seed,
                                                 std::chrono::system_clock::time_point now) {
  // Where people live: the city districts and towns weigh most, as in the
  // region (the two largest towns hold most of its people).
  std::vector<double> weights;
  for (const auto& p : gazetteer.places())
    weights.push_back(p.kind == "city_district" ? 40
                      : p.kind == "town"        ? 15
                      : p.kind == "settlement"  ? 3
                                                : 1);
  std::mt19937 rng(seed);
  std::discrete_distribution<std::size_t> where(weights.begin(), weights.end());
  std::normal_distribution<double> jitter(0, 0.012);  // about 1.3 km
  std::uniform_int_distribution<int> kind(0, static_cast<int>(help::kKinds.size()) - 1),
      urgency(0, 2), payment(0, 2), digits(0, 9999999), days(0, 6), hour(8, 16);
  constexpr std::array<std::string_view, 8> kStreets = {
      "Гончарова", "Ленина", "Гагарина", "Мира", "Советская", "Кирова", "Пушкина", "Садовая"};
  constexpr std::array<std::string_view, 8> kNames = {
      "Анна Петровна", "Иван Сергеевич",  "Мария Ивановна", "Пётр Ильич",
      "Нина Павловна", "Олег Викторович", "Зоя Андреевна",  "Лидия Фёдоровна"};
  std::vector<help::HelpRequest> out;
  out.reserve(static_cast<std::size_t>(std::max(count, 0)));
  for (int made = 0; made < count; ++made) {
    const auto& place = gazetteer.places()[where(rng)];
    help::HelpRequest r;
    r.kinds = {std::string(help::kKinds[static_cast<std::size_t>(kind(rng))])};
    if (made % 3 == 0)
      r.kinds.push_back(std::string(help::kKinds[static_cast<std::size_t>(kind(rng))]));
    r.urgency = std::string(help::kUrgencies[static_cast<std::size_t>(urgency(rng))]);
    r.payment = std::string(help::kPayments[static_cast<std::size_t>(payment(rng))]);
    r.channel = made % 4 == 0 ? "hotline" : "self";
    r.place_id = place.id;
    r.lat = place.lat + jitter(rng);
    r.lon = place.lon + jitter(rng) * 1.7;
    auto start = std::chrono::floor<std::chrono::days>(now) + std::chrono::days(days(rng) + 1) +
                 std::chrono::hours(hour(rng));
    r.window_start = FormatIso(start);
    r.window_end = FormatIso(start + std::chrono::hours(4));
    r.personal.recipient_name = std::string(kNames[static_cast<std::size_t>(made) % kNames.size()]);
    r.personal.phone = fmt::format("+7917{:07}", digits(rng));
    r.personal.address = {
        std::string("ул. ") +
            std::string(kStreets[static_cast<std::size_t>(made) % kStreets.size()]),
        std::to_string(1 + made % 120),
        std::to_string(1 + made % 90),
        "",
        "",
        ""};
    r.personal.details = "хлеб, молоко, крупа";
    r.code_word = "синий дом";
    r.consent_at = FormatIso(now);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace doma::tools
