#include "domain/catalog/search_params.h"

#include <charconv>

#include "core/text.h"

namespace doma::catalog {
namespace {

const std::string* First(const Params& params, std::string_view key) {
  for (const auto& [k, v] : params)
    if (k == key) return &v;
  return nullptr;
}

Result<int> ParseInt(std::string_view name, const std::string& v, std::string message) {
  int out = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || p != v.data() + v.size())
    return Fail(Error::Invalid(std::string(name), std::move(message)));
  return out;
}

}  // namespace

std::string SortName(Sort s) {
  switch (s) {
    case Sort::kRelevance: return "relevance";
    case Sort::kNewest: return "newest";
    case Sort::kPopularity: return "popularity";
  }
  return "relevance";
}

Result<SearchRequest> ParseSearchParams(const Params& params, int default_per_page) {
  SearchRequest r;
  r.per_page = default_per_page;
  for (const auto& [k, v] : params) {
    if (!text::IsValidUtf8(v))
      return Fail(Error::Invalid(k, "Параметр «" + k + "» содержит символы в неверной кодировке."));
  }
  if (auto q = First(params, "q")) r.text = std::string(text::Trim(*q));
  auto str = [&](const char* key, std::string& out) {
    if (auto v = First(params, key)) out = std::string(text::Trim(*v));
  };
  str("category", r.category);
  str("scope", r.scope);
  str("audience", r.audience);
  str("cost", r.cost);
  str("platform", r.platform);
  if (auto s = First(params, "sort"); s && !s->empty()) {
    if (*s == "relevance")
      r.sort = Sort::kRelevance;
    else if (*s == "newest")
      r.sort = Sort::kNewest;
    else if (*s == "popularity")
      r.sort = Sort::kPopularity;
    else
      return Fail(Error::Invalid("sort", "Сортировка: relevance, newest или popularity."));
  }
  if (auto p = First(params, "page"); p && !p->empty()) {
    auto n = ParseInt("page", *p, "Номер страницы должен быть целым числом от 1.");
    if (!n) return Fail(n.error());
    r.page = *n;
  }
  if (auto p = First(params, "per_page"); p && !p->empty()) {
    auto n = ParseInt("per_page", *p, "per_page должен быть целым числом от 1 до 100.");
    if (!n) return Fail(n.error());
    r.per_page = *n;
  }
  return r;
}

}  // namespace doma::catalog
