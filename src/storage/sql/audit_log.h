// The audit log as every SQLite repository writes it (internal to storage/sqlite).
#pragma once

#include <string_view>

#include "storage/sql/sql.h"

namespace doma::storage::sql {

// Appends one audit entry inside the current write; `actor_id` 0 is the
// system (stored as NULL).
Status AppendAudit(Connection& c, std::string_view now_iso, long long actor_id,
                   std::string_view action, std::string_view target, std::string_view detail);

}  // namespace doma::storage::sql
