#include "domain/catalog/validation.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>

#include "core/ids.h"
#include "core/text.h"

namespace doma::catalog {
namespace {

Status CheckText(std::string_view field, std::string_view v, std::size_t min, std::size_t max,
                 bool multiline = false) {
  if (!text::IsValidUtf8(v))
    return Fail(Error::Invalid(std::string(field),
                               fmt::format("Поле {}: текст в неверной кодировке.", field)));
  if (!text::IsHonestText(v, multiline))
    return Fail(Error::Invalid(
        std::string(field),
        fmt::format("Поле {}: в тексте невидимые управляющие символы — наберите его заново.",
                    field)));
  std::size_t n = text::Length(v);
  if (n < min)
    return Fail(Error::Invalid(
        std::string(field), min <= 1 ? fmt::format("Поле {} не заполнено.", field)
                                     : fmt::format("Поле {}: не короче {} символов.", field, min)));
  if (n > max)
    return Fail(Error::Invalid(std::string(field),
                               fmt::format("Поле {}: не длиннее {} символов.", field, max)));
  return {};
}

template <std::size_t N>
Status CheckList(std::string_view field, const std::vector<std::string>& values,
                 const std::array<std::string_view, N>& allowed, bool required) {
  if (required && values.empty())
    return Fail(Error::Invalid(std::string(field),
                               fmt::format("Поле {}: выберите хотя бы одно значение.", field)));
  for (const auto& v : values) {
    if (!IsOneOf(allowed, v))
      return Fail(Error::Invalid(
          std::string(field),
          fmt::format("Поле {}: неизвестное значение «{}».", field, text::Truncate(v, 40))));
  }
  return {};
}

bool IsHttpUrl(std::string_view u) {
  return (u.starts_with("https://") && u.size() > 8) || (u.starts_with("http://") && u.size() > 7);
}

}  // namespace

bool IsIsoDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  int month = (s[5] - '0') * 10 + (s[6] - '0');
  int day = (s[8] - '0') * 10 + (s[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

bool IsPartialDate(std::string_view s) {
  if (s.size() == 10) return IsIsoDate(s);
  if (s.size() != 4 && s.size() != 7) return false;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (i == 4 ? s[i] != '-' : (s[i] < '0' || s[i] > '9')) return false;
  if (s.size() == 7) {
    int month = (s[5] - '0') * 10 + (s[6] - '0');
    return month >= 1 && month <= 12;
  }
  return true;
}

Status ValidateService(const Service& s, const std::vector<Category>& known_categories) {
  if (!ids::IsValidSlug(s.id))
    return Fail(Error::Invalid("id", "Идентификатор: от 1 до 64 символов a–z, 0–9 и дефис."));
  if (!s.uuid.empty() && !ids::IsUuid(s.uuid))
    return Fail(Error::Invalid("uuid", "Идентификатор открытых данных — UUID вида 8-4-4-4-12."));
  if (auto r = CheckText("name", s.name, 1, 200); !r) return r;
  if (auto r = CheckText("name_en", s.name_en, 0, 200); !r) return r;
  if (auto r = CheckText("short_description", s.short_description, 1, 300); !r) return r;
  if (auto r = CheckText("description", s.description, 1, 5000, true); !r) return r;
  if (auto r = CheckText("description_en", s.description_en, 0, 5000, true); !r) return r;
  if (auto r = CheckText("url", s.url, 1, 2000); !r) return r;
  if (!IsHttpUrl(s.url))
    return Fail(Error::Invalid("url", "Адрес сайта должен начинаться с https:// или http://."));
  if (auto r = CheckText("organization", s.organization.name, 0, 300); !r) return r;
  if (!s.organization.website.empty() && !IsHttpUrl(s.organization.website))
    return Fail(Error::Invalid("organization",
                               "Сайт организации должен начинаться с https:// или http://."));
  if (!IsOneOf(kStatuses, s.status)) return Fail(Error::Invalid("status", "Неизвестный статус."));
  if (!IsOneOf(kScopes, s.scope))
    return Fail(Error::Invalid("scope", "Неизвестный охват (regional, federal, international)."));
  if (!IsOneOf(kCosts, s.cost)) return Fail(Error::Invalid("cost", "Неизвестная стоимость."));
  if (s.categories.empty())
    return Fail(Error::Invalid("categories", "Выберите хотя бы одну категорию."));
  for (const auto& c : s.categories) {
    auto k = std::find_if(known_categories.begin(), known_categories.end(),
                          [&](const Category& x) { return x.slug == c; });
    if (k == known_categories.end())
      return Fail(Error::Invalid(
          "categories", fmt::format("Неизвестная категория «{}».", text::Truncate(c, 40))));
    if (k->archived)
      return Fail(Error::Invalid(
          "categories", fmt::format("Категория «{}» в архиве: выберите другую.", k->name_ru)));
  }
  if (auto r = CheckList("audiences", s.audiences, kAudiences, true); !r) return r;
  if (auto r = CheckList("platforms", s.platforms, kPlatforms, true); !r) return r;
  for (const auto& p : s.phones) {
    // Two characters: short numbers such as "05" (a city's dispatcher).
    if (auto r = CheckText("phones", p.number, 2, 40); !r) return r;
    if (!IsOneOf(kPhoneKinds, p.kind))
      return Fail(Error::Invalid("phones", "Неизвестный вид телефона."));
  }
  if (s.min_age && (*s.min_age < 0 || *s.min_age > 120))
    return Fail(Error::Invalid("min_age", "Возраст от 0 до 120."));
  if (s.max_age && (*s.max_age < 0 || *s.max_age > 120))
    return Fail(Error::Invalid("max_age", "Возраст от 0 до 120."));
  if (s.min_age && s.max_age && *s.min_age > *s.max_age)
    return Fail(Error::Invalid("max_age", "Максимальный возраст меньше минимального."));
  if (auto r = CheckText("how_to_apply", s.how_to_apply, 0, 2000, true); !r) return r;
  if (s.offers.size() > 10)
    return Fail(Error::Invalid("offers", "Не больше 10 предложений у одного сервиса."));
  for (const auto& o : s.offers) {
    if (auto r = CheckText("offer", o.text, 1, 2000, true); !r) return r;
    if (!o.valid_until.empty() && !IsIsoDate(o.valid_until))
      return Fail(Error::Invalid("offer", "Срок предложения — дата в виде ГГГГ-ММ-ДД."));
  }
  if (!IsOneOf(kKinds, s.kind))
    return Fail(Error::Invalid("kind", "Вид карточки: service или offer."));
  if (s.kind == "offer" && s.offers.empty())
    return Fail(
        Error::Invalid("kind", "Карточка-предложение без предложения: добавьте его текст и срок."));
  if (auto r = CheckText("status_note", s.status_note, 0, 1000, true); !r) return r;
  if (!s.ended_at.empty() && !IsPartialDate(s.ended_at))
    return Fail(Error::Invalid("ended_at", "Когда закрылся: год, ГГГГ-ММ или ГГГГ-ММ-ДД."));
  if (!s.ended_at.empty() && s.status != "defunct")
    return Fail(Error::Invalid("ended_at", "Дата закрытия — только у закрытого сервиса."));
  if (!s.assured_at.empty() && !IsIsoDate(s.assured_at.substr(0, 10)))
    return Fail(Error::Invalid("assured_at", "Дата проверки — в виде ГГГГ-ММ-ДД."));
  if (!s.service_areas.empty() && s.scope != "regional")
    return Fail(
        Error::Invalid("service_areas", "Районы указываются только у региональных сервисов."));
  if (s.service_areas.size() > 100)
    return Fail(Error::Invalid("service_areas", "Не больше 100 районов и мест."));
  for (std::size_t i = 0; i < s.service_areas.size(); ++i) {
    if (auto r = CheckText("service_areas", s.service_areas[i], 1, 100); !r) return r;
    for (std::size_t j = 0; j < i; ++j)
      if (s.service_areas[j] == s.service_areas[i])
        return Fail(Error::Invalid(
            "service_areas",
            fmt::format("Район «{}» указан дважды.", text::Truncate(s.service_areas[i], 40))));
  }
  if (s.sources.size() > 20) return Fail(Error::Invalid("sources", "Не больше 20 источников."));
  for (const auto& src : s.sources) {
    if (auto r = CheckText("sources", src.url, 1, 2000); !r) return r;
    if (!IsHttpUrl(src.url))
      return Fail(
          Error::Invalid("sources", "Адрес источника должен начинаться с https:// или http://."));
    if (auto r = CheckText("sources", src.note, 0, 500); !r) return r;
  }
  return {};
}

}  // namespace doma::catalog
