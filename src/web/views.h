// Server-side pages: mustache templates (HTML-escaped by default) wrapped in
// one layout, with the interface strings of the chosen language.
#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "core/error.h"
#include "domain/region/region.h"
#include "http/message.h"
#include "http/static_files.h"

namespace kainjow::mustache {
template <typename string_type>
class basic_data;
}

namespace doma::web {

// What a page needs to know about the person's settings.
// The version for the visually impaired (GOST R 52872-2019): text size,
// colour scheme, letter spacing and images, kept in the `a11y` cookie as
// "1" (the defaults) or "<size>-<scheme>-<spacing>-<images>", e.g.
// "3-wb-wide-off". Anything else reads as the normal site.
struct Vision {
  int size = 2;               // 1, 2, 3: 125 %, 150 %, 200 %
  std::string scheme = "wb";  // "bw" black on white, "wb" white on black, "blue"
  bool wide = false;          // letter and word spacing
  bool images = true;

  // nullopt: the normal site.
  static std::optional<Vision> Parse(std::string_view cookie);
  // From the settings form's fields (each optional, defaults otherwise).
  static Vision FromForm(std::string_view size, std::string_view scheme, std::string_view spacing,
                         std::string_view images);
  std::string CookieValue() const;
  // "contrast a11y-size-3 a11y-scheme-wb a11y-wide a11y-noimg"
  std::string Classes() const;
};

struct Locale {
  std::string lang = "ru";  // "ru" | "en"
  bool contrast = false;    // "версия для слабовидящих"
  Vision vision;            // when contrast
  bool set_lang_cookie = false;
};

// Reads ?lang= and the lang / a11y cookies.
Locale LocaleFor(const http::Request& req);

class Views {
 public:
  // Loads every *.mustache in `dir` and the strings in dir/i18n/{ru,en}.json.
  static Result<Views> Load(const std::string& dir, const http::StaticFiles& statics);

  // Renders template `name` with `page` inside the layout (`page["layout"]`
  // names another: print_layout, embed_layout). `page` gets `t` (interface
  // strings), `lang`, `contrast` and asset URLs added. A page that sets `og`
  // ({type, title, description, image: a path}) gets its Open Graph and
  // Twitter card tags, its canonical URL and, with og.share, the share links
  // (VK, Telegram, WhatsApp, Odnoklassniki; plain links, ?src=share-…).
  std::string Render(const std::string& name, boost::json::object page, const Locale& loc,
                     const http::Request& req) const;

  // A full HTML response, with the lang cookie when ?lang= was given.
  http::Response Page(int status, const std::string& name, boost::json::object page,
                      const http::Request& req) const;

  // The region: its help line in every page's footer (and its tel: link),
  // its name in the texts that say "{region}", its map's centre.
  void SetRegion(const region::Region& r);
  // The address people use ("https://doma.region.example"): canonical URLs,
  // Open Graph and share links are absolute on it.
  void SetPublicUrl(std::string url) { public_url_ = std::move(url); }
  // Where the header's coat of arms is (empty: the region has none).
  void SetCoatOfArms(std::string url) { coat_of_arms_ = std::move(url); }
  // The region's offset from UTC, for times shown to people.
  int utc_offset_minutes() const { return utc_offset_minutes_; }

  // The interface string `key` in `lang` (falls back to Russian, then the key).
  // The text for `key`, or nothing when the portal has none: for keys made
  // from a request (?done=…), which must never show the request's words.
  std::optional<std::string> Find(const std::string& lang, const std::string& key) const;
  std::string T(const std::string& lang, const std::string& key) const;

 private:
  std::map<std::string, std::string> sources_;
  boost::json::object strings_ru_, strings_en_;
  // The strings for each language (as `t__key`), converted once for the template engine and shared
  // by every render: copying ~1,000 strings per page was most of a page's cost.
  void BuildStrings();
  std::shared_ptr<const kainjow::mustache::basic_data<std::string>> t_ru_, t_en_;
  const http::StaticFiles* statics_ = nullptr;
  std::uintptr_t generation_ = 0;
  std::string region_name_ru_, region_name_en_, coat_of_arms_;
  std::string hotline_, hotline_tel_, badge_example_, number_example_;
  std::string public_url_;
  boost::json::object map_;
  int utc_offset_minutes_ = 0;
};

}  // namespace doma::web
