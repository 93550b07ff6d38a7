// Reads the region's gazetteer shipped in data/regions/<code>/gazetteer.json (see GAZETTEER.md
// there).
#pragma once

#include <string>

#include "core/error.h"
#include "domain/help/gazetteer.h"

namespace doma::storage {

// Refuses a file with a duplicate id, an unknown kind or a place outside
// plausible coordinates, naming the place.
Result<help::Gazetteer> LoadGazetteer(const std::string& path);

}  // namespace doma::storage
