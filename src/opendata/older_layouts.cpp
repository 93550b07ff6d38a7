// Older layouts many directories still publish, read as HSDS 3.0:
// - HSDS 1.x: organizations.url, service_areas.service_area,
//   languages.language, taxonomy.csv and services_taxonomy.csv (or
//   service_taxonomy.csv), services.taxonomy_ids;
// - HSDS 2.0: taxonomy_terms.term and service_attributes.csv;
// - the Ohana API's CSV: services tied to a location (locations.csv gives
//   the organisation), website, comma-separated languages, service_areas and
//   taxonomy_ids, phones.number_type.
// Their ids are any text; 3.0's are UUIDs: each becomes ids::Uuid5 of its
// table and original id, the same for the row and for every reference to it,
// so that a second import of the same data finds the same services.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "core/ids.h"
#include "core/text.h"
#include "opendata/import.h"
#include "opendata/import_rules.h"

namespace doma::opendata {
namespace {

enum class Layout { kHsds3, kHsdsOlder, kOhana };

bool HasColumn(const std::map<std::string, Table>& raw, const std::string& file,
               std::string_view column) {
  auto it = raw.find(file);
  if (it == raw.end()) return false;
  for (const auto& r : it->second.rows)
    if (r.contains(column)) return true;
  return false;
}

Layout Detect(const std::map<std::string, Table>& raw) {
  if (HasColumn(raw, "services.csv", "location_id") &&
      !HasColumn(raw, "services.csv", "organization_id"))
    return Layout::kOhana;
  for (const char* f :
       {"services_taxonomy.csv", "service_taxonomy.csv", "service_attributes.csv", "taxonomy.csv"})
    if (raw.contains(f)) return Layout::kHsdsOlder;
  if ((HasColumn(raw, "organizations.csv", "url") &&
       !HasColumn(raw, "organizations.csv", "website")) ||
      HasColumn(raw, "service_areas.csv", "service_area") ||
      HasColumn(raw, "taxonomy_terms.csv", "term") ||
      HasColumn(raw, "services.csv", "taxonomy_ids"))
    return Layout::kHsdsOlder;
  return Layout::kHsds3;
}

void Rename(Table& t, std::string_view from, std::string_view to) {
  for (auto& r : t.rows) {
    auto it = r.find(from);
    if (it == r.end()) continue;
    if (!r.contains(to) || r[std::string(to)].empty()) r[std::string(to)] = it->second;
    r.erase(it);
  }
}

std::vector<std::string> CommaList(const std::string& v) {
  std::vector<std::string> out;
  for (auto piece : text::Split(v, ',')) {
    std::string s(piece);
    while (!s.empty() && s.front() == ' ') s.erase(0, 1);
    while (!s.empty() && s.back() == ' ') s.pop_back();
    if (!s.empty()) out.push_back(s);
  }
  return out;
}

// Appends a row to `file`, made for the row `from` of another table.
void Derived(std::map<std::string, Table>& raw, const std::string& file, Row row,
             const std::string& where) {
  Table& t = raw[file];
  t.rows.push_back(std::move(row));
  t.where.push_back(where);
}

// The table each id column names, whatever table it is in.
std::string TargetOf(const std::string& file, const std::string& column) {
  if (column == "id") return file;
  if (column == "service_id" || column == "link_id") return "services.csv";
  if (column == "organization_id" || column == "parent_organization_id") return "organizations.csv";
  if (column == "taxonomy_term_id") return "taxonomy_terms.csv";
  if (column == "parent_id" && file == "taxonomy_terms.csv") return "taxonomy_terms.csv";
  if (column == "taxonomy_id" && file == "taxonomy_terms.csv") return "taxonomies.csv";
  if (column == "location_id") return "locations.csv";
  if (column == "program_id") return "programs.csv";
  if (column == "contact_id") return "contacts.csv";
  if (column == "phone_id") return "phones.csv";
  if (column == "service_at_location_id") return "service_at_location.csv";
  return "";
}

// Older ids are unique only within one directory ("1", "s1"): each becomes a
// UUID of what identifies the row beyond it, so that two directories that
// both number from 1 do not meet, and the same directory read again gives
// the same UUIDs. An organisation is its name (as Doma keys it); a service,
// its organisation's name and its id; a term, its taxonomy, id and name; any
// other row, its service's UUID and its id.
void MakeUuids(std::map<std::string, Table>& raw) {
  std::map<std::string, std::map<std::string, std::string>> uuid_of;  // file -> old id -> uuid
  auto own = [&](const std::string& file, const Row& r, const std::string& anchor) {
    std::string id = Get(r, "id");
    if (!id.empty() && !ids::IsUuid(id)) uuid_of[file][id] = ids::Uuid5(anchor);
  };
  std::map<std::string, std::string> org_name;
  for (const auto& r : raw["organizations.csv"].rows) {
    org_name[Get(r, "id")] = Get(r, "name");
    own("organizations.csv", r, "organization:" + Get(r, "name"));
  }
  for (const auto& r : raw["services.csv"].rows)
    own("services.csv", r,
        "legacy:service:" + org_name[Get(r, "organization_id")] + ":" + Get(r, "id"));
  for (const auto& r : raw["taxonomy_terms.csv"].rows)
    own("taxonomy_terms.csv", r,
        "legacy:term:" + Get(r, "taxonomy") + ":" + Get(r, "id") + ":" + Get(r, "name"));
  auto mapped = [&](const std::string& file, const std::string& value) {
    auto t = uuid_of.find(file);
    if (t != uuid_of.end())
      if (auto it = t->second.find(value); it != t->second.end()) return it->second;
    return ids::Uuid5("legacy:" + file + ":" + value);
  };
  for (auto& [file, t] : raw) {
    if (file == "organizations.csv" || file == "services.csv" || file == "taxonomy_terms.csv")
      continue;
    for (const auto& r : t.rows) {
      std::string service = Get(r, file == "attributes.csv" ? "link_id" : "service_id");
      own(file, r,
          "legacy:" + file + ":" + (service.empty() ? "" : mapped("services.csv", service)) + ":" +
              Get(r, "id"));
    }
  }
  for (auto& [file, t] : raw) {
    for (auto& r : t.rows) {
      for (auto& [column, value] : r) {
        if (value.empty() || ids::IsUuid(value)) continue;
        std::string target = TargetOf(file, column);
        if (!target.empty()) value = mapped(target, value);
      }
    }
  }
}

void FromHsdsOlder(std::map<std::string, Table>& raw) {
  Rename(raw["organizations.csv"], "url", "website");
  Rename(raw["service_areas.csv"], "service_area", "name");
  for (auto& r : raw["languages.csv"].rows) {
    std::string v = Get(r, "language");
    bool code = v.size() >= 2 && v.size() <= 3 &&
                std::all_of(v.begin(), v.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    if (!v.empty()) r[code ? "code" : "name"] = v;
    r.erase("language");
  }
  // 1.x: taxonomy.csv is the terms; 2.0: taxonomy_terms.term is the name.
  if (auto it = raw.find("taxonomy.csv"); it != raw.end()) {
    for (std::size_t i = 0; i < it->second.rows.size(); ++i) {
      const Row& r = it->second.rows[i];
      Row term{{"id", Get(r, "id")},
               {"name", Get(r, "name")},
               {"parent_id", Get(r, "parent_id")},
               {"taxonomy", Get(r, "vocabulary")}};
      Derived(raw, "taxonomy_terms.csv", std::move(term), it->second.where[i]);
    }
    raw.erase("taxonomy.csv");
  }
  Rename(raw["taxonomy_terms.csv"], "term", "name");
  for (const char* links :
       {"services_taxonomy.csv", "service_taxonomy.csv", "service_attributes.csv"}) {
    auto it = raw.find(links);
    if (it == raw.end()) continue;
    const char* term_column =
        std::string_view(links) == "service_attributes.csv" ? "taxonomy_term_id" : "taxonomy_id";
    for (std::size_t i = 0; i < it->second.rows.size(); ++i) {
      const Row& r = it->second.rows[i];
      Derived(raw, "attributes.csv",
              {{"id", Get(r, "id")},
               {"link_id", Get(r, "service_id")},
               {"taxonomy_term_id", Get(r, term_column)},
               {"link_type", "service_taxonomy"},
               {"link_entity", "service"}},
              it->second.where[i]);
    }
    raw.erase(it);
  }
}

// An Ohana service belongs to a location; the location, to an organisation.
void FromOhana(std::map<std::string, Table>& raw) {
  std::map<std::string, std::string> org_of_location;
  for (const auto& r : raw["locations.csv"].rows)
    org_of_location[Get(r, "id")] = Get(r, "organization_id");
  std::map<std::string, std::vector<std::string>> services_at;
  Table& services = raw["services.csv"];
  for (std::size_t i = 0; i < services.rows.size(); ++i) {
    Row& r = services.rows[i];
    const std::string id = Get(r, "id"), where = services.where[i];
    r["organization_id"] = org_of_location[Get(r, "location_id")];
    services_at[Get(r, "location_id")].push_back(id);
    if (!r.contains("url")) r["url"] = Get(r, "website");
    std::size_t n = 0;
    for (const auto& area : CommaList(Get(r, "service_areas")))
      Derived(raw, "service_areas.csv",
              {{"id", fmt::format("{}:area:{}", id, n++)}, {"service_id", id}, {"name", area}},
              where);
    for (const auto& language : CommaList(Get(r, "languages")))
      Derived(
          raw, "languages.csv",
          {{"id", fmt::format("{}:language:{}", id, n++)}, {"service_id", id}, {"name", language}},
          where);
    for (const auto& term : CommaList(Get(r, "taxonomy_ids")))
      Derived(raw, "attributes.csv",
              {{"id", fmt::format("{}:term:{}", id, n++)},
               {"link_id", id},
               {"taxonomy_term_id", term},
               {"link_entity", "service"}},
              where);
    for (const char* k : {"website", "service_areas", "languages", "taxonomy_ids"}) r.erase(k);
  }
  // A location's phone is a phone of each service there.
  Table phones = std::move(raw["phones.csv"]);
  raw["phones.csv"] = Table{};
  for (std::size_t i = 0; i < phones.rows.size(); ++i) {
    Row r = phones.rows[i];
    std::string type = Get(r, "number_type");
    r["type"] = type == "sms" ? "text" : type == "fax" ? "fax" : "voice";
    std::string description = Get(r, "department");
    if (!description.empty()) r["description"] = description;
    for (const char* k : {"number_type", "department", "country_prefix", "vanity_number"})
      r.erase(k);
    if (!Get(r, "service_id").empty()) {
      Derived(raw, "phones.csv", r, phones.where[i]);
    } else if (auto at = services_at.find(Get(r, "location_id"));
               at != services_at.end() && !Get(r, "location_id").empty()) {
      for (const auto& service : at->second) {
        Row copy = r;
        copy["service_id"] = service;
        copy["id"] = Get(r, "id") + ":" + service;
        Derived(raw, "phones.csv", std::move(copy), phones.where[i]);
      }
    }
  }
  if (auto it = raw.find("taxonomy.csv"); it != raw.end()) {
    Rename(it->second, "taxonomy_id", "id");
    FromHsdsOlder(raw);
  }
}

}  // namespace

HsdsInput FromTables(std::map<std::string, Table> raw) {
  HsdsInput in;
  Layout layout = Detect(raw);
  if (layout != Layout::kHsds3) {
    if (layout == Layout::kOhana)
      FromOhana(raw);
    else
      FromHsdsOlder(raw);
    MakeUuids(raw);
    // Older layouts did not ask every organisation for a description.
    for (auto& r : raw["organizations.csv"].rows)
      if (Get(r, "description").empty()) r["description"] = Get(r, "name");
    for (auto& r : raw["taxonomy_terms.csv"].rows)
      if (Get(r, "description").empty()) r["description"] = Get(r, "name");
    in.notes.push_back(
        layout == Layout::kOhana
            ? "layout: the Ohana API's CSV, read as HSDS 3.0 (ids: UUIDs made from the originals)."
            : "layout: HSDS 1.x/2.0, read as HSDS 3.0 (ids: UUIDs made from the originals).");
  }
  for (const auto& spec : TableSpecs()) in.tables[std::string(spec.file)].spec = &spec;
  for (auto& [file, table] : raw) {
    const TableSpec* spec = FindTable(file);
    if (!spec) {
      if (!table.rows.empty())
        in.notes.push_back(
            fmt::format("{}: {} row(s) not imported (Doma lists online services and phones).", file,
                        table.rows.size()));
      continue;
    }
    in.tables[file] = std::move(table);
    in.tables[file].spec = spec;
  }
  return in;
}

}  // namespace doma::opendata
