#include "web/digest_pages.h"

#include <boost/json.hpp>

#include "http/status.h"
#include "web/form.h"
#include "web/help_page_parts.h"

namespace doma::web {
namespace json = boost::json;

namespace {

std::string Token(const http::Request& req) {
  if (auto q = req.Query("t")) return std::string(*q);
  return Field(req, "t");
}

}  // namespace

http::Response DigestPages::FormPage(http::Request& req, int status, const digest::SubscribeForm& f,
                                     const std::vector<Error>& errors) {
  Locale loc = LocaleFor(req);
  json::object page = TitledPage(views_, req, "digest_title");
  json::object form;
  form["address"] = f.address;
  form["consent"] = f.consent;
  json::array groups;
  if (auto cats = catalog_.Categories()) {
    for (const auto& g : *cats) {
      if (!g.parent.empty() || g.archived) continue;
      json::array children;
      for (const auto& c : *cats)
        if (c.parent == g.slug && !c.archived)
          children.push_back(json::object{{"slug", c.slug},
                                          {"name", loc.lang == "en" ? c.name_en : c.name_ru},
                                          {"checked", Has(f.categories, c.slug)}});
      groups.push_back(json::object{{"name", loc.lang == "en" ? g.name_en : g.name_ru},
                                    {"children", std::move(children)}});
    }
  }
  form["groups"] = std::move(groups);
  json::array places;
  for (const auto& p : places_.places())
    places.push_back(json::object{{"id", p.id},
                                  {"name", loc.lang == "en" ? p.name_en : p.name_ru},
                                  {"selected", p.id == f.place_id}});
  form["places"] = std::move(places);
  AddErrors(form, errors);
  page["form"] = std::move(form);
  return PrivatePage(auth_, views_, req, status, "digest", std::move(page));
}

http::Response DigestPages::Message(http::Request& req, int status, const std::string& title_key,
                                    const std::string& text) {
  json::object page = TitledPage(views_, req, title_key);
  page["form_notice"] = text;
  http::Response r = views_.Page(status, "message", std::move(page), req);
  r.Header("Cache-Control", "no-store");
  return r;
}

http::Response DigestPages::Form(http::Request& req, const Who&) {
  digest::SubscribeForm f;
  f.place_id = std::string(req.Query("place").value_or(""));
  if (auto c = req.Query("category")) f.categories.emplace_back(*c);
  return FormPage(req, 200, f, {});
}

http::Response DigestPages::Subscribe(http::Request& req, const Who&) {
  Locale loc = LocaleFor(req);
  digest::SubscribeForm f;
  f.address = Field(req, "address");
  f.categories = Fields(req, "categories");
  f.place_id = Field(req, "place");
  f.consent = Field(req, "consent") == "yes";
  f.client_address = req.client_address;
  f.lang = loc.lang;
  auto channel = digest_.Subscribe(f);
  if (!channel) {
    Code code = channel.error().code;
    if (code != Code::kInvalidArgument && code != Code::kRateLimited)
      return pages_.FromError(req, channel.error());
    auto res = FormPage(req, http::StatusFor(code), f, {channel.error()});
    if (code == Code::kRateLimited) res.Header("Retry-After", "3600");
    return res;
  }
  return Message(req, 200, "digest_check_title",
                 views_.T(loc.lang, *channel == "sms" ? "digest_check_sms" : "digest_check_email"));
}

http::Response DigestPages::ConfirmForm(http::Request& req, const Who&) {
  json::object page = TitledPage(views_, req, "digest_confirm_title");
  page["token"] = Token(req);
  return PrivatePage(auth_, views_, req, 200, "digest_confirm", std::move(page));
}

http::Response DigestPages::Confirm(http::Request& req, const Who&) {
  Locale loc = LocaleFor(req);
  if (auto r = digest_.Confirm(Token(req)); !r) return pages_.FromError(req, r.error());
  return Message(req, 200, "digest_confirmed_title", views_.T(loc.lang, "digest_confirmed"));
}

http::Response DigestPages::UnsubscribeForm(http::Request& req, const Who&) {
  json::object page = TitledPage(views_, req, "digest_unsubscribe_title");
  page["token"] = Token(req);
  http::Response r = views_.Page(200, "digest_unsubscribe", std::move(page), req);
  r.Header("Cache-Control", "no-store");
  return r;
}

http::Response DigestPages::Unsubscribe(http::Request& req) {
  Locale loc = LocaleFor(req);
  if (auto r = digest_.Unsubscribe(Token(req)); !r) return pages_.FromError(req, r.error());
  return Message(req, 200, "digest_unsubscribed_title", views_.T(loc.lang, "digest_unsubscribed"));
}

}  // namespace doma::web
