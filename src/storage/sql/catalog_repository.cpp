#include "storage/sql/catalog_repository.h"

#include <fmt/format.h>

#include <unordered_map>

namespace doma::storage::sql {

using catalog::Category;
using catalog::Service;

namespace {
// A service's word lists, one table each: (service_seq, <column>[, position]).
// Categories keep the editor's order (position); the others are sets, read
// back sorted by the word.
struct WordList {
  const char* table;
  const char* column;
  std::vector<std::string> Service::*field;
  bool ordered;

  std::string Select() const {
    return fmt::format("SELECT service_seq, {}, {} FROM {}", ordered ? "position" : column, column,
                       table);
  }
  std::string Insert() const {
    return ordered
               ? fmt::format("INSERT INTO {}(service_seq, {}, position) VALUES(?, ?, ?)", table,
                             column)
               : fmt::format("INSERT INTO {}(service_seq, {}) VALUES(?, ?) ON CONFLICT DO NOTHING",
                             table, column);
  }
};
constexpr WordList kWordLists[] = {
    {"service_categories", "category_slug", &Service::categories, true},
    {"service_audiences", "audience", &Service::audiences, false},
    {"service_platforms", "platform", &Service::platforms, false},
    {"service_languages", "language", &Service::languages, false},
    {"service_areas", "area", &Service::service_areas, true},
};
}  // namespace

Result<std::vector<Category>> SqlCatalogRepository::ListCategories() {
  return db_->All<Category>(
      "SELECT slug, COALESCE(parent_slug, ''), name_ru, name_en, position, archived FROM "
      "categories ORDER BY position, slug",
      [](Statement& st) {
        return Category{
            st.Text(0),    st.Text(1), st.Text(2), st.Text(3), static_cast<int>(st.Int(4)),
            st.Int(5) != 0};
      });
}

Status SqlCatalogRepository::UpsertCategories(const std::vector<Category>& categories) {
  return db_->Write([&](Connection& c) -> Status {
    Statement st(c,
                 "INSERT INTO categories(slug, parent_slug, name_ru, name_en, position, archived) "
                 "VALUES(?, ?, ?, ?, ?, ?) ON CONFLICT(slug) DO UPDATE SET parent_slug = "
                 "excluded.parent_slug, name_ru = excluded.name_ru, name_en = excluded.name_en, "
                 "position = excluded.position, archived = excluded.archived");
    // Parents first, so the foreign key holds inside the transaction.
    for (int pass = 0; pass < 2; ++pass) {
      for (const auto& cat : categories) {
        if (cat.parent.empty() != (pass == 0)) continue;
        st.Bind(1, cat.slug).BindText(2, cat.parent).Bind(3, cat.name_ru).Bind(4, cat.name_en);
        st.Bind(5, static_cast<long long>(cat.position)).Bind(6, cat.archived ? 1LL : 0LL);
        if (auto r = st.Run(); !r) return r;
      }
    }
    return {};
  });
}

Result<std::vector<Service>> SqlCatalogRepository::Load(Connection& c, const std::string* only_id,
                                                        const std::vector<long long>* seqs) {
  // Some services: their seqs inline (numbers, not input text), at most a
  // few hundred at a time.
  std::string in;
  if (seqs)
    for (long long seq : *seqs) in += (in.empty() ? "" : ", ") + std::to_string(seq);
  if (seqs && in.empty()) return std::vector<Service>();
  std::string where = only_id ? " WHERE s.id = ?1" : seqs ? " WHERE s.seq IN (" + in + ")" : "";
  Statement st(c,
               "SELECT s.seq, s.id, s.name, s.name_en, s.short_description, s.description, "
               "s.description_en, s.url, o.name, o.website, s.status, s.scope, s.district, "
               "s.settlement, s.cost, s.cost_note, s.min_age, s.max_age, s.how_to_apply, "
               "s.offer_text, s.offer_valid_until, s.featured, s.assured_at, s.created_at, "
               "s.updated_at, s.clicks, s.uuid, o.uuid, s.kind, s.status_note, s.ended_at FROM "
               "services s LEFT JOIN organizations o ON o.id = "
               "s.organization_id" +
                   where + " ORDER BY s.seq");
  if (only_id) st.Bind(1, *only_id);
  std::vector<Service> out;
  std::unordered_map<long long, std::size_t> by_seq;
  if (!only_id && !seqs) {
    Statement count(c, "SELECT COUNT(*) FROM services");
    if (auto row = count.Step(); row && *row) {
      out.reserve(static_cast<std::size_t>(count.Int(0)));
      by_seq.reserve(static_cast<std::size_t>(count.Int(0)));
    }
  }
  if (auto e = ForEachRow(st,
                          [&] {
                            Service s;
                            s.seq = st.Int(0);
                            s.id = st.Text(1);
                            s.name = st.Text(2);
                            s.name_en = st.Text(3);
                            s.short_description = st.Text(4);
                            s.description = st.Text(5);
                            s.description_en = st.Text(6);
                            s.url = st.Text(7);
                            s.organization = {st.Text(8), st.Text(9), {}};
                            s.status = st.Text(10);
                            s.scope = st.Text(11);
                            s.district = st.Text(12);
                            s.settlement = st.Text(13);
                            s.cost = st.Text(14);
                            s.cost_note = st.Text(15);
                            if (!st.IsNull(16)) s.min_age = static_cast<int>(st.Int(16));
                            if (!st.IsNull(17)) s.max_age = static_cast<int>(st.Int(17));
                            s.how_to_apply = st.Text(18);
                            s.featured = st.Int(21) != 0;
                            s.assured_at = st.Text(22);
                            s.created_at = st.Text(23);
                            s.updated_at = st.Text(24);
                            s.clicks = st.Int(25);
                            s.uuid = st.Text(26);
                            if (s.uuid.empty()) s.uuid = catalog::ServiceUuid(s.id);
                            s.organization.uuid = st.Text(27);
                            if (s.organization.uuid.empty() && !s.organization.name.empty())
                              s.organization.uuid = catalog::OrganizationUuid(s.organization.name);
                            s.kind = st.Text(28);
                            s.status_note = st.Text(29);
                            s.ended_at = st.Text(30);
                            by_seq[s.seq] = out.size();
                            out.push_back(std::move(s));
                          });
      !e)
    return Fail(e.error());
  if (out.empty()) return out;

  // Child rows: one query per table, merged by seq.
  std::string filter = only_id ? " WHERE service_seq = ?1"
                       : seqs  ? " WHERE service_seq IN (" + in + ")"
                               : "";
  auto each = [&](const std::string& sql, auto&& fn) -> Status {
    Statement q(c, sql + filter + " ORDER BY service_seq, 2");
    if (only_id) q.Bind(1, out.front().seq);
    if (auto e = ForEachRow(q,
                            [&] {
                              auto it = by_seq.find(q.Int(0));
                              if (it != by_seq.end()) fn(out[it->second], q);
                            });
        !e)
      return Fail(e.error());
    return {};
  };
  for (const auto& list : kWordLists) {
    if (auto r = each(list.Select(),
                      [&](Service& s, Statement& q) { (s.*list.field).push_back(q.Text(2)); });
        !r)
      return Fail(r.error());
  }
  if (auto r = each("SELECT service_seq, position, number, kind, note FROM service_phones",
                    [](Service& s, Statement& q) {
                      s.phones.push_back({q.Text(2), q.Text(3), q.Text(4)});
                    });
      !r)
    return Fail(r.error());
  if (auto r = each("SELECT service_seq, position, url, note FROM service_sources",
                    [](Service& s, Statement& q) {
                      s.sources.push_back({q.Text(2), q.Text(3)});
                    });
      !r)
    return Fail(r.error());
  if (auto r = each("SELECT service_seq, position, text, valid_until FROM service_offers",
                    [](Service& s, Statement& q) {
                      s.offers.push_back({q.Text(2), q.Text(3)});
                    });
      !r)
    return Fail(r.error());
  return out;
}

Result<std::optional<Service>> SqlCatalogRepository::FindService(const std::string& id) {
  auto all = db_->ReadSnapshot([&](Connection& c) { return Load(c, &id); });
  if (!all) return Fail(all.error());
  if (all->empty()) return std::optional<Service>();
  return std::optional<Service>(std::move(all->front()));
}

Result<std::vector<Service>> SqlCatalogRepository::FindServicesBySeq(
    const std::vector<long long>& seqs) {
  return db_->ReadSnapshot([&](Connection& c) { return Load(c, nullptr, &seqs); });
}

Result<std::vector<Service>> SqlCatalogRepository::ListAllServices() {
  return db_->ReadSnapshot([&](Connection& c) { return Load(c, nullptr); });
}

Result<std::vector<Service>> SqlCatalogRepository::UpsertServices(
    const std::vector<Service>& services, const std::string& now_iso) {
  return db_->Write([&](Connection& c) { return UpsertServicesIn(c, services, now_iso); });
}

Result<std::vector<Service>> UpsertServicesIn(Connection& c, const std::vector<Service>& services,
                                              const std::string& now_iso) {
  {
    // The organisation's row is written only when it is new or its website
    // changed: rewriting it for each of its services made a bulk import
    // slower with every service on PostgreSQL (each rewrite a new row version
    // that the next one walks past, inside one transaction).
    Statement org(
        c,
        "INSERT INTO organizations(name, website, uuid) VALUES(?1, ?2, ?3) ON CONFLICT(name) DO "
        "UPDATE SET website = excluded.website WHERE excluded.website IS NOT NULL AND "
        "organizations.website IS DISTINCT FROM excluded.website RETURNING id, uuid");
    Statement org_id_of(c, "SELECT id, uuid FROM organizations WHERE name = ?");
    Statement up(
        c,
        "INSERT INTO services(id, name, name_en, short_description, description, "
        "description_en, url, organization_id, status, scope, district, settlement, cost, "
        "cost_note, min_age, max_age, how_to_apply, kind, status_note, ended_at, "
        "featured, assured_at, created_at, updated_at, uuid) VALUES(?1, ?2, ?3, ?4, ?5, ?6, "
        "?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?24, ?20, ?21, ?22, ?22, "
        "?23) "
        "ON CONFLICT(id) DO UPDATE SET name = excluded.name, name_en = excluded.name_en, "
        "short_description = excluded.short_description, description = "
        "excluded.description, description_en = excluded.description_en, url = "
        "excluded.url, organization_id = excluded.organization_id, status = "
        "excluded.status, scope = excluded.scope, district = excluded.district, "
        "settlement = excluded.settlement, cost = excluded.cost, cost_note = "
        "excluded.cost_note, min_age = excluded.min_age, max_age = excluded.max_age, "
        "how_to_apply = excluded.how_to_apply, kind = excluded.kind, status_note = "
        "excluded.status_note, ended_at = excluded.ended_at, featured = excluded.featured, "
        "assured_at = excluded.assured_at, updated_at = excluded.updated_at, uuid = "
        "COALESCE(services.uuid, excluded.uuid) "
        "RETURNING seq, created_at, updated_at, clicks, uuid");
    std::vector<Service> stored;
    stored.reserve(services.size());
    for (const auto& in : services) {
      Service s = in;
      long long org_id = 0;
      if (!s.organization.name.empty()) {
        if (s.organization.uuid.empty())
          s.organization.uuid = catalog::OrganizationUuid(s.organization.name);
        org.Bind(1, s.organization.name).BindText(2, s.organization.website);
        org.Bind(3, s.organization.uuid);
        auto row = org.Step();
        if (!row) return Fail(row.error());
        if (*row) {
          org_id = org.Int(0);
          s.organization.uuid = org.Text(1);
        } else {  // there, and unchanged
          org_id_of.Bind(1, s.organization.name);
          auto there = org_id_of.Step();
          if (!there) return Fail(there.error());
          if (!*there)
            return Fail(Error::Internal("organisation vanished: " + s.organization.name));
          org_id = org_id_of.Int(0);
          s.organization.uuid = org_id_of.Text(1);
          org_id_of.Reset();
        }
        if (s.organization.uuid.empty())
          s.organization.uuid = catalog::OrganizationUuid(s.organization.name);
        org.Reset();
      }
      up.Bind(1, s.id).Bind(2, s.name).BindText(3, s.name_en).Bind(4, s.short_description);
      up.Bind(5, s.description).BindText(6, s.description_en).Bind(7, s.url);
      if (org_id)
        up.Bind(8, org_id);
      else
        up.BindNull(8);
      up.Bind(9, s.status).Bind(10, s.scope).BindText(11, s.district).BindText(12, s.settlement);
      up.Bind(13, s.cost).BindText(14, s.cost_note).BindOptional(15, s.min_age);
      up.BindOptional(16, s.max_age).BindText(17, s.how_to_apply);
      up.Bind(18, s.kind.empty() ? std::string("service") : s.kind).BindText(19, s.status_note);
      up.BindText(24, s.ended_at);
      up.Bind(20, s.featured ? 1LL : 0LL).BindText(21, s.assured_at).Bind(22, now_iso);
      up.Bind(23, s.uuid.empty() ? catalog::ServiceUuid(s.id) : s.uuid);
      auto row = up.Step();
      if (!row) return Fail(row.error());
      s.seq = up.Int(0);
      s.created_at = up.Text(1);
      s.updated_at = up.Text(2);
      s.clicks = up.Int(3);
      s.uuid = up.Text(4);
      up.Reset();

      for (const char* table :
           {"service_categories", "service_audiences", "service_platforms", "service_languages",
            "service_phones", "service_areas", "service_sources", "service_offers"}) {
        Statement del(c, std::string("DELETE FROM ") + table + " WHERE service_seq = ?");
        del.Bind(1, s.seq);
        if (auto r = del.Run(); !r) return Fail(r.error());
      }
      for (const auto& list : kWordLists) {
        Statement ins(c, list.Insert());
        long long pos = 0;
        for (const auto& v : s.*list.field) {
          ins.Bind(1, s.seq).Bind(2, v);
          if (list.ordered) ins.Bind(3, pos++);
          if (auto r = ins.Run(); !r) return Fail(r.error());
        }
      }
      Statement ph(c,
                   "INSERT INTO service_phones(service_seq, position, number, kind, note) "
                   "VALUES(?, ?, ?, ?, ?)");
      long long pos = 0;
      for (const auto& p : s.phones) {
        ph.Bind(1, s.seq).Bind(2, pos++).Bind(3, p.number).Bind(4, p.kind).BindText(5, p.note);
        if (auto r = ph.Run(); !r) return Fail(r.error());
      }
      Statement src(c,
                    "INSERT INTO service_sources(service_seq, position, url, note) "
                    "VALUES(?, ?, ?, ?)");
      pos = 0;
      for (const auto& x : s.sources) {
        src.Bind(1, s.seq).Bind(2, pos++).Bind(3, x.url).BindText(4, x.note);
        if (auto r = src.Run(); !r) return Fail(r.error());
      }
      Statement offer(c,
                      "INSERT INTO service_offers(service_seq, position, text, valid_until) "
                      "VALUES(?, ?, ?, ?)");
      pos = 0;
      for (const auto& x : s.offers) {
        offer.Bind(1, s.seq).Bind(2, pos++).Bind(3, x.text).BindText(4, x.valid_until);
        if (auto r = offer.Run(); !r) return Fail(r.error());
      }
      stored.push_back(std::move(s));
    }
    return stored;
  }
}

Status SqlCatalogRepository::AddClicks(const std::vector<std::pair<std::string, long long>>& counts,
                                       const std::vector<catalog::SourceClicks>& by_source) {
  return db_->Write([&](Connection& c) -> Status {
    Statement st(c, "UPDATE services SET clicks = clicks + ? WHERE id = ?");
    for (const auto& [id, n] : counts) {
      st.Bind(1, n).Bind(2, id);
      if (auto r = st.Run(); !r) return r;
    }
    // Several nodes add to the same row: the sum is the database's.
    Statement src(c,
                  "INSERT INTO click_sources(month, source, clicks) VALUES(?, ?, ?) "
                  "ON CONFLICT(month, source) DO UPDATE SET clicks = click_sources.clicks + "
                  "excluded.clicks");
    for (const auto& s : by_source) {
      src.Bind(1, s.month).Bind(2, s.source).Bind(3, s.clicks);
      if (auto r = src.Run(); !r) return r;
    }
    return {};
  });
}

Result<std::vector<catalog::SourceClicks>> SqlCatalogRepository::ListSourceClicks(
    const std::string& since_month) {
  return db_->Read([&](Connection& c) -> Result<std::vector<catalog::SourceClicks>> {
    Statement st(c,
                 "SELECT month, source, clicks FROM click_sources WHERE month >= ? ORDER BY "
                 "month, source");
    st.Bind(1, since_month);
    std::vector<catalog::SourceClicks> out;
    if (auto e = ForEachRow(st, [&] { out.push_back({st.Text(0), st.Text(1), st.Int(2)}); }); !e)
      return Fail(e.error());
    return out;
  });
}

Result<std::vector<catalog::CategoryScopeCount>> SqlCatalogRepository::CountByCategory(
    const std::string& added_since) {
  return db_->Read([&](Connection& c) -> Result<std::vector<catalog::CategoryScopeCount>> {
    // Category "": each service once, whatever its categories.
    Statement st(c,
                 "SELECT '', scope, COUNT(*), SUM(CASE WHEN created_at >= ? THEN 1 ELSE 0 END) "
                 "FROM services WHERE status NOT IN ('defunct', 'unavailable_in_russia') GROUP BY "
                 "scope UNION ALL "
                 "SELECT sc.category_slug, s.scope, COUNT(*), "
                 "SUM(CASE WHEN s.created_at >= ? THEN 1 ELSE 0 END) FROM services s JOIN "
                 "service_categories sc ON sc.service_seq = s.seq WHERE s.status NOT IN "
                 "('defunct', 'unavailable_in_russia') "
                 "GROUP BY sc.category_slug, s.scope ORDER BY 1, 2");
    st.Bind(1, added_since).Bind(2, added_since);
    std::vector<catalog::CategoryScopeCount> out;
    if (auto e = ForEachRow(st,
                            [&] {
                              out.push_back({st.Text(0), st.Text(1), st.Int(2), st.Int(3)});
                            });
        !e)
      return Fail(e.error());
    return out;
  });
}

Result<std::vector<catalog::CurrentOffer>> SqlCatalogRepository::ListCurrentOffers(
    const std::string& today) {
  return db_->Read([&](Connection& c) -> Result<std::vector<catalog::CurrentOffer>> {
    Statement st(c,
                 "SELECT s.seq, s.id, s.name, o.text, COALESCE(o.valid_until, '') FROM "
                 "service_offers o JOIN services s ON s.seq = o.service_seq WHERE s.status NOT IN "
                 "('defunct', 'unavailable_in_russia') AND (o.valid_until IS NULL OR "
                 "o.valid_until >= ?1) ORDER BY CASE WHEN o.valid_until IS NULL THEN 1 ELSE 0 END, "
                 "o.valid_until, s.name, o.position");
    st.Bind(1, today);
    std::vector<catalog::CurrentOffer> out;
    std::vector<long long> seqs;
    if (auto e = ForEachRow(st,
                            [&] {
                              seqs.push_back(st.Int(0));
                              out.push_back({st.Text(1), st.Text(2), st.Text(3), st.Text(4), {}});
                            });
        !e)
      return Fail(e.error());
    Statement aud(c, "SELECT audience FROM service_audiences WHERE service_seq = ? ORDER BY 1");
    for (std::size_t i = 0; i < out.size(); ++i) {
      aud.Bind(1, seqs[i]);
      if (auto e = ForEachRow(aud, [&] { out[i].audiences.push_back(aud.Text(0)); }); !e)
        return Fail(e.error());
      aud.Reset();
    }
    return out;
  });
}

Result<long long> SqlCatalogRepository::CountServices() {
  return db_->Read([](Connection& c) {
    Statement st(c, "SELECT COUNT(*) FROM services");
    return FirstInt(st);
  });
}

Result<long long> SqlCatalogRepository::CatalogVersion() {
  auto c = db_->Reader();
  if (!c) return Fail(c.error());
  Statement st(**c, "SELECT version FROM catalog_version WHERE id = 1");
  auto row = st.Step();
  if (!row) return Fail(row.error());
  if (!*row) return Fail(Error::Internal("catalog_version has no row"));
  return st.Int(0);
}

Result<std::vector<std::pair<long long, long long>>> SqlCatalogRepository::AllClicks() {
  return db_->All<std::pair<long long, long long>>(
      "SELECT seq, clicks FROM services WHERE clicks > 0",
      [](Statement& st) { return std::pair<long long, long long>(st.Int(0), st.Int(1)); });
}

}  // namespace doma::storage::sql
