// What every SQLite repository that keeps personal data holds (internal to
// storage/sqlite).
#pragma once

#include <memory>

#include "domain/notify/outbox.h"
#include "storage/sql/sql.h"

namespace doma::storage::sql {

// The database, and the sealer that closes personal data before it reaches
// the file (and opens it when it is read back).
class SealedStore {
 public:
  SealedStore(std::shared_ptr<Database> db, notify::Sealer& sealer)
      : db_(std::move(db)), sealer_(sealer) {}

 protected:
  std::shared_ptr<Database> db_;
  notify::Sealer& sealer_;
};

}  // namespace doma::storage::sql
