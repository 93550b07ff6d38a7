// Reads the seed catalog shipped in data/catalog: categories.json and every
// services-*.json (arrays of services in the HSDS-like shape documented in
// data/catalog/README.md).
#pragma once

#include <string>
#include <vector>

#include "core/error.h"
#include "domain/catalog/service.h"

namespace doma::storage {

struct SeedCatalog {
  std::vector<catalog::Category> categories;
  std::vector<catalog::Service> services;
};

Result<SeedCatalog> LoadSeedCatalog(const std::string& dir);
// Appends the services of every services*.json in `dir` (a region's own
// catalog, data/regions/<code>/catalog) to `out`.
Status LoadSeedServices(const std::string& dir, std::vector<catalog::Service>& out);

// Parses one service object (the seed file's shape).
Result<catalog::Service> ParseService(const std::string& json_text);
// The reverse, in the same shape.
std::string ServiceToJson(const catalog::Service& s);

}  // namespace doma::storage
