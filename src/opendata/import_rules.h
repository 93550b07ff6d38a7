// What import.cpp and check_rows.cpp share: the row checks and the small
// readers of a row.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "opendata/import.h"

namespace doma::opendata {

// Checks every row of every table against its spec; appends the problems.
void CheckRows(const HsdsInput& in, std::vector<Problem>& problems);

// A cell of the row, empty when absent.
std::string Get(const Row& r, std::string_view k);
// A JSON number written as text (what the "number" columns hold).
bool IsNumber(const std::string& v);

}  // namespace doma::opendata
