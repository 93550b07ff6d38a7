#pragma once

#include <memory>

#include "domain/news/news.h"
#include "storage/sql/sql.h"

namespace doma::storage::sql {

class SqlNewsRepository final : public news::NewsRepository {
 public:
  explicit SqlNewsRepository(std::shared_ptr<Database> db) : db_(std::move(db)) {}
  Result<news::NewsItem> Publish(const news::NewsItem& item, const std::string& now_iso) override;
  Result<std::optional<news::NewsItem>> Find(long long id) override;
  Result<std::vector<news::NewsItem>> Latest(int limit, int offset) override;

 private:
  std::shared_ptr<Database> db_;
};

}  // namespace doma::storage::sql
