// Moves a region from one machine to several nodes: every row of a SQLite
// database into a new PostgreSQL database (`doma migrate-data`).
#pragma once

#include <string>
#include <vector>

#include "core/error.h"

namespace doma::storage {

struct CopiedTable {
  std::string name;
  long long rows = 0;
};

// Copies `sqlite_path` into the PostgreSQL database at `postgres_address`.
// Both are first brought to the current schema. The source is read in one
// read transaction (a consistent copy even while a server writes to it); the
// target is written in one transaction, so a failure leaves it as it was.
// Sealed columns are copied as bytes: the target's nodes must use the
// source's key file. Identity sequences continue after the copied ids.
//
// Refuses a target that already holds accounts, services, requests, news,
// proposals or messages (this fills a new database, it does not merge), a
// source column the target has no place for (it would be lost), and checks
// that every table then holds as many rows as the source's.
// The process's change-feed and throttle tables are not copied (each
// backend keeps its own).
Result<std::vector<CopiedTable>> CopySqliteToPostgres(const std::string& sqlite_path,
                                                      const std::string& postgres_address);

}  // namespace doma::storage
