// What the catalog needs from storage. Implemented once over SQLite and
// PostgreSQL (storage/sql); the same test suite runs against each.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "domain/catalog/service.h"

namespace doma::catalog {

// Clicks out in one month ("2026-12") that came from one source (a poster's
// QR code, a share link, the widget: outreach::kSources; "" = directly).
struct SourceClicks {
  std::string month, source;
  long long clicks = 0;
};

// How many services (not defunct) a category holds in one scope, and how
// many of them were added since a date.
struct CategoryScopeCount {
  std::string category, scope;
  long long services = 0, added = 0;
};

// One offer still on, with the service it belongs to.
struct CurrentOffer {
  std::string service_id, service_name, text, valid_until;  // valid_until "" = no end
  std::vector<std::string> audiences;
};

class CatalogRepository {
 public:
  virtual ~CatalogRepository() = default;

  virtual Result<std::vector<Category>> ListCategories() = 0;
  // Inserts or replaces categories by slug (seed data).
  virtual Status UpsertCategories(const std::vector<Category>& categories) = 0;

  // nullopt when absent.
  virtual Result<std::optional<Service>> FindService(const std::string& id) = 0;
  // The services with these seqs that are stored, ordered by seq.
  virtual Result<std::vector<Service>> FindServicesBySeq(const std::vector<long long>& seqs) = 0;
  // Every service, all statuses, ordered by seq (used to build the index).
  virtual Result<std::vector<Service>> ListAllServices() = 0;

  // Inserts each new service or replaces the one with the same id, in one
  // transaction: all of them with their child rows, or nothing. Keeps
  // created_at and clicks of existing ones. Returns the stored services (with
  // seq and timestamps), in the order given.
  virtual Result<std::vector<Service>> UpsertServices(const std::vector<Service>& services,
                                                      const std::string& now_iso) = 0;

  // Adds each count to its service's clicks and each source's count to its
  // month, in one transaction; an id no longer in the catalog is skipped.
  virtual Status AddClicks(const std::vector<std::pair<std::string, long long>>& counts,
                           const std::vector<SourceClicks>& by_source) = 0;
  // Clicks out per month and source from `since_month` on, oldest first.
  virtual Result<std::vector<SourceClicks>> ListSourceClicks(const std::string& since_month) = 0;
  // Services per category and scope (defunct ones left out), with how many
  // were created at or after `added_since` (ISO); category "" counts each
  // service once, whatever its categories. Ordered by category and scope.
  virtual Result<std::vector<CategoryScopeCount>> CountByCategory(
      const std::string& added_since) = 0;

  virtual Result<long long> CountServices() = 0;

  // The offers on at `today` (ISO date) of listed services (not defunct or
  // unavailable), the soonest to end first, those without an end last.
  virtual Result<std::vector<CurrentOffer>> ListCurrentOffers(const std::string& today) = 0;

  // A number that changes with every write to what the search index holds
  // (services, their categories, audiences, platforms, organisations,
  // categories), whatever wrote it; clicks do not change it.
  virtual Result<long long> CatalogVersion() = 0;

  // (seq, clicks) of every service.
  virtual Result<std::vector<std::pair<long long, long long>>> AllClicks() = 0;
};

}  // namespace doma::catalog
