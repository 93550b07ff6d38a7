// Synthetic open help requests for benchmarks (`doma help generate`): spread
// over the region's places as its people are (city districts and towns weigh
// most), with made-up names, phones and streets that belong to nobody.
// Deterministic for a seed on one standard library.
#pragma once

#include <chrono>
#include <vector>

#include "domain/help/gazetteer.h"
#include "domain/help/request.h"

namespace doma::tools {

// `count` open requests, each with a four-hour window in the week after `now`.
std::vector<help::HelpRequest> SyntheticRequests(const help::Gazetteer& gazetteer, int count,
                                                 unsigned seed,
                                                 std::chrono::system_clock::time_point now);

}  // namespace doma::tools
