#include "opendata/import.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/ids.h"
#include "core/text.h"
#include "domain/catalog/validation.h"
#include "domain/editorial/editorial.h"
#include "opendata/import_rules.h"

namespace doma::opendata {
namespace json = boost::json;

namespace {

// The category a term maps to: the mapping file, Doma's own taxonomy (its
// export read back), or a category whose slug or name the term carries.
std::string CategoryFor(const Row& term, const std::vector<catalog::Category>& categories,
                        const ImportOptions& o) {
  for (const auto& key : {Get(term, "id"), Get(term, "code")}) {
    if (key.empty()) continue;
    if (auto it = o.term_to_category.find(key); it != o.term_to_category.end()) return it->second;
  }
  std::string code = Get(term, "code"), name = text::Fold(Get(term, "name"));
  for (const auto& c : categories) {
    if (c.archived) continue;
    if ((Get(term, "id") == CategoryTermUuid(c.slug)) || (!code.empty() && code == c.slug) ||
        (!name.empty() && (name == text::Fold(c.name_ru) || name == text::Fold(c.name_en))))
      return c.slug;
  }
  return "";
}

// The first sentence (or the first 300 characters) of a description.
std::string ShortOf(const std::string& description) {
  std::string d = description;
  while (!d.empty() && std::isspace(static_cast<unsigned char>(d.back()))) d.pop_back();
  for (std::size_t i = 0; i + 1 < d.size(); ++i)
    if ((d[i] == '.' || d[i] == '!' || d[i] == '?') && d[i + 1] == ' ' && i >= 20) {
      d.resize(i + 1);
      break;
    }
  if (text::Length(d) > 300) d = text::Truncate(d, 299) + "…";
  return d;
}

bool HasCyrillic(std::string_view s) {
  for (char32_t c : text::Decode(s))
    if (c >= U'Ѐ' && c <= U'ӿ') return true;
  return false;
}

std::string Trimmed(std::string v) {
  auto junk = [](char c) { return c == '"' || std::isspace(static_cast<unsigned char>(c)); };
  while (!v.empty() && junk(v.back())) v.pop_back();
  std::size_t b = 0;
  while (b < v.size() && junk(v[b])) ++b;
  return v.substr(b);
}

struct Indexed {
  std::unordered_map<std::string, const Row*> organizations, terms;
  std::unordered_map<std::string, std::vector<const Row*>> by_service[5];  // phones … attributes
};

catalog::Service MapService(const Row& r, const Indexed& ix,
                            const std::vector<catalog::Category>& categories,
                            const ImportOptions& o, std::vector<std::string>& unmapped_terms) {
  catalog::Service s;
  s.uuid = Get(r, "id");
  s.name = Trimmed(Get(r, "name"));
  std::string alt = Get(r, "alternate_name");
  if (!alt.empty() && HasCyrillic(s.name) && !HasCyrillic(alt)) s.name_en = alt;
  s.description = Get(r, "description");
  while (!s.description.empty() && std::isspace(static_cast<unsigned char>(s.description.back())))
    s.description.pop_back();
  if (s.description.empty()) s.description = s.name;
  s.short_description = ShortOf(s.description);
  s.url = Get(r, "url");
  if (auto org = ix.organizations.find(Get(r, "organization_id")); org != ix.organizations.end()) {
    s.organization = {Trimmed(Get(*org->second, "name")), Get(*org->second, "website"),
                      Get(*org->second, "id")};
    if (s.url.empty()) s.url = s.organization.website;
  }
  std::string status = Get(r, "status");
  s.status = status == "temporarily closed" || status == "inactive" ? "temporarily_closed"
             : status == "defunct"                                  ? "defunct"
                                                                    : "active";
  s.how_to_apply = Get(r, "application_process");
  s.cost_note = Get(r, "fees_description");
  if (s.cost_note.empty()) s.cost_note = Get(r, "fees");
  auto age = [&](std::string_view k) -> std::optional<int> {
    std::string v = Get(r, k);
    double d = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
    if (v.empty() || ec != std::errc() || p != v.data() + v.size()) return std::nullopt;
    // Out of any age (1e10, inf): a value the catalog's own check refuses.
    if (!(d >= -1 && d <= 1000)) return -1;
    return static_cast<int>(d);
  };
  s.min_age = age("minimum_age");
  s.max_age = age("maximum_age");
  if (std::string d = Get(r, "assured_date"); d.size() >= 10 && catalog::IsIsoDate(d.substr(0, 10)))
    s.assured_at = d.substr(0, 10) + "T00:00:00Z";

  auto rows = [&](int table) -> const std::vector<const Row*>& {
    static const std::vector<const Row*> kNone;
    auto it = ix.by_service[table].find(s.uuid);
    return it == ix.by_service[table].end() ? kNone : it->second;
  };
  for (const Row* p : rows(0)) {
    std::string type = text::Fold(Get(*p, "type"));
    if (type == "fax") continue;  // not a line a person can call
    s.phones.push_back({Trimmed(Get(*p, "number")),
                        type == "text" || type == "sms" ? "sms" : "info", Get(*p, "description")});
  }
  s.scope = o.default_scope;
  for (const Row* a : rows(1)) {
    std::string name = text::Fold(Get(*a, "name"));
    if (name == "российская федерация" || name == "россия" || name == "russia" ||
        name == "russian federation")
      s.scope = "federal";
    else if (name == "весь мир" || name == "world" || name == "worldwide")
      s.scope = "international";
  }
  // Languages by their code, or (older layouts) by a name Doma knows.
  static const std::map<std::string, std::string, std::less<>> kCodes = {
      {"english", "en"}, {"russian", "ru"},   {"русский", "ru"}, {"spanish", "es"},
      {"french", "fr"},  {"german", "de"},    {"chinese", "zh"}, {"ukrainian", "uk"},
      {"tatar", "tt"},   {"chuvash", "cv"},   {"arabic", "ar"},  {"korean", "ko"},
      {"tagalog", "tl"}, {"vietnamese", "vi"}};
  for (const Row* l : rows(2)) {
    std::string code = text::Fold(Get(*l, "code"));
    if (code.empty())
      if (auto known = kCodes.find(text::Fold(Get(*l, "name"))); known != kCodes.end())
        code = known->second;
    if (!code.empty() &&
        std::find(s.languages.begin(), s.languages.end(), code) == s.languages.end())
      s.languages.push_back(code);
  }
  // Cost: free only where the data says so (an amount of 0, or our own word).
  bool any_paid = false, any_free = false;
  for (const Row* c : rows(3)) {
    std::string amount = Get(*c, "amount"), option = text::Fold(Get(*c, "option"));
    double value = 0;
    if (auto [end, ec] = std::from_chars(amount.data(), amount.data() + amount.size(), value);
        !amount.empty() && ec == std::errc() && end == amount.data() + amount.size())
      (value > 0 ? any_paid : any_free) = true;
    if (option.find("бесплатно") != std::string::npos || option == "free") any_free = true;
    if (s.cost_note.empty()) s.cost_note = Get(*c, "amount_description");
  }
  s.cost = any_paid ? "paid" : any_free ? "free" : "paid";
  if (!any_paid && !any_free && s.cost_note.empty())
    s.cost_note = "Стоимость в исходных данных не указана: уточните у организации.";
  // Categories, audiences and platforms from the attributes' terms.
  for (const Row* a : rows(4)) {
    auto term = ix.terms.find(Get(*a, "taxonomy_term_id"));
    if (term == ix.terms.end()) continue;
    const Row& t = *term->second;
    std::string taxonomy = Get(t, "taxonomy"), code = Get(t, "code");
    auto add = [](std::vector<std::string>& v, const std::string& x) {
      if (!x.empty() && std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
    };
    if (Get(t, "taxonomy_id") == TaxonomyUuid("doma-audiences") &&
        catalog::IsOneOf(catalog::kAudiences, code)) {
      add(s.audiences, code);
    } else if (Get(t, "taxonomy_id") == TaxonomyUuid("doma-platforms") &&
               catalog::IsOneOf(catalog::kPlatforms, code)) {
      add(s.platforms, code);
    } else if (std::string slug = CategoryFor(t, categories, o); !slug.empty()) {
      add(s.categories, slug);
    } else {
      unmapped_terms.push_back(Get(t, "id"));
    }
    (void)taxonomy;
  }
  if (s.categories.empty() && !o.default_category.empty())
    s.categories.push_back(o.default_category);
  if (s.audiences.empty()) s.audiences.push_back("everyone");
  if (s.platforms.empty()) {
    if (!s.url.empty()) s.platforms.push_back("web");
    if (!s.phones.empty()) s.platforms.push_back("phone");
  }
  return s;
}

}  // namespace

namespace {

// Audiences, platforms and languages are sets: storage gives them back in its own order.
std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

bool SameContent(const catalog::Service& a, const catalog::Service& b) {
  auto phones = [](const catalog::Service& s) {
    std::vector<std::string> v;
    for (const auto& p : s.phones) v.push_back(p.number + "\x1f" + p.kind + "\x1f" + p.note);
    return v;
  };
  return a.uuid == b.uuid && a.name == b.name && a.name_en == b.name_en &&
         a.short_description == b.short_description && a.description == b.description &&
         a.url == b.url && a.organization.name == b.organization.name &&
         a.organization.website == b.organization.website && a.status == b.status &&
         a.scope == b.scope && a.categories == b.categories &&
         Sorted(a.audiences) == Sorted(b.audiences) && a.cost == b.cost &&
         a.cost_note == b.cost_note && Sorted(a.platforms) == Sorted(b.platforms) &&
         Sorted(a.languages) == Sorted(b.languages) && phones(a) == phones(b) &&
         a.min_age == b.min_age && a.max_age == b.max_age && a.how_to_apply == b.how_to_apply &&
         (a.assured_at.empty() || a.assured_at == b.assured_at);
}

std::string ProposalKey(const catalog::Service& s) {
  std::string all = s.uuid + "\x1e" + s.name + "\x1e" + s.description + "\x1e" + s.url + "\x1e" +
                    s.organization.name + "\x1e" + s.organization.website + "\x1e" + s.status +
                    "\x1e" + s.scope + "\x1e" + s.cost + "\x1e" + s.cost_note + "\x1e" +
                    s.how_to_apply;
  for (const auto* list : {&s.categories, &s.audiences, &s.platforms, &s.languages})
    for (const auto& x : Sorted(*list)) all += "\x1f" + x;
  for (const auto& p : s.phones) all += "\x1d" + p.number + "\x1f" + p.kind + "\x1f" + p.note;
  return "hsds:" + s.uuid + ":" + ids::Uuid5(all);
}

ImportPlan PlanImport(const HsdsInput& input, const Snapshot& current,
                      const std::vector<catalog::Category>& categories,
                      const ImportOptions& options) {
  ImportPlan plan;
  plan.notes = input.notes;
  for (const auto& [file, t] : input.tables)
    if (!t.rows.empty()) plan.rows[file] = t.rows.size();
  CheckRows(input, plan.problems);

  Indexed ix;
  static constexpr const char* kChildren[] = {"phones.csv", "service_areas.csv", "languages.csv",
                                              "cost_options.csv", "attributes.csv"};
  auto table = [&](const char* f) -> const Table* {
    auto it = input.tables.find(f);
    return it == input.tables.end() ? nullptr : &it->second;
  };
  if (auto t = table("organizations.csv"))
    for (const auto& r : t->rows) ix.organizations.try_emplace(Get(r, "id"), &r);
  if (auto t = table("taxonomy_terms.csv"))
    for (const auto& r : t->rows) ix.terms.try_emplace(Get(r, "id"), &r);
  for (int k = 0; k < 5; ++k)
    if (auto t = table(kChildren[k]))
      for (const auto& r : t->rows)
        ix.by_service[k][Get(r, k == 4 ? "link_id" : "service_id")].push_back(&r);

  std::unordered_set<std::string> bad;
  for (const auto& p : plan.problems)
    if (!p.service_uuid.empty()) bad.insert(p.service_uuid);
  // An organisation's problem is each of its services' problem.
  std::unordered_set<std::string> bad_orgs;
  if (auto t = table("organizations.csv"))
    for (const auto& p : plan.problems)
      if (p.where.starts_with("organizations.csv") || p.where.ends_with(".organization"))
        for (std::size_t i = 0; i < t->rows.size(); ++i)
          if (t->where[i] == p.where) bad_orgs.insert(Get(t->rows[i], "id"));

  std::set<std::string> taken;  // slugs in the catalog and given in this run
  for (const auto& s : current.services) taken.insert(s.id);
  std::unordered_set<std::string> unmapped_seen;
  const Table* services = table("services.csv");
  for (std::size_t i = 0; services && i < services->rows.size(); ++i) {
    const Row& r = services->rows[i];
    const std::string& where = services->where[i];
    std::string uuid = Get(r, "id");
    if (bad.contains(uuid) || bad_orgs.contains(Get(r, "organization_id"))) {
      ++plan.skipped;
      continue;
    }
    std::vector<std::string> unmapped;
    catalog::Service s = MapService(r, ix, categories, options, unmapped);
    for (const auto& u : unmapped)
      if (unmapped_seen.insert(u).second && s.categories.empty())
        plan.notes.push_back(fmt::format(
            "term {} maps to no category of Doma's (a mapping file: --write-mapping).", u));
    const catalog::Service* existing = nullptr;
    if (auto it = current.service_by_uuid.find(uuid); it != current.service_by_uuid.end())
      existing = &current.services[it->second];
    if (existing) {
      s.id = existing->id;
      if (s.assured_at.empty()) s.assured_at = existing->assured_at;
    } else if (options.publish) {
      std::string base = editorial::Slugify(s.name), slug = base;
      if (base == "propose" || base == "new") slug = base += "-service";
      for (int n = 2; taken.contains(slug); ++n) slug = fmt::format("{}-{}", base, n);
      s.id = slug;
    }
    // The rules the catalog keeps, checked now so that the report names the
    // row. A proposal may lack a category: the editor files it.
    catalog::Service checked = s;
    if (checked.id.empty()) checked.id = "proposal";
    if (!options.publish && checked.categories.empty() && !categories.empty())
      checked.categories.push_back(categories.front().slug);
    if (checked.categories.empty() && options.publish) {
      plan.problems.push_back(
          {where, "categories",
           "ни один термин не сопоставлен с категорией «Дома»: задайте --category или файл "
           "сопоставления (--mapping).",
           uuid});
      ++plan.skipped;
      continue;
    }
    if (auto v = catalog::ValidateService(checked, categories); !v) {
      plan.problems.push_back({where, v.error().field, v.error().public_message, uuid});
      ++plan.skipped;
      continue;
    }
    if (existing && SameContent(s, *existing)) {
      ++plan.unchanged;
      continue;
    }
    (existing ? plan.changed : plan.added) += 1;
    if (!s.id.empty()) taken.insert(s.id);
    plan.to_store.push_back(std::move(s));
  }
  // Doma knows an organisation by its name: an id the data gives that is
  // another organisation's here (or, within the data, another name's) is
  // not kept; the organisation gets the id derived from its name.
  std::unordered_map<std::string, std::string> org_names;  // uuid -> name
  for (const auto& o : current.organizations) org_names[o.organization.uuid] = o.organization.name;
  for (auto& s : plan.to_store) {
    auto& org = s.organization;
    if (org.name.empty()) continue;
    auto [it, added] = org_names.try_emplace(org.uuid, org.name);
    if (!added && it->second != org.name) {
      plan.notes.push_back(fmt::format("organisation «{}»: id {} is «{}»'s here; given its own.",
                                       org.name, org.uuid, it->second));
      org.uuid = catalog::OrganizationUuid(org.name);
      org_names.try_emplace(org.uuid, org.name);
    }
  }
  if (!plan.problems.empty() && !options.skip_invalid) {
    plan.to_store.clear();
    plan.added = plan.changed = 0;
  }
  return plan;
}

std::string MappingTemplate(const HsdsInput& input,
                            const std::vector<catalog::Category>& categories,
                            const ImportOptions& options) {
  json::object terms;
  if (auto it = input.tables.find("taxonomy_terms.csv"); it != input.tables.end())
    for (const auto& r : it->second.rows)
      terms[Get(r, "id")] = json::object{{"code", Get(r, "code")},
                                         {"name", Get(r, "name")},
                                         {"taxonomy", Get(r, "taxonomy")},
                                         {"category", CategoryFor(r, categories, options)}};
  json::array slugs;
  for (const auto& c : categories)
    if (!c.archived) slugs.emplace_back(c.slug);
  return json::serialize(json::object{{"default_category", options.default_category},
                                      {"categories", std::move(slugs)},
                                      {"terms", std::move(terms)}});
}

Status ReadMapping(const std::string& text, ImportOptions& options) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object())
    return Fail(Error::Invalid("mapping", "Файл сопоставления — не объект JSON."));
  const auto& o = v.get_object();
  if (auto d = o.find("default_category");
      d != o.end() && d->value().is_string() && options.default_category.empty())
    options.default_category = std::string(d->value().get_string());
  if (auto t = o.find("terms"); t != o.end() && t->value().is_object()) {
    for (const auto& [id, entry] : t->value().get_object()) {
      std::string slug;
      if (entry.is_string())
        slug = std::string(entry.get_string());
      else if (entry.is_object() && entry.get_object().contains("category") &&
               entry.get_object().at("category").is_string())
        slug = std::string(entry.get_object().at("category").get_string());
      if (!slug.empty()) options.term_to_category[std::string(id)] = slug;
    }
  }
  return {};
}

}  // namespace doma::opendata
