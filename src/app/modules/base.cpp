#include <fmt/format.h>

#include <filesystem>
#include <functional>

#include "app/modules/modules.h"
#include "app/wiring.h"

namespace doma::app {
namespace fs = std::filesystem;

Result<std::unique_ptr<Base>> Base::Open(const Config& c) {
  if (!crypto::Init()) return Fail(Error::Unavailable("libsodium cannot initialise"));
  auto b = std::make_unique<Base>(c);
  auto lock = DatabaseLock::Take(c.db_path, false);
  if (!lock) return Fail(lock.error());
  b->lock = std::move(*lock);
  auto region = OpenRegion(c);
  if (!region) return Fail(region.error());
  b->region = std::move(*region);
  ApplyRegion(b->region.region);
  auto sealer = OpenSealer(c);
  if (!sealer) return Fail(sealer.error());
  b->sealer = std::move(*sealer);
  auto storage = OpenStorageFor(c, b->sealer.get());
  if (!storage) return Fail(storage.error());
  b->storage = std::move(*storage);
  if (auto r = KeyDigests(b->secrets, *b->sealer, *b->storage); !r) return Fail(r.error());
  if (b->storage->shared_attempts)
    b->attempts = b->storage->shared_attempts(
        [&secrets = b->secrets](const std::string& s) { return secrets.Digest(s); });
  auto statics = http::StaticFiles::Load((fs::path(c.home) / "static").string());
  if (!statics) return Fail(Describe(statics.error()));
  b->statics = std::move(*statics);
  // Leaflet comes from npm (scripts/install-deps); without it the map pages
  // still list every point.
  if (auto dir = fs::path(c.home) / "node_modules" / "leaflet" / "dist"; fs::exists(dir)) {
    auto l = http::StaticFiles::Load(dir.string());
    if (!l) return Fail(Describe(l.error()));
    b->leaflet = std::move(*l);
  }
  auto views = web::Views::Load((fs::path(c.home) / "templates").string(), b->statics);
  if (!views) return Fail(Describe(views.error()));
  b->views.emplace(std::move(*views));
  b->views->SetRegion(b->region.region);
  if (!b->region.coat_of_arms.empty())
    b->views->SetCoatOfArms(
        fmt::format("/region/coat-of-arms?v={:08x}",
                    std::hash<std::string>{}(b->region.coat_of_arms) & 0xffffffffu));
  b->views->SetPublicUrl(c.public_url);
  return b;
}

}  // namespace doma::app
