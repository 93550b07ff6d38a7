// The rules every row of an HSDS input keeps (required, format, enum,
// duplicate ids, references), each broken one a Problem naming table, row
// and field.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <unordered_map>
#include <unordered_set>

#include "core/ids.h"
#include "core/text.h"
#include "domain/catalog/validation.h"
#include "opendata/import_rules.h"

namespace doma::opendata {

std::string Problem::Text() const {
  return field.empty() ? fmt::format("{}: {}", where, message)
                       : fmt::format("{}, поле {}: {}", where, field, message);
}

bool IsNumber(const std::string& v) {
  double d = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
  return ec == std::errc() && p == v.data() + v.size();
}

namespace {

bool IsUri(const std::string& v) {
  auto colon = v.find(':');
  if (colon == std::string::npos || colon == 0) return false;
  for (std::size_t i = 0; i < colon; ++i) {
    char c = v[i];
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.'))
      return false;
  }
  return v.find_first_of(" \t\r\n<>\"") == std::string::npos;
}

bool IsEmail(const std::string& v) {
  auto at = v.find('@');
  return at != std::string::npos && at > 0 && at + 1 < v.size() &&
         v.find_first_of(" \t\r\n") == std::string::npos;
}

bool IsDateTime(const std::string& v) {
  // 2023-03-15T10:30:45(.123)?(Z|+03:00)
  if (v.size() < 20 || !catalog::IsIsoDate(v.substr(0, 10)) || (v[10] != 'T' && v[10] != 't'))
    return false;
  auto digits = [&](std::size_t at) {
    return std::isdigit(static_cast<unsigned char>(v[at])) &&
           std::isdigit(static_cast<unsigned char>(v[at + 1]));
  };
  if (!digits(11) || v[13] != ':' || !digits(14) || v[16] != ':' || !digits(17)) return false;
  std::size_t i = 19;
  if (i < v.size() && v[i] == '.') {
    ++i;
    while (i < v.size() && std::isdigit(static_cast<unsigned char>(v[i]))) ++i;
  }
  if (i < v.size() && (v[i] == 'Z' || v[i] == 'z')) return i + 1 == v.size();
  return i + 6 == v.size() && (v[i] == '+' || v[i] == '-') && digits(i + 1) && v[i + 3] == ':' &&
         digits(i + 4);
}

}  // namespace

std::string Get(const Row& r, std::string_view k) {
  auto it = r.find(k);
  return it == r.end() ? "" : it->second;
}

namespace {

// The service a row concerns: its own id in services.csv, else its service_id.
std::string ServiceOf(const std::string& file, const Row& r) {
  return file == "services.csv" ? Get(r, "id") : Get(r, "service_id");
}

}  // namespace

void CheckRows(const HsdsInput& in, std::vector<Problem>& problems) {
  std::unordered_map<std::string, std::unordered_set<std::string>> ids;
  for (const auto& [file, t] : in.tables)
    for (const auto& r : t.rows) ids[file].insert(Get(r, "id"));
  for (const auto& [file, t] : in.tables) {
    std::unordered_set<std::string> seen;
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
      const Row& r = t.rows[i];
      const std::string& where = t.where[i];
      std::string svc = ServiceOf(file, r);
      auto problem = [&](std::string_view field, std::string message) {
        problems.push_back({where, std::string(field), std::move(message), svc});
      };
      if (auto extra = r.find("\x01extra"); extra != r.end())
        problem("", "лишние значения: " + extra->second + ".");
      for (const auto& f : t.spec->fields) {
        std::string v = Get(r, f.name);
        if (v.empty()) {
          if (f.required) problem(f.name, "обязательное поле пусто.");
          continue;
        }
        if (!text::IsValidUtf8(v)) {
          problem(f.name, "текст не в UTF-8.");
          continue;
        }
        std::string shown = text::Truncate(v, 60);
        if (f.format == "uuid" && !ids::IsUuid(v))
          problem(f.name, fmt::format("«{}» — не UUID (вида 8-4-4-4-12).", shown));
        else if (f.format == "uri" && !IsUri(v))
          problem(f.name, fmt::format("«{}» — не адрес (URI).", shown));
        else if (f.format == "email" && !IsEmail(v))
          problem(f.name, fmt::format("«{}» — не адрес электронной почты.", shown));
        else if (f.format == "date-time" && !IsDateTime(v))
          problem(f.name, fmt::format("«{}» — не дата и время ISO 8601.", shown));
        if (f.type == "number" && !IsNumber(v))
          problem(f.name, fmt::format("«{}» — не число.", shown));
        if (!f.allowed.empty() &&
            std::find(f.allowed.begin(), f.allowed.end(), v) == f.allowed.end()) {
          std::string list;
          for (auto a : f.allowed) list += (list.empty() ? "" : ", ") + std::string(a);
          problem(f.name, fmt::format("«{}» — не из списка: {}.", shown, list));
        }
        if (!f.refers_to.empty() && ids::IsUuid(v) && !ids[std::string(f.refers_to)].contains(v))
          problem(f.name, fmt::format("нет строки с id {} в {}.", v, f.refers_to));
      }
      std::string id = Get(r, "id");
      if (!id.empty() && !seen.insert(id).second)
        problem("id", fmt::format("id {} уже был выше в этой таблице.", id));
    }
  }
}

}  // namespace doma::opendata
