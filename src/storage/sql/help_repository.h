// HelpRepository on SQLite. Personal data, the code word and free text are
// sealed (crypto_secretbox) before they reach the file; every change runs in
// one write transaction with its event, audit entries and notifications.
#pragma once

#include <memory>

#include "domain/help/repository.h"
#include "storage/sql/sealed_store.h"
#include "storage/sql/sql.h"

namespace doma::storage::sql {

class SqlHelpRepository final : public help::HelpRepository, private SealedStore {
 public:
  using SealedStore::SealedStore;

  Status CreateMany(const std::vector<help::HelpRequest>& rs, const std::string& now_iso) override;
  Result<help::HelpRequest> Create(help::HelpRequest r,
                                   const std::vector<notify::Notification>& notify,
                                   const std::string& now_iso) override;
  Result<std::optional<help::HelpRequest>> Find(long long id) override;
  Result<long long> CreatePending(const help::PendingRequest& p,
                                  const std::vector<notify::Notification>& notify,
                                  const std::string& now_iso) override;
  Result<std::optional<help::PendingRequest>> FindPending(long long id,
                                                          const std::string& token_hash,
                                                          const std::string& now_iso) override;
  Result<std::optional<help::HelpRequest>> PromotePending(
      long long id, const std::string& code_hash, const help::HelpRequest& r,
      const std::vector<notify::Notification>& notify, const std::string& now_iso) override;
  Result<bool> DeletePending(long long id) override;
  Result<std::vector<help::PendingRequest>> PendingCallBacks(const std::string& now_iso) override;
  Result<int> ForgetExpiredPending(const std::string& now_iso) override;
  Result<help::HelpRequest> Update(long long id, const help::Decider& decide,
                                   const std::string& now_iso) override;
  Result<std::vector<help::HelpRequest>> List(const help::ListFilter& f) override;
  Result<std::vector<help::FeedEntry>> AllOpen() override;
  Result<std::optional<help::FeedEntry>> OpenFeedEntry(long long id) override;
  Result<std::vector<long long>> Overdue(const std::string& now_iso) override;
  Result<std::vector<long long>> UnconfirmedSince(const std::string& cutoff_iso) override;
  Result<std::vector<long long>> StuckTaken(const std::string& window_end_before_iso) override;
  Result<std::vector<long long>> EscalatedBefore(const std::string& cutoff_iso) override;
  Result<std::vector<long long>> DueRecurrences() override;
  Result<std::vector<long long>> ErasableBefore(const std::string& cutoff_iso) override;
  Result<std::vector<help::HelpEvent>> Events(long long id) override;
  Status Audit(const help::AuditNote& note, const std::string& now_iso) override;
  Result<help::Figures> ComputeFigures(const std::string& today) override;
  Result<std::vector<help::CompletedRequest>> CompletedSince(const std::string& since_iso) override;
  Result<std::vector<std::string>> CoordinatorContacts() override;
  Result<std::string> AccountContact(long long account_id) override;

  Status SaveVolunteer(const help::Volunteer& v, const std::string& now_iso) override;
  Result<std::optional<help::Volunteer>> FindVolunteer(long long account_id) override;
  Result<std::optional<help::Volunteer>> FindByBadge(const std::string& badge) override;
  Result<std::vector<help::Volunteer>> ListVolunteers(const std::string& status, int limit,
                                                      int offset) override;
  Result<help::Volunteer> SetVolunteerStatus(long long account_id, help::VolunteerStatus status,
                                             long long coordinator_id, const std::string& reason,
                                             const std::string& now_iso) override;

 private:
  Result<help::HelpRequest> Row(Statement& st, bool with_personal);
  Result<help::HelpRequest> Insert(Connection& c, help::HelpRequest r,
                                   const std::vector<notify::Notification>& notify,
                                   const std::string& now_iso);
  // `lock`: inside a write, the row stays locked until it commits (on
  // PostgreSQL; SQLite's one writer already excludes every other).
  Result<std::optional<help::HelpRequest>> FindIn(Connection& c, long long id, bool lock = false);
  Result<std::vector<long long>> Ids(const std::string& sql, const std::string& param);
  Result<std::vector<help::Volunteer>> Volunteers(const std::string& where,
                                                  const std::function<void(Statement&)>& bind);
};

}  // namespace doma::storage::sql
