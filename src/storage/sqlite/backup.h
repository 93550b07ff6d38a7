// A consistent copy of a SQLite database while it is written: SQLite's
// online backup API copies every page within one read transaction (WAL lets
// the writer go on), so the copy holds exactly the transactions committed
// before it began.
#pragma once

#include <string>

#include "core/error.h"

namespace doma::storage::sqlite {

// Copies the database at `from` into a new file `to` (which must not exist)
// and returns the number of pages copied.
Result<long long> BackupTo(const std::string& from, const std::string& to);

}  // namespace doma::storage::sqlite
