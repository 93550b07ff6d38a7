// The volunteer feed's query in-process: N open requests spread over the
// region like `doma help generate` spreads them (weighted by settlement
// size, ~1.3 km around each centre), then Q "nearest first" queries from
// random places with the filters volunteers use. Prints p50/p99/max in µs.
//
//   doma_feed_bench [--requests 100000] [--queries 20000] [--home DIR]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>

#include "domain/help/feed_index.h"
#include "storage/gazetteer_file.h"

using namespace doma;

int main(int argc, char** argv) {
  int requests = 100000, queries = 20000;
  std::string home = DOMA_SOURCE_DIR;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--requests"))
      requests = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--queries"))
      queries = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--home"))
      home = argv[i + 1];
  }
  auto g = storage::LoadGazetteer(home + "/data/regions/ulyanovsk/gazetteer.json");
  if (!g) {
    std::fprintf(stderr, "%s\n", g.error().log_detail.c_str());
    return 1;
  }
  const auto& places = g->places();
  std::vector<double> weights;
  for (const auto& p : places)
    weights.push_back(p.kind == "city_district" ? 40
                      : p.kind == "town"        ? 15
                      : p.kind == "settlement"  ? 3
                                                : 1);
  std::mt19937 rng(73);
  std::discrete_distribution<std::size_t> where(weights.begin(), weights.end());
  std::uniform_int_distribution<std::size_t> any_place(0, places.size() - 1);
  std::normal_distribution<double> jitter(0, 0.012);
  std::uniform_int_distribution<int> kind(0, 8), urgency(0, 2), radius(3, 30);
  help::FeedIndex index;
  auto t0 = std::chrono::steady_clock::now();
  for (int id = 1; id <= requests; ++id) {
    const auto& p = places[where(rng)];
    help::FeedEntry e{id,
                      {p.lat + jitter(rng), p.lon + jitter(rng) * 1.7},
                      static_cast<std::uint16_t>(1u << kind(rng)),
                      urgency(rng),
                      p.id,
                      "",
                      ""};
    index.Upsert(e);
  }
  double load_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  std::vector<double> us;
  us.reserve(static_cast<std::size_t>(queries));
  std::size_t hits = 0;
  for (int q = 0; q < queries; ++q) {
    // Volunteers mostly live where requests are; a quarter search from anywhere.
    const auto& p = places[q % 4 == 0 ? any_place(rng) : where(rng)];
    help::FeedQuery fq;
    fq.from = {p.lat + jitter(rng), p.lon + jitter(rng)};
    fq.max_km = radius(rng);
    if (q % 3 == 1) fq.kinds = static_cast<std::uint16_t>(1u << kind(rng));
    if (q % 5 == 2) fq.urgency = urgency(rng);
    fq.limit = 20;
    auto s = std::chrono::steady_clock::now();
    auto r = index.Near(fq);
    us.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - s).count());
    hits += r.size();
  }
  std::sort(us.begin(), us.end());
  auto pct = [&](double p) {
    return us[static_cast<std::size_t>(p * static_cast<double>(us.size() - 1))];
  };
  std::printf(
      "requests=%d queries=%d load_ms=%.0f p50_us=%.1f p99_us=%.1f max_us=%.1f avg_hits=%.1f\n",
      requests, queries, load_ms, pct(0.5), pct(0.99), us.back(),
      static_cast<double>(hits) / queries);
  return 0;
}
