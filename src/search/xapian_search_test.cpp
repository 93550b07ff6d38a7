#include "search/xapian_search.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include <unistd.h>

#include <algorithm>
#include <filesystem>

namespace doma::search {
namespace {

using catalog::Category;
using catalog::SearchRequest;
using catalog::Service;

Service Make(long long seq, std::string id, std::string name, std::string text,
             std::string category, std::string scope = "federal") {
  Service s;
  s.seq = seq;
  s.id = std::move(id);
  s.name = std::move(name);
  s.short_description = text;
  s.description = text;
  s.url = "https://example.org/";
  s.scope = std::move(scope);
  s.cost = "free";
  s.categories = {std::move(category)};
  s.audiences = {"everyone"};
  s.platforms = {"web"};
  s.created_at = "2026-01-0" + std::to_string(seq) + "T00:00:00Z";
  return s;
}

class XapianSearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("doma-xapian-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    auto lx = Lexicon::FromText("врач, доктор, телемедицина\nеда, продукты", "и\nв\nонлайн");
    auto s = XapianSearch::Create(dir_.string(), std::move(lx));
    ASSERT_TRUE(s.has_value());
    search_ = std::move(*s);
    cats_ = {{"health", "", "Здоровье", "Health", 0},
             {"doctors-online", "health", "Врач онлайн", "Doctors online", 1},
             {"food-delivery", "", "Доставка продуктов", "Food delivery", 2},
             {"culture", "", "Культура", "Culture", 3}};
    std::vector<Service> all = {
        Make(1, "lavka", "Лавка", "Доставка продуктов и еды на дом за 15 минут", "food-delivery"),
        Make(2, "doc", "Доктор рядом", "Консультации терапевта по видео", "doctors-online"),
        Make(3, "museum", "Эрмитаж онлайн", "Виртуальные экскурсии по залам музея",
             "culture", "international"),
        Make(4, "pharm", "Аптека", "Доставка лекарств из аптеки", "health"),
    };
    Service offer = Make(5, "old-offer", "Бесплатная доставка продуктов", "Акция весны",
                         "food-delivery");
    offer.offer = catalog::Offer{"Бесплатно", "2020-06-30"};
    all.push_back(offer);
    Service gone = Make(6, "gone", "Закрытая доставка продуктов", "Сервис закрыт", "food-delivery");
    gone.status = "defunct";
    all.push_back(gone);
    ASSERT_TRUE(search_->Index(all, cats_).has_value());
  }
  void TearDown() override {
    search_.reset();
    std::filesystem::remove_all(dir_);
  }
  catalog::SearchResponse Run(std::string q, std::string category = "") {
    SearchRequest r;
    r.text = std::move(q);
    r.category = std::move(category);
    r.today = "2026-11-27";
    auto res = search_->Search(r);
    EXPECT_TRUE(res.has_value());
    return res.value_or(catalog::SearchResponse{});
  }
  std::vector<std::string> Ids(const catalog::SearchResponse& r) {
    std::vector<std::string> out;
    for (const auto& i : r.items) out.push_back(i.id);
    return out;
  }

  std::filesystem::path dir_;
  std::unique_ptr<XapianSearch> search_;
  std::vector<Category> cats_;
};

TEST_F(XapianSearchTest, FindsByMorphology) {
  auto r = Run("доставки продукты");
  ASSERT_FALSE(r.items.empty());
  EXPECT_EQ(r.items[0].id, "lavka");
  EXPECT_FALSE(r.corrected_query.has_value());
}

TEST_F(XapianSearchTest, SynonymsWidenTheQuery) {
  // "врач" is not in the document text of "doc" except via the category name,
  // "доктор" is in its name: either way it is found.
  auto r = Run("доктор");
  ASSERT_FALSE(r.items.empty());
  EXPECT_EQ(r.items[0].id, "doc");
  EXPECT_EQ(Run("телемедицина").items.at(0).id, "doc");
}

TEST_F(XapianSearchTest, ExpiredOffersAndDefunctServicesLeaveLists) {
  auto ids = Ids(Run("доставка"));
  EXPECT_EQ(std::count(ids.begin(), ids.end(), "old-offer"), 0);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), "gone"), 0);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), "lavka"), 1);
}

TEST_F(XapianSearchTest, CorrectsWrongKeyboardLayout) {
  auto r = Run("ljcnfdrf ghjlernjd");
  ASSERT_TRUE(r.corrected_query.has_value());
  EXPECT_EQ(*r.corrected_query, "доставка продуктов");
  EXPECT_EQ(r.items.at(0).id, "lavka");
}

TEST_F(XapianSearchTest, CorrectsTransliteration) {
  auto r = Run("dostavka produktov");
  ASSERT_TRUE(r.corrected_query.has_value());
  EXPECT_EQ(*r.corrected_query, "доставка продуктов");
  EXPECT_EQ(r.items.at(0).id, "lavka");
}

TEST_F(XapianSearchTest, CorrectsSpelling) {
  auto r = Run("экскурссии");
  ASSERT_TRUE(r.corrected_query.has_value());
  EXPECT_EQ(r.items.at(0).id, "museum");
}

TEST_F(XapianSearchTest, FiltersByParentCategoryAndCountsFacets) {
  auto r = Run("", "health");
  auto ids = Ids(r);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string>{"doc", "pharm"}));
  auto all = Run("");
  EXPECT_EQ(all.total, 4);
  EXPECT_EQ(all.facets["category"]["health"], 2);
  EXPECT_EQ(all.facets["category"]["food-delivery"], 1);
  EXPECT_EQ(all.facets["scope"]["international"], 1);
}

TEST_F(XapianSearchTest, NameMatchesOutrankDescriptionMatches) {
  // "аптека" is the name of "pharm" and only in the description of nothing else.
  EXPECT_EQ(Run("аптека").items.at(0).id, "pharm");
}

TEST_F(XapianSearchTest, ReindexingIsVisibleToTheNextSearch) {
  Service s = Make(7, "new", "Новый сервис скандинавской ходьбы", "Тренировки", "culture");
  ASSERT_TRUE(search_->Index({s}, cats_).has_value());
  EXPECT_EQ(Run("скандинавская ходьба").items.at(0).id, "new");
}

TEST_F(XapianSearchTest, SortsByPopularity) {
  search_->SetClicks(3, 100);
  SearchRequest r;
  r.sort = catalog::Sort::kPopularity;
  r.today = "2026-11-27";
  auto res = search_->Search(r);
  ASSERT_TRUE(res.has_value());
  EXPECT_EQ(res->items.at(0).id, "museum");
}

// The home page browses (an empty query) from every worker thread at once.
// Xapian's static Query::MatchAll has a non-atomic reference count: sharing it
// crashed the server under load. Each thread must get whole, equal answers.
TEST_F(XapianSearchTest, BrowsingFromManyThreadsAtOnceIsSafe) {
  SearchRequest browse;
  browse.today = "2026-11-27";
  auto expected = search_->Search(browse);
  ASSERT_TRUE(expected.has_value());
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 1500; ++i) {
        auto r = search_->Search(browse);
        if (!r || r->total != expected->total) ++wrong;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace doma::search
