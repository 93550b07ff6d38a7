#include "opendata/open_data.h"

#include "opendata/tables.h"

namespace doma::opendata {

Result<std::shared_ptr<const Snapshot>> OpenData::Current() {
  std::lock_guard lock(mu_);
  // Read before the services: a write meanwhile leaves the snapshot labelled
  // older than it is, so the next call reads again (never the reverse).
  unsigned long long generation = catalog_.Generation();
  if (snapshot_ && snapshot_->generation == generation) return snapshot_;
  auto categories = catalog_.Categories();
  if (!categories) return Fail(categories.error());
  auto services = repo_.ListAllServices();
  if (!services) return Fail(services.error());
  snapshot_ = MakeSnapshot(std::move(*services), *categories, generation);
  return snapshot_;
}

Result<std::shared_ptr<const std::string>> OpenData::ExportZip() {
  auto snap = Current();
  if (!snap) return Fail(snap.error());
  {
    std::lock_guard lock(mu_);
    if (zip_ && zip_generation_ == (*snap)->generation) return zip_;
  }
  auto zip = Zip(DatapackageFiles(**snap, publisher_));
  if (!zip) return Fail(zip.error());
  std::lock_guard lock(mu_);
  zip_ = std::make_shared<const std::string>(std::move(*zip));
  zip_generation_ = (*snap)->generation;
  return zip_;
}

}  // namespace doma::opendata
