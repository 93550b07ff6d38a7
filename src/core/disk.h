// Free space where a file lives: the database, its WAL and the saved index
// share one disk, and a full disk is a fault Doma passes through (writes
// refused with 503, reads go on), so the space left is watched and reported.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace doma {

// Bytes an unprivileged writer may still use on the filesystem holding
// `file_path` (its directory; the file itself need not exist); nullopt if
// the directory cannot be examined.
std::optional<std::uint64_t> FreeBytesAt(const std::string& file_path);

}  // namespace doma
