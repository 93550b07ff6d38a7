#pragma once

#include <memory>

#include "domain/events/event.h"
#include "storage/sql/sql.h"

namespace doma::storage::sql {

class SqlEventRepository final : public events::EventRepository {
 public:
  explicit SqlEventRepository(std::shared_ptr<Database> db) : db_(std::move(db)) {}
  Result<events::Event> Create(const events::Event& e, const std::string& now_iso) override;
  Result<std::optional<events::Event>> Find(long long id) override;
  Result<std::vector<events::Event>> ListFrom(const std::string& status, const std::string& now_iso,
                                              int limit) override;
  Status Decide(long long id, const std::string& status, long long editor_id,
                const std::string& reason, const std::string& now_iso) override;

 private:
  std::shared_ptr<Database> db_;
};

}  // namespace doma::storage::sql
