// The contract every CatalogRepository implementation must keep, on every
// backend of storage/test_backends.h.
#include <gtest/gtest.h>

#include <thread>

#include "domain/catalog/sample_service.h"
#include "storage/test_backends.h"

namespace doma::storage {
namespace {

using catalog::Category;
using catalog::Service;

class CatalogRepositoryContract : public StorageContract {
 protected:
  void SetUp() override {
    StorageContract::SetUp();
    repo_ = storage_->catalog.get();
    ASSERT_TRUE(repo_
                    ->UpsertCategories({{"health", "", "Здоровье", "Health", 0},
                                        {"medicines", "health", "Лекарства", "Medicines", 1}})
                    .has_value());
  }
  Service Sample(std::string id) {
    Service s = catalog::SampleService(std::move(id));
    s.description = "Полное описание";
    s.categories = {"medicines", "health"};
    s.audiences = {"everyone", "elderly"};
    s.platforms = {"web", "android"};
    s.phones = {{"+7 800 000-00-00", "hotline", "Круглосуточно"}};
    s.min_age = 18;
    s.offer = catalog::Offer{"Скидка", "2020-06-30"};
    return s;
  }

  catalog::CatalogRepository* repo_ = nullptr;
};

TEST_P(CatalogRepositoryContract, RoundTripsEveryField) {
  auto stored = repo_->UpsertServices({Sample("apteka")}, "2026-11-27T10:00:00Z");
  ASSERT_TRUE(stored.has_value());
  EXPECT_GT(stored->at(0).seq, 0);
  auto found = repo_->FindService("apteka");
  ASSERT_TRUE(found.has_value() && found->has_value());
  const Service& s = **found;
  EXPECT_EQ(s.name, "Аптека");
  EXPECT_EQ(s.organization.name, "ООО Аптека");
  EXPECT_EQ(s.categories, (std::vector<std::string>{"medicines", "health"}));
  EXPECT_EQ(s.audiences.size(), 2u);
  EXPECT_EQ(s.platforms.size(), 2u);
  ASSERT_EQ(s.phones.size(), 1u);
  EXPECT_EQ(s.phones[0].note, "Круглосуточно");
  EXPECT_EQ(s.min_age, 18);
  EXPECT_FALSE(s.max_age.has_value());
  ASSERT_TRUE(s.offer.has_value());
  EXPECT_EQ(s.offer->valid_until, "2020-06-30");
  EXPECT_EQ(s.created_at, "2026-11-27T10:00:00Z");
  EXPECT_TRUE(s.OfferExpired("2026-11-27"));
}

TEST_P(CatalogRepositoryContract, UpsertKeepsCreatedAtAndClicks) {
  ASSERT_TRUE(repo_->UpsertServices({Sample("apteka")}, "2026-01-01T00:00:00Z").has_value());
  ASSERT_EQ(repo_->RecordClick("apteka").value_or(-1), 1);
  Service changed = Sample("apteka");
  changed.name = "Аптека 2";
  changed.phones.clear();
  ASSERT_TRUE(repo_->UpsertServices({changed}, "2026-02-01T00:00:00Z").has_value());
  auto s = repo_->FindService("apteka").value().value();
  EXPECT_EQ(s.name, "Аптека 2");
  EXPECT_EQ(s.created_at, "2026-01-01T00:00:00Z");
  EXPECT_EQ(s.updated_at, "2026-02-01T00:00:00Z");
  EXPECT_EQ(s.clicks, 1);
  EXPECT_TRUE(s.phones.empty());
  EXPECT_EQ(repo_->CountServices().value_or(-1), 1);
}

TEST_P(CatalogRepositoryContract, AFailedBatchStoresNothing) {
  Service bad = Sample("bad");
  bad.categories = {"no-such-category"};  // violates the foreign key
  auto r = repo_->UpsertServices({Sample("good"), bad}, "2026-01-01T00:00:00Z");
  EXPECT_FALSE(r.has_value());
  EXPECT_EQ(repo_->CountServices().value_or(-1), 0);
  EXPECT_FALSE(repo_->FindService("good").value().has_value());
}

TEST_P(CatalogRepositoryContract, ClickOnUnknownServiceIsNotFound) {
  auto r = repo_->RecordClick("nope");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, Code::kNotFound);
}

TEST_P(CatalogRepositoryContract, ConcurrentClicksAreAllCounted) {
  ASSERT_TRUE(repo_->UpsertServices({Sample("apteka")}, "2026-01-01T00:00:00Z").has_value());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) (void)repo_->RecordClick("apteka");
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(repo_->FindService("apteka").value()->clicks, 100);
}

// The saved search index is trusted only while this version stands still.
TEST_P(CatalogRepositoryContract, CatalogVersionMovesWithWhatSearchIndexesOnly) {
  auto version = [&] { return repo_->CatalogVersion().value_or(-1); };
  long long v0 = version();
  ASSERT_GT(v0, 0);
  ASSERT_TRUE(repo_->UpsertServices({Sample("apteka")}, "2026-01-01T00:00:00Z").has_value());
  long long v1 = version();
  EXPECT_GT(v1, v0);
  ASSERT_TRUE(repo_->RecordClick("apteka").has_value());
  EXPECT_EQ(version(), v1);  // a click is not indexed text
  EXPECT_EQ(repo_->AllClicks().value(), (std::vector<std::pair<long long, long long>>{{1, 1}}));
  ASSERT_TRUE(
      repo_->UpsertCategories({{"health", "", "Здоровье и медицина", "Health", 0}}).has_value());
  long long v2 = version();
  EXPECT_GT(v2, v1);
  Service renamed = Sample("apteka");
  renamed.name = "Аптека у дома";
  ASSERT_TRUE(repo_->UpsertServices({renamed}, "2026-02-01T00:00:00Z").has_value());
  EXPECT_GT(version(), v2);
  // A batch that fails moves nothing.
  long long v3 = version();
  Service bad = Sample("bad");
  bad.categories = {"no-such-category"};
  EXPECT_FALSE(repo_->UpsertServices({bad}, "2026-03-01T00:00:00Z").has_value());
  EXPECT_EQ(version(), v3);
}

INSTANTIATE_TEST_SUITE_P(Backends, CatalogRepositoryContract, ::testing::ValuesIn(TestBackends()),
                         BackendName);

}  // namespace
}  // namespace doma::storage
