#include "storage/gazetteer_file.h"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <fstream>
#include <set>
#include <sstream>

#include "core/ids.h"

namespace doma::storage {

namespace json = boost::json;

Result<help::Gazetteer> LoadGazetteer(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(Error::Unavailable(fmt::format("cannot read the gazetteer {}", path)));
  std::stringstream ss;
  ss << in.rdbuf();
  boost::system::error_code ec;
  json::value doc = json::parse(ss.str(), ec);
  auto bad = [&](const std::string& what) {
    return Fail(Error::Unavailable(fmt::format("gazetteer {}: {}", path, what)));
  };
  if (ec) return bad(ec.message());
  const auto* places = doc.is_object() ? doc.as_object().if_contains("places") : nullptr;
  if (!places || !places->is_array()) return bad("no \"places\" array");
  std::vector<help::Place> out;
  std::set<std::string> seen;
  for (const auto& v : places->as_array()) {
    if (!v.is_object()) return bad("a place is not an object");
    const auto& o = v.as_object();
    auto str = [&](const char* k) {
      auto* x = o.if_contains(k);
      return x && x->is_string() ? std::string(x->as_string()) : std::string();
    };
    auto num = [&](const char* k) {
      auto* x = o.if_contains(k);
      return x && x->is_number() ? x->to_number<double>() : 0.0;
    };
    help::Place p{str("id"),          str("name_ru"), str("name_en"), str("kind"),
                  str("district_ru"), num("lat"),     num("lon")};
    if (!ids::IsValidSlug(p.id)) return bad(fmt::format("bad id \"{}\"", p.id));
    if (!seen.insert(p.id).second) return bad(fmt::format("duplicate id \"{}\"", p.id));
    if (p.name_ru.empty() || p.name_en.empty())
      return bad(fmt::format("{}: a name is missing", p.id));
    if (p.kind != "city_district" && p.kind != "town" && p.kind != "settlement" &&
        p.kind != "village")
      return bad(fmt::format("{}: unknown kind \"{}\"", p.id, p.kind));
    if (p.lat < 41 || p.lat > 82 || p.lon < 19 || p.lon > 180)
      return bad(fmt::format("{}: coordinates outside Russia", p.id));
    out.push_back(std::move(p));
  }
  if (out.empty()) return bad("no places");
  return help::Gazetteer(std::move(out));
}

}  // namespace doma::storage
