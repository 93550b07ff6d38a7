#include "core/read_file.h"

#include <fstream>
#include <sstream>

namespace doma {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace doma
