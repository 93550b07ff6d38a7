// Re-sealing every sealed column with a new key (`doma rotate-key`).
#pragma once

#include <string>
#include <vector>

#include "domain/notify/outbox.h"
#include "storage/sql/sql.h"

namespace doma::storage::sql {

struct KeyRotation {
  long long resealed = 0;        // values opened with the old key, sealed with the new
  long long already = 0;         // values already sealed with the new key (a resumed run)
  long long sessions_ended = 0;  // sessions, reset codes and pending sign-ups removed
  long long tokens_revoked = 0;  // API tokens revoked
};

// In one transaction: every sealed value opened with `from` (or found
// already sealed with `to`, so that a run stopped before the key file was
// replaced can be run again) and sealed with `to`; then what is keyed by a
// digest under the old key, which cannot be recomputed (only digests are
// stored), ends: sessions, reset codes and pending sign-ups are removed and
// API tokens revoked. A value neither key opens fails the whole rotation,
// naming the table, column and row, and changes nothing.
Result<KeyRotation> RotateKey(Database& db, notify::Sealer& from, notify::Sealer& to,
                              const std::string& now_iso);

}  // namespace doma::storage::sql
