// The EventRepository contract, on every backend of storage/test_backends.h.
#include <gtest/gtest.h>

#include "storage/test_backends.h"

namespace doma::storage {
namespace {

class EventContract : public StorageContract {
 protected:
  void SetUp() override {
    StorageContract::SetUp();
    editor_ = MakeAccount("editor@example.org", accounts::Role::kEditor, "Редактор").id;
  }
  events::Event Sample(std::string title, std::string starts, std::string ends) {
    events::Event e;
    e.title = std::move(title);
    e.description = "Описание";
    e.organizer = "Библиотека";
    e.url = "https://example.org/event";
    e.starts_at = std::move(starts);
    e.ends_at = std::move(ends);
    e.categories = {"culture", "kids-leisure"};
    e.audiences = {"families"};
    e.place = "г. Димитровград";
    e.service_id = "ul-uonb";
    e.sources = {{"https://example.org/a", ""}, {"https://example.org/b", ""}};
    return e;
  }
  long long editor_ = 0;
};

TEST_P(EventContract, StoresEveryFieldAndListsWhatHasNotEndedSoonestFirst) {
  auto later = storage_->events->Create(
      Sample("Позже", "2026-12-20T10:00:00Z", "2026-12-20T11:00:00Z"), "2026-12-07T10:00:00Z");
  ASSERT_TRUE(later.has_value());
  auto sooner = storage_->events->Create(
      Sample("Раньше", "2026-12-10T10:00:00Z", "2026-12-10T11:00:00Z"), "2026-12-07T10:00:00Z");
  ASSERT_TRUE(sooner.has_value());
  auto over = storage_->events->Create(
      Sample("Прошло", "2026-12-01T10:00:00Z", "2026-12-01T11:00:00Z"), "2026-11-07T10:00:00Z");
  ASSERT_TRUE(over.has_value());

  auto found = storage_->events->Find(sooner->id);
  ASSERT_TRUE(found.has_value() && found->has_value());
  const events::Event& e = **found;
  EXPECT_EQ(e.title, "Раньше");
  EXPECT_EQ(e.categories, (std::vector<std::string>{"culture", "kids-leisure"}));
  EXPECT_EQ(e.audiences, (std::vector<std::string>{"families"}));
  EXPECT_EQ(e.place, "г. Димитровград");
  EXPECT_EQ(e.service_id, "ul-uonb");
  ASSERT_EQ(e.sources.size(), 2u);
  EXPECT_EQ(e.sources[1].url, "https://example.org/b");
  EXPECT_EQ(e.status, "pending");
  EXPECT_EQ(e.created_at, "2026-12-07T10:00:00Z");

  auto pending = storage_->events->ListFrom("pending", "2026-12-07T12:00:00Z", 10);
  ASSERT_TRUE(pending.has_value());
  ASSERT_EQ(pending->size(), 2u) << "the one that ended is not listed";
  EXPECT_EQ((*pending)[0].title, "Раньше");
  EXPECT_EQ((*pending)[1].title, "Позже");
  auto published = storage_->events->ListFrom("published", "2026-12-07T12:00:00Z", 10);
  ASSERT_TRUE(published.has_value());
  EXPECT_TRUE(published->empty());
}

TEST_P(EventContract, ADecisionIsTakenOnceAndAudited) {
  auto e = storage_->events->Create(
      Sample("Событие", "2026-12-10T10:00:00Z", "2026-12-10T11:00:00Z"), "2026-12-07T10:00:00Z");
  ASSERT_TRUE(e.has_value());
  ASSERT_TRUE(storage_->events->Decide(e->id, "published", editor_, "", "2026-12-07T11:00:00Z"));
  auto again = storage_->events->Decide(e->id, "rejected", editor_, "нет", "2026-12-07T11:01:00Z");
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, Code::kNotFound);
  auto found = storage_->events->Find(e->id);
  EXPECT_EQ((*found)->status, "published");
  EXPECT_EQ((*found)->decided_by, editor_);
  auto audit = storage_->accounts->ListAudit(10, 0);
  ASSERT_TRUE(audit.has_value() && !audit->empty());
  EXPECT_EQ(audit->front().action, "event_published");
  EXPECT_EQ(audit->front().target, "event:" + std::to_string(e->id));
  EXPECT_FALSE(storage_->events->Decide(4242, "published", editor_, "", "2026-12-07T11:00:00Z"));
}

INSTANTIATE_TEST_SUITE_P(Backends, EventContract, ::testing::ValuesIn(TestBackends()), BackendName);

}  // namespace
}  // namespace doma::storage
