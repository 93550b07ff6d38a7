// Reads a region's directory, data/regions/<code>/ (see data/regions/README.md):
// region.json (identity, phones, time zone, prefixes, map) and gazetteer.json.
#pragma once

#include <string>

#include "core/error.h"
#include "domain/help/gazetteer.h"
#include "domain/region/region.h"

namespace doma::storage {

struct RegionData {
  region::Region region;
  help::Gazetteer gazetteer;
  // privacy.md and accessibility.md beside region.json; empty when absent.
  std::string privacy_markdown, accessibility_markdown;
  // region.json's "coat_of_arms": the image beside it (SVG or PNG, at most
  // 256 KB), shown in every page's header; empty when not given.
  std::string coat_of_arms, coat_of_arms_type;
};

// `regions_dir` holds one directory per region and a file `default` naming
// the one used when `code` is empty. Refuses an unknown code (listing the
// known ones), a region.json with a missing or malformed field or an unknown
// one, and a gazetteer place outside the region's map bounds, naming each.
Result<RegionData> LoadRegion(const std::string& regions_dir, std::string code);

}  // namespace doma::storage
