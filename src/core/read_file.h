// A whole file as bytes, for the small files Doma ships (templates, region
// data, the OpenAPI documents) whose absence the caller reports itself.
#pragma once

#include <filesystem>
#include <string>

namespace doma {

// The file's bytes; empty when it is missing or cannot be read.
std::string ReadFile(const std::filesystem::path& path);

}  // namespace doma
