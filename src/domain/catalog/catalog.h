// The catalog's use cases, over a repository and a search engine. Every
// method may block (database, index): the HTTP layer calls them from its
// worker pool, never from an I/O thread.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "domain/catalog/repository.h"
#include "domain/catalog/search.h"

namespace doma::catalog {

struct CategoryCount {
  Category category;
  long long count = 0;  // visible services in it (children included for a group)
};

// A top-level category with its children, as the home page and the API show them.
struct CategoryGroup {
  CategoryCount group;
  std::vector<CategoryCount> children;
};
// The groups (categories without a parent) of `counts` with their children,
// both in the order of `counts`.
std::vector<CategoryGroup> GroupCategories(const std::vector<CategoryCount>& counts);

class Catalog {
 public:
  Catalog(CatalogRepository& repo, ServiceSearch& search, const Clock& clock)
      : repo_(repo), search_(search), clock_(clock) {}

  // Validates the request (page, per_page, known category…) and searches.
  Result<SearchResponse> Search(SearchRequest request);

  Result<Service> GetService(const std::string& id);

  // Counts a click and returns the URL to send the person to. The count is
  // kept in memory (and shown at once in the popularity order) until
  // FlushClicks stores it: a click is not worth a durable write of its own.
  // `source` is where the person came from (?src=); one that is not in
  // outreach::kSources counts as coming directly.
  Result<std::string> FollowLink(const std::string& id, std::string_view source = {});
  // Stores the clicks counted since the last flush in one write; returns how
  // many. On failure they are kept for the next flush.
  Result<long long> FlushClicks();

  Result<std::vector<CategoryCount>> CategoriesWithCounts();
  Result<std::vector<Category>> Categories();
  // The offers on today (the region's date): the «Поддержка бизнеса и НКО» page.
  Result<std::vector<CurrentOffer>> CurrentOffers() {
    return repo_.ListCurrentOffers(clock_.Today());
  }

  // Validates every service first; if one is invalid, stores nothing and
  // names it. Otherwise stores all in one transaction and indexes them.
  // The region's districts (the gazetteer's district_ru): a regional
  // service's areas must be among them. Empty (the default): not checked.
  void SetAreas(std::vector<std::string> areas) { areas_ = std::move(areas); }
  const std::vector<std::string>& Areas() const { return areas_; }
  Status CheckAreas(const Service& s) const;
  Result<int> Import(const std::vector<Category>& categories, const std::vector<Service>& services);

  // Adds or replaces categories by slug.
  Status SaveCategories(const std::vector<Category>& categories);

  // Loads every service from the repository into the index.
  Result<long long> RebuildIndex();

  // Re-reads these services (by seq) and indexes them as stored now: what
  // the change feed says another writer changed. Seqs no longer stored are
  // skipped.
  Status Refresh(const std::vector<long long>& seqs);
  // Forgets the categories read so far (they changed).
  void ForgetCategories();

  const Clock& clock() const { return clock_; }

  // Changes whenever a page listing services could change (the index or the
  // categories), except for clicks: what a cache of such pages keys on.
  std::vector<std::string> ServiceIds() const { return search_.ServiceIds(); }
  unsigned long long Generation() const {
    return search_.Generation() + categories_generation_.load();
  }

 private:
  std::vector<std::string> areas_;
  CatalogRepository& repo_;
  ServiceSearch& search_;
  const Clock& clock_;
  // Categories change only through Import (and later the editors' use
  // cases), so every page need not read them from storage.
  std::mutex categories_mu_;
  struct PendingClicks {
    std::string id;
    long long count = 0;
  };
  std::mutex clicks_mu_;
  std::unordered_map<long long, PendingClicks> pending_clicks_;               // by seq
  std::map<std::pair<std::string, std::string>, long long> pending_sources_;  // (month, source)
  std::shared_ptr<const std::vector<Category>> categories_;
  std::atomic<unsigned long long> categories_generation_{0};
};

}  // namespace doma::catalog
