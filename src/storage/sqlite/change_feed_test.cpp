// The catalog's change feed on SQLite: what it records, one row per service
// moved to the end by each change, and what another process writes.
#include "storage/sqlite/change_feed.h"

#include <gtest/gtest.h>

#include <set>

#include "domain/catalog/sample_service.h"
#include "storage/test_backends.h"

namespace doma::storage::sqlite {
namespace {

using changes::Change;

class SqliteChangeFeedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage_ = Open();
    ASSERT_NE(storage_->changes, nullptr);
    ASSERT_TRUE(storage_->catalog->UpsertCategories({{"health", "", "Здоровье", "Health", 0}}));
    ASSERT_TRUE(storage_->changes->Mark().has_value());
  }
  std::unique_ptr<Storage> Open() {
    auto s = OpenStorage((dir_.path() / "doma.db").string(), &sealer_);
    EXPECT_TRUE(s.has_value()) << s.error().log_detail;
    return s ? std::move(*s) : nullptr;
  }
  std::vector<Change> Next() {
    auto n = storage_->changes->Next(100);
    EXPECT_TRUE(n.has_value());
    return n.value_or(std::vector<Change>{});
  }
  static catalog::Service Service(const std::string& id) {
    auto s = catalog::SampleService(id);
    s.categories = {"health"};
    return s;
  }
  long long Store(Storage& st, const catalog::Service& s) {
    auto stored = st.catalog->UpsertServices({s}, "2026-12-01T00:00:00Z");
    EXPECT_TRUE(stored.has_value()) << stored.error().log_detail;
    return stored ? stored->front().seq : 0;
  }

  TestDir dir_{"doma-sqlite-feed"};
  PlainSealer sealer_;
  std::unique_ptr<Storage> storage_;
};

TEST_F(SqliteChangeFeedTest, RecordsServicesAndCategoriesNotClicks) {
  long long seq = Store(*storage_, Service("apteka"));
  auto batch = Next();
  ASSERT_EQ(batch.size(), 1u);
  EXPECT_EQ(batch[0].kind, Change::Kind::kService);
  EXPECT_EQ(batch[0].key, seq);
  EXPECT_TRUE(Next().empty()) << "each change is read once";
  ASSERT_TRUE(storage_->catalog->AddClicks({{"apteka", 3}}, {}));
  EXPECT_TRUE(Next().empty()) << "a click is not a change of what a search shows";
  ASSERT_TRUE(storage_->catalog->UpsertCategories({{"food", "", "Еда", "Food", 1}}));
  batch = Next();
  ASSERT_EQ(batch.size(), 1u);
  EXPECT_EQ(batch[0].kind, Change::Kind::kCategory);
}

TEST_F(SqliteChangeFeedTest, AServiceChangedTwiceIsReadOnceAfterItsLastChange) {
  long long a = Store(*storage_, Service("a"));
  long long b = Store(*storage_, Service("b"));
  auto again = Service("a");
  again.name = "Аптека, другое название";
  Store(*storage_, again);
  auto batch = Next();
  ASSERT_EQ(batch.size(), 2u);
  EXPECT_EQ(batch[0].key, b);
  EXPECT_EQ(batch[1].key, a);
}

TEST_F(SqliteChangeFeedTest, WhatAnotherProcessWritesIsSeen) {
  // `doma import` beside a running server: another connection, another
  // process's Storage over the same file.
  auto other = Open();
  ASSERT_NE(other, nullptr);
  long long seq = Store(*other, Service("imported"));
  auto batch = Next();
  ASSERT_EQ(batch.size(), 1u);
  EXPECT_EQ(batch[0].key, seq);
}

TEST_F(SqliteChangeFeedTest, AnOrganisationsNewWebsiteChangesEachOfItsServices) {
  auto one = Service("one"), two = Service("two");
  long long s1 = Store(*storage_, one), s2 = Store(*storage_, two);
  (void)Next();
  auto moved = Service("one");
  moved.organization.website = "https://new.example/";
  long long again = Store(*storage_, moved);
  EXPECT_EQ(again, s1);
  auto batch = Next();
  std::set<long long> keys;
  for (const auto& c : batch) keys.insert(c.key);
  EXPECT_EQ(keys, (std::set<long long>{s1, s2})) << "both cards show the organisation's site";
}

TEST_F(SqliteChangeFeedTest, OldChangesArePruned) {
  Store(*storage_, Service("apteka"));
  auto kept = storage_->changes->Prune(std::chrono::hours(1));
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(*kept, 0);
  auto pruned = storage_->changes->Prune(std::chrono::seconds(0));
  ASSERT_TRUE(pruned.has_value());
  EXPECT_EQ(*pruned, 2);  // the category of SetUp and the service
  EXPECT_TRUE(Next().empty());
}

}  // namespace
}  // namespace doma::storage::sqlite
