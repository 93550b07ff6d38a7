#include "search/catalog_index.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/text.h"

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

class CatalogIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto lx = Lexicon::FromText("врач, доктор, телемедицина\nеда, продукты", "и\nв\nонлайн");
    search_ = std::make_unique<CatalogIndex>(std::move(lx));
    cats_ = {{"health", "", "Здоровье", "Health", 0},
             {"doctors-online", "health", "Врач онлайн", "Doctors online", 1},
             {"food-delivery", "", "Доставка продуктов", "Food delivery", 2},
             {"culture", "", "Культура", "Culture", 3}};
    std::vector<Service> all = {
        Make(1, "lavka", "Лавка", "Доставка продуктов и еды на дом за 15 минут", "food-delivery"),
        Make(2, "doc", "Доктор рядом", "Консультации терапевта по видео", "doctors-online"),
        Make(3, "museum", "Эрмитаж онлайн", "Виртуальные экскурсии по залам музея", "culture",
             "international"),
        Make(4, "pharm", "Аптека", "Доставка лекарств из аптеки", "health"),
    };
    Service offer =
        Make(5, "old-offer", "Бесплатная доставка продуктов", "Акция весны", "food-delivery");
    offer.offers = {catalog::Offer{"Бесплатно", "2020-06-30"}};
    offer.kind = "offer";
    all.push_back(offer);
    Service gone = Make(6, "gone", "Закрытая доставка продуктов", "Сервис закрыт", "food-delivery");
    gone.status = "defunct";
    all.push_back(gone);
    ASSERT_TRUE(search_->Index(all, cats_).has_value());
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

  std::unique_ptr<CatalogIndex> search_;
  std::vector<Category> cats_;
};

TEST_F(CatalogIndexTest, FindsByMorphology) {
  auto r = Run("доставки продукты");
  ASSERT_FALSE(r.items.empty());
  EXPECT_EQ(r.items[0].id, "lavka");
  EXPECT_FALSE(r.corrected_query.has_value());
}

TEST_F(CatalogIndexTest, SynonymsWidenTheQuery) {
  // "врач" is not in the document text of "doc" except via the category name,
  // "доктор" is in its name: either way it is found.
  auto r = Run("доктор");
  ASSERT_FALSE(r.items.empty());
  EXPECT_EQ(r.items[0].id, "doc");
  EXPECT_EQ(Run("телемедицина").items.at(0).id, "doc");
}

TEST_F(CatalogIndexTest, ExpiredOffersAndDefunctServicesLeaveLists) {
  auto ids = Ids(Run("доставка"));
  EXPECT_EQ(std::count(ids.begin(), ids.end(), "old-offer"), 0);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), "gone"), 0);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), "lavka"), 1);
}

TEST_F(CatalogIndexTest, CorrectsWrongKeyboardLayout) {
  auto r = Run("ljcnfdrf ghjlernjd");
  ASSERT_TRUE(r.corrected_query.has_value());
  EXPECT_EQ(*r.corrected_query, "доставка продуктов");
  EXPECT_EQ(r.items.at(0).id, "lavka");
}

TEST_F(CatalogIndexTest, CorrectsTransliteration) {
  auto r = Run("dostavka produktov");
  ASSERT_TRUE(r.corrected_query.has_value());
  EXPECT_EQ(*r.corrected_query, "доставка продуктов");
  EXPECT_EQ(r.items.at(0).id, "lavka");
}

TEST_F(CatalogIndexTest, CorrectsSpelling) {
  auto r = Run("экскурссии");
  ASSERT_TRUE(r.corrected_query.has_value());
  EXPECT_EQ(r.items.at(0).id, "museum");
}

TEST_F(CatalogIndexTest, FiltersByParentCategoryAndCountsFacets) {
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

TEST_F(CatalogIndexTest, NameMatchesOutrankDescriptionMatches) {
  // "аптека" is the name of "pharm" and only in the description of nothing else.
  EXPECT_EQ(Run("аптека").items.at(0).id, "pharm");
}

TEST_F(CatalogIndexTest, ReindexingIsVisibleToTheNextSearch) {
  Service s = Make(7, "new", "Новый сервис скандинавской ходьбы", "Тренировки", "culture");
  ASSERT_TRUE(search_->Index({s}, cats_).has_value());
  EXPECT_EQ(Run("скандинавская ходьба").items.at(0).id, "new");
}

TEST_F(CatalogIndexTest, SortsByPopularity) {
  search_->SetClicks(3, 100);
  SearchRequest r;
  r.sort = catalog::Sort::kPopularity;
  r.today = "2026-11-27";
  auto res = search_->Search(r);
  ASSERT_TRUE(res.has_value());
  EXPECT_EQ(res->items.at(0).id, "museum");
}

// The home page browses (an empty query) from every worker thread at once
// (with Xapian, a shared static query crashed the server under load): each
// thread must get whole, equal answers.
TEST_F(CatalogIndexTest, BrowsingFromManyThreadsAtOnceIsSafe) {
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

TEST_F(CatalogIndexTest, ReplacingAServiceForgetsItsOldWords) {
  Service s = Make(3, "museum", "Театр дома", "Спектакли в записи", "culture", "international");
  ASSERT_TRUE(search_->Index({s}, cats_).has_value());
  EXPECT_EQ(Run("эрмитаж").total, 0);
  EXPECT_EQ(Run("спектакли").items.at(0).id, "museum");
  EXPECT_EQ(search_->DocumentCount(), 6);
  auto all = Run("");
  EXPECT_EQ(all.total,
            4);  // lavka, doc, museum, pharm: the expired offer and the defunct one stay hidden
}

// No service has both: the one with every word but the rarest (of words as
// rare as each other, the later), and the word left out is named.
TEST_F(CatalogIndexTest, EveryWordButTheRarestWhenNoServiceHasEvery) {
  auto r = Run("аптека эрмитаж");
  EXPECT_EQ(r.total, 1);
  EXPECT_EQ(Ids(r), (std::vector<std::string>{"pharm"}));
  EXPECT_EQ(r.missing_word, "эрмитаж");
  EXPECT_EQ(Run("аптека").missing_word, std::nullopt);
}

// Not even that: what has any of the words.
TEST_F(CatalogIndexTest, AnyWordWhenNoServiceHasAllButOne) {
  auto r = Run("аптека эрмитаж врач");
  EXPECT_EQ(r.missing_word, std::nullopt);
  auto ids = Ids(r);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string>{"doc", "museum", "pharm"}));
}

TEST_F(CatalogIndexTest, PagesFollowOneAnother) {
  SearchRequest r;
  r.today = "2026-11-27";
  r.per_page = 3;
  auto p1 = search_->Search(r);
  r.page = 2;
  auto p2 = search_->Search(r);
  r.page = 3;
  auto p3 = search_->Search(r);
  ASSERT_TRUE(p1 && p2 && p3);
  EXPECT_EQ(p1->items.size(), 3u);
  EXPECT_EQ(p2->items.size(), 1u);
  EXPECT_TRUE(p3->items.empty());
  EXPECT_EQ(p3->total, 4);
  std::vector<std::string> ids = Ids(*p1);
  ids.push_back(p2->items[0].id);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string>{"doc", "lavka", "museum", "pharm"}));
}

TEST_F(CatalogIndexTest, UnknownFilterValuesFindNothing) {
  EXPECT_EQ(Run("доставка", "no-such-category").total, 0);
  SearchRequest r;
  r.text = "доставка";
  r.scope = "galactic";
  r.today = "2026-11-27";
  auto res = search_->Search(r);
  ASSERT_TRUE(res.has_value());
  EXPECT_EQ(res->total, 0);
  r.scope = "federal";
  res = search_->Search(r);
  ASSERT_TRUE(res.has_value());
  EXPECT_EQ(res->total, 2);
}

TEST_F(CatalogIndexTest, SortsNewestFirst) {
  SearchRequest r;
  r.sort = catalog::Sort::kNewest;
  r.today = "2026-11-27";
  auto res = search_->Search(r);
  ASSERT_TRUE(res.has_value());
  EXPECT_EQ(Ids(*res), (std::vector<std::string>{"pharm", "museum", "doc", "lavka"}));
}

// Searches running while the catalog changes see one version or the next,
// never a mix: the word that moves between two services is always found once.
TEST_F(CatalogIndexTest, SearchesDuringReindexingSeeWholeVersions) {
  auto version = [&](int i) {
    bool first = i % 2 == 0;
    return std::vector<Service>{
        Make(7, "a", first ? "Скандинавская ходьба" : "Гимнастика", "Тренировки", "culture"),
        Make(8, "b", first ? "Гимнастика" : "Скандинавская ходьба", "Тренировки", "culture")};
  };
  ASSERT_TRUE(search_->Index(version(0), cats_).has_value());
  std::atomic<bool> stop{false};
  std::atomic<int> wrong{0}, searches{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t)
    readers.emplace_back([&] {
      while (!stop) {
        auto r = Run("скандинавская ходьба");
        if (r.total != 1 || r.corrected_query) ++wrong;
        ++searches;
      }
    });
  // Until the readers have searched a while (they may start late), at least 200 versions.
  for (int i = 1; i <= 200 || (searches < 300 && i < 100000); ++i)
    if (!search_->Index(version(i), cats_)) {
      ADD_FAILURE() << "index failed";
      break;
    }
  stop = true;
  for (auto& th : readers) th.join();
  EXPECT_GE(searches.load(), 300);
  EXPECT_EQ(wrong.load(), 0);
}

TEST_F(CatalogIndexTest, SavedIndexLoadsOnlyForItsVersionAndDictionary) {
  auto path = (std::filesystem::temp_directory_path() /
               ("doma-index-" + std::to_string(::getpid()) + ".bin"))
                  .string();
  search_->SetClicks(3, 100);
  ASSERT_TRUE(search_->Save(path, 42).has_value());
  auto lexicon = [] {
    return Lexicon::FromText("врач, доктор, телемедицина\nеда, продукты", "и\nв\nонлайн");
  };

  CatalogIndex copy(lexicon());
  EXPECT_FALSE(copy.Load(path, 41));  // the catalog moved on since
  ASSERT_TRUE(copy.Load(path, 42));
  EXPECT_EQ(copy.DocumentCount(), search_->DocumentCount());
  for (std::string q :
       {"доставка", "телемедицина", "эрмитажь", "ljcnfdrf ghjlernjd", "аптека эрмитаж", ""}) {
    SearchRequest r;
    r.text = q;
    r.today = "2026-11-27";
    auto a = search_->Search(r), b = copy.Search(r);
    ASSERT_TRUE(a && b);
    EXPECT_EQ(Ids(*a), Ids(*b)) << q;
    EXPECT_EQ(a->total, b->total) << q;
    EXPECT_EQ(a->corrected_query, b->corrected_query) << q;
    EXPECT_EQ(a->facets, b->facets) << q;
  }
  // A loaded index takes changes like a built one.
  ASSERT_TRUE(copy.Index({Make(9, "walk", "Скандинавская ходьба", "Тренировки", "culture")}, cats_)
                  .has_value());
  SearchRequest r;
  r.text = "ходьба";
  auto found = copy.Search(r);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(Ids(*found), std::vector<std::string>{"walk"});

  CatalogIndex other_dictionary(lexicon(), "another");
  EXPECT_FALSE(other_dictionary.Load(path, 42));
  // A damaged file is refused whole, and the index stays as it was.
  {
    std::string bytes;
    {
      std::ifstream in(path, std::ios::binary);
      bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size() / 2));
  }
  EXPECT_FALSE(copy.Load(path, 42));
  EXPECT_EQ(copy.DocumentCount(), 7);
  std::filesystem::remove(path);
}

TEST(SpellingTest, EditDistanceCountsTranspositionsOnce) {
  auto d = [](std::string_view a, std::string_view b, unsigned limit = 5) {
    return BoundedEditDistance(text::Decode(a), text::Decode(b), limit);
  };
  EXPECT_EQ(d("аптека", "аптека"), 0u);
  EXPECT_EQ(d("аптека", "аптeка"), 1u);  // Latin e
  EXPECT_EQ(d("аптека", "атпека"), 1u);
  EXPECT_EQ(d("аптека", "апека"), 1u);
  EXPECT_EQ(d("доставка", "дотсавкаа"), 2u);
  EXPECT_EQ(d("музей", "аптека", 2), 3u);  // past the limit: limit + 1
}

TEST(SpellingTest, SuggestsTheMostFrequentNearestWord) {
  Spelling sp;
  sp.Add("музей", 10);
  sp.Add("музеи", 2);
  sp.Add("музыка", 50);
  EXPECT_EQ(sp.Suggest("музеей", 2), "музей");
  EXPECT_EQ(sp.Suggest("музыкаа", 2), "музыка");
  EXPECT_FALSE(sp.Suggest("музей", 2).has_value());  // already a word
  EXPECT_FALSE(sp.Suggest("театр", 2).has_value());
  EXPECT_TRUE(sp.Contains("музеи"));
  EXPECT_EQ(sp.size(), 3u);
}

}  // namespace
}  // namespace doma::search
