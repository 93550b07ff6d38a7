#include "tools/synthetic_catalog.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>

namespace doma::tools {
using catalog::Category;
using catalog::Service;
namespace json = boost::json;

using Words = std::vector<std::string>;

// Placeholders in templates: {brand}, {item} (a genitive phrase picked once
// per service, so name, short description and description agree), {where}
// ("в Димитровграде", "по всей России"…), {cat} (the category's name), and
// {n}, {pct}, {price}, {year} (numbers that agree with the words around them).
struct Vocab {
  std::string slug;
  int weight = 1;                  // share of the catalog
  Words names;                     // 2–8 words once filled
  Words items;                     // genitive phrases for {item}
  Words shorts;                    // one sentence
  Words sentences;                 // description sentences
  Words roots;                     // brand roots, "Кириллица|Latin"
  Words en_names;                  // {brand} is the Latin brand
  Words en_sentences;              // description_en
  Words orgs;                      // organisations ({brand} allowed)
  Words audiences;                 // besides "everyone"
  double free = 0.5;               // P(cost = free)
  double paid = 0.4;               // P(cost = paid); the rest discount / free during quarantine
  double international = 0.1;      // P(scope = international)
  double regional = 0.5;           // P(scope = regional)
  double app = 0.4;                // P(android app)
  double phone = 0.1;              // P(phone platform)
  std::string related;             // a second category, sometimes
  int min_age = -1, max_age = -1;  // age range sometimes given
};

struct Place {
  std::string name, in, district;
  int weight = 1;
};

struct Vocabularies {
  std::vector<Vocab> all;
  std::vector<Place> places;  // data/synthetic/places.json
};

namespace {

Words WordsOf(const json::object& o, std::string_view key) {
  Words out;
  if (const auto* a = o.if_contains(key); a && a->is_array())
    for (const auto& w : a->as_array())
      if (w.is_string()) out.emplace_back(w.as_string());
  return out;
}

double NumberOf(const json::object& o, std::string_view key, double dflt) {
  const auto* v = o.if_contains(key);
  if (!v) return dflt;
  if (v->is_double()) return v->as_double();
  if (v->is_int64()) return static_cast<double>(v->as_int64());
  return dflt;
}

}  // namespace

Result<std::shared_ptr<const Vocabularies>> LoadVocabularies(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(Error::Internal("cannot read " + path));
  std::stringstream text;
  text << in.rdbuf();
  boost::system::error_code ec;
  auto doc = json::parse(text.str(), ec);
  if (ec || !doc.is_array())
    return Fail(Error::Internal(path + ": not a JSON array of vocabularies"));
  auto out = std::make_shared<Vocabularies>();
  for (const auto& item : doc.as_array()) {
    if (!item.is_object()) return Fail(Error::Internal(path + ": every vocabulary is an object"));
    const auto& o = item.as_object();
    Vocab v;
    if (const auto* slug = o.if_contains("slug"); slug && slug->is_string())
      v.slug = slug->as_string();
    if (const auto* rel = o.if_contains("related"); rel && rel->is_string())
      v.related = rel->as_string();
    v.weight = static_cast<int>(NumberOf(o, "weight", v.weight));
    v.names = WordsOf(o, "names");
    v.items = WordsOf(o, "items");
    v.shorts = WordsOf(o, "shorts");
    v.sentences = WordsOf(o, "sentences");
    v.roots = WordsOf(o, "roots");
    v.en_names = WordsOf(o, "en_names");
    v.en_sentences = WordsOf(o, "en_sentences");
    v.orgs = WordsOf(o, "orgs");
    v.audiences = WordsOf(o, "audiences");
    v.free = NumberOf(o, "free", v.free);
    v.paid = NumberOf(o, "paid", v.paid);
    v.international = NumberOf(o, "international", v.international);
    v.regional = NumberOf(o, "regional", v.regional);
    v.app = NumberOf(o, "app", v.app);
    v.phone = NumberOf(o, "phone", v.phone);
    v.min_age = static_cast<int>(NumberOf(o, "min_age", v.min_age));
    v.max_age = static_cast<int>(NumberOf(o, "max_age", v.max_age));
    // Every template list is picked from: an empty one would be a crash.
    if (v.slug.empty() || v.weight < 1 || v.names.empty() || v.items.empty() || v.shorts.empty() ||
        v.sentences.empty() || v.roots.empty() || v.en_names.empty() || v.en_sentences.empty() ||
        v.orgs.empty())
      return Fail(Error::Internal(path + ": vocabulary '" + v.slug +
                                  "' lacks a slug, a weight or a word list"));
    out->all.push_back(std::move(v));
  }
  // The places of regional services, beside the vocabularies (data, like
  // every other region-specific word).
  const std::string places_path =
      (std::filesystem::path(path).parent_path() / "places.json").string();
  std::ifstream pin(places_path, std::ios::binary);
  std::stringstream ptext;
  ptext << pin.rdbuf();
  auto pdoc = json::parse(ptext.str(), ec);
  const auto* list = !ec && pdoc.is_object() ? pdoc.as_object().if_contains("places") : nullptr;
  if (!list || !list->is_array())
    return Fail(Error::Internal(places_path + ": no \"places\" array"));
  for (const auto& item : list->as_array()) {
    const auto* o = item.if_object();
    auto str = [&](const char* k) {
      const auto* x = o ? o->if_contains(k) : nullptr;
      return x && x->is_string() ? std::string(x->as_string()) : std::string();
    };
    Place p{str("name"), str("in"), str("district"),
            o ? static_cast<int>(NumberOf(*o, "weight", 0)) : 0};
    if (p.name.empty() || p.in.empty() || p.weight < 1)
      return Fail(Error::Internal(places_path + ": every place has a name, \"in\" and a weight"));
    out->places.push_back(std::move(p));
  }
  if (out->places.empty()) return Fail(Error::Internal(places_path + ": no places"));
  return std::shared_ptr<const Vocabularies>(std::move(out));
}

namespace {

// For a leaf category the vocabularies do not know: its own name.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
Vocab GenericVocab(const Category& c) {
  return {
      .slug = c.slug,
      .weight = 2,
      .names = {"{cat} «{brand}»", "{cat} {where}", "Сервис «{brand}»: {cat}"},
      .items = {"услуг", "консультаций"},
      .shorts = {"{cat}: онлайн-сервис {where}.", "Сервис «{brand}» — {cat} без выхода из дома."},
      .sentences = {"«{brand}» работает {where}.", "Обратиться можно на сайте или по телефону.",
                    "Консультации проходят онлайн.", "Сервис работает более {n} лет."},
      .roots = {"Сервис|Servis", "Онлайн|Online", "Помощник|Pomoshchnik"},
      .en_names = {"{brand} Online"},
      .en_sentences = {"An online service."},
      .orgs = {"ООО «{brand}»"},
      .audiences = {"elderly"}};
}
#pragma GCC diagnostic pop

// Sentences that fit every category.
constexpr std::array<std::string_view, 6> kGenericSentences = {
    "Служба поддержки отвечает в чате и по телефону.",
    "Сервис работает ежедневно, без выходных.",
    "На сайте есть версия для слабовидящих.",
    "Отзывы пользователей помогают выбрать подходящий вариант.",
    "Персональные данные хранятся в России и не передаются третьим лицам.",
    "Зарегистрироваться можно по номеру телефона или через Госуслуги."};

constexpr std::array<std::string_view, 5> kHowToApply = {
    "Оставьте заявку на сайте или позвоните по телефону.",
    "Установите приложение и зарегистрируйтесь по номеру телефона.",
    "Зарегистрируйтесь на сайте и выберите услугу в каталоге.",
    "Напишите в чат поддержки или в Telegram-бот.",
    "Позвоните по горячей линии: оператор примет заявку и подскажет, что делать дальше."};

constexpr std::array<std::string_view, 11> kBrandPrefixes = {
    "Эко|Eko",     "Мега|Mega",     "Волга|Volga",  "Симбирск|Simbirsk", "Мой|Moy", "Супер|Super",
    "Гранд|Grand", "Ульяна|Uliana", "Венец|Venets", "Добрый|Dobry",      "Нео|Neo"};
constexpr std::array<std::string_view, 17> kBrandSuffixes = {
    "Маркет|Market", "Плюс|Plus",   "Онлайн|Online",  "24|24",     "Экспресс|Express",
    "Лайн|Line",     "Про|Pro",     "Сервис|Service", "Хаб|Hub",   "Мир|Mir",
    "Дом|Dom",       "Лаб|Lab",     "Тайм|Time",      "Град|Grad", "Центр|Center",
    "Клуб|Club",     "Точка|Tochka"};

constexpr std::array<std::string_view, 3> kFederalWhere = {"по всей России",
                                                           "в любом регионе России", "по России"};
constexpr std::array<std::string_view, 2> kInternationalWhere = {"по всему миру", "в любой стране"};
constexpr std::array<int, 8> kNumbers = {5, 10, 15, 20, 25, 30, 40, 50};
constexpr std::array<int, 7> kPercents = {5, 7, 10, 15, 20, 25, 30};
constexpr std::array<int, 7> kPrices = {199, 299, 350, 490, 500, 790, 990};

// std::mt19937_64 is specified exactly; the std:: distributions are not, so
// the arithmetic on top of it is ours.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : g_(seed) {}
  std::size_t Below(std::size_t n) { return static_cast<std::size_t>(g_() % n); }
  int Between(int lo, int hi) {
    return lo + static_cast<int>(Below(static_cast<std::size_t>(hi - lo + 1)));
  }
  bool Chance(double p) { return static_cast<double>(g_() >> 11) * 0x1.0p-53 < p; }
  template <typename C>
  const auto& Pick(const C& c) {
    return c[Below(c.size())];
  }

 private:
  std::mt19937_64 g_;
};

std::pair<std::string_view, std::string_view> SplitPair(std::string_view s) {
  auto bar = s.find('|');
  return {s.substr(0, bar), s.substr(bar + 1)};
}

struct Ctx {
  std::string brand, item, where, cat;
};

std::string Expand(std::string_view tpl, const Ctx& c, Rng& rng) {
  std::string out;
  out.reserve(tpl.size() + 32);
  for (std::size_t i = 0; i < tpl.size();) {
    if (tpl[i] != '{') {
      out += tpl[i++];
      continue;
    }
    auto end = tpl.find('}', i);
    std::string_view key = tpl.substr(i + 1, end - i - 1);
    if (key == "brand")
      out += c.brand;
    else if (key == "item")
      out += c.item;
    else if (key == "where")
      out += c.where;
    else if (key == "cat")
      out += c.cat;
    else if (key == "n")
      out += std::to_string(rng.Pick(kNumbers));
    else if (key == "pct")
      out += std::to_string(rng.Pick(kPercents));
    else if (key == "price")
      out += std::to_string(rng.Pick(kPrices));
    else if (key == "year")
      out += std::to_string(rng.Between(1995, 2021));
    i = end + 1;
  }
  return out;
}

int WordCount(std::string_view s) {
  int n = 0;
  bool in = false;
  for (char ch : s) {
    bool space = ch == ' ';
    if (!space && !in) ++n;
    in = !space;
  }
  return n;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& ch : out)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  return out;
}

// "YYYY-MM-DD" for a day counted from 2024-01-01.
std::string Day(int offset) {
  using namespace std::chrono;
  year_month_day d{sys_days{year{2024} / January / 1} + days{offset}};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(d.year()),
                     static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
}

}  // namespace

std::vector<Service> SyntheticServices(int count, unsigned seed,
                                       const std::vector<Category>& categories,
                                       const Vocabularies& vocabularies) {
  // The leaf categories present, each with its vocabulary.
  std::unordered_map<std::string_view, const Vocab*> known;
  for (const auto& v : vocabularies.all) known[v.slug] = &v;
  std::vector<Vocab> generic;  // owns the vocabularies of unknown leaves
  std::vector<std::pair<const Vocab*, const Category*>> leaves;
  for (const auto& c : categories) {
    if (c.parent.empty() || c.archived) continue;
    if (auto it = known.find(c.slug); it != known.end()) leaves.emplace_back(it->second, &c);
  }
  for (const auto& c : categories)
    if (!c.parent.empty() && !c.archived && !known.contains(c.slug))
      generic.push_back(GenericVocab(c));
  for (std::size_t i = 0, g = 0; i < categories.size(); ++i) {
    const auto& c = categories[i];
    if (!c.parent.empty() && !c.archived && !known.contains(c.slug))
      leaves.emplace_back(&generic[g++], &c);
  }
  std::vector<Service> out;
  if (leaves.empty() || count <= 0) return out;
  std::vector<int> cumulative;
  int total_weight = 0;
  for (const auto& [v, c] : leaves) cumulative.push_back(total_weight += v->weight);
  int place_weight = 0;
  for (const auto& p : vocabularies.places) place_weight += p.weight;

  Rng rng((static_cast<std::uint64_t>(seed) << 32) ^ 0x9E3779B97F4A7C15ull);
  out.reserve(static_cast<std::size_t>(count));
  for (int i = 1; i <= count; ++i) {
    int pick = rng.Between(1, total_weight);
    std::size_t li = static_cast<std::size_t>(
        std::lower_bound(cumulative.begin(), cumulative.end(), pick) - cumulative.begin());
    const Vocab& v = *leaves[li].first;
    const Category& cat = *leaves[li].second;

    Service s;
    s.id = fmt::format("syn-{:06}", i);

    // Scope and place.
    double r = static_cast<double>(rng.Below(1'000'000)) / 1e6;
    Ctx ctx;
    ctx.cat = cat.name_ru;
    if (r < v.regional) {
      s.scope = "regional";
      int w = rng.Between(1, place_weight);
      const Place* place = &vocabularies.places[0];
      for (const auto& p : vocabularies.places) {
        place = &p;
        if ((w -= p.weight) <= 0) break;
      }
      s.settlement = std::string(place->name);
      s.district = std::string(place->district);
      ctx.where = std::string(place->in);
    } else if (r < v.regional + v.international) {
      s.scope = "international";
      ctx.where = std::string(rng.Pick(kInternationalWhere));
    } else {
      s.scope = "federal";
      ctx.where = std::string(rng.Pick(kFederalWhere));
    }

    // Brand: [prefix] root [suffix], in Cyrillic and Latin.
    // A Latin root ("Fresh") makes the whole brand Latin.
    std::string brand_ru, brand_lat;
    std::string_view prefix = rng.Chance(0.3) ? rng.Pick(kBrandPrefixes) : "|";
    std::string_view root = rng.Pick(v.roots);
    std::string_view suffix = rng.Chance(0.6) ? rng.Pick(kBrandSuffixes) : "|";
    for (auto part : {prefix, root, suffix}) {
      auto [ru, lat] = SplitPair(part);
      brand_ru += ru;
      brand_lat += lat;
    }
    bool latin_brand = SplitPair(root).first == SplitPair(root).second || rng.Chance(0.2);
    ctx.brand = latin_brand ? brand_lat : brand_ru;
    ctx.item = std::string(rng.Pick(v.items));

    // Names: some English only, some with an English name besides.
    Ctx en = ctx;
    en.brand = brand_lat;
    if (rng.Chance(0.08)) {
      s.name = Expand(rng.Pick(v.en_names), en, rng);
      s.name_en = s.name;
    } else {
      s.name = Expand(rng.Pick(v.names), ctx, rng);
      if (WordCount(s.name) > 8 || WordCount(s.name) < 2)
        s.name = Expand(v.names.front(), ctx, rng);
      if (WordCount(s.name) < 2) s.name += " онлайн";
      if (rng.Chance(0.35)) s.name_en = Expand(rng.Pick(v.en_names), en, rng);
    }
    s.short_description = Expand(rng.Pick(v.shorts), ctx, rng);

    // Platforms and cost first: the description mentions them.
    bool web = rng.Chance(0.97);
    if (web) s.platforms.push_back("web");
    bool android = rng.Chance(v.app);
    if (android) s.platforms.push_back("android");
    bool ios = android && rng.Chance(0.85);
    if (ios) s.platforms.push_back("ios");
    bool phone = rng.Chance(v.phone) || s.platforms.empty();
    if (phone) s.platforms.push_back("phone");
    bool telegram = rng.Chance(0.05);
    if (telegram) s.platforms.push_back("telegram");
    if (rng.Chance(0.03)) s.platforms.push_back("other");
    double cr = static_cast<double>(rng.Below(1'000'000)) / 1e6;
    s.cost = cr < v.free            ? "free"
             : cr < v.free + v.paid ? "paid"
             : rng.Chance(0.8)      ? "discount"
                                    : "free_during_quarantine";
    if (s.cost == "paid" && rng.Chance(0.25))
      s.cost_note = fmt::format("от {} ₽", rng.Pick(kPrices));

    // Description: 2–5 sentences, mostly from the category's own, one
    // sometimes about platforms, cost or support.
    int sentences = std::array{2, 2, 3, 3, 3, 3, 3, 4, 4, 5}[rng.Below(10)];
    std::vector<std::size_t> used;
    std::string desc;
    auto add = [&](const std::string& sentence) { desc += (desc.empty() ? "" : " ") + sentence; };
    bool extra = rng.Chance(0.6);
    for (int k = 0; k < sentences - (extra ? 1 : 0); ++k) {
      std::size_t j = rng.Below(v.sentences.size());
      for (int tries = 0; std::find(used.begin(), used.end(), j) != used.end() && tries < 8;
           ++tries)
        j = rng.Below(v.sentences.size());
      if (std::find(used.begin(), used.end(), j) != used.end()) continue;
      used.push_back(j);
      add(Expand(v.sentences[j], ctx, rng));
    }
    if (extra) {
      switch (rng.Below(3)) {
        case 0:
          add(ios        ? "Есть мобильное приложение для Android и iOS."
              : android  ? "Есть приложение для Android."
              : telegram ? "Можно пользоваться через бота в Telegram."
              : phone    ? "Обратиться можно и по телефону."
                         : "Сайт удобно открывать и с телефона.");
          break;
        case 1:
          add(s.cost == "free" ? "Пользоваться можно бесплатно."
              : s.cost == "paid" ? "Услуги платные, цены указаны на сайте."
              : s.cost == "discount" ? "Для пенсионеров и людей с инвалидностью действуют скидки."
                                     : "На время карантина доступ бесплатный.");
          break;
        default: add(std::string(rng.Pick(kGenericSentences)));
      }
    }
    if (WordCount(desc) == 0) desc = Expand(v.sentences.front(), ctx, rng);
    s.description = std::move(desc);
    if (!s.name_en.empty() || rng.Chance(0.2))
      s.description_en = std::string(rng.Pick(v.en_sentences));

    std::string host = Lower(brand_lat);
    // (Each draw in its own statement: argument evaluation order is unspecified.)
    std::string_view www = rng.Chance(0.3) ? "www." : "";
    std::string_view tld = rng.Chance(0.8) ? ".ru" : rng.Chance(0.5) ? ".com" : ".online";
    s.url = fmt::format("https://{}{}{}/", www, host, tld);
    s.organization.name = Expand(rng.Pick(v.orgs), ctx, rng);
    // An organisation has one website, whichever of its services names it
    // (one per service made every import rewrite organisations over and
    // over, which no real catalog does).
    if (rng.Chance(0.3)) {
      std::uint32_t h = 2166136261u;  // FNV-1a: the same name, the same site
      for (unsigned char ch : s.organization.name) h = (h ^ ch) * 16777619u;
      s.organization.website = fmt::format("https://org-{:08x}.example/", h);
    }

    // Categories: one, sometimes a related second one.
    s.categories.push_back(cat.slug);
    if (!v.related.empty() && rng.Chance(0.2)) {
      for (const auto& [ov, oc] : leaves)
        if (oc->slug == v.related) s.categories.push_back(oc->slug);
    } else if (rng.Chance(0.04)) {
      const auto& other = leaves[rng.Below(leaves.size())].second->slug;
      if (other != cat.slug) s.categories.push_back(other);
    }

    if (rng.Chance(0.7)) s.audiences.push_back("everyone");
    for (auto a : v.audiences)
      if (rng.Chance(0.35)) s.audiences.push_back(std::string(a));
    if (s.audiences.empty())
      s.audiences.push_back(std::string(v.audiences.empty() ? "everyone" : v.audiences.front()));

    s.languages.push_back("ru");
    if (s.scope == "international" || (!s.name_en.empty() && rng.Chance(0.3)))
      s.languages.push_back("en");

    if (rng.Chance(0.12)) {
      catalog::Phone p;
      int a = s.scope == "regional" ? rng.Between(20, 79) : rng.Between(100, 999);
      int b = rng.Between(0, 99);
      int d = rng.Between(0, 99);
      p.number = s.scope == "regional" ? fmt::format("+7 8422 {:02}-{:02}-{:02}", a, b, d)
                                       : fmt::format("+7 800 {:03}-{:02}-{:02}", a, b, d);
      p.kind = rng.Chance(0.6) ? "hotline" : "info";
      p.note = p.kind == "hotline" ? "Бесплатно по России" : "Справочная";
      s.phones.push_back(std::move(p));
    }
    if (v.min_age >= 0 && rng.Chance(0.4)) {
      s.min_age = rng.Between(v.min_age, v.min_age + 3);
      s.max_age = rng.Between(v.max_age - 3, v.max_age);
    }
    if (rng.Chance(0.5)) s.how_to_apply = std::string(rng.Pick(kHowToApply));
    if (rng.Chance(0.03)) {
      // Half are a service's discount; half a quarantine-time offer that is
      // all there is to the card (kind "offer": it leaves lists when it ends).
      bool discount = rng.Chance(0.5);
      s.offers.push_back(
          {Expand(discount ? "Скидка {pct} % для пенсионеров на первый заказ."
                           : "Бесплатный доступ для жителей области на время карантина.",
                  ctx, rng),
           rng.Chance(0.2) ? std::string() : Day(rng.Between(500, 1300))});
      if (!discount) s.kind = "offer";
    }
    double sr = static_cast<double>(rng.Below(1000)) / 1000;
    s.status = sr < 0.015 ? "defunct" : sr < 0.02 ? "temporarily_closed" : "active";
    s.featured = rng.Chance(0.003);
    int created = rng.Between(0, 1000);
    int hour = rng.Between(7, 20);
    int minute = rng.Between(0, 59);
    s.created_at = Day(created) + fmt::format("T{:02}:{:02}:00Z", hour, minute);
    s.updated_at = s.created_at;
    s.assured_at = Day(std::min(created + rng.Between(0, 300), 1050)) + "T12:00:00Z";
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace doma::tools
