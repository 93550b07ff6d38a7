// The published catalog: a snapshot of every service as HSDS sees it, read
// again whenever the catalog's generation moves (a write here, or another
// node's write arriving through the change feed), and the export archive
// made from it once per generation.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "core/error.h"
#include "domain/catalog/catalog.h"
#include "opendata/hsds.h"

namespace doma::opendata {

class OpenData {
 public:
  OpenData(catalog::Catalog& catalog, catalog::CatalogRepository& repo, Publisher publisher)
      : catalog_(catalog), repo_(repo), publisher_(std::move(publisher)) {}

  // The catalog as of now. Concurrent callers share one reload.
  Result<std::shared_ptr<const Snapshot>> Current();

  // The tabular datapackage of Current() as a ZIP archive.
  Result<std::shared_ptr<const std::string>> ExportZip();

  const Publisher& publisher() const { return publisher_; }

 private:
  catalog::Catalog& catalog_;
  catalog::CatalogRepository& repo_;
  Publisher publisher_;
  std::mutex mu_;
  std::shared_ptr<const Snapshot> snapshot_;
  std::shared_ptr<const std::string> zip_;
  unsigned long long zip_generation_ = 0;
};

}  // namespace doma::opendata
