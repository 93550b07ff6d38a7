// The EditorialRepository contract, on every backend of
// storage/test_backends.h: a decision stores the service, closes the
// submission, queues the message and audits, all or nothing; an edit stores
// the service with its history.
#include <gtest/gtest.h>

#include "storage/test_backends.h"

namespace doma::storage {
namespace {

class EditorialContract : public StorageContract {
 protected:
  void SetUp() override {
    StorageContract::SetUp();
    ASSERT_TRUE(storage_->catalog
                    ->UpsertCategories({{"health", "", "Здоровье", "Health", 0},
                                        {"medicines", "health", "Лекарства", "Medicines", 1}})
                    .has_value());
    editor_ = MakeAccount("editor@example.org", accounts::Role::kEditor, "Редактор").id;
  }
  editorial::Submission Proposed(const std::string& name) {
    editorial::Submission s;
    s.service.name = name;
    s.service.short_description = "Лекарства с доставкой";
    s.service.description = "Описание";
    s.service.url = "https://apteka.example/";
    s.service.organization = {"ООО Аптека", "https://apteka.example/", {}};
    s.service.scope = "federal";
    s.service.cost = "paid";
    s.service.status = "active";
    s.service.categories = {"medicines"};
    s.contact = "anna@example.org";
    return s;
  }
  long long editor_ = 0;
};

TEST_P(EditorialContract, ASubmissionIsQueuedFoundAndListedByStatus) {
  auto id = storage_->editorial->CreateSubmission(Proposed("Аптека"), "2026-11-01T10:00:00Z");
  ASSERT_TRUE(id.has_value());
  auto found = storage_->editorial->FindSubmission(*id);
  ASSERT_TRUE(found.has_value() && found->has_value());
  EXPECT_EQ((*found)->status, "pending");
  EXPECT_EQ((*found)->service.name, "Аптека");
  EXPECT_EQ((*found)->contact, "anna@example.org");
  EXPECT_EQ(storage_->editorial->ListSubmissions("pending", 10, 0)->size(), 1u);
  EXPECT_TRUE(storage_->editorial->ListSubmissions("approved", 10, 0)->empty());
  auto none = storage_->editorial->FindSubmission(*id + 100);
  ASSERT_TRUE(none.has_value());
  EXPECT_FALSE(none->has_value());
}

TEST_P(EditorialContract, ApprovingStoresTheServiceClosesTheSubmissionTellsAndAudits) {
  auto id = storage_->editorial->CreateSubmission(Proposed("Аптека"), "2026-11-01T10:00:00Z");
  ASSERT_TRUE(id.has_value());
  auto service = Proposed("Аптека").service;
  service.id = "apteka";
  auto stored = storage_->editorial->Approve(*id, service, editor_,
                                             {{"anna@example.org", "Принято", "Сервис добавлен"}},
                                             "2026-11-02T10:00:00Z");
  ASSERT_TRUE(stored.has_value()) << stored.error().log_detail;
  EXPECT_GT(stored->seq, 0);
  EXPECT_TRUE(storage_->catalog->FindService("apteka")->has_value());
  auto decided = *storage_->editorial->FindSubmission(*id);
  EXPECT_EQ(decided->status, "approved");
  EXPECT_EQ(decided->decided_by, editor_);
  EXPECT_EQ(storage_->outbox->CountPending().value(), 1);
  auto audit = storage_->accounts->ListAudit(10, 0);
  ASSERT_TRUE(audit.has_value() && !audit->empty());
  EXPECT_EQ(audit->front().action, "submission_approved");
}

TEST_P(EditorialContract, RejectingKeepsTheReasonAndAFailedDecisionLeavesNothing) {
  auto id = storage_->editorial->CreateSubmission(Proposed("Аптека"), "2026-11-01T10:00:00Z");
  ASSERT_TRUE(id.has_value());
  ASSERT_TRUE(storage_->editorial
                  ->Reject(*id, "дубликат", editor_,
                           {{"anna@example.org", "Отклонено", "Дубликат"}}, "2026-11-02T10:00:00Z")
                  .has_value());
  auto decided = *storage_->editorial->FindSubmission(*id);
  EXPECT_EQ(decided->status, "rejected");
  EXPECT_EQ(decided->reason, "дубликат");
  EXPECT_EQ(storage_->outbox->CountPending().value(), 1);
  // A service in an unknown category cannot be stored: neither the
  // submission's decision nor the message may stay behind.
  auto other = storage_->editorial->CreateSubmission(Proposed("Другая"), "2026-11-01T10:00:00Z");
  ASSERT_TRUE(other.has_value());
  auto bad = Proposed("Другая").service;
  bad.id = "drugaya";
  bad.categories = {"no-such-category"};
  auto failed = storage_->editorial->Approve(
      *other, bad, editor_, {{"anna@example.org", "Принято", "Добавлен"}}, "2026-11-02T10:00:00Z");
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ((*storage_->editorial->FindSubmission(*other))->status, "pending");
  EXPECT_EQ(storage_->outbox->CountPending().value(), 1);
  EXPECT_FALSE(storage_->catalog->FindService("drugaya")->has_value());
}

TEST_P(EditorialContract, AnEditIsStoredWithItsHistoryNewestFirst) {
  auto service = Proposed("Аптека").service;
  service.id = "apteka";
  auto stored = storage_->catalog->UpsertServices({service}, "2026-11-01T10:00:00Z");
  ASSERT_TRUE(stored.has_value());
  auto after = stored->front();
  after.name = "Аптека 24";
  auto saved = storage_->editorial->SaveEdit(after, {{"name", "Аптека", "Аптека 24"}}, editor_,
                                             "2026-11-02T10:00:00Z");
  ASSERT_TRUE(saved.has_value());
  after.short_description = "Круглосуточно";
  ASSERT_TRUE(storage_->editorial
                  ->SaveEdit(after,
                             {{"short_description", "Лекарства с доставкой", "Круглосуточно"}},
                             editor_, "2026-11-03T10:00:00Z")
                  .has_value());
  EXPECT_EQ((*storage_->catalog->FindService("apteka"))->name, "Аптека 24");
  auto history = storage_->editorial->History(saved->seq);
  ASSERT_TRUE(history.has_value());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].change.field, "short_description");
  EXPECT_EQ((*history)[1].change.old_value, "Аптека");
  EXPECT_EQ((*history)[1].actor_id, editor_);
  EXPECT_EQ((*history)[1].actor_name, "Редактор");
}

INSTANTIATE_TEST_SUITE_P(Backends, EditorialContract, ::testing::ValuesIn(TestBackends()),
                         BackendName);

}  // namespace
}  // namespace doma::storage
