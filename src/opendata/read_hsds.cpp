// Reading HSDS input: the tabular datapackage (CSV by libcsv) or the JSON
// form, flattened into the same tables.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <unordered_set>

#include "opendata/import.h"

namespace doma::opendata {
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

Result<std::string> ReadText(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return Fail(Error::Invalid("path", fmt::format("Не удаётся прочитать {}.", p.string())));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Flattens nested HSDS objects into the tables, as the tabular form has them.
class Flattener {
 public:
  explicit Flattener(HsdsInput& in) : in_(in) {
    for (const auto& spec : TableSpecs()) in_.tables[std::string(spec.file)].spec = &spec;
  }

  void Service(const json::object& o, const std::string& where) {
    std::string id = Str(o, "id");
    Row service_extra;
    auto org = Obj(o, "organization");
    if (org && Str(o, "organization_id").empty())
      service_extra["organization_id"] = Str(*org, "id");
    Add("services.csv", o, where, service_extra);
    if (org) {
      std::string org_id = Str(*org, "id");
      if (org_id.empty() || seen_orgs_.insert(org_id).second)
        Add("organizations.csv", *org, where + ".organization", {});
    }
    Children(o, "phones", "phones.csv", where, id);
    Children(o, "service_areas", "service_areas.csv", where, id);
    Children(o, "languages", "languages.csv", where, id);
    Children(o, "cost_options", "cost_options.csv", where, id);
    if (auto it = o.find("attributes"); it != o.end() && it->value().is_array()) {
      std::size_t i = 0;
      for (const auto& a : it->value().get_array()) {
        std::string w = fmt::format("{}.attributes[{}]", where, i++);
        if (!a.is_object()) continue;
        Row extra;
        if (Str(a.get_object(), "link_id").empty()) extra["link_id"] = id;
        // The nested form may give the term itself instead of its id.
        auto term = Obj(a.get_object(), "taxonomy_term");
        if (term && Str(a.get_object(), "taxonomy_term_id").empty())
          extra["taxonomy_term_id"] = Str(*term, "id");
        Add("attributes.csv", a.get_object(), w, extra);
        if (term) Term(*term, w + ".taxonomy_term");
      }
    }
    for (const char* other :
         {"schedules", "service_at_locations", "contacts", "funding", "required_documents"}) {
      if (auto it = o.find(other);
          it != o.end() && it->value().is_array() && !it->value().get_array().empty())
        ignored_[other] += it->value().get_array().size();
    }
  }

  void Term(const json::object& t, const std::string& where) {
    std::string id = Str(t, "id");
    if (!id.empty() && !seen_terms_.insert(id).second) return;
    Row extra;
    auto tax = Obj(t, "taxonomy_detail");
    if (tax && Str(t, "taxonomy_id").empty()) extra["taxonomy_id"] = Str(*tax, "id");
    Add("taxonomy_terms.csv", t, where, extra);
    if (tax) {
      std::string tid = Str(*tax, "id");
      if (tid.empty() || seen_taxonomies_.insert(tid).second)
        Add("taxonomies.csv", *tax, where + ".taxonomy_detail", {});
    }
  }

  void Finish() {
    for (const auto& [what, n] : ignored_)
      in_.notes.push_back(
          fmt::format("{}: {} not imported (Doma lists online services and phones).", what, n));
  }

 private:
  static std::string Str(const json::object& o, std::string_view k) {
    auto it = o.find(k);
    return it == o.end() ? "" : ScalarText(it->value());
  }
  static const json::object* Obj(const json::object& o, std::string_view k) {
    auto it = o.find(k);
    return it != o.end() && it->value().is_object() ? &it->value().get_object() : nullptr;
  }
  void Add(const std::string& file, const json::object& o, const std::string& where, Row extra) {
    Table& t = in_.tables[file];
    Row r = std::move(extra);
    for (const auto& f : t.spec->fields)
      if (auto it = o.find(f.name); it != o.end() && !it->value().is_null())
        r[std::string(f.name)] = ScalarText(it->value());
    t.rows.push_back(std::move(r));
    t.where.push_back(where);
  }
  void Children(const json::object& o, std::string_view key, const std::string& file,
                const std::string& where, const std::string& service_id) {
    auto it = o.find(key);
    if (it == o.end() || !it->value().is_array()) return;
    std::size_t i = 0;
    for (const auto& c : it->value().get_array()) {
      std::string w = fmt::format("{}.{}[{}]", where, key, i++);
      if (!c.is_object()) continue;
      Row extra;
      if (Str(c.get_object(), "service_id").empty()) extra["service_id"] = service_id;
      Add(file, c.get_object(), w, extra);
    }
  }

  HsdsInput& in_;
  std::unordered_set<std::string> seen_orgs_, seen_terms_, seen_taxonomies_;
  std::map<std::string, std::size_t> ignored_;
};

}  // namespace

Result<HsdsInput> ReadHsdsJson(const std::string& text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec)
    return Fail(Error::Invalid("json", fmt::format("Файл не является JSON: {}.", ec.message())));
  HsdsInput in;
  Flattener f(in);
  const json::array* list = nullptr;
  if (v.is_array()) {
    list = &v.get_array();
  } else if (v.is_object() && v.get_object().contains("contents") &&
             v.get_object().at("contents").is_array()) {
    list = &v.get_object().at("contents").get_array();
  } else if (v.is_object()) {
    f.Service(v.get_object(), "service");
  } else {
    return Fail(Error::Invalid("json", "Ожидался массив сервисов HSDS или один сервис."));
  }
  if (list) {
    std::size_t i = 0;
    for (const auto& s : *list) {
      std::string where = fmt::format("services[{}]", i++);
      if (!s.is_object()) return Fail(Error::Invalid("json", where + ": ожидался объект сервиса."));
      f.Service(s.get_object(), where);
    }
  }
  f.Finish();
  return in;
}

Result<HsdsInput> ReadHsds(const std::string& path) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) {
    auto text = ReadText(path);
    if (!text) return Fail(text.error());
    return ReadHsdsJson(*text);
  }
  // The files a datapackage names, else every CSV in the directory.
  std::vector<std::string> files;
  if (fs::exists(fs::path(path) / "datapackage.json", ec)) {
    auto text = ReadText(fs::path(path) / "datapackage.json");
    if (!text) return Fail(text.error());
    boost::system::error_code jec;
    json::value pkg = json::parse(*text, jec);
    if (jec || !pkg.is_object() || !pkg.get_object().contains("resources") ||
        !pkg.get_object().at("resources").is_array())
      return Fail(Error::Invalid("datapackage", "datapackage.json: нет списка resources."));
    for (const auto& r : pkg.get_object().at("resources").get_array())
      if (r.is_object() && r.get_object().contains("path") && r.get_object().at("path").is_string())
        files.emplace_back(r.get_object().at("path").get_string());
  } else {
    for (const auto& e : fs::directory_iterator(path, ec))
      if (e.path().extension() == ".csv") files.push_back(e.path().filename().string());
    std::sort(files.begin(), files.end());
  }
  std::map<std::string, Table> raw;  // by file name, as read
  bool has_services = false;
  std::vector<std::string> missing;
  for (const auto& name : files) {
    fs::path rel(name);
    if (rel.is_absolute() ||
        std::any_of(rel.begin(), rel.end(), [](const fs::path& part) { return part == ".."; }))
      return Fail(Error::Invalid("datapackage", "datapackage.json: путь вне папки: " + name));
    std::string file = rel.filename().string();
    fs::path p = fs::path(path) / rel;
    if (!fs::exists(p, ec)) {
      if (FindTable(file)) missing.push_back(file + ": named by datapackage.json, not there.");
      continue;
    }
    auto text = ReadText(p);
    if (!text) return Fail(text.error());
    auto table = ReadCsv(file, *text);
    if (!table) return Fail(table.error());
    has_services |= file == "services.csv";
    raw[file] = std::move(*table);
  }
  if (!has_services)
    return Fail(Error::Invalid("datapackage", "В папке нет services.csv: это не данные HSDS."));
  HsdsInput in = FromTables(std::move(raw));
  in.notes.insert(in.notes.end(), missing.begin(), missing.end());
  return in;
}

}  // namespace doma::opendata
