#include "api/hsds_api.h"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <charconv>
#include <functional>
#include <unordered_set>

#include "api/problem.h"
#include "core/text.h"

namespace doma::api {
namespace json = boost::json;
using opendata::Snapshot;

namespace {

constexpr int kDefaultPerPage = 50;
constexpr int kMaxPerPage = 1000;
constexpr long long kMaxSearchMatches = 10000;

http::Response Open(http::Response r) {
  r.Header("Access-Control-Allow-Origin", "*");
  return r;
}

http::Response Json(const json::value& v) {
  auto r = http::Response::Json(200, json::serialize(v));
  r.content_type = "application/json; charset=utf-8";
  return Open(std::move(r));
}

http::Response Bad(const http::Request& req, const std::string& param, const std::string& msg) {
  return Open(Problem(400, msg, param, req.request_id));
}

http::Response NotFound(const http::Request& req, const char* what) {
  return Open(Problem(404, fmt::format("Нет {} с таким id.", what), "", req.request_id));
}

// The query as HSDS names it; each parse fails with a 400 naming the parameter.
struct Query {
  int page = 1, per_page = kDefaultPerPage;
  bool paged = false;  // page or per_page given (ndjson without them: everything)
  bool minimal = false, full = false, full_service = false, top_only = false, ndjson = false;
  std::string search, taxonomy_term_id, taxonomy_id, organization_id, modified_after, parent_id;
};

std::optional<http::Response> ParseQuery(const http::Request& req, Query& q) {
  for (const auto& [name, value] : req.query) {
    auto integer = [&](int& out, int lo, int hi) -> std::optional<http::Response> {
      int n = 0;
      auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc() || p != value.data() + value.size() || n < lo || n > hi)
        return Bad(req, name, fmt::format("{} — целое число от {} до {}.", name, lo, hi));
      out = n;
      q.paged = true;
      return std::nullopt;
    };
    auto boolean = [&](bool& out) -> std::optional<http::Response> {
      if (value == "true" || value == "1" || value.empty())
        out = true;
      else if (value == "false" || value == "0")
        out = false;
      else
        return Bad(req, name, name + " — true или false.");
      return std::nullopt;
    };
    std::optional<http::Response> bad;
    if (name == "page")
      bad = integer(q.page, 1, 1000000);
    else if (name == "per_page")
      bad = integer(q.per_page, 1, kMaxPerPage);
    else if (name == "minimal")
      bad = boolean(q.minimal);
    else if (name == "full")
      bad = boolean(q.full);
    else if (name == "full_service")
      bad = boolean(q.full_service);
    else if (name == "top_only")
      bad = boolean(q.top_only);
    else if (name == "search")
      q.search = value;
    else if (name == "taxonomy_term_id")
      q.taxonomy_term_id = value;
    else if (name == "taxonomy_id")
      q.taxonomy_id = value;
    else if (name == "organization_id")
      q.organization_id = value;
    else if (name == "parent_id")
      q.parent_id = value;
    else if (name == "modified_after") {
      // A date or a date-time, compared with last_modified as text (both ISO, UTC).
      bool date = value.size() >= 10 && value[4] == '-' && value[7] == '-';
      if (!date) return Bad(req, name, "modified_after — дата ISO 8601, например 2026-01-31.");
      q.modified_after = value;
    } else if (name == "format") {
      if (value != "json" && value != "ndjson") return Bad(req, name, "format — json или ndjson.");
      q.ndjson = value == "ndjson";
    }
    if (bad) return bad;
    if (!text::IsValidUtf8(value)) return Bad(req, name, name + ": текст не в UTF-8.");
  }
  return std::nullopt;
}

// A page of `total` items as the standard's Page, or the items as NDJSON;
// `item(i)` makes the i-th, for those shown only.
http::Response PageOf(const Query& q, std::size_t total,
                      const std::function<json::value(std::size_t)>& item) {
  std::size_t from = static_cast<std::size_t>(q.page - 1) * q.per_page;
  std::size_t to = std::min(total, from + static_cast<std::size_t>(q.per_page));
  if (q.ndjson) {
    if (!q.paged) from = 0, to = total;
    std::string body;
    for (std::size_t i = from; i < to; ++i) body += json::serialize(item(i)) + "\n";
    http::Response r = http::Response::Text(200, std::move(body));
    r.content_type = "application/x-ndjson; charset=utf-8";
    return Open(std::move(r));
  }
  long long pages = (static_cast<long long>(total) + q.per_page - 1) / q.per_page;
  json::array contents;
  for (std::size_t i = from; i < to; ++i) contents.push_back(item(i));
  json::object page{{"total_items", total},      {"total_pages", pages},
                    {"page_number", q.page},     {"size", contents.size()},
                    {"first_page", q.page == 1}, {"last_page", q.page >= pages},
                    {"empty", contents.empty()}, {"contents", std::move(contents)}};
  return Json(page);
}

http::Response PageOf(const Query& q, std::vector<json::value> items) {
  return PageOf(q, items.size(), [&](std::size_t i) { return std::move(items[i]); });
}

bool Contains(std::string_view haystack, std::string_view needle) {
  return needle.empty() || text::Fold(haystack).find(text::Fold(needle)) != std::string::npos;
}

}  // namespace

http::Response HsdsApi::Root(http::Request&) {
  const auto& p = data_.publisher();
  return Json(json::object{{"version", "3.0"},
                           {"profile", "http://docs.openreferral.org"},
                           {"openapi_url", p.public_url + "/api/hsds/openapi.json"}});
}

http::Response HsdsApi::Services(http::Request& req) {
  Query q;
  if (auto bad = ParseQuery(req, q)) return *bad;
  auto snap = data_.Current();
  if (!snap) return Open(ProblemFrom(req, snap.error()));
  const Snapshot& s = **snap;

  // Full-text search goes through the catalog's own search (Russian stemming,
  // spelling, transliteration): the slugs it finds, all pages of them.
  std::optional<std::unordered_set<std::string>> found;
  if (!q.search.empty()) {
    found.emplace();
    catalog::SearchRequest sr;
    sr.text = q.search;
    sr.per_page = 100;
    sr.today = catalog_.clock().Today();
    for (sr.page = 1;; ++sr.page) {
      auto res = catalog_.Search(sr);
      if (!res) return Open(ProblemFrom(req, res.error()));
      // One request reads at most 100 pages of the search (a broad word in a
      // national catalog would otherwise cost a thousand searches).
      if (res->total > kMaxSearchMatches)
        return Bad(req, "search",
                   fmt::format("Поиск «{}» находит {} сервисов — больше {}: уточните запрос или "
                               "добавьте taxonomy_term_id, organization_id.",
                               text::Truncate(q.search, 60), res->total, kMaxSearchMatches));
      for (const auto& item : res->items) found->insert(item.id);
      if (res->items.empty() || static_cast<long long>(sr.page) * sr.per_page >= res->total) break;
    }
  }
  // A term matches its own services and, for a category group, its children's.
  std::unordered_set<std::string> terms;
  if (!q.taxonomy_term_id.empty()) {
    terms.insert(q.taxonomy_term_id);
    for (const auto& t : s.terms)
      if (t.parent_uuid == q.taxonomy_term_id) terms.insert(t.uuid);
  }
  auto has_term = [&](const catalog::Service& svc, auto&& pred) {
    for (const auto& c : svc.categories)
      if (auto it = s.category_term.find(c); it != s.category_term.end() && pred(it->second))
        return true;
    for (const auto& a : svc.audiences)
      if (auto it = s.audience_term.find(a); it != s.audience_term.end() && pred(it->second))
        return true;
    for (const auto& p : svc.platforms)
      if (auto it = s.platform_term.find(p); it != s.platform_term.end() && pred(it->second))
        return true;
    return false;
  };
  // What matches, then JSON for the page only: a page of 50 out of 100,000
  // services need not build the other 99,950.
  std::vector<const catalog::Service*> matches;
  for (const auto& svc : s.services) {
    if (found && !found->contains(svc.id)) continue;
    if (!q.organization_id.empty() && svc.organization.uuid != q.organization_id) continue;
    if (!q.modified_after.empty() && svc.updated_at < q.modified_after) continue;
    if (!terms.empty() && !has_term(svc, [&](const std::string& t) { return terms.contains(t); }))
      continue;
    if (!q.taxonomy_id.empty() && !has_term(svc, [&](const std::string& t) {
          return s.terms[s.term_by_uuid.at(t)].taxonomy_uuid == q.taxonomy_id;
        }))
      continue;
    matches.push_back(&svc);
  }
  return PageOf(q, matches.size(), [&](std::size_t i) -> json::value {
    const catalog::Service& svc = *matches[i];
    if (q.minimal)
      return json::object{{"id", svc.uuid},
                          {"name", svc.name},
                          {"status", opendata::HsdsStatus(svc.status)},
                          {"last_modified", svc.updated_at}};
    return opendata::ServiceJson(s, svc, q.full, data_.publisher());
  });
}

http::Response HsdsApi::Service(http::Request& req) {
  auto snap = data_.Current();
  if (!snap) return Open(ProblemFrom(req, snap.error()));
  auto it = (*snap)->service_by_uuid.find(req.params["id"]);
  if (it == (*snap)->service_by_uuid.end()) return NotFound(req, "сервиса");
  return Json(
      opendata::ServiceJson(**snap, (*snap)->services[it->second], true, data_.publisher()));
}

http::Response HsdsApi::Organizations(http::Request& req) {
  Query q;
  if (auto bad = ParseQuery(req, q)) return *bad;
  auto snap = data_.Current();
  if (!snap) return Open(ProblemFrom(req, snap.error()));
  std::vector<json::value> items;
  for (const auto& o : (*snap)->organizations) {
    if (!Contains(o.organization.name, q.search)) continue;
    items.push_back(opendata::OrganizationJson(**snap, o, q.full || q.full_service, q.full_service,
                                               data_.publisher()));
  }
  return PageOf(q, std::move(items));
}

http::Response HsdsApi::Organization(http::Request& req) {
  Query q;
  if (auto bad = ParseQuery(req, q)) return *bad;
  auto snap = data_.Current();
  if (!snap) return Open(ProblemFrom(req, snap.error()));
  auto it = (*snap)->organization_by_uuid.find(req.params["id"]);
  if (it == (*snap)->organization_by_uuid.end()) return NotFound(req, "организации");
  return Json(opendata::OrganizationJson(**snap, (*snap)->organizations[it->second], true,
                                         q.full_service, data_.publisher()));
}

http::Response HsdsApi::Taxonomies(http::Request& req) {
  Query q;
  if (auto bad = ParseQuery(req, q)) return *bad;
  auto snap = data_.Current();
  if (!snap) return Open(ProblemFrom(req, snap.error()));
  std::vector<json::value> items;
  for (const auto& t : (*snap)->taxonomies)
    if (Contains(t.name, q.search) || Contains(t.code, q.search))
      items.push_back(opendata::TaxonomyJson(t, data_.publisher()));
  return PageOf(q, std::move(items));
}

http::Response HsdsApi::Taxonomy(http::Request& req) {
  auto snap = data_.Current();
  if (!snap) return Open(ProblemFrom(req, snap.error()));
  auto it = (*snap)->taxonomy_by_uuid.find(req.params["id"]);
  if (it == (*snap)->taxonomy_by_uuid.end()) return NotFound(req, "таксономии");
  return Json(opendata::TaxonomyJson((*snap)->taxonomies[it->second], data_.publisher()));
}

http::Response HsdsApi::TaxonomyTerms(http::Request& req) {
  Query q;
  if (auto bad = ParseQuery(req, q)) return *bad;
  auto snap = data_.Current();
  if (!snap) return Open(ProblemFrom(req, snap.error()));
  std::vector<json::value> items;
  for (const auto& t : (*snap)->terms) {
    if (!q.taxonomy_id.empty() && t.taxonomy_uuid != q.taxonomy_id) continue;
    if (!q.parent_id.empty() && t.parent_uuid != q.parent_id) continue;
    if (q.top_only && !t.parent_uuid.empty()) continue;
    if (!Contains(t.name, q.search) && !Contains(t.code, q.search)) continue;
    items.push_back(opendata::TermJson(**snap, t, q.full, data_.publisher()));
  }
  return PageOf(q, std::move(items));
}

http::Response HsdsApi::TaxonomyTerm(http::Request& req) {
  auto snap = data_.Current();
  if (!snap) return Open(ProblemFrom(req, snap.error()));
  auto it = (*snap)->term_by_uuid.find(req.params["id"]);
  if (it == (*snap)->term_by_uuid.end()) return NotFound(req, "термина");
  return Json(opendata::TermJson(**snap, (*snap)->terms[it->second], true, data_.publisher()));
}

// Doma's services are online and by phone: none is delivered at a location.
http::Response HsdsApi::ServiceAtLocations(http::Request& req) {
  Query q;
  if (auto bad = ParseQuery(req, q)) return *bad;
  return PageOf(q, {});
}

http::Response HsdsApi::ServiceAtLocation(http::Request& req) {
  return NotFound(req, "места оказания услуги");
}

http::Response HsdsApi::ExportZip(http::Request& req) {
  auto zip = data_.ExportZip();
  if (!zip) return Open(ProblemFrom(req, zip.error()));
  http::Response r = http::Response::Text(200, **zip);
  r.content_type = "application/zip";
  r.Header("Content-Disposition", "attachment; filename=\"doma-hsds.zip\"");
  return Open(std::move(r));
}

http::Response HsdsApi::OpenApi(http::Request&) {
  auto r = http::Response::Json(200, openapi_);
  r.content_type = "application/json; charset=utf-8";
  return Open(std::move(r));
}

}  // namespace doma::api
