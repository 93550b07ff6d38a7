// The catalog's entities, after Open Referral HSDS 3.0 (service, organization,
// phone, taxonomy), reduced to what a regional portal needs.
#pragma once

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace doma::catalog {

// The closed vocabularies. Each list is the single source of the allowed
// string values; storage CHECK constraints and the OpenAPI enums mirror them.
// unavailable_in_russia: the service works elsewhere but not for a resident
// here (it left the country, or is blocked); like defunct, it is kept with
// its note but listed and found only by its own name.
inline constexpr std::array<std::string_view, 4> kStatuses = {"active", "temporarily_closed",
                                                              "unavailable_in_russia", "defunct"};
// offer: the card is a time-limited offer and nothing more; it leaves lists
// and search when its last offer ends. A service's own offers just leave it.
inline constexpr std::array<std::string_view, 2> kKinds = {"service", "offer"};
inline constexpr std::array<std::string_view, 3> kScopes = {"regional", "federal", "international"};
inline constexpr std::array<std::string_view, 8> kAudiences = {
    "everyone",    "elderly",        "families",   "students",
    "job_seekers", "small_business", "nonprofits", "disabled"};
inline constexpr std::array<std::string_view, 4> kCosts = {"free", "free_during_quarantine",
                                                           "discount", "paid"};
inline constexpr std::array<std::string_view, 6> kPlatforms = {"web",   "android",  "ios",
                                                               "phone", "telegram", "other"};
inline constexpr std::array<std::string_view, 4> kPhoneKinds = {"hotline", "info", "sms", "other"};

template <std::size_t N>
bool IsOneOf(const std::array<std::string_view, N>& set, std::string_view v) {
  for (auto s : set)
    if (s == v) return true;
  return false;
}

struct Organization {
  std::string name;
  std::string website;  // may be empty
  // Its HSDS id: the one it came with from an import, else derived from the
  // name (OrganizationUuid); stored with it either way.
  std::string uuid;
};

struct Phone {
  std::string number;
  std::string kind;  // kPhoneKinds
  std::string note;
};

struct Offer {
  std::string text;
  std::string valid_until;  // ISO date "YYYY-MM-DD"; empty = no end
  // Still on at the region's date `today` (the end date is the last day).
  bool Current(std::string_view today) const { return valid_until.empty() || valid_until >= today; }
};

// Where a card's facts were confirmed: a public page, and what it shows.
struct Source {
  std::string url;
  std::string note;
};

struct Service {
  std::string id;  // stable slug, used in URLs
  // Its HSDS id (open data): the one it came with from an import, else
  // derived from the slug (ServiceUuid) when first stored; never changes.
  std::string uuid;
  std::string name;
  std::string name_en;
  std::string short_description;
  std::string description;
  std::string description_en;
  std::string url;
  Organization organization;
  std::string status = "active";
  std::string status_note;  // why closed or unavailable; shown on the card
  std::string ended_at;     // defunct: since when, "YYYY", "YYYY-MM" or a date
  std::string kind = "service";
  std::string scope;
  std::string district;    // regional only
  std::string settlement;  // regional only
  // Regional only: the gazetteer's districts (district_ru) it reaches;
  // empty = the whole region. Federal and international reach all.
  std::vector<std::string> service_areas;
  std::vector<std::string> categories;  // category slugs
  std::vector<std::string> audiences;
  std::string cost;
  std::string cost_note;
  std::vector<std::string> platforms;
  std::vector<std::string> languages;
  std::vector<Phone> phones;
  std::optional<int> min_age;
  std::optional<int> max_age;
  std::string how_to_apply;
  std::vector<Offer> offers;  // time-limited terms, in the editor's order
  std::vector<Source> sources;
  bool featured = false;
  std::string assured_at;  // ISO date its facts were last confirmed; empty = never
  std::string created_at;
  std::string updated_at;
  long long clicks = 0;

  // Internal sequence number; the search index uses it as its document id.
  long long seq = 0;

  // An offer-only card whose offers have all ended: it leaves lists and
  // search (the card itself stays reachable by its address).
  bool OfferEnded(std::string_view today) const {
    if (kind != "offer") return false;
    for (const auto& o : offers)
      if (o.Current(today)) return false;
    return true;
  }
  // Defunct and unavailable services are kept but not listed.
  bool Unlisted() const { return status == "defunct" || status == "unavailable_in_russia"; }
  // The last day any offer is on: "" when one has no end (or there is none).
  std::string OffersEnd() const {
    std::string last;
    for (const auto& o : offers) {
      if (o.valid_until.empty()) return "";
      last = std::max(last, o.valid_until);
    }
    return last;
  }
};

// The derived HSDS ids (ids::Uuid5 of a prefixed name): what a service or an
// organisation without an imported id is published under.
std::string ServiceUuid(std::string_view slug);
std::string OrganizationUuid(std::string_view name);

struct Category {
  std::string slug;
  std::string parent;  // empty for a top-level group
  std::string name_ru;
  std::string name_en;
  int position = 0;
  // An archived category is kept for history but offered nowhere: no list,
  // filter or form shows it, and no service may be put into it.
  bool archived = false;
};

}  // namespace doma::catalog
