#include "web/editor_pages.h"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <charconv>

#include "core/text.h"
#include "domain/catalog/validation.h"
#include "http/status.h"
#include "web/form.h"
#include "web/format.h"

namespace doma::web {
namespace json = boost::json;
using catalog::Service;

namespace {}  // namespace

http::Response EditorPages::FormPage(http::Request& req, int status, const std::string& name,
                                     json::object page, const Service& s, const Error* error) {
  page["form"] = FormData(req, s, error);
  return Render(req, status, name, std::move(page));
}

json::object EditorPages::FormData(const http::Request& req, const Service& s, const Error* error) {
  std::string lang = LocaleFor(req).lang;
  json::object f{{"name", s.name},
                 {"name_en", s.name_en},
                 {"short_description", s.short_description},
                 {"description", s.description},
                 {"description_en", s.description_en},
                 {"url", s.url},
                 {"organization", s.organization.name},
                 {"organization_website", s.organization.website},
                 {"settlement", s.settlement},
                 {"district", s.district},
                 {"cost_note", s.cost_note},
                 {"how_to_apply", s.how_to_apply},
                 {"featured", s.featured}};
  // Every offer, and one empty row for another.
  json::array offers;
  for (std::size_t i = 0; i <= s.offers.size(); ++i) {
    const catalog::Offer blank;
    const catalog::Offer& o = i < s.offers.size() ? s.offers[i] : blank;
    offers.push_back(json::object{{"n", i + 1},
                                  {"text", o.text},
                                  {"valid_until", o.valid_until},
                                  {"more", i == s.offers.size() && i > 0}});
  }
  f["offers"] = std::move(offers);
  f["kind_offer"] = s.kind == "offer";
  f["status_note"] = s.status_note;
  f["ended_at"] = s.ended_at;
  std::string sources;
  for (const auto& x : s.sources) sources += x.url + (x.note.empty() ? "" : " — " + x.note) + "\n";
  f["sources"] = sources;
  json::array areas;
  for (const auto& a : catalog_.Areas())
    areas.push_back(json::object{{"value", a}, {"selected", Has(s.service_areas, a)}});
  f["areas"] = std::move(areas);
  f["has_areas"] = !catalog_.Areas().empty();
  auto options = [&](auto const& values, const std::string& prefix, auto&& selected) {
    json::array a;
    for (auto v : values)
      a.push_back(json::object{{"value", std::string(v)},
                               {"label", views_.T(lang, prefix + std::string(v))},
                               {"selected", selected(v)}});
    return a;
  };
  f["statuses"] = options(catalog::kStatuses, "status.", [&](auto v) { return v == s.status; });
  f["scopes"] = options(catalog::kScopes, "scope.", [&](auto v) { return v == s.scope; });
  f["costs"] = options(catalog::kCosts, "cost.", [&](auto v) { return v == s.cost; });
  f["audiences"] =
      options(catalog::kAudiences, "audience.", [&](auto v) { return Has(s.audiences, v); });
  f["platforms"] =
      options(catalog::kPlatforms, "platform.", [&](auto v) { return Has(s.platforms, v); });
  json::array cats;
  if (auto all = catalog_.Categories()) {
    for (const auto& c : *all)
      if (!c.parent.empty() && !c.archived)
        cats.push_back(json::object{{"value", c.slug},
                                    {"label", lang == "en" ? c.name_en : c.name_ru},
                                    {"selected", Has(s.categories, c.slug)}});
  }
  f["categories"] = std::move(cats);
  if (error) {
    f["has_errors"] = true;
    f["error_" + (error->field.empty() ? std::string("form") : error->field)] =
        error->public_message;
  }
  return f;
}

Service EditorPages::FromForm(const http::Request& req, Service s) {
  s.name = Field(req, "name");
  s.name_en = Field(req, "name_en");
  s.short_description = Field(req, "short_description");
  s.description = Field(req, "description");
  s.description_en = Field(req, "description_en");
  s.url = Field(req, "url");
  s.organization = {Field(req, "organization"), Field(req, "organization_website"), {}};
  s.status = Field(req, "status");
  s.scope = Field(req, "scope");
  s.settlement = Field(req, "settlement");
  s.district = Field(req, "district");
  s.cost = Field(req, "cost");
  s.cost_note = Field(req, "cost_note");
  s.how_to_apply = Field(req, "how_to_apply");
  s.categories = Fields(req, "categories");
  s.audiences = Fields(req, "audiences");
  s.platforms = Fields(req, "platforms");
  s.featured = req.FormValue("featured").has_value();
  // Offers: rows of text and end date; a row left empty is no offer.
  auto texts = Column(req, "offer_text"), untils = Column(req, "offer_valid_until");
  s.offers.clear();
  for (std::size_t i = 0; i < std::max(texts.size(), untils.size()); ++i) {
    std::string t = i < texts.size() ? texts[i] : "", u = i < untils.size() ? untils[i] : "";
    if (!t.empty() || !u.empty()) s.offers.push_back({t, u});
  }
  s.kind = req.FormValue("kind_offer").has_value() ? "offer" : "service";
  s.status_note = Field(req, "status_note");
  s.ended_at = Field(req, "ended_at");
  s.service_areas = Fields(req, "service_areas");
  // Sources: "address — what it confirms", one per line.
  s.sources.clear();
  std::string all = Field(req, "sources");
  for (std::size_t at = 0; at < all.size();) {
    std::size_t end = std::min(all.find('\n', at), all.size());
    std::string line(text::Trim(std::string_view(all).substr(at, end - at)));
    at = end + 1;
    if (line.empty()) continue;
    auto dash = line.find(" — ");
    if (dash == std::string::npos)
      s.sources.push_back({line, ""});
    else
      s.sources.push_back({std::string(text::Trim(line.substr(0, dash))),
                           std::string(text::Trim(line.substr(dash + 5)))});
  }
  if (s.languages.empty()) s.languages = {"ru"};
  return s;
}

namespace {
// What a new service's form starts with: the most common answers.
Service BlankService() {
  Service blank;
  blank.scope = "federal";
  blank.cost = "free";
  return blank;
}
}  // namespace

http::Response EditorPages::ProposeForm(http::Request& req, const Who&) {
  return FormPage(req, 200, "propose", TitledPage(views_, req, "propose.title"), BlankService(),
                  nullptr);
}

http::Response EditorPages::Propose(http::Request& req, const Who& who) {
  auto p = editorial::ReadProposal([&](const char* k) { return Field(req, k); },
                                   [&](const char* k) { return Fields(req, k); });
  auto r = editorial_.Propose(p, who ? &who->account : nullptr, req.client_address);
  if (!r) {
    // Refusals a person can act on keep what was typed (a full disk too).
    Code code = r.error().code;
    if (code != Code::kInvalidArgument && code != Code::kRateLimited && code != Code::kUnavailable)
      return pages_.FromError(req, r.error());
    Service echo = FromForm(req, Service{});
    json::object page = TitledPage(views_, req, "propose.title");
    page["contact"] = p.contact;
    auto res = FormPage(req, http::StatusFor(r.error().code), "propose", std::move(page), echo,
                        &r.error());
    if (r.error().code == Code::kRateLimited) res.Header("Retry-After", "3600");
    return res;
  }
  json::object page = TitledPage(views_, req, "propose.thanks_title");
  page["form_notice"] = views_.T(LocaleFor(req).lang, "propose.thanks");
  return Render(req, 200, "message", std::move(page));
}

http::Response EditorPages::Desk(http::Request& req, const Who& who) {
  auto queue = editorial_.Queue(who->account);
  if (!queue) return pages_.FromError(req, queue.error());
  auto due = editorial_.DueForReverification(who->account, 50);
  if (!due) return pages_.FromError(req, due.error());
  json::array items, verify;
  const std::string lang = LocaleFor(req).lang;
  for (const auto& it : *queue) {
    json::array dups;
    for (const auto& d : it.possible_duplicates)
      dups.push_back(json::object{{"id", d.id}, {"name", d.name}});
    items.push_back(json::object{
        {"id", it.submission.id},
        {"name", it.submission.service.name},
        {"url", it.submission.service.url},
        {"created_at", HumanTime(it.submission.created_at, views_.utc_offset_minutes(), lang)},
        {"duplicates", std::move(dups)},
        {"has_duplicates", !it.possible_duplicates.empty()}});
  }
  for (const auto& s : *due)
    verify.push_back(
        json::object{{"id", s.id}, {"name", s.name}, {"assured_at", s.assured_at.substr(0, 10)}});
  json::object page = TitledPage(views_, req, "desk.title");
  page["submissions"] = std::move(items);
  page["has_submissions"] = !queue->empty();
  page["verify"] = std::move(verify);
  page["has_verify"] = !due->empty();
  if (auto d = req.Query("done"))
    if (auto notice = views_.Find(LocaleFor(req).lang, "desk.done." + std::string(*d)))
      page["notice"] = *notice;
  return Render(req, 200, "desk", std::move(page));
}

http::Response EditorPages::Submission(http::Request& req, const Who& who) {
  long long id = IdParam(req);
  auto item = editorial_.Review(who->account, id);
  if (!item) return pages_.FromError(req, item.error());
  json::object page;
  page["title"] = item->submission.service.name;
  page["submission_id"] = id;
  page["pending"] = item->submission.status == "pending";
  page["status_label"] = views_.T(LocaleFor(req).lang, "submission." + item->submission.status);
  page["has_contact"] = !item->submission.contact.empty();
  page["source"] = item->submission.source;
  json::array dups;
  for (const auto& d : item->possible_duplicates)
    dups.push_back(json::object{{"id", d.id}, {"name", d.name}, {"url", d.url}});
  page["duplicates"] = std::move(dups);
  page["has_duplicates"] = !item->possible_duplicates.empty();
  return FormPage(req, 200, "submission", std::move(page), item->submission.service, nullptr);
}

http::Response EditorPages::Approve(http::Request& req, const Who& who) {
  long long id = IdParam(req);
  auto item = editorial_.Review(who->account, id);
  if (!item) return pages_.FromError(req, item.error());
  Service edited = FromForm(req, item->submission.service);
  edited.id.clear();
  auto r = editorial_.Approve(who->account, id, edited);
  if (!r) {
    if (r.error().code != Code::kInvalidArgument) return pages_.FromError(req, r.error());
    json::object page;
    page["title"] = item->submission.service.name;
    page["submission_id"] = id;
    page["pending"] = true;
    return FormPage(req, 400, "submission", std::move(page), edited, &r.error());
  }
  return http::Response::Redirect(303, "/services/" + r->id);
}

http::Response EditorPages::Reject(http::Request& req, const Who& who) {
  long long id = IdParam(req);
  auto r = editorial_.Reject(who->account, id, Field(req, "reason"));
  if (!r) {
    if (r.error().code != Code::kInvalidArgument) return pages_.FromError(req, r.error());
    auto item = editorial_.Review(who->account, id);
    if (!item) return pages_.FromError(req, item.error());
    json::object page;
    page["title"] = item->submission.service.name;
    page["submission_id"] = id;
    page["pending"] = true;
    page["error_reason"] = r.error().public_message;
    return FormPage(req, 400, "submission", std::move(page), item->submission.service, nullptr);
  }
  return http::Response::Redirect(303, "/editor?done=rejected");
}

http::Response EditorPages::EditForm(http::Request& req, const Who&) {
  auto s = catalog_.GetService(req.params.at("id"));
  if (!s) return pages_.FromError(req, s.error());
  json::object page;
  page["title"] = s->name;
  page["service_id"] = s->id;
  return FormPage(req, 200, "edit", std::move(page), *s, nullptr);
}

http::Response EditorPages::Edit(http::Request& req, const Who& who) {
  auto before = catalog_.GetService(req.params.at("id"));
  if (!before) return pages_.FromError(req, before.error());
  Service after = FromForm(req, *before);
  auto r = editorial_.Edit(who->account, before->id, after);
  if (!r) {
    if (r.error().code != Code::kInvalidArgument) return pages_.FromError(req, r.error());
    json::object page;
    page["title"] = before->name;
    page["service_id"] = before->id;
    return FormPage(req, 400, "edit", std::move(page), after, &r.error());
  }
  return http::Response::Redirect(303, "/editor/services/" + before->id + "/history");
}

http::Response EditorPages::History(http::Request& req, const Who& who) {
  auto s = catalog_.GetService(req.params.at("id"));
  if (!s) return pages_.FromError(req, s.error());
  auto h = editorial_.History(who->account, s->id);
  if (!h) return pages_.FromError(req, h.error());
  std::string lang = LocaleFor(req).lang;
  json::array rows;
  for (const auto& e : *h)
    rows.push_back(json::object{{"at", HumanTime(e.at, views_.utc_offset_minutes(), lang)},
                                {"actor", e.actor_name},
                                {"field", views_.T(lang, "fld_" + e.change.field)},
                                {"old", e.change.old_value},
                                {"new", e.change.new_value}});
  json::object page;
  page["title"] = s->name;
  page["service_id"] = s->id;
  page["entries"] = std::move(rows);
  page["has_entries"] = !h->empty();
  return Render(req, 200, "history", std::move(page));
}

http::Response EditorPages::Verify(http::Request& req, const Who& who) {
  auto r = editorial_.MarkVerified(who->account, req.params.at("id"));
  if (!r) return pages_.FromError(req, r.error());
  return http::Response::Redirect(303, "/editor?done=verified");
}

http::Response EditorPages::NewForm(http::Request& req, const Who&) {
  return FormPage(req, 200, "new_service", TitledPage(views_, req, "new_service"), BlankService(),
                  nullptr);
}

http::Response EditorPages::Create(http::Request& req, const Who& who) {
  Service s = FromForm(req, Service{});
  auto r = editorial_.Create(who->account, s);
  if (!r) {
    if (r.error().code != Code::kInvalidArgument) return pages_.FromError(req, r.error());
    return FormPage(req, 400, "new_service", TitledPage(views_, req, "new_service"), s, &r.error());
  }
  return http::Response::Redirect(303, "/services/" + r->id);
}

http::Response EditorPages::Categories(http::Request& req, const Who&) {
  auto cats = catalog_.Categories();
  if (!cats) return pages_.FromError(req, cats.error());
  json::array rows, groups;
  for (const auto& c : *cats) {
    rows.push_back(json::object{{"slug", c.slug},
                                {"parent", c.parent},
                                {"name_ru", c.name_ru},
                                {"name_en", c.name_en},
                                {"is_group", c.parent.empty()},
                                {"archived", c.archived}});
    if (c.parent.empty() && !c.archived)
      groups.push_back(json::object{{"slug", c.slug}, {"name", c.name_ru}});
  }
  json::object page = TitledPage(views_, req, "categories_editor");
  page["categories"] = std::move(rows);
  page["groups"] = std::move(groups);
  if (auto e = req.locals.find("category.error"); e != req.locals.end()) page["error"] = e->second;
  return Render(req, req.locals.contains("category.error") ? 400 : 200, "categories_editor",
                std::move(page));
}

http::Response EditorPages::SaveCategory(http::Request& req, const Who& who) {
  catalog::Category c{Field(req, "slug"),
                      Field(req, "parent"),
                      Field(req, "name_ru"),
                      Field(req, "name_en"),
                      0,
                      req.FormValue("archived").has_value()};
  auto r = editorial_.SaveCategory(who->account, c);
  if (!r) {
    if (r.error().code != Code::kInvalidArgument) return pages_.FromError(req, r.error());
    req.locals["category.error"] = r.error().public_message;
    return Categories(req, who);
  }
  return http::Response::Redirect(303, "/editor/categories");
}

}  // namespace doma::web
