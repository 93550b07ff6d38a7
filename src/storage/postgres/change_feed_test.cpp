// The change feed on PostgreSQL: what it records, and that a transaction
// committing after a later one is never skipped. Needs DOMA_TEST_PG.
#include "storage/postgres/change_feed.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "domain/catalog/sample_service.h"
#include "storage/test_backends.h"

namespace doma::storage::postgres {
namespace {

using changes::Change;

class ChangeFeedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (TestPostgres().empty()) GTEST_SKIP() << "no DOMA_TEST_PG (run under scripts/with-postgres)";
    auto address = FreshPostgresSchema();
    ASSERT_TRUE(address.has_value()) << address.error().log_detail;
    address_ = *address;
    auto s = OpenStorage(address_, &sealer_);
    ASSERT_TRUE(s.has_value()) << s.error().log_detail;
    storage_ = std::move(*s);
    ASSERT_NE(storage_->changes, nullptr);
    ASSERT_TRUE(storage_->changes->Mark().has_value());
  }
  // The changes read now; with `at_least`, read again (for up to 5 s) until
  // that many came: the feed stops at the oldest transaction running on the
  // whole server, and other tests' transactions run beside this one.
  std::vector<Change> Next(std::size_t at_least = 0) {
    std::vector<Change> all;
    for (auto t0 = std::chrono::steady_clock::now();;) {
      auto n = storage_->changes->Next(100);
      EXPECT_TRUE(n.has_value());
      if (n) all.insert(all.end(), n->begin(), n->end());
      if (all.size() >= at_least || std::chrono::steady_clock::now() - t0 > std::chrono::seconds(5))
        return all;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  static int Count(const std::vector<Change>& cs, Change::Kind kind, long long key = -1) {
    int n = 0;
    for (const auto& c : cs) n += c.kind == kind && (key < 0 || c.key == key);
    return n;
  }

  PlainSealer sealer_;
  std::string address_;
  std::unique_ptr<Storage> storage_;
};

TEST_F(ChangeFeedTest, RecordsWhatNodesKeepInMemoryAndNotClicks) {
  ASSERT_TRUE(storage_->catalog->UpsertCategories({{"health", "", "Здоровье", "Health", 0}}));
  auto batch = Next(1);
  EXPECT_EQ(Count(batch, Change::Kind::kCategory), 1);
  auto s = catalog::SampleService("apteka");
  s.categories = {"health"};
  s.phones = {{"+7 800 000-00-00", "hotline", ""}};
  auto stored = storage_->catalog->UpsertServices({s}, "2026-12-01T00:00:00Z");
  ASSERT_TRUE(stored.has_value()) << stored.error().log_detail;
  long long seq = stored->front().seq;
  batch = Next(1);
  EXPECT_GE(Count(batch, Change::Kind::kService, seq), 1);
  EXPECT_EQ(Count(batch, Change::Kind::kService), static_cast<int>(batch.size()));
  EXPECT_TRUE(Next().empty()) << "each change is read once";
  ASSERT_TRUE(storage_->catalog->AddClicks({{"apteka", 3}}, {}));
  EXPECT_TRUE(Next().empty()) << "a click is not a change of what a search shows";
}

// Ids are taken when rows are written, not when they commit: a transaction
// that wrote first and commits last must still be read, after it commits.
TEST_F(ChangeFeedTest, ATransactionThatCommitsLateIsNotSkipped) {
  auto early = Connection::Open(address_);
  ASSERT_TRUE(early.has_value());
  ASSERT_TRUE((*early)->Exec("BEGIN"));
  // What a trigger writes (a category's own row would also lock
  // catalog_version, and the later write below would wait for this one).
  ASSERT_TRUE((*early)->Exec("INSERT INTO changes(kind) VALUES('category')"));
  ASSERT_TRUE(storage_->catalog->UpsertCategories({{"late", "", "Поздняя", "Late", 0}}));
  EXPECT_TRUE(Next().empty()) << "nothing is read past a transaction still running";
  ASSERT_TRUE((*early)->Exec("COMMIT"));
  EXPECT_EQ(Count(Next(2), Change::Kind::kCategory), 2);
}

TEST_F(ChangeFeedTest, AWriteThatRolledBackLeavesNoChange) {
  auto w = Connection::Open(address_);
  ASSERT_TRUE(w.has_value());
  ASSERT_TRUE((*w)->Exec("BEGIN"));
  ASSERT_TRUE(
      (*w)->Exec("INSERT INTO categories(slug, name_ru, name_en) VALUES('gone', 'Нет', 'Gone')"));
  ASSERT_TRUE((*w)->Exec("ROLLBACK"));
  EXPECT_TRUE(Next().empty());
}

TEST_F(ChangeFeedTest, OldChangesArePruned) {
  ASSERT_TRUE(storage_->catalog->UpsertCategories({{"health", "", "Здоровье", "Health", 0}}));
  auto kept = storage_->changes->Prune(std::chrono::hours(1));
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(*kept, 0);
  auto pruned = storage_->changes->Prune(std::chrono::seconds(0));
  ASSERT_TRUE(pruned.has_value());
  EXPECT_EQ(*pruned, 1);
  EXPECT_TRUE(Next().empty());
}

}  // namespace
}  // namespace doma::storage::postgres
