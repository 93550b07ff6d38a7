// EditorialRepository on SQLite.
#pragma once

#include <functional>
#include <memory>

#include "domain/editorial/editorial.h"
#include "storage/sql/sealed_store.h"
#include "storage/sql/sql.h"

namespace doma::storage::sql {

class SqlEditorialRepository final : public editorial::EditorialRepository, private SealedStore {
 public:
  using SealedStore::SealedStore;
  Result<long long> CreateSubmission(const editorial::Submission& s,
                                     const std::string& now_iso) override;
  Result<std::vector<editorial::Submission>> ListSubmissions(const std::string& status, int limit,
                                                             int offset) override;
  Result<std::optional<editorial::Submission>> FindSubmission(long long id) override;
  Result<catalog::Service> Approve(long long id, const catalog::Service& service,
                                   long long editor_id,
                                   const std::vector<notify::Notification>& notify,
                                   const std::string& now_iso) override;
  Status Reject(long long id, const std::string& reason, long long editor_id,
                const std::vector<notify::Notification>& notify,
                const std::string& now_iso) override;
  Result<catalog::Service> SaveEdit(const catalog::Service& after,
                                    const std::vector<editorial::FieldChange>& changes,
                                    long long editor_id, const std::string& now_iso) override;
  Result<std::vector<editorial::HistoryEntry>> History(long long service_seq) override;

 private:
  // A row that starts with kSubmissionColumns (the contact unsealed).
  Result<editorial::Submission> SubmissionRow(Statement& st);
};

}  // namespace doma::storage::sql
