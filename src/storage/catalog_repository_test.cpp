// The contract every CatalogRepository implementation must keep, on every
// backend of storage/test_backends.h.
#include <gtest/gtest.h>

#include <map>
#include <thread>

#include "domain/catalog/catalog.h"
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
    s.offers = {catalog::Offer{"Скидка", "2020-06-30"}};
    return s;
  }
  // Every field a card can have, the evidence and where it reaches included.
  Service Full(std::string id) {
    Service s = Sample(std::move(id));
    s.offers.push_back({"Доставка даром", ""});
    s.kind = "offer";
    s.scope = "regional";
    s.service_areas = {"Мелекесский район", "г. Димитровград"};
    s.sources = {{"https://example.org/a", "страница поставщика: адрес и телефон"},
                 {"https://example.org/b", ""}};
    s.status = "unavailable_in_russia";
    s.status_note = "Ушёл из России";
    s.assured_at = "2026-12-07";
    return s;
  }

  catalog::CatalogRepository* repo_ = nullptr;
};

TEST_P(CatalogRepositoryContract, RoundTripsEveryField) {
  auto stored = repo_->UpsertServices({Full("apteka")}, "2026-11-27T10:00:00Z");
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
  ASSERT_EQ(s.offers.size(), 2u);
  EXPECT_EQ(s.offers[0].valid_until, "2020-06-30");
  EXPECT_EQ(s.offers[1].text, "Доставка даром");
  EXPECT_EQ(s.offers[1].valid_until, "");
  EXPECT_EQ(s.kind, "offer");
  EXPECT_FALSE(s.OfferEnded("2026-11-27")) << "the second offer has no end";
  EXPECT_EQ(s.service_areas, (std::vector<std::string>{"Мелекесский район", "г. Димитровград"}))
      << "in the editor's order";
  ASSERT_EQ(s.sources.size(), 2u);
  EXPECT_EQ(s.sources[0].note, "страница поставщика: адрес и телефон");
  EXPECT_EQ(s.sources[1].url, "https://example.org/b");
  EXPECT_EQ(s.status, "unavailable_in_russia");
  EXPECT_EQ(s.status_note, "Ушёл из России");
  EXPECT_EQ(s.assured_at, "2026-12-07");
  EXPECT_EQ(s.created_at, "2026-11-27T10:00:00Z");
}

// What a node rereads when the change feed names services by seq.
TEST_P(CatalogRepositoryContract, ServicesAreFoundBySeqWithEveryField) {
  auto stored = repo_->UpsertServices({Sample("apteka"), Sample("pochta")}, "2026-01-01T00:00:00Z");
  ASSERT_TRUE(stored.has_value());
  long long pochta = (*stored)[1].seq;
  auto found = repo_->FindServicesBySeq({pochta, pochta + 1000});
  ASSERT_TRUE(found.has_value());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(found->front().id, "pochta");
  EXPECT_EQ(found->front().categories, (std::vector<std::string>{"medicines", "health"}));
  EXPECT_EQ(found->front().phones.size(), 1u);
  EXPECT_TRUE(repo_->FindServicesBySeq({})->empty());
}

TEST_P(CatalogRepositoryContract, UpsertKeepsCreatedAtAndClicks) {
  ASSERT_TRUE(repo_->UpsertServices({Sample("apteka")}, "2026-01-01T00:00:00Z").has_value());
  ASSERT_TRUE(repo_->AddClicks({{"apteka", 1}}, {}).has_value());
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

TEST_P(CatalogRepositoryContract, ClicksAddUpAndThoseOnUnknownServicesAreSkipped) {
  ASSERT_TRUE(repo_->UpsertServices({Sample("apteka")}, "2026-01-01T00:00:00Z").has_value());
  ASSERT_TRUE(repo_->AddClicks({{"apteka", 3}, {"nope", 5}, {"apteka", 2}}, {}).has_value());
  EXPECT_EQ(repo_->FindService("apteka").value()->clicks, 5);
  EXPECT_FALSE(repo_->FindService("nope").value().has_value());
}

TEST_P(CatalogRepositoryContract, ConcurrentClicksAreAllCounted) {
  ASSERT_TRUE(repo_->UpsertServices({Sample("apteka")}, "2026-01-01T00:00:00Z").has_value());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) (void)repo_->AddClicks({{"apteka", 1}}, {});
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(repo_->FindService("apteka").value()->clicks, 100);
}

// Records what the catalog tells the search index about clicks.
class ClickSink final : public catalog::ServiceSearch {
 public:
  Result<catalog::SearchResponse> Search(const catalog::SearchRequest&) override {
    return catalog::SearchResponse{};
  }
  Status Index(const std::vector<Service>&, const std::vector<catalog::Category>&) override {
    return {};
  }
  bool Ready() const override { return true; }
  long long DocumentCount() override { return 0; }
  void SetClicks(long long seq, long long clicks) override { shown[seq] = clicks; }
  unsigned long long Generation() const override { return 0; }
  std::map<long long, long long> shown;
};

TEST_P(CatalogRepositoryContract, ClicksAreCountedInMemoryAndStoredTogetherWhenFlushed) {
  ASSERT_TRUE(repo_->UpsertServices({Sample("apteka")}, "2026-01-01T00:00:00Z").has_value());
  ASSERT_TRUE(repo_->AddClicks({{"apteka", 10}}, {}).has_value());  // from before
  ClickSink search;
  ManualClock clock(std::chrono::sys_days{std::chrono::year{2026} / 12 / 1});
  catalog::Catalog cat(*repo_, search, clock);
  long long version = repo_->CatalogVersion().value();
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(cat.FollowLink("apteka").value(), "https://apteka.example/");
  long long seq = repo_->FindService("apteka").value()->seq;
  EXPECT_EQ(search.shown[seq], 13) << "the popularity order sees the clicks at once";
  EXPECT_EQ(repo_->FindService("apteka").value()->clicks, 10) << "no write per click";
  EXPECT_EQ(cat.FlushClicks().value(), 3);
  EXPECT_EQ(repo_->FindService("apteka").value()->clicks, 13);
  EXPECT_EQ(cat.FlushClicks().value(), 0) << "nothing counted twice";
  EXPECT_EQ(repo_->CatalogVersion().value(), version) << "clicks do not stale the saved index";
  EXPECT_EQ(cat.FollowLink("nope").error().code, Code::kNotFound);
}

TEST_P(CatalogRepositoryContract, ClicksOutAreKeptPerMonthAndSource) {
  ASSERT_TRUE(repo_->UpsertServices({Sample("apteka")}, "2026-01-01T00:00:00Z").has_value());
  ClickSink search;
  ManualClock clock(std::chrono::sys_days{std::chrono::year{2026} / 11 / 30});
  catalog::Catalog cat(*repo_, search, clock);
  ASSERT_TRUE(cat.FollowLink("apteka", "poster-leaflet"));
  ASSERT_TRUE(cat.FollowLink("apteka", "poster-leaflet"));
  ASSERT_TRUE(cat.FollowLink("apteka"));
  ASSERT_TRUE(cat.FollowLink("apteka", "<script>"));  // not a source: directly
  ASSERT_EQ(cat.FlushClicks().value(), 4);
  clock.now += std::chrono::days(1);  // December
  ASSERT_TRUE(cat.FollowLink("apteka", "poster-leaflet"));
  ASSERT_TRUE(cat.FlushClicks());
  // Another node's flush adds to the same month.
  ASSERT_TRUE(repo_->AddClicks({{"apteka", 2}}, {{"2026-12", "poster-leaflet", 2}}));
  auto all = repo_->ListSourceClicks("2026-11").value();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].month, "2026-11");
  EXPECT_EQ(all[0].source, "");
  EXPECT_EQ(all[0].clicks, 2);
  EXPECT_EQ(all[1].source, "poster-leaflet");
  EXPECT_EQ(all[1].clicks, 2);
  EXPECT_EQ(all[2].month, "2026-12");
  EXPECT_EQ(all[2].clicks, 3);
  EXPECT_EQ(repo_->ListSourceClicks("2026-12").value().size(), 1u);
  EXPECT_EQ(repo_->FindService("apteka").value()->clicks, 7);
}

TEST_P(CatalogRepositoryContract, CountsServicesPerCategoryAndScopeLeavingOutDefunctOnes) {
  Service a = Sample("apteka");
  Service b = Sample("doktor");
  b.scope = "regional";
  b.categories = {"medicines"};
  Service gone = Sample("staroe");
  gone.status = "defunct";
  Service away = Sample("ushel");
  away.status = "unavailable_in_russia";
  ASSERT_TRUE(repo_->UpsertServices({a, gone, away}, "2026-01-01T00:00:00Z"));
  ASSERT_TRUE(repo_->UpsertServices({b}, "2026-12-02T00:00:00Z"));
  auto counts = repo_->CountByCategory("2026-12-01T00:00:00Z").value();
  using Counts = std::pair<long long, long long>;  // (services, added)
  std::map<std::string, Counts> by;                // "category/scope"
  for (const auto& c : counts) by[c.category + "/" + c.scope] = {c.services, c.added};
  EXPECT_EQ(by.size(), 5u);
  EXPECT_EQ(by["/" + a.scope], Counts(1, 0)) << "each service once";
  EXPECT_EQ(by["/regional"], Counts(1, 1));
  EXPECT_EQ(by["health/" + a.scope], Counts(1, 0));
  EXPECT_EQ(by["medicines/" + a.scope], Counts(1, 0));
  EXPECT_EQ(by["medicines/regional"], Counts(1, 1));
}

// The saved search index is trusted only while this version stands still.
TEST_P(CatalogRepositoryContract, CatalogVersionMovesWithWhatSearchIndexesOnly) {
  auto version = [&] { return repo_->CatalogVersion().value_or(-1); };
  long long v0 = version();
  ASSERT_GT(v0, 0);
  ASSERT_TRUE(repo_->UpsertServices({Sample("apteka")}, "2026-01-01T00:00:00Z").has_value());
  long long v1 = version();
  EXPECT_GT(v1, v0);
  ASSERT_TRUE(repo_->AddClicks({{"apteka", 1}}, {}).has_value());
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
