#include "opendata/hsds.h"

#include <array>
#include <utility>

#include "core/clock.h"
#include "core/ids.h"
#include "core/text.h"

namespace doma::opendata {
namespace json = boost::json;

namespace {

struct Word {
  std::string_view code, ru, en;
};

constexpr std::array<Word, 8> kAudienceWords = {{
    {"everyone", "Все", "Everyone"},
    {"elderly", "Пожилые люди", "Elderly people"},
    {"families", "Семьи с детьми", "Families with children"},
    {"students", "Учащиеся и студенты", "Pupils and students"},
    {"job_seekers", "Ищущие работу", "Job seekers"},
    {"small_business", "Малый бизнес", "Small business"},
    {"nonprofits", "Некоммерческие организации", "Non-profits"},
    {"disabled", "Люди с инвалидностью", "People with disabilities"},
}};
constexpr std::array<Word, 6> kPlatformWords = {{
    {"web", "Сайт", "Website"},
    {"android", "Приложение для Android", "Android app"},
    {"ios", "Приложение для iOS", "iOS app"},
    {"phone", "По телефону", "By phone"},
    {"telegram", "Telegram", "Telegram"},
    {"other", "Другое", "Other"},
}};
constexpr std::array<Word, 4> kCostWords = {{
    {"free", "Бесплатно", "Free"},
    {"free_during_quarantine", "Бесплатно на время карантина", "Free during the quarantine"},
    {"discount", "Со скидкой", "Discounted"},
    {"paid", "Платно", "Paid"},
}};

constexpr std::string_view kCategories = "doma-categories";
constexpr std::string_view kAudiences = "doma-audiences";
constexpr std::string_view kPlatforms = "doma-platforms";

std::string TermUuid(std::string_view taxonomy, std::string_view code) {
  return ids::Uuid5("term:" + std::string(taxonomy) + ":" + std::string(code));
}

// Where the rows of one service take their ids from.
std::string RowUuid(std::string_view kind, const catalog::Service& s, std::string_view part) {
  return ids::Uuid5(std::string(kind) + ":" + s.uuid + ":" + std::string(part));
}

void PutIf(json::object& o, std::string_view key, const std::string& v) {
  if (!v.empty()) o[key] = v;
}

json::array Empty() { return json::array(); }

}  // namespace

std::string TaxonomyUuid(std::string_view code) {
  return ids::Uuid5("taxonomy:" + std::string(code));
}

std::string CategoryTermUuid(std::string_view slug) { return TermUuid(kCategories, slug); }

std::string HsdsStatus(std::string_view doma_status) {
  if (doma_status == "temporarily_closed") return "temporarily closed";
  // HSDS has no "not here": the service exists and is not available.
  if (doma_status == "unavailable_in_russia") return "inactive";
  return std::string(doma_status);
}

std::shared_ptr<const Snapshot> MakeSnapshot(std::vector<catalog::Service> services,
                                             const std::vector<catalog::Category>& categories,
                                             unsigned long long generation) {
  auto snap = std::make_shared<Snapshot>();
  snap->generation = generation;
  snap->taxonomies = {
      {TaxonomyUuid(kCategories), std::string(kCategories), "Категории портала «Дома»",
       "Doma's categories of online services: what a person needs, as the portal's home page "
       "groups it."},
      {TaxonomyUuid(kAudiences), std::string(kAudiences), "Для кого",
       "Who a service is for (Doma's audiences)."},
      {TaxonomyUuid(kPlatforms), std::string(kPlatforms), "Как пользоваться",
       "How a service is used: a website, an app, by phone (Doma's platforms)."},
  };
  for (std::size_t i = 0; i < snap->taxonomies.size(); ++i)
    snap->taxonomy_by_uuid[snap->taxonomies[i].uuid] = i;
  for (const auto& c : categories) {
    Term t{CategoryTermUuid(c.slug),
           c.slug,
           c.name_ru,
           c.name_en.empty() ? c.name_ru : c.name_en,
           c.parent.empty() ? "" : CategoryTermUuid(c.parent),
           snap->taxonomies[0].uuid};
    snap->category_term[c.slug] = t.uuid;
    snap->terms.push_back(std::move(t));
  }
  for (const auto& w : kAudienceWords) {
    snap->audience_term[std::string(w.code)] = TermUuid(kAudiences, w.code);
    snap->terms.push_back({TermUuid(kAudiences, w.code), std::string(w.code), std::string(w.ru),
                           std::string(w.en), "", snap->taxonomies[1].uuid});
  }
  for (const auto& w : kPlatformWords) {
    snap->platform_term[std::string(w.code)] = TermUuid(kPlatforms, w.code);
    snap->terms.push_back({TermUuid(kPlatforms, w.code), std::string(w.code), std::string(w.ru),
                           std::string(w.en), "", snap->taxonomies[2].uuid});
  }
  for (std::size_t i = 0; i < snap->terms.size(); ++i) snap->term_by_uuid[snap->terms[i].uuid] = i;

  snap->services = std::move(services);
  std::unordered_map<std::string, std::size_t> org_by_name;
  for (std::size_t i = 0; i < snap->services.size(); ++i) {
    const auto& s = snap->services[i];
    snap->service_by_uuid[s.uuid] = i;
    if (s.organization.name.empty()) continue;
    auto [it, added] = org_by_name.try_emplace(s.organization.name, snap->organizations.size());
    if (added) {
      snap->organizations.push_back({s.organization, {}});
      snap->organization_by_uuid[s.organization.uuid] = it->second;
    }
    snap->organizations[it->second].services.push_back(i);
  }
  return snap;
}

json::array PhonesJson(const catalog::Service& s) {
  json::array out;
  for (std::size_t i = 0; i < s.phones.size(); ++i) {
    const auto& p = s.phones[i];
    json::object o{{"id", RowUuid("phone", s, std::to_string(i))},
                   {"service_id", s.uuid},
                   {"number", p.number},
                   // HSDS's words for the line: an SMS number is "text".
                   {"type", p.kind == "sms" ? "text" : "voice"}};
    PutIf(o, "description", p.note);
    o["languages"] = Empty();
    o["attributes"] = Empty();
    o["metadata"] = Empty();
    out.push_back(std::move(o));
  }
  return out;
}

json::array ServiceAreasJson(const catalog::Service& s, const Publisher& publisher) {
  std::string region = publisher.region_name.empty() ? "Регион" : publisher.region_name;
  if (s.scope == "regional" && !s.service_areas.empty()) {
    json::array out;
    for (const auto& area : s.service_areas)
      out.push_back(json::object{{"id", RowUuid("service_area", s, "regional:" + area)},
                                 {"service_id", s.uuid},
                                 {"name", area + ", " + region},
                                 {"attributes", Empty()},
                                 {"metadata", Empty()}});
    return out;
  }
  std::string name;
  if (s.scope == "federal") {
    name = "Российская Федерация";
  } else if (s.scope == "international") {
    name = "Весь мир";
  } else {
    const std::string& local = !s.settlement.empty() ? s.settlement : s.district;
    name = local.empty() ? region : local + ", " + region;
  }
  return json::array{json::object{{"id", RowUuid("service_area", s, s.scope)},
                                  {"service_id", s.uuid},
                                  {"name", name},
                                  {"attributes", Empty()},
                                  {"metadata", Empty()}}};
}

json::array LanguagesJson(const catalog::Service& s) {
  static const std::unordered_map<std::string, std::string> kNames = {
      {"ru", "Русский"}, {"en", "English"}, {"fr", "Français"},  {"de", "Deutsch"},
      {"tt", "Татарча"}, {"cv", "Чӑвашла"}, {"uk", "Українська"}};
  json::array out;
  for (const auto& code : s.languages) {
    auto it = kNames.find(code);
    out.push_back(json::object{{"id", RowUuid("language", s, code)},
                               {"service_id", s.uuid},
                               {"name", it == kNames.end() ? code : it->second},
                               {"code", code},
                               {"attributes", Empty()},
                               {"metadata", Empty()}});
  }
  return out;
}

json::array CostOptionsJson(const catalog::Service& s) {
  json::object o{{"id", RowUuid("cost_option", s, s.cost)}, {"service_id", s.uuid}};
  for (const auto& w : kCostWords)
    if (w.code == s.cost) o["option"] = std::string(w.ru);
  if (s.cost == "free" || s.cost == "free_during_quarantine") {
    o["amount"] = 0;
    o["currency"] = "RUB";
  }
  PutIf(o, "amount_description", s.cost_note);
  o["attributes"] = Empty();
  o["metadata"] = Empty();
  return json::array{std::move(o)};
}

json::object TaxonomyJson(const Taxonomy& t, const Publisher& publisher) {
  return json::object{{"id", t.uuid},
                      {"name", t.name},
                      {"description", t.description},
                      {"uri", publisher.public_url + "/api/hsds/taxonomies/" + t.uuid},
                      {"version", "1"},
                      {"metadata", Empty()}};
}

json::object TermJson(const Snapshot& snap, const Term& t, bool with_taxonomy,
                      const Publisher& publisher) {
  json::object o{{"id", t.uuid},     {"code", t.code},
                 {"name", t.name},   {"description", t.description},
                 {"language", "ru"}, {"taxonomy_id", t.taxonomy_uuid}};
  PutIf(o, "parent_id", t.parent_uuid);
  if (auto it = snap.taxonomy_by_uuid.find(t.taxonomy_uuid); it != snap.taxonomy_by_uuid.end()) {
    o["taxonomy"] = snap.taxonomies[it->second].code;
    if (with_taxonomy) o["taxonomy_detail"] = TaxonomyJson(snap.taxonomies[it->second], publisher);
  }
  o["metadata"] = Empty();
  return o;
}

json::array AttributesJson(const Snapshot& snap, const catalog::Service& s, bool with_terms) {
  json::array out;
  auto add = [&](std::string_view link_type, const std::vector<std::string>& codes,
                 const std::unordered_map<std::string, std::string>& terms) {
    for (const auto& code : codes) {
      auto t = terms.find(code);
      if (t == terms.end()) continue;
      json::object o{{"id", RowUuid("attribute", s, std::string(link_type) + ":" + code)},
                     {"link_id", s.uuid},
                     {"taxonomy_term_id", t->second},
                     {"link_type", link_type},
                     {"link_entity", "service"},
                     {"value", code}};
      if (with_terms)
        o["taxonomy_term"] =
            TermJson(snap, snap.terms[snap.term_by_uuid.at(t->second)], false, Publisher{});
      o["metadata"] = Empty();
      out.push_back(std::move(o));
    }
  };
  add("category", s.categories, snap.category_term);
  add("audience", s.audiences, snap.audience_term);
  add("platform", s.platforms, snap.platform_term);
  return out;
}

namespace {

// Doma keeps no description of an organisation; HSDS requires one. What is
// true and useful: the services it provides here.
std::string OrganizationDescription(const Snapshot& snap, const catalog::Organization& o) {
  auto it = snap.organization_by_uuid.find(o.uuid);
  if (it == snap.organization_by_uuid.end()) return "Организация в каталоге портала «Дома».";
  const auto& services = snap.organizations[it->second].services;
  std::string out = "Сервисы в каталоге портала «Дома»: ";
  for (std::size_t i = 0; i < services.size() && i < 3; ++i)
    out += (i ? ", «" : "«") + snap.services[services[i]].name + "»";
  if (services.size() > 3) out += " и ещё " + std::to_string(services.size() - 3);
  return out + ".";
}

json::object OrganizationCore(const Snapshot& snap, const catalog::Organization& o) {
  json::object out{
      {"id", o.uuid}, {"name", o.name}, {"description", OrganizationDescription(snap, o)}};
  if (!o.website.empty()) out["website"] = text::UrlToAscii(o.website);
  return out;
}

}  // namespace

json::object ServiceJson(const Snapshot& snap, const catalog::Service& s, bool full,
                         const Publisher& publisher) {
  json::object o{{"id", s.uuid}};
  if (!s.organization.name.empty()) o["organization_id"] = s.organization.uuid;
  o["name"] = s.name;
  PutIf(o, "alternate_name", s.name_en);
  o["description"] = s.description;
  o["url"] = text::UrlToAscii(s.url);
  o["status"] = HsdsStatus(s.status);
  PutIf(o, "application_process", s.how_to_apply);
  PutIf(o, "fees_description", s.cost_note);
  if (s.min_age) o["minimum_age"] = *s.min_age;
  if (s.max_age) o["maximum_age"] = *s.max_age;
  if (s.assured_at.size() >= 10) o["assured_date"] = s.assured_at.substr(0, 10);
  PutIf(o, "last_modified", s.updated_at);
  // An offer whose time has passed is not news (the card itself stays).
  std::string alert, today = SystemClock().Today();
  for (const auto& offer : s.offers)
    if (offer.Current(today))
      alert += (alert.empty() ? "" : "\n") + offer.text +
               (offer.valid_until.empty() ? "" : " (до " + offer.valid_until + ")");
  PutIf(o, "alert", alert);
  if (!s.organization.name.empty()) {
    json::object org = OrganizationCore(snap, s.organization);
    if (full) {
      for (const char* k : {"funding", "contacts", "phones", "locations", "programs",
                            "organization_identifiers", "attributes", "metadata"})
        org[k] = Empty();
    }
    o["organization"] = std::move(org);
  }
  if (!full) return o;
  o["phones"] = PhonesJson(s);
  o["schedules"] = Empty();
  o["service_areas"] = ServiceAreasJson(s, publisher);
  o["service_at_locations"] = Empty();
  o["languages"] = LanguagesJson(s);
  o["funding"] = Empty();
  o["cost_options"] = CostOptionsJson(s);
  o["required_documents"] = Empty();
  o["contacts"] = Empty();
  o["attributes"] = AttributesJson(snap, s, true);
  o["metadata"] = Empty();
  return o;
}

json::object OrganizationJson(const Snapshot& snap, const OrganizationEntry& e, bool with_services,
                              bool full_services, const Publisher& publisher) {
  json::object o = OrganizationCore(snap, e.organization);
  for (const char* k : {"funding", "contacts", "phones", "locations", "programs",
                        "organization_identifiers", "attributes", "metadata"})
    o[k] = Empty();
  if (with_services) {
    json::array services;
    for (std::size_t i : e.services) {
      json::object s = ServiceJson(snap, snap.services[i], full_services, publisher);
      s.erase("organization");  // it is the object around it
      services.push_back(std::move(s));
    }
    o["services"] = std::move(services);
  }
  return o;
}

}  // namespace doma::opendata
