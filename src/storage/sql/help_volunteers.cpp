// The volunteers' part of the SQLite help repository: profiles, badges,
// verification and suspension with their role changes and audit entries.
#include <fmt/format.h>

#include "storage/sql/help_repository.h"
#include "storage/sql/help_repository_parts.h"
#include "storage/sql/outbox_repository.h"

namespace doma::storage::sql {

using help::Volunteer;

namespace {
constexpr const char* kVolunteerColumns =
    "SELECT v.account_id, v.first_name, v.phone, v.place_id, v.lat, v.lon, v.point_lat, "
    "v.point_lon, v.kinds, v.has_car, "
    "v.max_km, v.status, COALESCE(v.badge, ''), v.id_checked, v.briefed, COALESCE(v.verified_by, "
    "0), "
    "COALESCE(v.verified_at, ''), COALESCE(v.suspended_reason, ''), v.created_at, "
    "(SELECT count(*) FROM help_requests h WHERE h.volunteer_id = v.account_id AND h.status = "
    "'taken'), "
    "(SELECT count(*) FROM help_requests h WHERE h.volunteer_id = v.account_id AND h.status IN "
    "('done', 'confirmed')), "
    "(SELECT COALESCE(avg(rating), 0) FROM help_requests h WHERE h.volunteer_id = v.account_id AND "
    "h.rating IS NOT NULL), "
    "(SELECT count(rating) FROM help_requests h WHERE h.volunteer_id = v.account_id) FROM "
    "volunteers v ";
}  // namespace

Result<std::vector<Volunteer>> SqlHelpRepository::Volunteers(
    const std::string& where, const std::function<void(Statement&)>& bind) {
  auto c = db_->Reader();
  if (!c) return Fail(c.error());
  Statement st(**c, std::string(kVolunteerColumns) + where);
  bind(st);
  return AllRows<Volunteer>(st, [&]() -> Result<Volunteer> {
    Volunteer v;
    v.account_id = st.Int(0);
    v.first_name = st.Text(1);
    auto phone = sealer_.Open(st.Text(2));
    if (!phone) return Fail(phone.error());
    v.phone = *phone;
    v.place_id = st.Text(3);
    v.lat = st.Double(4);
    v.lon = st.Double(5);
    v.has_point = !st.IsNull(6);
    v.point_lat = st.Double(6);
    v.point_lon = st.Double(7);
    v.kinds = SplitWords(st.Text(8));
    v.has_car = st.Int(9) != 0;
    v.max_km = static_cast<int>(st.Int(10));
    help::ParseVolunteerStatus(st.Text(11), v.status);
    v.badge = st.Text(12);
    v.id_checked = st.Int(13) != 0;
    v.briefed = st.Int(14) != 0;
    v.verified_by = st.Int(15);
    v.verified_at = st.Text(16);
    v.suspended_reason = st.Text(17);
    v.created_at = st.Text(18);
    v.active = static_cast<int>(st.Int(19));
    v.completed = static_cast<int>(st.Int(20));
    v.rating = st.Double(21);
    v.ratings = static_cast<int>(st.Int(22));
    return v;
  });
}

Status SqlHelpRepository::SaveVolunteer(const Volunteer& v, const std::string& now_iso) {
  return db_->Write([&](Connection& c) -> Status {
    Statement st(c,
                 "INSERT INTO volunteers(account_id, first_name, phone, place_id, lat, lon, "
                 "point_lat, point_lon, kinds, has_car, "
                 "max_km, created_at, updated_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                 "ON CONFLICT(account_id) DO UPDATE SET first_name = excluded.first_name, phone = "
                 "excluded.phone, "
                 "place_id = excluded.place_id, lat = excluded.lat, lon = excluded.lon, point_lat "
                 "= excluded.point_lat, "
                 "point_lon = excluded.point_lon, kinds = excluded.kinds, has_car = "
                 "excluded.has_car, max_km = excluded.max_km, "
                 "updated_at = excluded.updated_at");
    st.Bind(1, v.account_id)
        .Bind(2, v.first_name)
        .Bind(3, sealer_.Seal(v.phone))
        .Bind(4, v.place_id);
    st.BindDouble(5, v.lat).BindDouble(6, v.lon);
    if (v.has_point)
      st.BindDouble(7, v.point_lat).BindDouble(8, v.point_lon);
    else
      st.BindNull(7).BindNull(8);
    st.Bind(9, JoinWords(v.kinds))
        .Bind(10, static_cast<long long>(v.has_car))
        .Bind(11, static_cast<long long>(v.max_km));
    st.Bind(12, now_iso).Bind(13, now_iso);
    return st.Run();
  });
}

Result<std::optional<Volunteer>> SqlHelpRepository::FindVolunteer(long long account_id) {
  auto v = Volunteers("WHERE v.account_id = ?", [&](Statement& st) { st.Bind(1, account_id); });
  if (!v) return Fail(v.error());
  if (v->empty()) return std::optional<Volunteer>();
  return std::optional<Volunteer>(std::move(v->front()));
}

Result<std::optional<Volunteer>> SqlHelpRepository::FindByBadge(const std::string& badge) {
  auto v = Volunteers("WHERE v.badge = ?", [&](Statement& st) { st.Bind(1, badge); });
  if (!v) return Fail(v.error());
  if (v->empty()) return std::optional<Volunteer>();
  return std::optional<Volunteer>(std::move(v->front()));
}

Result<std::vector<Volunteer>> SqlHelpRepository::ListVolunteers(const std::string& status,
                                                                 int limit, int offset) {
  std::string where = status.empty() ? "" : "WHERE v.status = ? ";
  where +=
      "ORDER BY CASE v.status WHEN 'pending' THEN 0 WHEN 'verified' THEN 1 ELSE 2 END, "
      "v.created_at LIMIT ? OFFSET ?";
  return Volunteers(where, [&](Statement& st) {
    int i = 1;
    if (!status.empty()) st.Bind(i++, status);
    st.Bind(i, static_cast<long long>(limit)).Bind(i + 1, static_cast<long long>(offset));
  });
}

Result<Volunteer> SqlHelpRepository::SetVolunteerStatus(long long account_id,
                                                        help::VolunteerStatus status,
                                                        long long coordinator_id,
                                                        const std::string& reason,
                                                        const std::string& now_iso) {
  auto done = db_->Write([&](Connection& c) -> Status {
    Statement cur(c, "SELECT status, COALESCE(badge, '') FROM volunteers WHERE account_id = ?");
    cur.Bind(1, account_id);
    auto row = cur.Step();
    if (!row) return Fail(row.error());
    if (!*row) return Fail(Error::NotFound("Такого волонтёра нет."));
    std::string before = cur.Text(0), badge = cur.Text(1);
    cur.Reset();
    std::string action;
    std::vector<notify::Notification> note;
    auto contact = ContactIn(c, account_id);
    if (!contact) return Fail(contact.error());
    if (status == help::VolunteerStatus::kVerified) {
      if (badge.empty()) {
        // Badges are "<prefix>-<n>": the next n after the prefix and dash.
        Statement next(c,
                       "SELECT COALESCE(MAX(CAST(substr(badge, CAST(? AS INTEGER)) AS INTEGER)), "
                       "0) + 1 FROM volunteers WHERE badge IS NOT NULL");
        next.Bind(1, static_cast<long long>(help::CurrentNumbering().badge_prefix.size() + 2));
        auto r = next.Step();
        if (!r) return Fail(r.error());
        badge = help::BadgeNumber(next.Int(0));
        next.Reset();
      }
      Statement st(c,
                   "UPDATE volunteers SET status = 'verified', badge = ?, id_checked = 1, briefed "
                   "= 1, verified_by = ?, "
                   "verified_at = COALESCE(verified_at, ?), suspended_reason = NULL, updated_at = "
                   "? WHERE account_id = ?");
      st.Bind(1, badge)
          .Bind(2, coordinator_id)
          .Bind(3, now_iso)
          .Bind(4, now_iso)
          .Bind(5, account_id);
      if (auto e = st.Run(); !e) return e;
      Statement role(
          c,
          "INSERT INTO account_roles(account_id, role) VALUES(?, 'volunteer') ON CONFLICT DO "
          "NOTHING");
      role.Bind(1, account_id);
      if (auto e = role.Run(); !e) return e;
      action = before == "suspended" ? "volunteer_reinstated" : "volunteer_verified";
      if (!contact->empty())
        note.push_back({*contact, "Вы — проверенный волонтёр",
                        fmt::format("Координатор проверил вашу анкету. Ваш бейдж № {}. Носите его "
                                    "с собой и называйте у двери "
                                    "номер заявки и кодовое слово.",
                                    badge)});
    } else {
      Statement st(c,
                   "UPDATE volunteers SET status = ?, suspended_reason = ?, updated_at = ? WHERE "
                   "account_id = ?");
      st.Bind(1, help::VolunteerStatusName(status))
          .BindText(2, reason)
          .Bind(3, now_iso)
          .Bind(4, account_id);
      if (auto e = st.Run(); !e) return e;
      action = status == help::VolunteerStatus::kSuspended ? "volunteer_suspended"
                                                           : "volunteer_reinstated";
    }
    if (auto e = AuditIn(c, {coordinator_id, action, fmt::format("account:{}", account_id), badge},
                         now_iso);
        !e)
      return e;
    return Enqueue(c, note, sealer_, now_iso);
  });
  if (!done) return Fail(done.error());
  auto v = FindVolunteer(account_id);
  if (!v) return Fail(v.error());
  if (!*v) return Fail(Error::NotFound("Такого волонтёра нет."));
  return **v;
}

}  // namespace doma::storage::sql
