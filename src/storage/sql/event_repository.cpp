#include "storage/sql/event_repository.h"

#include <fmt/format.h>

#include "core/text.h"
#include "storage/sql/audit_log.h"

namespace doma::storage::sql {
namespace {

std::string Joined(const std::vector<std::string>& v, char sep) {
  std::string out;
  for (const auto& x : v) out += (out.empty() ? "" : std::string(1, sep)) + x;
  return out;
}

std::vector<std::string> Parts(const std::string& s, char sep) {
  std::vector<std::string> out;
  for (auto p : text::Split(s, sep))
    if (!p.empty()) out.emplace_back(p);
  return out;
}

events::Event Row(Statement& st) {
  events::Event e;
  e.id = st.Int(0);
  e.title = st.Text(1);
  e.description = st.Text(2);
  e.organizer = st.Text(3);
  e.url = st.Text(4);
  e.starts_at = st.Text(5);
  e.ends_at = st.Text(6);
  e.categories = Parts(st.Text(7), ' ');
  e.cost = st.Text(8);
  e.audiences = Parts(st.Text(9), ' ');
  e.place = st.Text(10);
  e.service_id = st.Text(11);
  for (auto& url : Parts(st.Text(12), '\n')) e.sources.push_back({std::move(url), ""});
  e.status = st.Text(13);
  e.created_at = st.Text(14);
  e.proposed_by = st.Int(15);
  e.decided_by = st.Int(16);
  e.reject_reason = st.Text(17);
  return e;
}

constexpr const char* kColumns =
    "SELECT id, title, description, organizer, url, starts_at, ends_at, categories, cost, "
    "audiences, place, service_id, sources, status, created_at, COALESCE(proposed_by, 0), "
    "COALESCE(decided_by, 0), reject_reason FROM events ";

}  // namespace

Result<events::Event> SqlEventRepository::Create(const events::Event& e,
                                                 const std::string& now_iso) {
  return db_->Write([&](Connection& c) -> Result<events::Event> {
    Statement st(c,
                 "INSERT INTO events(title, description, organizer, url, starts_at, ends_at, "
                 "categories, cost, audiences, place, service_id, sources, status, created_at, "
                 "proposed_by, decided_by) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
                 "?12, ?13, ?14, ?15, ?16) RETURNING id");
    std::vector<std::string> urls;
    for (const auto& s : e.sources) urls.push_back(s.url);
    st.Bind(1, e.title).Bind(2, e.description).Bind(3, e.organizer).Bind(4, e.url);
    st.Bind(5, e.starts_at).Bind(6, e.ends_at).Bind(7, Joined(e.categories, ' '));
    st.Bind(8, e.cost).Bind(9, Joined(e.audiences, ' ')).Bind(10, e.place);
    st.Bind(11, e.service_id).Bind(12, Joined(urls, '\n')).Bind(13, e.status).Bind(14, now_iso);
    if (e.proposed_by)
      st.Bind(15, e.proposed_by);
    else
      st.BindNull(15);
    if (e.decided_by)
      st.Bind(16, e.decided_by);
    else
      st.BindNull(16);
    auto row = st.Step();
    if (!row) return Fail(row.error());
    events::Event out = e;
    out.id = st.Int(0);
    out.created_at = now_iso;
    st.Reset();
    if (e.status == "published")
      if (auto r = AppendAudit(c, now_iso, e.decided_by, "event_published",
                               fmt::format("event:{}", out.id), "");
          !r)
        return Fail(r.error());
    return out;
  });
}

Result<std::optional<events::Event>> SqlEventRepository::Find(long long id) {
  return db_->First<events::Event>(std::string(kColumns) + "WHERE id = ?", Row, id);
}

Result<std::vector<events::Event>> SqlEventRepository::ListFrom(const std::string& status,
                                                                const std::string& now_iso,
                                                                int limit) {
  return db_->All<events::Event>(
      std::string(kColumns) + "WHERE status = ? AND ends_at >= ? ORDER BY starts_at, id LIMIT ?",
      Row, status, now_iso, static_cast<long long>(limit));
}

Status SqlEventRepository::Decide(long long id, const std::string& status, long long editor_id,
                                  const std::string& reason, const std::string& now_iso) {
  return db_->Write([&](Connection& c) -> Status {
    Statement st(c,
                 "UPDATE events SET status = ?, decided_by = ?, reject_reason = ? WHERE id = ? "
                 "AND status = 'pending' RETURNING id");
    st.Bind(1, status).Bind(2, editor_id).Bind(3, reason).Bind(4, id);
    auto row = st.Step();
    if (!row) return Fail(row.error());
    if (!*row) return Fail(Error::NotFound("Такого события в очереди нет: его уже рассмотрели."));
    st.Reset();
    return AppendAudit(c, now_iso, editor_id,
                       status == "published" ? "event_published" : "event_rejected",
                       fmt::format("event:{}", id), "");
  });
}

}  // namespace doma::storage::sql
