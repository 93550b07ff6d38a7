#include "domain/catalog/catalog.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>

#include "core/ids.h"
#include "core/text.h"
#include "domain/catalog/validation.h"
#include "domain/outreach/sources.h"

namespace doma::catalog {

Result<SearchResponse> Catalog::Search(SearchRequest r) {
  if (!text::IsValidUtf8(r.text))
    return Fail(Error::Invalid("q", "Запрос содержит символы в неверной кодировке."));
  if (text::Length(r.text) > 200)
    return Fail(Error::Invalid("q", "Запрос длиннее 200 символов — сократите его."));
  if (r.page < 1) return Fail(Error::Invalid("page", "Номер страницы начинается с 1."));
  if (r.page > 1000) return Fail(Error::Invalid("page", "Слишком большой номер страницы."));
  if (r.per_page < 1 || r.per_page > 100)
    return Fail(Error::Invalid("per_page", "На странице можно показать от 1 до 100 сервисов."));
  if (!r.category.empty()) {
    auto cats = Categories();
    if (!cats) return Fail(cats.error());
    bool known = std::any_of(cats->begin(), cats->end(), [&](const Category& c) {
      return c.slug == r.category && !c.archived;
    });
    if (!known) return Fail(Error::Invalid("category", "Такой категории нет."));
  }
  if (!r.scope.empty() && !IsOneOf(kScopes, r.scope))
    return Fail(Error::Invalid("scope", "Охват: regional, federal или international."));
  if (!r.audience.empty() && !IsOneOf(kAudiences, r.audience))
    return Fail(Error::Invalid("audience", "Неизвестная аудитория."));
  if (!r.cost.empty() && !IsOneOf(kCosts, r.cost))
    return Fail(Error::Invalid("cost", "Неизвестная стоимость."));
  if (!r.platform.empty() && !IsOneOf(kPlatforms, r.platform))
    return Fail(Error::Invalid("platform", "Неизвестная платформа."));
  if (r.today.empty()) r.today = clock_.Today();
  return search_.Search(r);
}

Result<Service> Catalog::GetService(const std::string& id) {
  if (!ids::IsValidSlug(id)) return Fail(Error::NotFound("Такого сервиса нет в каталоге."));
  auto s = repo_.FindService(id);
  if (!s) return Fail(s.error());
  if (!*s) return Fail(Error::NotFound("Такого сервиса нет в каталоге."));
  {
    std::lock_guard lock(clicks_mu_);  // counted, not stored yet
    if (auto it = pending_clicks_.find((*s)->seq); it != pending_clicks_.end())
      (*s)->clicks += it->second.count;
  }
  return std::move(**s);
}

Result<std::string> Catalog::FollowLink(const std::string& id, std::string_view source) {
  auto s = GetService(id);
  if (!s) return Fail(s.error());
  std::string month = clock_.Today().substr(0, 7);
  {
    std::lock_guard lock(clicks_mu_);
    auto& p = pending_clicks_[s->seq];
    p.id = s->id;
    ++p.count;
    ++pending_sources_[{std::move(month), std::string(outreach::KnownSource(source))}];
  }
  search_.SetClicks(s->seq, s->clicks + 1);  // GetService counted the earlier ones
  return s->url;
}

Result<long long> Catalog::FlushClicks() {
  std::unordered_map<long long, PendingClicks> batch;
  std::map<std::pair<std::string, std::string>, long long> sources;
  {
    std::lock_guard lock(clicks_mu_);
    batch.swap(pending_clicks_);
    sources.swap(pending_sources_);
  }
  std::vector<SourceClicks> by_source;
  for (const auto& [key, n] : sources) by_source.push_back({key.first, key.second, n});
  std::vector<std::pair<std::string, long long>> counts;
  long long total = 0;
  for (const auto& [seq, p] : batch) {
    counts.emplace_back(p.id, p.count);
    total += p.count;
  }
  if (counts.empty()) return 0;
  if (auto r = repo_.AddClicks(counts, by_source); !r) {
    std::lock_guard lock(clicks_mu_);  // kept for the next flush
    for (const auto& [seq, p] : batch) {
      auto& q = pending_clicks_[seq];
      q.id = p.id;
      q.count += p.count;
    }
    for (const auto& [key, n] : sources) pending_sources_[key] += n;
    return Fail(r.error());
  }
  return total;
}

Result<std::vector<Category>> Catalog::Categories() {
  {
    std::lock_guard lock(categories_mu_);
    if (categories_) return *categories_;
  }
  auto cats = repo_.ListCategories();
  if (!cats) return Fail(cats.error());
  std::lock_guard lock(categories_mu_);
  categories_ = std::make_shared<const std::vector<Category>>(*cats);
  return *cats;
}

std::vector<CategoryGroup> GroupCategories(const std::vector<CategoryCount>& counts) {
  std::vector<CategoryGroup> out;
  for (const auto& top : counts) {
    if (!top.category.parent.empty()) continue;
    CategoryGroup g{top, {}};
    for (const auto& ch : counts)
      if (ch.category.parent == top.category.slug) g.children.push_back(ch);
    out.push_back(std::move(g));
  }
  return out;
}

Result<std::vector<CategoryCount>> Catalog::CategoriesWithCounts() {
  auto cats = Categories();
  if (!cats) return Fail(cats.error());
  SearchRequest all;
  all.per_page = 1;
  all.today = clock_.Today();
  auto res = search_.Search(all);
  if (!res) return Fail(res.error());
  const auto& counts = res->facets["category"];
  std::vector<CategoryCount> out;
  out.reserve(cats->size());
  for (auto& c : *cats) {
    if (c.archived) continue;
    auto it = counts.find(c.slug);
    out.push_back({std::move(c), it == counts.end() ? 0 : it->second});
  }
  return out;
}

Status Catalog::CheckAreas(const Service& s) const {
  if (areas_.empty()) return {};
  for (const auto& a : s.service_areas)
    if (std::find(areas_.begin(), areas_.end(), a) == areas_.end())
      return Fail(Error::Invalid(
          "service_areas",
          fmt::format("Района «{}» нет в списке районов области.", text::Truncate(a, 60))));
  return {};
}

Result<int> Catalog::Import(const std::vector<Category>& categories,
                            const std::vector<Service>& services) {
  if (!categories.empty()) {
    if (auto r = repo_.UpsertCategories(categories); !r) return Fail(r.error());
    ForgetCategories();
  }
  auto known = repo_.ListCategories();
  if (!known) return Fail(known.error());
  for (const auto& s : services) {
    auto v = ValidateService(s, *known);
    if (v) v = CheckAreas(s);
    if (!v) {
      Error e = v.error();
      e.public_message = fmt::format("Сервис «{}»: {}", s.id, e.public_message);
      return Fail(std::move(e));
    }
  }
  auto stored = repo_.UpsertServices(services, clock_.NowIso());
  if (!stored) return Fail(stored.error());
  if (auto r = search_.Index(*stored, *known); !r) return Fail(r.error());
  return static_cast<int>(stored->size());
}

Status Catalog::SaveCategories(const std::vector<Category>& categories) {
  if (auto r = repo_.UpsertCategories(categories); !r) return r;
  ForgetCategories();
  return {};
}

void Catalog::ForgetCategories() {
  std::lock_guard lock(categories_mu_);
  categories_.reset();
  ++categories_generation_;
}

Status Catalog::Refresh(const std::vector<long long>& seqs) {
  if (seqs.empty()) return {};
  auto cats = repo_.ListCategories();
  if (!cats) return Fail(cats.error());
  auto services = repo_.FindServicesBySeq(seqs);
  if (!services) return Fail(services.error());
  return search_.Index(*services, *cats);
}

Result<long long> Catalog::RebuildIndex() {
  auto cats = repo_.ListCategories();
  if (!cats) return Fail(cats.error());
  auto all = repo_.ListAllServices();
  if (!all) return Fail(all.error());
  if (auto r = search_.Index(*all, *cats); !r) return Fail(r.error());
  return static_cast<long long>(all->size());
}

}  // namespace doma::catalog

namespace doma::catalog {

std::string ServiceUuid(std::string_view slug) {
  return ids::Uuid5("service:" + std::string(slug));
}

std::string OrganizationUuid(std::string_view name) {
  return ids::Uuid5("organization:" + std::string(name));
}

}  // namespace doma::catalog
