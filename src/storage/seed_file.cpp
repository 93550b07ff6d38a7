#include "storage/seed_file.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace doma::storage {
namespace json = boost::json;
namespace fs = std::filesystem;
using catalog::Category;
using catalog::Service;

namespace {

std::string Str(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_string()) return {};
  return std::string(it->value().get_string());
}

std::vector<std::string> StrList(const json::object& o, std::string_view key) {
  std::vector<std::string> out;
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_array()) return out;
  for (const auto& v : it->value().get_array())
    if (v.is_string()) out.emplace_back(v.get_string());
  return out;
}

std::optional<int> OptInt(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_int64()) return std::nullopt;
  return static_cast<int>(it->value().get_int64());
}

Result<Service> FromJson(const json::value& v) {
  if (!v.is_object()) return Fail(Error::Invalid("service", "Ожидался объект сервиса."));
  const auto& o = v.get_object();
  Service s;
  s.id = Str(o, "id");
  s.uuid = Str(o, "uuid");
  s.name = Str(o, "name");
  s.name_en = Str(o, "name_en");
  s.short_description = Str(o, "short_description");
  s.description = Str(o, "description");
  s.description_en = Str(o, "description_en");
  s.url = Str(o, "url");
  if (auto it = o.find("organization"); it != o.end() && it->value().is_object()) {
    s.organization = {Str(it->value().get_object(), "name"),
                      Str(it->value().get_object(), "website"),
                      Str(it->value().get_object(), "uuid")};
  }
  s.status = Str(o, "status");
  if (s.status.empty()) s.status = "active";
  s.scope = Str(o, "scope");
  s.district = Str(o, "district");
  s.settlement = Str(o, "settlement");
  s.categories = StrList(o, "categories");
  s.audiences = StrList(o, "audiences");
  s.cost = Str(o, "cost");
  s.cost_note = Str(o, "cost_note");
  s.platforms = StrList(o, "platforms");
  s.languages = StrList(o, "languages");
  if (auto it = o.find("phones"); it != o.end() && it->value().is_array()) {
    for (const auto& p : it->value().get_array()) {
      if (!p.is_object()) continue;
      const auto& po = p.get_object();
      s.phones.push_back({Str(po, "number"), Str(po, "kind").empty() ? "other" : Str(po, "kind"),
                          Str(po, "note")});
    }
  }
  s.min_age = OptInt(o, "min_age");
  s.max_age = OptInt(o, "max_age");
  s.how_to_apply = Str(o, "how_to_apply");
  // "offer": one offer, as files and proposals before offers were a list.
  if (auto it = o.find("offer"); it != o.end() && it->value().is_object())
    s.offers.push_back(
        {Str(it->value().get_object(), "text"), Str(it->value().get_object(), "valid_until")});
  if (auto it = o.find("offers"); it != o.end() && it->value().is_array())
    for (const auto& x : it->value().get_array())
      if (x.is_object())
        s.offers.push_back({Str(x.get_object(), "text"), Str(x.get_object(), "valid_until")});
  if (auto it = o.find("sources"); it != o.end() && it->value().is_array())
    for (const auto& x : it->value().get_array()) {
      if (x.is_string())
        s.sources.push_back({std::string(x.get_string()), ""});
      else if (x.is_object())
        s.sources.push_back({Str(x.get_object(), "url"), Str(x.get_object(), "note")});
    }
  s.kind = Str(o, "kind");
  if (s.kind.empty()) s.kind = "service";
  s.status_note = Str(o, "status_note");
  s.ended_at = Str(o, "ended_at");
  s.service_areas = StrList(o, "service_areas");
  if (auto it = o.find("featured"); it != o.end() && it->value().is_bool())
    s.featured = it->value().get_bool();
  s.assured_at = Str(o, "assured_at");
  return s;
}

Result<json::value> ReadJson(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return Fail(Error::Invalid("seed", fmt::format("cannot read {}", p.string())));
  std::stringstream ss;
  ss << in.rdbuf();
  boost::system::error_code ec;
  json::value v = json::parse(ss.str(), ec);
  if (ec)
    return Fail(
        Error::Invalid("seed", fmt::format("{}: invalid JSON ({})", p.string(), ec.message())));
  return v;
}

}  // namespace

Result<Service> ParseService(const std::string& json_text) {
  boost::system::error_code ec;
  json::value v = json::parse(json_text, ec);
  if (ec) return Fail(Error::Invalid("service", "неверный JSON"));
  return FromJson(v);
}

std::string ServiceToJson(const Service& s) {
  auto arr = [](const std::vector<std::string>& v) {
    json::array a;
    for (const auto& x : v) a.emplace_back(x);
    return a;
  };
  json::object o{{"id", s.id},
                 {"uuid", s.uuid},
                 {"name", s.name},
                 {"name_en", s.name_en},
                 {"short_description", s.short_description},
                 {"description", s.description},
                 {"description_en", s.description_en},
                 {"url", s.url},
                 {"organization", json::object{{"name", s.organization.name},
                                               {"website", s.organization.website},
                                               {"uuid", s.organization.uuid}}},
                 {"status", s.status},
                 {"status_note", s.status_note},
                 {"ended_at", s.ended_at},
                 {"kind", s.kind},
                 {"scope", s.scope},
                 {"service_areas", arr(s.service_areas)},
                 {"district", s.district},
                 {"settlement", s.settlement},
                 {"categories", arr(s.categories)},
                 {"audiences", arr(s.audiences)},
                 {"cost", s.cost},
                 {"cost_note", s.cost_note},
                 {"platforms", arr(s.platforms)},
                 {"languages", arr(s.languages)},
                 {"how_to_apply", s.how_to_apply},
                 {"featured", s.featured},
                 {"assured_at", s.assured_at}};
  json::array phones;
  for (const auto& p : s.phones)
    phones.push_back(json::object{{"number", p.number}, {"kind", p.kind}, {"note", p.note}});
  o["phones"] = std::move(phones);
  if (s.min_age) o["min_age"] = *s.min_age;
  if (s.max_age) o["max_age"] = *s.max_age;
  json::array offers, sources;
  for (const auto& x : s.offers)
    offers.push_back(json::object{{"text", x.text}, {"valid_until", x.valid_until}});
  for (const auto& x : s.sources) sources.push_back(json::object{{"url", x.url}, {"note", x.note}});
  o["offers"] = std::move(offers);
  o["sources"] = std::move(sources);
  return json::serialize(o);
}

Result<SeedCatalog> LoadSeedCatalog(const std::string& dir) {
  SeedCatalog out;
  fs::path root(dir);
  auto cats = ReadJson(root / "categories.json");
  if (!cats) return Fail(cats.error());
  if (!cats->is_array())
    return Fail(Error::Invalid("seed", "categories.json: expected a JSON array"));
  int position = 0;
  for (const auto& c : cats->get_array()) {
    if (!c.is_object()) continue;
    const auto& o = c.get_object();
    Category top{Str(o, "slug"), "", Str(o, "name_ru"), Str(o, "name_en"), position++};
    if (auto it = o.find("children"); it != o.end() && it->value().is_array()) {
      out.categories.push_back(top);
      for (const auto& ch : it->value().get_array()) {
        if (!ch.is_object()) continue;
        const auto& co = ch.get_object();
        out.categories.push_back(
            {Str(co, "slug"), top.slug, Str(co, "name_ru"), Str(co, "name_en"), position++});
      }
    } else {
      out.categories.push_back(top);
    }
  }

  if (auto r = LoadSeedServices(dir, out.services); !r) return Fail(r.error());
  return out;
}

Status LoadSeedServices(const std::string& dir, std::vector<catalog::Service>& out) {
  fs::path root(dir);
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(root, ec)) {
    auto name = e.path().filename().string();
    if (name.starts_with("services") && name.ends_with(".json")) files.push_back(e.path());
  }
  if (ec) return Fail(Error::Invalid("seed", fmt::format("cannot read directory {}", dir)));
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    auto v = ReadJson(f);
    if (!v) return Fail(v.error());
    if (!v->is_array())
      return Fail(Error::Invalid("seed", fmt::format("{}: expected a JSON array", f.string())));
    for (const auto& item : v->get_array()) {
      auto s = FromJson(item);
      if (!s) return Fail(s.error());
      out.push_back(std::move(*s));
    }
  }
  return {};
}

}  // namespace doma::storage
