#include "web/views.h"

#include <fmt/format.h>

#include <atomic>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <kainjow/mustache.hpp>
#include <sstream>

#include "core/read_file.h"
#include "core/text.h"

namespace doma::web {
namespace fs = std::filesystem;
namespace json = boost::json;
using kainjow::mustache::data;
using kainjow::mustache::mustache;

namespace {

data ToData(const json::value& v) {
  switch (v.kind()) {
    case json::kind::object: {
      data d{data::type::object};
      for (const auto& kv : v.get_object()) d.set(std::string(kv.key()), ToData(kv.value()));
      return d;
    }
    case json::kind::array: {
      data d{data::type::list};
      for (const auto& x : v.get_array()) d.push_back(ToData(x));
      return d;
    }
    // Mustache treats any string as true; an empty one must be false so that
    // {{#settlement}}…{{/settlement}} hides when there is none.
    case json::kind::string:
      return v.get_string().empty() ? data{data::type::bool_false}
                                    : data{std::string(v.get_string())};
    case json::kind::bool_:
      return v.get_bool() ? data{data::type::bool_true} : data{data::type::bool_false};
    case json::kind::int64: return data{std::to_string(v.get_int64())};
    case json::kind::uint64: return data{std::to_string(v.get_uint64())};
    case json::kind::double_: return data{fmt::format("{}", v.get_double())};
    case json::kind::null: return data{data::type::bool_false};
  }
  return data{};
}

std::atomic<std::uintptr_t> g_generation{1};

}  // namespace

Locale LocaleFor(const http::Request& req) {
  Locale loc;
  if (auto q = req.Query("lang"); q && (*q == "en" || *q == "ru")) {
    loc.lang = std::string(*q);
    loc.set_lang_cookie = true;
  } else if (auto c = req.Cookie("lang"); c && (*c == "en" || *c == "ru")) {
    loc.lang = *c;
  }
  if (auto c = req.Cookie("a11y")) {
    if (auto v = Vision::Parse(*c)) {
      loc.contrast = true;
      loc.vision = *v;
    }
  }
  return loc;
}

std::optional<Vision> Vision::Parse(std::string_view cookie) {
  if (cookie == "1") return Vision{};
  std::vector<std::string_view> parts;
  for (auto rest = cookie;;) {
    auto dash = rest.find('-');
    parts.push_back(rest.substr(0, dash));
    if (dash == std::string_view::npos) break;
    rest.remove_prefix(dash + 1);
  }
  if (parts.size() != 4) return std::nullopt;
  Vision v;
  if (parts[0] != "1" && parts[0] != "2" && parts[0] != "3") return std::nullopt;
  v.size = parts[0][0] - '0';
  if (parts[1] != "bw" && parts[1] != "wb" && parts[1] != "blue") return std::nullopt;
  v.scheme = std::string(parts[1]);
  if (parts[2] != "normal" && parts[2] != "wide") return std::nullopt;
  v.wide = parts[2] == "wide";
  if (parts[3] != "on" && parts[3] != "off") return std::nullopt;
  v.images = parts[3] == "on";
  return v;
}

Vision Vision::FromForm(std::string_view size, std::string_view scheme, std::string_view spacing,
                        std::string_view images) {
  Vision d;
  auto v = Parse(fmt::format("{}-{}-{}-{}", size.empty() ? std::to_string(d.size) : size,
                             scheme.empty() ? d.scheme : scheme,
                             spacing.empty() ? (d.wide ? "wide" : "normal") : spacing,
                             images.empty() ? (d.images ? "on" : "off") : images));
  return v ? *v : d;
}

std::string Vision::CookieValue() const {
  return fmt::format("{}-{}-{}-{}", size, scheme, wide ? "wide" : "normal", images ? "on" : "off");
}

std::string Vision::Classes() const {
  return fmt::format("contrast a11y-size-{} a11y-scheme-{}{}{}", size, scheme,
                     wide ? " a11y-wide" : "", images ? "" : " a11y-noimg");
}

Result<Views> Views::Load(const std::string& dir, const http::StaticFiles& statics) {
  Views v;
  v.statics_ = &statics;
  v.generation_ = g_generation++;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.path().extension() != ".mustache") continue;
    std::string src = ReadFile(e.path());
    mustache check(src);
    if (!check.is_valid())
      return Fail(Error::Unavailable(
          fmt::format("template {}: {}", e.path().string(), check.error_message())));
    v.sources_[e.path().stem().string()] = std::move(src);
  }
  if (ec || v.sources_.empty())
    return Fail(Error::Unavailable(fmt::format("no templates in {}", dir)));
  // Partials ({{> _card}}, files starting with '_') are spliced into the
  // templates that use them once, here: the library would otherwise parse a
  // partial again at every use, e.g. for each card of a result list.
  for (auto& [tname, src] : v.sources_) {
    for (const auto& [pname, psrc] : v.sources_) {
      if (!pname.starts_with('_')) continue;
      std::string tag = "{{> " + pname + "}}";
      for (auto pos = src.find(tag); pos != std::string::npos;
           pos = src.find(tag, pos + psrc.size()))
        src.replace(pos, tag.size(), psrc);
    }
  }
  // `{{t.key}}` becomes `{{t__key}}`, one name looked up as it is: the
  // engine splits a dotted name into a new vector at every use, and the
  // interface strings are a thousand uses a page.
  for (auto& [tname, src] : v.sources_)
    for (auto pos = src.find("{{t."); pos != std::string::npos; pos = src.find("{{t.", pos))
      src.replace(pos, 4, "{{t__");
  for (const auto& [lang, target] :
       {std::pair{"ru", &v.strings_ru_}, std::pair{"en", &v.strings_en_}}) {
    boost::system::error_code jec;
    auto parsed =
        json::parse(ReadFile(fs::path(dir) / "i18n" / (std::string(lang) + ".json")), jec);
    if (jec || !parsed.is_object())
      return Fail(
          Error::Unavailable(fmt::format("{}/i18n/{}.json is missing or invalid", dir, lang)));
    *target = std::move(parsed.get_object());
  }
  v.BuildStrings();
  return v;
}

void Views::BuildStrings() {
  json::object en = strings_ru_;
  for (const auto& kv : strings_en_) en[kv.key()] = kv.value();
  auto wrap = [](const json::object& strings) {
    auto d = std::make_shared<data>(data::type::object);
    for (const auto& kv : strings) d->set("t__" + std::string(kv.key()), ToData(kv.value()));
    return std::shared_ptr<const data>(std::move(d));
  };
  t_ru_ = wrap(strings_ru_);
  t_en_ = wrap(en);
}

std::optional<std::string> Views::Find(const std::string& lang, const std::string& key) const {
  const auto& primary = lang == "en" ? strings_en_ : strings_ru_;
  if (auto it = primary.find(key); it != primary.end() && it->value().is_string())
    return std::string(it->value().get_string());
  if (auto it = strings_ru_.find(key); it != strings_ru_.end() && it->value().is_string())
    return std::string(it->value().get_string());
  return std::nullopt;
}

void Views::SetRegion(const region::Region& r) {
  region_name_ru_ = r.name_ru;
  region_name_en_ = r.name_en;
  utc_offset_minutes_ = static_cast<int>(r.utc_offset.count());
  hotline_ = r.hotline;
  hotline_tel_ = region::TelUri(r.hotline);
  badge_example_ = r.badge_prefix + "-0042";
  number_example_ = r.request_prefix + "-000123";
  for (auto* strings : {&strings_ru_, &strings_en_}) {
    const std::string& name = strings == &strings_ru_ ? r.name_ru : r.name_en;
    for (auto& kv : *strings) {
      if (!kv.value().is_string()) continue;
      std::string text(kv.value().get_string());
      for (auto [key, value] :
           {std::pair<std::string_view, const std::string*>{"{region}", &name},
            std::pair<std::string_view, const std::string*>{"{badge}", &badge_example_}})
        for (std::size_t at = 0; (at = text.find(key, at)) != std::string::npos;
             at += value->size())
          text.replace(at, key.size(), *value);
      kv.value() = text;
    }
  }
  map_ = {{"lat", r.map.lat},     {"lon", r.map.lon},   {"zoom", r.map.zoom},
          {"south", r.map.south}, {"west", r.map.west}, {"north", r.map.north},
          {"east", r.map.east}};
  BuildStrings();
}

std::string Views::T(const std::string& lang, const std::string& key) const {
  return Find(lang, key).value_or(key);
}

std::string Views::Render(const std::string& name, json::object page, const Locale& loc,
                          const http::Request& req) const {
  // A parsed template keeps render state, so each worker thread has its own.
  thread_local std::map<std::pair<std::uintptr_t, std::string>, mustache> cache;
  auto get = [&](const std::string& n) -> mustache& {
    auto key = std::make_pair(generation_, n);
    auto it = cache.find(key);
    if (it == cache.end()) {
      auto src = sources_.find(n);
      it = cache
               .emplace(key, mustache(src == sources_.end() ? std::string("missing template ") + n
                                                            : src->second))
               .first;
    }
    return it->second;
  };
  page["lang"] = loc.lang;
  if (!page.contains("hotline")) {
    page["hotline"] = hotline_;
    page["hotline_tel"] = hotline_tel_;
  }
  page["region_map"] = map_;
  page["region_name"] = loc.lang == "en" ? region_name_en_ : region_name_ru_;
  if (!coat_of_arms_.empty()) page["coat_of_arms"] = coat_of_arms_;
  page["badge_example"] = badge_example_;
  page["number_example"] = number_example_;
  page["is_en"] = loc.lang == "en";
  page["contrast"] = loc.contrast;
  if (loc.contrast) {
    const Vision& v = loc.vision;
    page["a11y_classes"] = v.Classes();
    page["a11y"] = json::object{{"size1", v.size == 1},   {"size2", v.size == 2},
                                {"size3", v.size == 3},   {"bw", v.scheme == "bw"},
                                {"wb", v.scheme == "wb"}, {"blue", v.scheme == "blue"},
                                {"wide", v.wide},         {"images_off", !v.images}};
  }
  page["css"] = "/static/style.css" + statics_->Version("style.css");
  page["print_css"] = "/static/print.css" + statics_->Version("print.css");
  page["request_id"] = req.request_id;
  auto local = [&](const char* key) {
    auto it = req.locals.find(key);
    return it == req.locals.end() ? std::string() : it->second;
  };
  page["user_name"] = local("user.name");
  page["signed_in"] = !local("user.id").empty();
  page["user_is_admin"] = !local("user.admin").empty();
  page["user_is_editor"] = !local("user.editor").empty();
  page["user_is_coordinator"] = !local("user.coordinator").empty();
  page["user_is_volunteer"] = !local("user.volunteer").empty();
  page["csrf"] = local("csrf");
  // Links that switch language or contrast come back to this page: a path
  // on this site whatever the request's target (`//evil.example` would make
  // a link to another site), every byte but the safe ones percent-encoded.
  auto encode = [](std::string_view v, std::string_view keep) {
    std::string out;
    for (unsigned char c : v) {
      if (std::isalnum(c) || keep.find(static_cast<char>(c)) != std::string_view::npos)
        out.push_back(static_cast<char>(c));
      else
        out += fmt::format("%{:02X}", c);
    }
    return out;
  };
  std::string_view path = req.path;
  while (!path.empty() && (path.front() == '/' || path.front() == '\\')) path.remove_prefix(1);
  std::string here = "/" + encode(path, "-_./~");
  std::string query;
  for (const auto& [k, v] : req.query) {
    if (k == "lang") continue;
    query += (query.empty() ? "?" : "&");
    query += encode(k, "-_.") + "=" + encode(v, "-_.");
  }
  if (auto* og = page.if_contains("og"); og && og->is_object()) {
    auto& o = og->as_object();
    const std::string canonical = public_url_ + here;
    o["url"] = canonical;
    o["locale"] = loc.lang == "en" ? "en_US" : "ru_RU";
    if (auto* image = o.if_contains("image"); image && image->is_string())
      *image = public_url_ + std::string(image->as_string());
    if (auto* share = o.if_contains("share"); share && share->is_bool() && share->as_bool()) {
      const std::string title(o["title"].as_string());
      json::array links;
      for (auto [source, pattern] :
           {std::pair{"share-vk", "https://vk.com/share.php?url={0}&title={1}"},
            std::pair{"share-telegram", "https://t.me/share/url?url={0}&text={1}"},
            std::pair{"share-whatsapp", "https://wa.me/?text={1}%20{0}"},
            std::pair{"share-ok", "https://connect.ok.ru/offer?url={0}&title={1}"}}) {
        const std::string shared = canonical + "?src=" + source;
        links.push_back(
            json::object{{"name", T(loc.lang, std::string("source.") + source)},
                         {"href", fmt::format(fmt::runtime(pattern), text::PercentEncode(shared),
                                              text::PercentEncode(title))}});
      }
      page["share_links"] = std::move(links);
      page["has_share"] = true;
    }
  }
  page["switch_lang_url"] =
      here + query + (query.empty() ? "?" : "&") + "lang=" + (loc.lang == "en" ? "ru" : "en");
  page["contrast_url"] = std::string("/a11y?mode=") + (loc.contrast ? "off" : "on");
  // Posters and the widget have layouts of their own (no site header).
  std::string layout = "layout";
  if (auto* l = page.if_contains("layout"); l && l->is_string()) layout = l->as_string();
  json::value pv(std::move(page));
  data d = ToData(pv);
  // The page's own names first, then the shared interface strings (`t__key`).
  kainjow::mustache::context<std::string> ctx(loc.lang == "en" ? t_en_.get() : t_ru_.get());
  ctx.push(&d);
  std::string body = get(name).render(ctx);
  d.set("content", body);
  return get(layout).render(ctx);
}

http::Response Views::Page(int status, const std::string& name, json::object page,
                           const http::Request& req) const {
  Locale loc = LocaleFor(req);
  http::Response r;
  r.status = status;
  r.body = Render(name, std::move(page), loc, req);
  if (loc.set_lang_cookie)
    r.Header("Set-Cookie",
             fmt::format("lang={}; Path=/; Max-Age=31536000; SameSite=Lax", loc.lang));
  r.Header("Content-Language", loc.lang);
  return r;
}

}  // namespace doma::web
