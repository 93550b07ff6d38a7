// The search engine as the domain sees it: no Xapian types here.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "domain/catalog/service.h"

namespace doma::catalog {

enum class Sort { kRelevance, kNewest, kPopularity };

struct SearchRequest {
  std::string text;                                       // as typed; may be empty (browse)
  std::string category, scope, audience, cost, platform;  // empty = any
  Sort sort = Sort::kRelevance;
  int page = 1;       // 1-based
  int per_page = 20;  // 1..100
  std::string today;  // ISO date; offers valid before it are hidden
  // A place: only what reaches it (regional services for its district, all
  // federal and international ones). The caller resolves the gazetteer's
  // place to its district (district_ru); empty = anywhere.
  std::string place_district;
};

// What a result list shows; never personal data.
struct ServiceSummary {
  std::string id, name, short_description, url, scope, status, cost, settlement;
  std::vector<std::string> categories, audiences, platforms;
  std::string created_at, updated_at;
};

// facet name ("category", "scope", ...) -> value -> count
using Facets = std::map<std::string, std::map<std::string, long long>>;

struct SearchResponse {
  std::vector<ServiceSummary> items;
  long long total = 0;
  // Set when the literal query found (almost) nothing and a corrected form
  // (spelling, keyboard layout, transliteration) was used instead.
  std::optional<std::string> corrected_query;
  // Set when no service has every word: the results have every word but
  // this one (the rarest), and the person is told so.
  std::optional<std::string> missing_word;
  Facets facets;
  // Services that are not listed (closed, or unavailable here) whose names
  // have every word of the query: shown apart, with their status.
  std::vector<ServiceSummary> unlisted;
};

class ServiceSearch {
 public:
  virtual ~ServiceSearch() = default;
  virtual Result<SearchResponse> Search(const SearchRequest& request) = 0;
  // Adds or replaces these services in one commit.
  virtual Status Index(const std::vector<Service>& services,
                       const std::vector<Category>& categories) = 0;
  virtual bool Ready() const = 0;
  virtual long long DocumentCount() = 0;
  virtual void SetClicks(long long seq, long long clicks) = 0;
  // Changes whenever what a search may return changes (not with clicks).
  virtual unsigned long long Generation() const = 0;
  // Every indexed service's id, in catalog order (to render their cards
  // before anyone asks). An engine that cannot list them returns none.
  virtual std::vector<std::string> ServiceIds() const { return {}; }
};

}  // namespace doma::catalog
