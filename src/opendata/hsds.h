// The catalog as Open Referral HSDS 3.0 publishes it: services with their
// organisation, phones, service areas, languages, cost options and the
// taxonomy terms they are filed under. What Doma keeps maps onto the
// standard's objects as docs/open-data.md tables; nothing here is invented
// (no schedules or locations: Doma's services are online and by phone).
#pragma once

#include <boost/json.hpp>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/catalog/service.h"

namespace doma::opendata {

// Who publishes: shown in the datapackage and the service areas.
struct Publisher {
  std::string region_name;  // the area of "regional" services (the gazetteer's region)
  std::string public_url = "http://127.0.0.1:8080";
  std::string license_name = "Creative Commons Attribution 4.0";
  std::string license_id = "CC-BY-4.0";
  std::string license_url = "https://creativecommons.org/licenses/by/4.0/";
};

// A term of one of the three taxonomies Doma files services under.
struct Term {
  std::string uuid;
  std::string code;  // the category slug, audience or platform word
  std::string name, description;
  std::string parent_uuid;
  std::string taxonomy_uuid;
};

struct Taxonomy {
  std::string uuid, code, name, description;
};

struct OrganizationEntry {
  catalog::Organization organization;
  std::vector<std::size_t> services;  // positions in Snapshot::services
};

// Everything the HSDS API and the export publish, read at one moment.
struct Snapshot {
  std::vector<catalog::Service> services;  // by seq
  std::vector<OrganizationEntry> organizations;
  std::vector<Taxonomy> taxonomies;
  std::vector<Term> terms;
  std::unordered_map<std::string, std::size_t> service_by_uuid, organization_by_uuid,
      taxonomy_by_uuid, term_by_uuid;
  // category slug / audience / platform -> term uuid
  std::unordered_map<std::string, std::string> category_term, audience_term, platform_term;
  unsigned long long generation = 0;
};

std::shared_ptr<const Snapshot> MakeSnapshot(std::vector<catalog::Service> services,
                                             const std::vector<catalog::Category>& categories,
                                             unsigned long long generation);

// The taxonomies' fixed ids (ids::Uuid5 of their codes).
std::string TaxonomyUuid(std::string_view code);
std::string CategoryTermUuid(std::string_view slug);

// HSDS's status words for Doma's and back ("temporarily closed" with a space).
std::string HsdsStatus(std::string_view doma_status);

// One service: `full` with every nested array (the compiled service schema),
// otherwise as a list item (service_list: the service and its organisation).
boost::json::object ServiceJson(const Snapshot& snap, const catalog::Service& s, bool full,
                                const Publisher& publisher);
boost::json::object OrganizationJson(const Snapshot& snap, const OrganizationEntry& o,
                                     bool with_services, bool full_services,
                                     const Publisher& publisher);
boost::json::object TaxonomyJson(const Taxonomy& t, const Publisher& publisher);
boost::json::object TermJson(const Snapshot& snap, const Term& t, bool with_taxonomy,
                             const Publisher& publisher);

// The nested rows of a service as HSDS objects, each with its stable id
// (derived from the service's id and the row's place).
boost::json::array PhonesJson(const catalog::Service& s);
boost::json::array ServiceAreasJson(const catalog::Service& s, const Publisher& publisher);
boost::json::array LanguagesJson(const catalog::Service& s);
boost::json::array CostOptionsJson(const catalog::Service& s);
boost::json::array AttributesJson(const Snapshot& snap, const catalog::Service& s, bool with_terms);

}  // namespace doma::opendata
