#include "storage/sql/help_repository.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <map>

#include "core/clock.h"
#include "core/text.h"
#include "domain/help/fields.h"
#include "storage/sql/help_repository_parts.h"
#include "storage/sql/outbox_repository.h"

namespace doma::storage::sql {

namespace json = boost::json;
using help::HelpRequest;
using help::Volunteer;

namespace {

constexpr const char* kRequestColumns =
    "SELECT id, status, kinds, urgency, payment, channel, place_id, lat, lon, window_start, "
    "window_end, personal, code_word, "
    "consent_at, COALESCE(consent_by, 0), COALESCE(requester_id, 0), COALESCE(created_by, 0), "
    "COALESCE(volunteer_id, 0), "
    "COALESCE(recurrence, ''), COALESCE(previous_id, 0), COALESCE(duplicate_of, 0), created_at, "
    "COALESCE(taken_at, ''), "
    "COALESCE(done_at, ''), COALESCE(confirmed_at, ''), COALESCE(closed_at, ''), "
    "COALESCE(erased_at, ''), "
    "COALESCE(receipt_kopecks, -1), COALESCE(rating, 0), comment, volunteer_feedback, reason FROM "
    "help_requests ";

// What the volunteers' feed keeps of an open request (help::FeedEntry).
constexpr const char* kFeedColumns =
    "SELECT id, kinds, urgency, place_id, lat, lon, window_start, window_end FROM help_requests ";

// The start of the region's day `days` before `today` (YYYY-MM-DD), as a
// UTC instant: the lower bound of created_at; `today` itself when it is not
// a date.
std::string DaysBefore(const std::string& today, int days) {
  std::chrono::sys_days d;
  if (!help::ParseDate(today, d)) return today;
  return FormatIso(std::chrono::system_clock::time_point(d - std::chrono::days(days)) -
                   RegionUtcOffset());
}

help::FeedEntry FeedEntryRow(Statement& st) {
  help::FeedEntry e;
  e.id = st.Int(0);
  e.kinds = help::KindMask(SplitWords(st.Text(1)));
  e.urgency = std::max(0, help::UrgencyIndex(st.Text(2)));
  e.place_id = st.Text(3);
  e.point = {st.Double(4), st.Double(5)};
  e.window_start = st.Text(6);
  e.window_end = st.Text(7);
  return e;
}

Status EventIn(Connection& c, long long id, const std::string& action, const std::string& detail,
               long long actor, const std::string& now_iso) {
  Statement st(
      c, "INSERT INTO help_events(request_id, at, actor_id, action, detail) VALUES(?, ?, ?, ?, ?)");
  st.Bind(1, id).Bind(2, now_iso);
  if (actor)
    st.Bind(3, actor);
  else
    st.BindNull(3);
  st.Bind(4, action).Bind(5, detail);
  return st.Run();
}

void BindId(Statement& st, int i, long long id) {
  if (id)
    st.Bind(i, id);
  else
    st.BindNull(i);
}

std::string ReplaceNumber(std::string s, const std::string& number) {
  for (std::size_t at; (at = s.find("{number}")) != std::string::npos;) s.replace(at, 8, number);
  return s;
}

}  // namespace

Result<HelpRequest> SqlHelpRepository::Row(Statement& st, bool with_personal) {
  HelpRequest r;
  r.id = st.Int(0);
  help::ParseStatus(st.Text(1), r.status);
  r.kinds = SplitWords(st.Text(2));
  r.urgency = st.Text(3);
  r.payment = st.Text(4);
  r.channel = st.Text(5);
  r.place_id = st.Text(6);
  r.lat = st.Double(7);
  r.lon = st.Double(8);
  r.window_start = st.Text(9);
  r.window_end = st.Text(10);
  r.erased = st.IsNull(11);
  auto open = [&](int col) -> Result<std::string> {
    if (st.IsNull(col)) return std::string();
    return sealer_.Open(st.Text(col));
  };
  if (with_personal && !r.erased) {
    auto p = open(11);
    if (!p) return Fail(p.error());
    boost::system::error_code ec;
    auto v = json::parse(*p, ec);
    if (ec || !v.is_object())
      return Fail(Error::Internal(fmt::format("help request {}: personal data unreadable", r.id)));
    const auto& o = v.as_object();
    r.personal = PersonalFrom(o);
    for (auto [col, out] : {std::pair{12, &r.code_word},
                            {29, &r.comment},
                            {30, &r.volunteer_feedback},
                            {31, &r.reason}}) {
      auto t = open(col);
      if (!t) return Fail(t.error());
      *out = std::move(*t);
    }
  }
  r.consent_at = st.Text(13);
  r.consent_by = st.Int(14);
  r.requester_id = st.Int(15);
  r.created_by = st.Int(16);
  r.volunteer_id = st.Int(17);
  r.recurrence = st.Text(18);
  r.previous_id = st.Int(19);
  r.duplicate_of = st.Int(20);
  r.created_at = st.Text(21);
  r.taken_at = st.Text(22);
  r.done_at = st.Text(23);
  r.confirmed_at = st.Text(24);
  r.closed_at = st.Text(25);
  r.erased_at = st.Text(26);
  r.receipt_kopecks = st.Int(27);
  r.rating = static_cast<int>(st.Int(28));
  return r;
}

Result<HelpRequest> SqlHelpRepository::Insert(Connection& c, HelpRequest r,
                                              const std::vector<notify::Notification>& notify,
                                              const std::string& now_iso) {
  Statement st(c,
               "INSERT INTO help_requests(status, kinds, urgency, payment, channel, place_id, lat, "
               "lon, window_start, window_end, "
               "personal, code_word, consent_at, consent_by, requester_id, created_by, recurrence, "
               "previous_id, created_at) "
               "VALUES('open', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
  st.Bind(1, JoinWords(r.kinds))
      .Bind(2, r.urgency)
      .Bind(3, r.payment)
      .Bind(4, r.channel)
      .Bind(5, r.place_id);
  st.BindDouble(6, r.lat).BindDouble(7, r.lon).Bind(8, r.window_start).Bind(9, r.window_end);
  st.Bind(10, sealer_.Seal(PersonalJson(r.personal))).Bind(11, sealer_.Seal(r.code_word));
  st.Bind(12, r.consent_at);
  BindId(st, 13, r.consent_by);
  BindId(st, 14, r.requester_id);
  BindId(st, 15, r.created_by);
  st.BindText(16, r.recurrence);
  BindId(st, 17, r.previous_id);
  st.Bind(18, now_iso);
  auto row = st.Step();
  if (!row) return Fail(row.error());
  r.id = st.Int(0);
  st.Reset();
  r.status = help::RequestStatus::kOpen;
  r.created_at = now_iso;
  if (auto e = EventIn(c, r.id, "create",
                       r.previous_id ? "repeat of " + help::Number(r.previous_id) : r.channel,
                       r.created_by, now_iso);
      !e)
    return Fail(e.error());
  std::vector<notify::Notification> out = notify;
  for (auto& n : out) {
    n.subject = ReplaceNumber(n.subject, help::Number(r.id));
    n.body = ReplaceNumber(n.body, help::Number(r.id));
  }
  if (auto e = Enqueue(c, out, sealer_, now_iso); !e) return Fail(e.error());
  return r;
}

Result<HelpRequest> SqlHelpRepository::Create(HelpRequest r,
                                              const std::vector<notify::Notification>& notify,
                                              const std::string& now_iso) {
  return db_->Write([&](Connection& c) { return Insert(c, std::move(r), notify, now_iso); });
}

Status SqlHelpRepository::CreateMany(const std::vector<HelpRequest>& rs,
                                     const std::string& now_iso) {
  return db_->Write([&](Connection& c) -> Status {
    for (const auto& r : rs)
      if (auto e = Insert(c, r, {}, now_iso); !e) return Fail(e.error());
    return {};
  });
}

Result<std::optional<HelpRequest>> SqlHelpRepository::FindIn(Connection& c, long long id,
                                                             bool lock) {
  Statement st(
      c, std::string(kRequestColumns) + "WHERE id = ?" + std::string(lock ? c.ForUpdate() : ""));
  st.Bind(1, id);
  auto row = st.Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<HelpRequest>();
  auto r = Row(st, true);
  if (!r) return Fail(r.error());
  return std::optional<HelpRequest>(std::move(*r));
}

Result<std::optional<HelpRequest>> SqlHelpRepository::Find(long long id) {
  return db_->Read([&](Connection& c) { return FindIn(c, id); });
}

Result<HelpRequest> SqlHelpRepository::Update(long long id, const help::Decider& decide,
                                              const std::string& now_iso) {
  return db_->Write([&](Connection& c) -> Result<HelpRequest> {
    // Two volunteers taking one request, or a coordinator assigning it
    // meanwhile: the second waits here for the first to commit, then decides
    // on what the first left.
    auto cur = FindIn(c, id, true);
    if (!cur) return Fail(cur.error());
    if (!*cur) return Fail(Error::NotFound("Такой заявки нет или она вам недоступна."));
    help::TxView tx;
    tx.active_count = [&c](long long volunteer_id) -> Result<int> {
      // One volunteer taking two requests at once: the volunteer's row is
      // the lock under which the requests in progress are counted.
      Statement lock(c,
                     "SELECT 1 FROM volunteers WHERE account_id = ?" + std::string(c.ForUpdate()));
      lock.Bind(1, volunteer_id);
      if (auto e = lock.Run(); !e) return Fail(e.error());
      Statement st(
          c, "SELECT count(*) FROM help_requests WHERE volunteer_id = ? AND status = 'taken'");
      st.Bind(1, volunteer_id);
      auto row = st.Step();
      if (!row) return Fail(row.error());
      return static_cast<int>(st.Int(0));
    };
    tx.volunteer_status = [&c](long long volunteer_id) -> Result<help::VolunteerStatus> {
      Statement st(c, "SELECT status FROM volunteers WHERE account_id = ?");
      st.Bind(1, volunteer_id);
      auto row = st.Step();
      if (!row) return Fail(row.error());
      help::VolunteerStatus s = help::VolunteerStatus::kPending;
      if (*row) help::ParseVolunteerStatus(st.Text(0), s);
      return s;
    };
    tx.find = [this, &c](long long other) { return FindIn(c, other, true); };
    auto m = decide(**cur, tx);
    if (!m) return Fail(m.error());
    const HelpRequest& a = m->after;
    Statement st(c,
                 "UPDATE help_requests SET status = ?, volunteer_id = ?, taken_at = ?, done_at = "
                 "?, confirmed_at = ?, "
                 "closed_at = ?, erased_at = ?, receipt_kopecks = ?, rating = ?, comment = ?, "
                 "volunteer_feedback = ?, "
                 "reason = ?, recurrence = ?, duplicate_of = ?, personal = ?, code_word = ?, lat = "
                 "?, lon = ? WHERE id = ?");
    st.Bind(1, help::StatusName(a.status));
    BindId(st, 2, a.volunteer_id);
    st.BindText(3, a.taken_at)
        .BindText(4, a.done_at)
        .BindText(5, a.confirmed_at)
        .BindText(6, a.closed_at);
    st.BindText(7, a.erased_at);
    if (a.receipt_kopecks >= 0)
      st.Bind(8, a.receipt_kopecks);
    else
      st.BindNull(8);
    if (a.rating > 0)
      st.Bind(9, static_cast<long long>(a.rating));
    else
      st.BindNull(9);
    auto sealed = [&](int i, const std::string& v) {
      if (v.empty() || a.erased)
        st.BindNull(i);
      else
        st.Bind(i, sealer_.Seal(v));
    };
    sealed(10, a.comment);
    sealed(11, a.volunteer_feedback);
    sealed(12, a.reason);
    st.BindText(13, a.recurrence);
    BindId(st, 14, a.duplicate_of);
    if (a.erased)
      st.BindNull(15).BindNull(16);
    else
      st.Bind(15, sealer_.Seal(PersonalJson(a.personal))).Bind(16, sealer_.Seal(a.code_word));
    st.BindDouble(17, a.lat).BindDouble(18, a.lon).Bind(19, id);
    if (auto e = st.Run(); !e) return Fail(e.error());
    if (!m->event.empty())
      if (auto e = EventIn(c, id, m->event, m->event_detail, m->event_actor, now_iso); !e)
        return Fail(e.error());
    for (const auto& note : m->audit)
      if (auto e = AuditIn(c, note, now_iso); !e) return Fail(e.error());
    if (auto e = Enqueue(c, m->notify, sealer_, now_iso); !e) return Fail(e.error());
    if (m->create)
      if (auto e = Insert(c, *m->create, {}, now_iso); !e) return Fail(e.error());
    return a;
  });
}

Result<std::vector<HelpRequest>> SqlHelpRepository::List(const help::ListFilter& f) {
  auto c = db_->Reader();
  if (!c) return Fail(c.error());
  std::string where = "WHERE 1 = 1";
  if (!f.statuses.empty()) {
    where += " AND status IN (";
    for (std::size_t i = 0; i < f.statuses.size(); ++i) where += i ? ", ?" : "?";
    where += ")";
  }
  if (!f.urgency.empty()) where += " AND urgency = ?";
  if (f.requester_id) where += " AND requester_id = ?";
  if (f.volunteer_id) where += " AND volunteer_id = ?";
  // Urgent first within each status; the oldest first so that waiting ones surface.
  Statement st(**c, std::string(kRequestColumns) + where +
                        " ORDER BY CASE status WHEN 'open' THEN 0 WHEN 'taken' THEN 1 WHEN 'done' "
                        "THEN 2 ELSE 3 END, "
                        "CASE WHEN status IN ('open', 'taken', 'done') THEN CASE urgency WHEN "
                        "'today' THEN 0 WHEN "
                        "'1-2-days' THEN 1 ELSE 2 END ELSE 0 END, "
                        "CASE WHEN status IN ('open', 'taken', 'done') THEN created_at END ASC, id "
                        "DESC LIMIT ? OFFSET ?");
  int i = 1;
  for (auto s : f.statuses) st.Bind(i++, help::StatusName(s));
  if (!f.urgency.empty()) st.Bind(i++, f.urgency);
  if (f.requester_id) st.Bind(i++, f.requester_id);
  if (f.volunteer_id) st.Bind(i++, f.volunteer_id);
  st.Bind(i, static_cast<long long>(std::clamp(f.limit, 1, 5000)))
      .Bind(i + 1, static_cast<long long>(std::max(0, f.offset)));
  return AllRows<HelpRequest>(st, [&] { return Row(st, false); });
}

Result<std::vector<help::FeedEntry>> SqlHelpRepository::AllOpen() {
  auto c = db_->Reader();
  if (!c) return Fail(c.error());
  std::vector<help::FeedEntry> out;
  {
    Statement count(**c, "SELECT count(*) FROM help_requests WHERE status = 'open'");
    if (auto row = count.Step(); row && *row) out.reserve(static_cast<std::size_t>(count.Int(0)));
  }
  Statement st(**c, std::string(kFeedColumns) + "WHERE status = 'open'");
  if (auto e = ForEachRow(st, [&] { out.push_back(FeedEntryRow(st)); }); !e) return Fail(e.error());
  return out;
}

Result<std::optional<help::FeedEntry>> SqlHelpRepository::OpenFeedEntry(long long id) {
  return db_->First<help::FeedEntry>(std::string(kFeedColumns) + "WHERE id = ? AND status = 'open'",
                                     FeedEntryRow, id);
}

Result<std::vector<long long>> SqlHelpRepository::Ids(const std::string& sql,
                                                      const std::string& param) {
  return db_->Read([&](Connection& c) {
    Statement st(c, sql);
    if (!param.empty()) st.Bind(1, param);
    return AllRows<long long>(st, [&] { return st.Int(0); });
  });
}

Result<std::vector<long long>> SqlHelpRepository::Overdue(const std::string& now_iso) {
  return Ids(
      "SELECT id FROM help_requests WHERE status = 'open' AND window_end < ? ORDER BY id LIMIT "
      "1000",
      now_iso);
}

// Taken requests (as r) and their escalation since they were taken (as e).
constexpr std::string_view kTakenAndEscalation =
    "SELECT id FROM help_requests r WHERE status = 'taken' AND {} EXISTS (SELECT 1 FROM "
    "help_events e WHERE e.request_id = r.id AND e.action = 'escalate' AND e.at >= r.taken_at{}) "
    "ORDER BY id LIMIT 1000";

Result<std::vector<long long>> SqlHelpRepository::StuckTaken(
    const std::string& window_end_before_iso) {
  return Ids(fmt::format(fmt::runtime(kTakenAndEscalation), "window_end < ? AND NOT", ""),
             window_end_before_iso);
}

Result<std::vector<long long>> SqlHelpRepository::EscalatedBefore(const std::string& cutoff_iso) {
  return Ids(fmt::format(fmt::runtime(kTakenAndEscalation), "", " AND e.at < ?"), cutoff_iso);
}

Result<std::vector<long long>> SqlHelpRepository::UnconfirmedSince(const std::string& cutoff_iso) {
  return Ids(
      "SELECT id FROM help_requests WHERE status = 'done' AND done_at < ? ORDER BY id LIMIT 1000",
      cutoff_iso);
}

Result<std::vector<long long>> SqlHelpRepository::DueRecurrences() {
  return Ids(
      "SELECT r.id FROM help_requests r WHERE r.recurrence = 'weekly' AND r.status IN ('done', "
      "'confirmed', 'expired') "
      "AND r.erased_at IS NULL AND NOT EXISTS (SELECT 1 FROM help_requests n WHERE n.previous_id = "
      "r.id) ORDER BY r.id LIMIT 1000",
      "");
}

Result<std::vector<long long>> SqlHelpRepository::ErasableBefore(const std::string& cutoff_iso) {
  return Ids(
      "SELECT id FROM help_requests WHERE erased_at IS NULL AND closed_at IS NOT NULL AND "
      "closed_at < ? ORDER BY id LIMIT 1000",
      cutoff_iso);
}

Result<std::vector<help::HelpEvent>> SqlHelpRepository::Events(long long id) {
  return db_->All<help::HelpEvent>(
      "SELECT e.at, e.action, e.detail, COALESCE(e.actor_id, 0), COALESCE(a.name, '') FROM "
      "help_events e LEFT JOIN accounts a ON a.id = e.actor_id WHERE e.request_id = ? ORDER BY "
      "e.id",
      [](Statement& st) {
        return help::HelpEvent{st.Text(0), st.Text(1), st.Text(2), st.Int(3), st.Text(4)};
      },
      id);
}

Status SqlHelpRepository::Audit(const help::AuditNote& note, const std::string& now_iso) {
  return db_->Write([&](Connection& c) { return AuditIn(c, note, now_iso); });
}

Result<help::Figures> SqlHelpRepository::ComputeFigures(const std::string& today) {
  auto c = db_->Reader();
  if (!c) return Fail(c.error());
  help::Figures f;
  Statement counts(**c, "SELECT status, count(*) FROM help_requests GROUP BY status");
  if (auto e = ForEachRow(counts,
                          [&] {
                            std::string s = counts.Text(0);
                            int n = static_cast<int>(counts.Int(1));
                            if (s == "open")
                              f.open = n;
                            else if (s == "taken")
                              f.taken = n;
                            else if (s == "done")
                              f.done = n;
                            else
                              f.closed += n;
                          });
      !e)
    return Fail(e.error());
  // Days are the region's (its midnight, not UTC's): the rows are counted
  // by the hour in UTC, and the hours put in the region's days here
  // (Russia's offsets are whole hours).
  const std::string since = DaysBefore(today, 13);
  Statement days(**c,
                 "SELECT substr(created_at, 1, 13) AS h, count(*) FROM help_requests WHERE "
                 "created_at >= ? GROUP BY h ORDER BY h");
  days.Bind(1, since);
  std::map<std::string, int> per_day;
  if (auto e = ForEachRow(days,
                          [&] {
                            std::chrono::system_clock::time_point hour;
                            if (help::ParseIso(days.Text(0) + ":00:00Z", hour))
                              per_day[RegionDate(hour)] += static_cast<int>(days.Int(1));
                          });
      !e)
    return Fail(e.error());
  for (const auto& [day, n] : per_day) f.per_day.push_back({day, n});
  // Minutes from creation to `column` over the requests created in the
  // region's last 30 days that reached it; -1 when none did.
  auto median = [&](std::string_view column) -> Result<double> {
    Statement st(**c, fmt::format("SELECT created_at, {0} FROM help_requests WHERE {0} IS NOT "
                                  "NULL AND created_at >= ?",
                                  column));
    st.Bind(1, DaysBefore(today, 29));
    std::vector<double> v;
    if (auto e = ForEachRow(
            st,
            [&] {
              std::chrono::system_clock::time_point from, to;
              if (help::ParseIso(st.Text(0), from) && help::ParseIso(st.Text(1), to))
                v.push_back(std::chrono::duration<double, std::ratio<60>>(to - from).count());
            });
        !e)
      return Fail(e.error());
    if (v.empty()) return -1.0;
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
    return v[v.size() / 2];
  };
  for (auto [column, out] : {std::pair{"taken_at", &f.median_take_minutes},
                             std::pair{"done_at", &f.median_complete_minutes}}) {
    auto m = median(column);
    if (!m) return Fail(m.error());
    *out = *m;
  }
  return f;
}

Result<std::vector<help::CompletedRequest>> SqlHelpRepository::CompletedSince(
    const std::string& since_iso) {
  return db_->Read([&](Connection& c) -> Result<std::vector<help::CompletedRequest>> {
    Statement st(c,
                 "SELECT created_at, COALESCE(taken_at, ''), done_at, place_id, "
                 "COALESCE(volunteer_id, 0) FROM help_requests WHERE done_at IS NOT NULL AND "
                 "done_at >= ? ORDER BY done_at");
    st.Bind(1, since_iso);
    std::vector<help::CompletedRequest> out;
    if (auto e =
            ForEachRow(st,
                       [&] {
                         out.push_back({st.Text(0), st.Text(1), st.Text(2), st.Text(3), st.Int(4)});
                       });
        !e)
      return Fail(e.error());
    return out;
  });
}

Result<std::vector<std::string>> SqlHelpRepository::CoordinatorContacts() {
  return db_->All<std::string>(
      "SELECT COALESCE(a.email, a.phone) FROM accounts a WHERE EXISTS(SELECT 1 FROM "
      "account_roles r WHERE r.account_id = a.id AND r.role = 'coordinator') ORDER BY a.id",
      [](Statement& st) { return st.Text(0); });
}

Result<std::string> SqlHelpRepository::AccountContact(long long account_id) {
  return db_->Read([&](Connection& c) { return ContactIn(c, account_id); });
}

}  // namespace doma::storage::sql
