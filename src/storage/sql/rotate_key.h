// Re-sealing every sealed column with a new key (`doma rotate-key`).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "domain/notify/outbox.h"
#include "storage/sql/sql.h"

namespace doma::storage::sql {

struct KeyRotation {
  long long resealed = 0;              // values opened with the old key, sealed with the new
  long long already = 0;               // values already sealed with the new key (a resumed run)
  long long sessions_ended = 0;        // sessions, reset codes and pending sign-ups removed
  long long tokens_revoked = 0;        // API tokens revoked
  long long digest_rekeyed = 0;        // digest subscriptions found again under the new key
  long long digest_pending_ended = 0;  // unconfirmed ones removed (their links cannot be)
};

// The keyed digest of a value under the new key (accounts::Secrets::Digest).
using NewDigest = std::function<std::string(const std::string&)>;

// A known text sealed with the database's key, kept in `settings`: a server
// or command started with another key file is refused before it seals
// anything with it (a node that missed a rotation, a restored database with
// the wrong key). True when `sealer` opens it, or when there was none yet
// and it is now stored with `sealer`'s key. With `nothing_sealed` (the
// database holds no sealed value, so a new key loses nothing) a check of
// another key is replaced by one of `sealer`'s.
Result<bool> CheckKey(Database& db, notify::Sealer& sealer, bool nothing_sealed);

// In one transaction: every sealed value opened with `from` (or found
// already sealed with `to`, so that a run stopped before the key file was
// replaced can be run again) and sealed with `to`; then what is keyed by a
// digest under the old key, which cannot be recomputed (only digests are
// stored), ends: sessions, reset codes and pending sign-ups are removed and
// API tokens revoked. A digest subscription's lookups (its unsubscribe
// token's and its address's digests) are recomputed with `new_digest` from
// the values it keeps sealed; an unconfirmed one, whose confirmation link
// is only a digest, ends. A value neither key opens fails the whole rotation,
// naming the table, column and row, and changes nothing. The key check
// (CheckKey) moves to `to` in the same transaction.
Result<KeyRotation> RotateKey(Database& db, notify::Sealer& from, notify::Sealer& to,
                              const NewDigest& new_digest, const std::string& now_iso);

}  // namespace doma::storage::sql
