#include "core/disk.h"

#include <sys/statvfs.h>

namespace doma {

std::optional<std::uint64_t> FreeBytesAt(const std::string& file_path) {
  auto slash = file_path.find_last_of('/');
  std::string dir = slash == std::string::npos ? "." : file_path.substr(0, slash + 1);
  struct statvfs fs {};
  if (::statvfs(dir.c_str(), &fs) != 0) return std::nullopt;
  return static_cast<std::uint64_t>(fs.f_bavail) * fs.f_frsize;
}

}  // namespace doma
