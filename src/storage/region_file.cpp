#include "storage/region_file.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/ids.h"
#include "core/read_file.h"
#include "storage/gazetteer_file.h"

namespace doma::storage {

namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

std::string Known(const fs::path& dir) {
  std::set<std::string> codes;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_directory(ec) && fs::exists(e.path() / "region.json", ec))
      codes.insert(e.path().filename().string());
  std::string out;
  for (const auto& c : codes) out += (out.empty() ? "" : ", ") + c;
  return out.empty() ? "none" : out;
}

}  // namespace

Result<RegionData> LoadRegion(const std::string& regions_dir, std::string code) {
  const fs::path dir(regions_dir);
  auto unavailable = [](std::string what) { return Fail(Error::Unavailable(std::move(what))); };
  if (code.empty()) {
    std::string d = ReadFile(dir / "default");
    while (!d.empty() && std::isspace(static_cast<unsigned char>(d.back()))) d.pop_back();
    if (d.empty())
      return unavailable(fmt::format("no --region given and no {} naming one (known: {})",
                                     (dir / "default").string(), Known(dir)));
    code = d;
  }
  std::error_code fec;
  if (!ids::IsValidSlug(code) || !fs::exists(dir / code / "region.json", fec))
    return unavailable(fmt::format("unknown region '{}' (known: {})", code, Known(dir)));
  const fs::path file = dir / code / "region.json";
  auto bad = [&](const std::string& what) {
    return Fail(Error::Unavailable(fmt::format("{}: {}", file.string(), what)));
  };
  boost::system::error_code ec;
  json::value doc = json::parse(ReadFile(file), ec);
  if (ec || !doc.is_object()) return bad(ec ? ec.message() : "not a JSON object");
  const auto& o = doc.as_object();
  static const std::set<std::string, std::less<>> kFields = {"name_ru",
                                                             "name_en",
                                                             "hotline",
                                                             "coordinators_phone",
                                                             "time_zone",
                                                             "utc_offset",
                                                             "request_prefix",
                                                             "badge_prefix",
                                                             "map",
                                                             "sources",
                                                             "local_coordinators",
                                                             "operator",
                                                             "coat_of_arms"};
  for (const auto& kv : o)
    if (!kFields.contains(kv.key())) return bad(fmt::format("unknown field \"{}\"", kv.key()));
  std::string missing;
  auto str = [&](const char* k, bool required = true) {
    const auto* x = o.if_contains(k);
    if (x && x->is_string() && !x->as_string().empty()) return std::string(x->as_string());
    if (required && missing.empty()) missing = k;
    return std::string();
  };
  RegionData out;
  region::Region& r = out.region;
  r.code = code;
  r.name_ru = str("name_ru");
  r.name_en = str("name_en");
  r.hotline = str("hotline");
  r.coordinators_phone = str("coordinators_phone", false);
  r.operator_name = str("operator", false);
  r.time_zone = str("time_zone");
  std::string offset = str("utc_offset");
  r.request_prefix = str("request_prefix");
  r.badge_prefix = str("badge_prefix");
  if (!missing.empty()) return bad(fmt::format("\"{}\" is missing or empty", missing));
  if (r.coordinators_phone.empty()) r.coordinators_phone = r.hotline;
  for (const auto* phone : {&r.hotline, &r.coordinators_phone})
    if (region::TelUri(*phone).empty())
      return bad(fmt::format(
          "\"{}\" is not a Russian phone number (10 or 11 digits, or a short number like 122)",
          *phone));
  if (!region::ParseUtcOffset(offset, r.utc_offset))
    return bad(fmt::format("utc_offset \"{}\" is not like \"+04:00\"", offset));
  // The per-day figures count by the hour: Russia's offsets are whole hours.
  if (r.utc_offset.count() % 60 != 0)
    return bad(fmt::format("utc_offset \"{}\" is not a whole number of hours", offset));
  auto all_of = [](const std::string& v, std::size_t lo, std::size_t hi, auto pred) {
    return v.size() >= lo && v.size() <= hi &&
           std::all_of(v.begin(), v.end(), [&](char ch) { return pred(ch); });
  };
  if (!all_of(r.request_prefix, 1, 4, [](char ch) { return ch >= 'A' && ch <= 'Z'; }))
    return bad("request_prefix must be 1 to 4 Latin capitals (\"UL\")");
  // The region's code: two or three digits, so that a badge typed without
  // it ("42") is not mistaken for one that starts with it.
  if (!all_of(r.badge_prefix, 2, 3, [](char ch) { return ch >= '0' && ch <= '9'; }))
    return bad("badge_prefix must be 2 or 3 digits, the region's code (\"73\")");
  const auto* map = o.if_contains("map");
  const auto* bounds = map && map->is_object() ? map->as_object().if_contains("bounds") : nullptr;
  auto num = [&](const json::value* v, double& to) {
    if (!v || !v->is_number()) return false;
    to = v->to_number<double>();
    return true;
  };
  region::MapView& m = r.map;
  double zoom = 0;
  if (!map || !map->is_object() || !num(map->as_object().if_contains("lat"), m.lat) ||
      !num(map->as_object().if_contains("lon"), m.lon) ||
      !num(map->as_object().if_contains("zoom"), zoom) || !bounds || !bounds->is_array() ||
      bounds->as_array().size() != 4 || !num(&bounds->as_array()[0], m.south) ||
      !num(&bounds->as_array()[1], m.west) || !num(&bounds->as_array()[2], m.north) ||
      !num(&bounds->as_array()[3], m.east))
    return bad("map must be {\"lat\", \"lon\", \"zoom\", \"bounds\": [south, west, north, east]}");
  m.zoom = static_cast<int>(zoom);
  if (m.south >= m.north || m.west >= m.east || m.zoom < 1 || m.zoom > 18 ||
      !m.Contains(m.lat, m.lon))
    return bad("map: bounds must be south < north, west < east, holding the centre; zoom 1–18");

  auto g = LoadGazetteer((dir / code / "gazetteer.json").string());
  if (!g) return Fail(g.error());
  for (const auto& p : g->places())
    if (!m.Contains(p.lat, p.lon))
      return bad(
          fmt::format("gazetteer place {} ({}, {}) is outside the map bounds", p.id, p.lat, p.lon));
  if (const auto* local = o.if_contains("local_coordinators")) {
    if (!local->is_object())
      return bad("local_coordinators must be {\"<gazetteer place id>\": \"<phone>\", …}");
    for (const auto& kv : local->as_object()) {
      const std::string place(kv.key());
      if (!g->Find(place))
        return bad(fmt::format("local_coordinators: no gazetteer place \"{}\"", place));
      if (!kv.value().is_string() || region::TelUri(kv.value().as_string()).empty())
        return bad(
            fmt::format("local_coordinators: the phone for \"{}\" is not a Russian phone "
                        "number",
                        place));
      r.local_coordinators[place] = std::string(kv.value().as_string());
    }
  }
  out.gazetteer = std::move(*g);
  if (std::string coat = str("coat_of_arms", false); !coat.empty()) {
    // A file name beside region.json, nothing that leaves the directory.
    const bool svg = coat.ends_with(".svg"), png = coat.ends_with(".png");
    if ((!svg && !png) || coat.find_first_of("/\\") != std::string::npos || coat.starts_with("."))
      return bad(
          fmt::format("coat_of_arms \"{}\" must be the name of an .svg or .png file beside "
                      "region.json",
                      coat));
    std::error_code size_ec;
    auto size = fs::file_size(dir / code / coat, size_ec);
    if (size_ec) return bad(fmt::format("coat_of_arms: no file \"{}\" beside region.json", coat));
    if (size > 256 * 1024)
      return bad(fmt::format("coat_of_arms \"{}\" is {} KB; at most 256 KB", coat, size / 1024));
    out.coat_of_arms = ReadFile(dir / code / coat);
    const bool looks_right = svg ? out.coat_of_arms.find("<svg") != std::string::npos
                                 : out.coat_of_arms.starts_with("\x89PNG\r\n\x1a\n");
    if (!looks_right)
      return bad(fmt::format("coat_of_arms \"{}\" is not {}", coat, svg ? "an SVG" : "a PNG"));
    out.coat_of_arms_type = svg ? "image/svg+xml" : "image/png";
  }
  // The region's own texts, where it wrote them (Markdown).
  out.privacy_markdown = ReadFile(dir / code / "privacy.md");
  out.accessibility_markdown = ReadFile(dir / code / "accessibility.md");
  return out;
}

}  // namespace doma::storage
