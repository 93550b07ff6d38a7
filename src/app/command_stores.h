// What the commands besides `doma serve` open (commands.cpp and
// open_data_commands.cpp share them).
#pragma once

#include <memory>

#include "app/app.h"
#include "app/wiring.h"
#include "core/clock.h"

namespace doma::app {

// The sealing key, the storage over it, the digests keyed with it: what the
// help, account and proposal commands write through.
struct SealedStore {
  std::unique_ptr<crypto::SecretBoxSealer> sealer;
  std::unique_ptr<storage::Storage> storage;
  crypto::SodiumSecrets secrets;  // digests keyed with the sealer's key
};
Result<SealedStore> OpenSealedStore(const Config& c);

// The storage, a fresh index (built from what is stored) and the Catalog
// over them (which holds references: the store does not move): what the
// seed and import commands write through.
struct CatalogStore {
  std::unique_ptr<storage::Storage> storage;
  std::unique_ptr<search::CatalogIndex> index;
  SystemClock clock;
  std::unique_ptr<catalog::Catalog> catalog;
};
Result<std::unique_ptr<CatalogStore>> OpenCatalogStore(const Config& c);

// Saves the command's index for the server's next start (see commands.cpp).
Status SaveSeededIndex(const Config& c, CatalogStore& store);

}  // namespace doma::app
