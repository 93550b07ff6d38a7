// The NewsRepository contract, on every backend of storage/test_backends.h.
#include <gtest/gtest.h>

#include "storage/test_backends.h"

namespace doma::storage {
namespace {

class NewsContract : public StorageContract {
 protected:
  void SetUp() override {
    StorageContract::SetUp();
    editor_ = MakeAccount("editor@example.org", accounts::Role::kEditor, "Редактор").id;
  }
  news::NewsItem Item(std::string title) {
    news::NewsItem n;
    n.title = std::move(title);
    n.body_markdown = "Текст **новости**";
    n.service_ids = {"gosuslugi", "sberapteka"};
    n.author_id = editor_;
    return n;
  }
  long long editor_ = 0;
};

TEST_P(NewsContract, PublishesFindsAndListsNewestFirst) {
  auto first = storage_->news->Publish(Item("Первая"), "2026-11-01T10:00:00Z");
  ASSERT_TRUE(first.has_value());
  auto second = storage_->news->Publish(Item("Вторая"), "2026-11-02T10:00:00Z");
  ASSERT_TRUE(second.has_value());
  EXPECT_NE(first->id, second->id);
  EXPECT_EQ(second->published_at, "2026-11-02T10:00:00Z");

  auto found = storage_->news->Find(first->id);
  ASSERT_TRUE(found.has_value() && found->has_value());
  EXPECT_EQ((*found)->title, "Первая");
  EXPECT_EQ((*found)->body_markdown, "Текст **новости**");
  EXPECT_EQ((*found)->service_ids, (std::vector<std::string>{"gosuslugi", "sberapteka"}));
  EXPECT_EQ((*found)->author_id, editor_);

  auto latest = storage_->news->Latest(10, 0);
  ASSERT_TRUE(latest.has_value());
  ASSERT_EQ(latest->size(), 2u);
  EXPECT_EQ((*latest)[0].title, "Вторая");
  auto page2 = storage_->news->Latest(1, 1);
  ASSERT_TRUE(page2.has_value());
  ASSERT_EQ(page2->size(), 1u);
  EXPECT_EQ((*page2)[0].title, "Первая");
}

TEST_P(NewsContract, AnUnknownItemIsNoneAndAPublicationIsAudited) {
  auto none = storage_->news->Find(4242);
  ASSERT_TRUE(none.has_value());
  EXPECT_FALSE(none->has_value());
  auto item = storage_->news->Publish(Item("Новость"), "2026-11-01T10:00:00Z");
  ASSERT_TRUE(item.has_value());
  auto audit = storage_->accounts->ListAudit(10, 0);
  ASSERT_TRUE(audit.has_value());
  ASSERT_FALSE(audit->empty());
  EXPECT_EQ(audit->front().action, "news_published");
  EXPECT_EQ(audit->front().target, "news:" + std::to_string(item->id));
  EXPECT_EQ(audit->front().actor_id, editor_);
}

INSTANTIATE_TEST_SUITE_P(Backends, NewsContract, ::testing::ValuesIn(TestBackends()), BackendName);

}  // namespace
}  // namespace doma::storage
