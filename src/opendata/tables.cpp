#include "opendata/tables.h"

#include <archive.h>
#include <archive_entry.h>
#include <csv.h>
#include <fmt/format.h>

#include <memory>

namespace doma::opendata {
namespace json = boost::json;

namespace {

FieldSpec Field(std::string_view name, std::string_view type, std::string_view format,
                bool required, std::vector<std::string_view> allowed = {},
                std::string_view refers_to = "") {
  FieldSpec f;
  f.name = name;
  f.type = type;
  f.format = format;
  f.required = required;
  f.allowed = std::move(allowed);
  f.refers_to = refers_to;
  return f;
}
FieldSpec Id() { return Field("id", "string", "uuid", true); }
FieldSpec Ref(std::string_view name, std::string_view table = "") {
  return Field(name, "string", "uuid", false, {}, table);
}
FieldSpec Text(std::string_view name, bool required = false) {
  return Field(name, "string", "", required);
}
FieldSpec Number(std::string_view name) { return Field(name, "number", "", false); }
FieldSpec Uri(std::string_view name) { return Field(name, "string", "uri", false); }
FieldSpec Email(std::string_view name) { return Field(name, "string", "email", false); }

}  // namespace

std::string ScalarText(const json::value& v) {
  if (v.is_string()) return std::string(v.get_string());
  if (v.is_int64()) return std::to_string(v.get_int64());
  if (v.is_uint64()) return std::to_string(v.get_uint64());
  if (v.is_double()) return json::serialize(v);
  if (v.is_bool()) return v.get_bool() ? "true" : "false";
  return "";
}

const std::vector<TableSpec>& TableSpecs() {
  static const std::vector<TableSpec> kSpecs = {
      {"organization",
       "organizations.csv",
       {Id(), Text("name", true), Text("alternate_name"), Text("description", true), Email("email"),
        Uri("website"), Text("tax_status"), Text("tax_id"), Number("year_incorporated"),
        Text("legal_status"), Text("logo"), Uri("uri"), Ref("parent_organization_id")}},
      {"service",
       "services.csv",
       {Id(),
        Ref("organization_id", "organizations.csv"),
        Ref("program_id"),
        Text("name", true),
        Text("alternate_name"),
        Text("description"),
        Uri("url"),
        Email("email"),
        Field("status", "string", "", true,
              {"active", "inactive", "defunct", "temporarily closed"}),
        Text("interpretation_services"),
        Text("application_process"),
        Text("fees_description"),
        Text("wait_time"),
        Text("fees"),
        Text("accreditations"),
        Text("eligibility_description"),
        Number("minimum_age"),
        Number("maximum_age"),
        Text("assured_date"),
        Email("assurer_email"),
        Text("licenses"),
        Text("alert"),
        Field("last_modified", "string", "date-time", false)}},
      {"phone",
       "phones.csv",
       {Id(), Ref("location_id"), Ref("service_id", "services.csv"), Ref("organization_id"),
        Ref("contact_id"), Ref("service_at_location_id"), Text("number", true), Number("extension"),
        Text("type"), Text("description")}},
      {"service_area",
       "service_areas.csv",
       {Id(), Ref("service_id", "services.csv"), Text("name"), Text("description"), Text("extent"),
        Text("extent_type"), Text("uri")}},
      {"language",
       "languages.csv",
       {Id(), Ref("service_id", "services.csv"), Ref("location_id"), Ref("phone_id"), Text("name"),
        Text("code"), Text("note")}},
      {"cost_option",
       "cost_options.csv",
       {Id(), Ref("service_id", "services.csv"), Text("valid_from"), Text("valid_to"),
        Text("option"), Text("currency"), Number("amount"), Text("amount_description")}},
      {"taxonomy",
       "taxonomies.csv",
       {Id(), Text("name", true), Text("description", true), Uri("uri"), Text("version")}},
      {"taxonomy_term",
       "taxonomy_terms.csv",
       {Id(), Text("code"), Text("name", true), Text("description", true), Ref("parent_id"),
        Text("taxonomy"), Text("language"), Ref("taxonomy_id"), Uri("term_uri")}},
      {"attribute",
       "attributes.csv",
       {Id(), Ref("link_id"), Ref("taxonomy_term_id", "taxonomy_terms.csv"), Text("link_type"),
        Text("link_entity"), Text("value")}},
  };
  return kSpecs;
}

const TableSpec* FindTable(std::string_view file) {
  for (const auto& t : TableSpecs())
    if (t.file == file) return &t;
  return nullptr;
}

namespace {

// The object's scalar members that are columns of `spec`.
Row RowOf(const TableSpec& spec, const json::object& o) {
  Row r;
  for (const auto& f : spec.fields)
    if (auto it = o.find(f.name); it != o.end()) r[std::string(f.name)] = ScalarText(it->value());
  return r;
}

}  // namespace

std::map<std::string, Table> ToTables(const Snapshot& snap, const Publisher& publisher) {
  std::map<std::string, Table> out;
  for (const auto& spec : TableSpecs()) out[std::string(spec.file)].spec = &spec;
  auto add = [&](std::string_view file, const json::object& o) {
    Table& t = out[std::string(file)];
    t.rows.push_back(RowOf(*t.spec, o));
  };
  for (const auto& e : snap.organizations)
    add("organizations.csv", OrganizationJson(snap, e, false, false, publisher));
  for (const auto& s : snap.services) {
    add("services.csv", ServiceJson(snap, s, false, publisher));
    for (const auto& v : PhonesJson(s)) add("phones.csv", v.get_object());
    for (const auto& v : ServiceAreasJson(s, publisher)) add("service_areas.csv", v.get_object());
    for (const auto& v : LanguagesJson(s)) add("languages.csv", v.get_object());
    for (const auto& v : CostOptionsJson(s)) add("cost_options.csv", v.get_object());
    for (const auto& v : AttributesJson(snap, s, false)) add("attributes.csv", v.get_object());
  }
  for (const auto& t : snap.taxonomies) add("taxonomies.csv", TaxonomyJson(t, publisher));
  for (const auto& t : snap.terms) add("taxonomy_terms.csv", TermJson(snap, t, false, publisher));
  return out;
}

namespace {

void AppendField(std::string& out, std::string_view v) {
  // csv_write quotes every field and doubles the quotes inside.
  std::string buf(v.size() * 2 + 2, '\0');
  std::size_t n = csv_write(buf.data(), buf.size(), v.data(), v.size());
  out.append(buf.data(), n);
}

}  // namespace

std::string WriteCsv(const Table& t) {
  std::string out;
  bool first = true;
  for (const auto& f : t.spec->fields) {
    if (!first) out += ',';
    first = false;
    out += f.name;
  }
  out += "\r\n";
  for (const auto& row : t.rows) {
    first = true;
    for (const auto& f : t.spec->fields) {
      if (!first) out += ',';
      first = false;
      auto it = row.find(f.name);
      if (it != row.end() && !it->second.empty()) AppendField(out, it->second);
    }
    out += "\r\n";
  }
  return out;
}

namespace {

struct CsvState {
  std::vector<std::string> fields;
  std::vector<std::vector<std::string>> records;
};

void OnField(void* s, std::size_t len, void* data) {
  static_cast<CsvState*>(data)->fields.emplace_back(static_cast<const char*>(s), len);
}

void OnRecord(int, void* data) {
  auto* st = static_cast<CsvState*>(data);
  st->records.push_back(std::move(st->fields));
  st->fields.clear();
}

}  // namespace

Result<Table> ReadCsv(const std::string& file_name, const std::string& text) {
  csv_parser p;
  if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
    return Fail(Error::Internal("csv_init failed"));
  CsvState st;
  std::string_view body = text;
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);  // a BOM from a spreadsheet
  std::size_t done = csv_parse(&p, body.data(), body.size(), OnField, OnRecord, &st);
  bool ok = done == body.size() && csv_fini(&p, OnField, OnRecord, &st) == 0;
  int err = csv_error(&p);
  csv_free(&p);
  if (!ok)
    return Fail(Error::Invalid(file_name,
                               fmt::format("{}, запись {}: ошибка в кавычках CSV ({}).", file_name,
                                           st.records.size() + 1, csv_strerror(err))));
  Table t;
  t.spec = FindTable(file_name);
  if (st.records.empty()) return t;
  const auto& header = st.records.front();
  for (std::size_t i = 1; i < st.records.size(); ++i) {
    const auto& rec = st.records[i];
    if (rec.size() == 1 && rec[0].empty()) continue;  // a blank line
    Row r;
    for (std::size_t k = 0; k < header.size() && k < rec.size(); ++k) r[header[k]] = rec[k];
    if (rec.size() > header.size())
      r["\x01extra"] = fmt::format("{} значений при {} столбцах", rec.size(), header.size());
    t.rows.push_back(std::move(r));
    t.where.push_back(fmt::format("{}, запись {}", file_name, i + 1));
  }
  return t;
}

std::string DatapackageJson(const std::map<std::string, Table>& tables,
                            const Publisher& publisher) {
  json::array resources;
  for (const auto& spec : TableSpecs()) {
    if (!tables.contains(std::string(spec.file))) continue;
    json::array fields;
    json::array foreign;
    for (const auto& f : spec.fields) {
      json::object fo{{"name", f.name}, {"type", f.type}};
      if (!f.format.empty() && f.format != "date-time") fo["format"] = f.format;
      if (f.format == "date-time") fo["type"] = "datetime";
      json::object constraints;
      if (f.required) constraints["required"] = true;
      if (f.name == "id") constraints["unique"] = true;
      if (!f.allowed.empty()) {
        json::array e;
        for (auto a : f.allowed) e.emplace_back(a);
        constraints["enum"] = std::move(e);
      }
      if (!constraints.empty()) fo["constraints"] = std::move(constraints);
      fields.push_back(std::move(fo));
      if (!f.refers_to.empty()) {
        const TableSpec* target = FindTable(f.refers_to);
        foreign.push_back(json::object{
            {"fields", f.name},
            {"reference", json::object{{"resource", target->name}, {"fields", "id"}}}});
      }
    }
    json::object schema{{"fields", std::move(fields)}, {"primaryKey", "id"}};
    if (!foreign.empty()) schema["foreignKeys"] = std::move(foreign);
    resources.push_back(json::object{{"name", spec.name},
                                     {"path", spec.file},
                                     {"profile", "tabular-data-resource"},
                                     {"format", "csv"},
                                     {"mediatype", "text/csv"},
                                     {"encoding", "utf-8"},
                                     {"schema", std::move(schema)}});
  }
  json::object pkg{
      {"name", "doma-catalog"},
      {"title", publisher.region_name.empty()
                    ? std::string("Каталог онлайн-сервисов портала «Дома»")
                    : "Каталог онлайн-сервисов портала «Дома»: " + publisher.region_name},
      {"profile", "tabular-data-package"},
      {"version", "3.0.0"},
      {"homepage", publisher.public_url},
      {"licenses", json::array{json::object{{"name", publisher.license_id},
                                            {"title", publisher.license_name},
                                            {"path", publisher.license_url}}}},
      {"resources", std::move(resources)}};
  return json::serialize(pkg);
}

std::map<std::string, std::string> DatapackageFiles(const Snapshot& snap,
                                                    const Publisher& publisher) {
  auto tables = ToTables(snap, publisher);
  std::map<std::string, std::string> files;
  files["datapackage.json"] = DatapackageJson(tables, publisher);
  for (const auto& [name, table] : tables) files[name] = WriteCsv(table);
  return files;
}

std::string ServicePackageJson(const Snapshot& snap, const Publisher& publisher) {
  json::array all;
  for (const auto& s : snap.services) all.push_back(ServiceJson(snap, s, true, publisher));
  return json::serialize(all);
}

Result<std::string> Zip(const std::map<std::string, std::string>& files) {
  std::unique_ptr<archive, decltype(&archive_write_free)> a(archive_write_new(),
                                                            &archive_write_free);
  std::string out;
  auto write = [](archive*, void* data, const void* buf, std::size_t n) -> la_ssize_t {
    static_cast<std::string*>(data)->append(static_cast<const char*>(buf), n);
    return static_cast<la_ssize_t>(n);
  };
  if (archive_write_set_format_zip(a.get()) != ARCHIVE_OK ||
      archive_write_open(a.get(), &out, nullptr, write, nullptr) != ARCHIVE_OK)
    return Fail(Error::Internal(std::string("zip: ") + archive_error_string(a.get())));
  for (const auto& [name, body] : files) {
    std::unique_ptr<archive_entry, decltype(&archive_entry_free)> e(archive_entry_new(),
                                                                    &archive_entry_free);
    archive_entry_set_pathname(e.get(), name.c_str());
    archive_entry_set_size(e.get(), static_cast<la_int64_t>(body.size()));
    archive_entry_set_filetype(e.get(), AE_IFREG);
    archive_entry_set_perm(e.get(), 0644);
    archive_entry_set_mtime(e.get(), 0, 0);  // the same catalog gives the same bytes
    if (archive_write_header(a.get(), e.get()) != ARCHIVE_OK ||
        archive_write_data(a.get(), body.data(), body.size()) !=
            static_cast<la_ssize_t>(body.size()))
      return Fail(Error::Internal(std::string("zip: ") + archive_error_string(a.get())));
  }
  if (archive_write_close(a.get()) != ARCHIVE_OK)
    return Fail(Error::Internal(std::string("zip: ") + archive_error_string(a.get())));
  return out;
}

}  // namespace doma::opendata
