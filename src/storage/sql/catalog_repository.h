// CatalogRepository on SQLite. Thread-safe: reads lease a pooled connection,
// writes go through Database::Write.
#pragma once

#include <memory>

#include "domain/catalog/repository.h"
#include "storage/sql/sql.h"

namespace doma::storage::sql {

// The upsert of UpsertServices, inside a transaction the caller holds (so a
// service can be stored together with, say, the submission it came from).
Result<std::vector<catalog::Service>> UpsertServicesIn(
    Connection& c, const std::vector<catalog::Service>& services, const std::string& now_iso);

class SqlCatalogRepository final : public catalog::CatalogRepository {
 public:
  explicit SqlCatalogRepository(std::shared_ptr<Database> db) : db_(std::move(db)) {}

  Result<std::vector<catalog::Category>> ListCategories() override;
  Status UpsertCategories(const std::vector<catalog::Category>& categories) override;
  Result<std::optional<catalog::Service>> FindService(const std::string& id) override;
  Result<std::vector<catalog::Service>> FindServicesBySeq(
      const std::vector<long long>& seqs) override;
  Result<std::vector<catalog::Service>> ListAllServices() override;
  Result<std::vector<catalog::Service>> UpsertServices(
      const std::vector<catalog::Service>& services, const std::string& now_iso) override;
  Status AddClicks(const std::vector<std::pair<std::string, long long>>& counts,
                   const std::vector<catalog::SourceClicks>& by_source) override;
  Result<std::vector<catalog::SourceClicks>> ListSourceClicks(
      const std::string& since_month) override;
  Result<std::vector<catalog::CategoryScopeCount>> CountByCategory(
      const std::string& added_since) override;
  Result<long long> CountServices() override;
  Result<std::vector<catalog::CurrentOffer>> ListCurrentOffers(const std::string& today) override;
  Result<long long> CatalogVersion() override;
  Result<std::vector<std::pair<long long, long long>>> AllClicks() override;

 private:
  // Every service, or the one with `only_id`, or those with `seqs`.
  Result<std::vector<catalog::Service>> Load(Connection& c, const std::string* only_id,
                                             const std::vector<long long>* seqs = nullptr);
  std::shared_ptr<Database> db_;
};

}  // namespace doma::storage::sql
