// Checks a Service before it enters the catalog, so that bad data is refused
// with a message naming the field, whatever its source (seed file, form, API).
#pragma once

#include <string_view>
#include <vector>

#include "core/error.h"
#include "domain/catalog/service.h"

namespace doma::catalog {

// `known_categories`: slugs that exist. Returns the first problem found.
Status ValidateService(const Service& s, const std::vector<Category>& known_categories);

bool IsIsoDate(std::string_view s);
// "2024", "2024-09" or "2024-09-30": when a service ended, as precisely as
// a source says.
bool IsPartialDate(std::string_view s);

}  // namespace doma::catalog
