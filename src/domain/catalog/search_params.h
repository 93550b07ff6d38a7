// Turns the query parameters of /search and /api/v1/services into a
// SearchRequest, refusing bad values with a message that names the parameter.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "domain/catalog/search.h"

namespace doma::catalog {

using Params = std::vector<std::pair<std::string, std::string>>;

Result<SearchRequest> ParseSearchParams(const Params& params, int default_per_page);

std::string SortName(Sort s);

}  // namespace doma::catalog
