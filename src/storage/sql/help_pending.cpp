// Requests asked for without an account, waiting for their asker's phone to
// be confirmed (help::PendingRequest): one sealed JSON record each, promoted
// to a request in the same transaction that spends the code.
#include <fmt/format.h>

#include <boost/json.hpp>

#include "storage/sql/help_repository.h"
#include "storage/sql/help_repository_parts.h"
#include "storage/sql/outbox_repository.h"

namespace doma::storage::sql {

namespace json = boost::json;
using help::HelpRequest;
using help::PendingRequest;

namespace {

constexpr int kMaxTries = 5;

std::string RequestJson(const HelpRequest& r) {
  json::array kinds;
  for (const auto& k : r.kinds) kinds.emplace_back(k);
  json::object o{{"kinds", std::move(kinds)},
                 {"urgency", r.urgency},
                 {"payment", r.payment},
                 {"channel", r.channel},
                 {"place_id", r.place_id},
                 {"lat", r.lat},
                 {"lon", r.lon},
                 {"window_start", r.window_start},
                 {"window_end", r.window_end},
                 {"personal", json::parse(PersonalJson(r.personal))},
                 {"code_word", r.code_word},
                 {"consent_at", r.consent_at},
                 {"recurrence", r.recurrence}};
  return json::serialize(o);
}

Result<HelpRequest> RequestFrom(const std::string& text) {
  std::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return Fail(Error::Internal("pending help request: unreadable"));
  const auto& o = v.as_object();
  auto str = [&](const char* k) {
    auto* x = o.if_contains(k);
    return x && x->is_string() ? std::string(x->as_string()) : std::string();
  };
  auto num = [&](const char* k) {
    auto* x = o.if_contains(k);
    return x && x->is_number() ? x->to_number<double>() : 0.0;
  };
  HelpRequest r;
  if (auto* k = o.if_contains("kinds"); k && k->is_array())
    for (const auto& x : k->as_array())
      if (x.is_string()) r.kinds.emplace_back(x.as_string());
  r.urgency = str("urgency");
  r.payment = str("payment");
  r.channel = str("channel");
  r.place_id = str("place_id");
  r.lat = num("lat");
  r.lon = num("lon");
  r.window_start = str("window_start");
  r.window_end = str("window_end");
  if (auto* p = o.if_contains("personal"); p && p->is_object())
    r.personal = PersonalFrom(p->as_object());
  r.code_word = str("code_word");
  r.consent_at = str("consent_at");
  r.recurrence = str("recurrence");
  return r;
}

constexpr const char* kPendingColumns =
    "SELECT id, token_hash, code_hash, request, created_at, expires_at FROM help_pending ";

}  // namespace

Result<long long> SqlHelpRepository::CreatePending(const PendingRequest& p,
                                                   const std::vector<notify::Notification>& notify,
                                                   const std::string& now_iso) {
  return db_->Write([&](Connection& c) -> Result<long long> {
    Statement st(c,
                 "INSERT INTO help_pending(token_hash, code_hash, request, created_at, expires_at) "
                 "VALUES(?, ?, ?, ?, ?) RETURNING id");
    st.Bind(1, p.token_hash)
        .Bind(2, p.code_hash)
        .Bind(3, sealer_.Seal(RequestJson(p.request)))
        .Bind(4, now_iso)
        .Bind(5, p.expires_at);
    auto id = FirstInt(st);
    if (!id) return Fail(id.error());
    if (auto e = Enqueue(c, notify, sealer_, now_iso); !e) return Fail(e.error());
    return *id;
  });
}

Result<std::optional<PendingRequest>> SqlHelpRepository::FindPending(long long id,
                                                                     const std::string& token_hash,
                                                                     const std::string& now_iso) {
  auto row = db_->Read([&](Connection& c) -> Result<std::optional<PendingRequest>> {
    Statement st(
        c, std::string(kPendingColumns) + (id > 0 ? "WHERE id = ? AND expires_at > ?"
                                                  : "WHERE token_hash = ? AND expires_at > ?"));
    if (id > 0)
      st.Bind(1, id);
    else
      st.Bind(1, token_hash);
    st.Bind(2, now_iso);
    auto more = st.Step();
    if (!more) return Fail(more.error());
    if (!*more) return std::optional<PendingRequest>();
    PendingRequest p;
    p.id = st.Int(0);
    p.token_hash = st.Text(1);
    p.code_hash = st.Text(2);
    p.request.personal.details = st.Text(3);  // sealed; opened below
    p.created_at = st.Text(4);
    p.expires_at = st.Text(5);
    return std::optional<PendingRequest>(std::move(p));
  });
  if (!row || !*row) return row;
  auto opened = sealer_.Open((*row)->request.personal.details);
  if (!opened) return Fail(opened.error());
  auto r = RequestFrom(*opened);
  if (!r) return Fail(r.error());
  (*row)->request = std::move(*r);
  return row;
}

Result<std::optional<HelpRequest>> SqlHelpRepository::PromotePending(
    long long id, const std::string& code_hash, const HelpRequest& r,
    const std::vector<notify::Notification>& notify, const std::string& now_iso) {
  return db_->Write([&](Connection& c) -> Result<std::optional<HelpRequest>> {
    // Locked, so that two nodes promoting (or two wrong codes counting) at
    // once take turns on PostgreSQL; SQLite's writer is serial anyway.
    Statement find(c, "SELECT code_hash FROM help_pending WHERE id = ? AND expires_at > ?" +
                          std::string(c.ForUpdate()));
    find.Bind(1, id).Bind(2, now_iso);
    auto found = find.Step();
    if (!found) return Fail(found.error());
    if (!*found) return std::optional<HelpRequest>();
    const std::string stored = find.Text(0);
    find.Reset();
    if (!code_hash.empty() && code_hash != stored) {
      Statement miss(c, "UPDATE help_pending SET tries = tries + 1 WHERE id = ? RETURNING tries");
      miss.Bind(1, id);
      auto tries = FirstInt(miss);
      if (!tries) return Fail(tries.error());
      if (*tries >= kMaxTries) {
        Statement dead(c, "DELETE FROM help_pending WHERE id = ?");
        dead.Bind(1, id);
        if (auto e = dead.Run(); !e) return Fail(e.error());
      }
      return std::optional<HelpRequest>();
    }
    // Whoever deletes the row promotes it: a second promotion that got here
    // finds nothing to delete and stores nothing.
    Statement del(c, "DELETE FROM help_pending WHERE id = ? RETURNING 1");
    del.Bind(1, id);
    auto gone = CountRows(del);
    if (!gone) return Fail(gone.error());
    if (*gone == 0) return std::optional<HelpRequest>();
    auto stored_request = Insert(c, r, notify, now_iso);
    if (!stored_request) return Fail(stored_request.error());
    return std::optional<HelpRequest>(std::move(*stored_request));
  });
}

Result<bool> SqlHelpRepository::DeletePending(long long id) {
  return db_->Write([&](Connection& c) -> Result<bool> {
    Statement st(c, "DELETE FROM help_pending WHERE id = ? RETURNING 1");
    st.Bind(1, id);
    auto n = CountRows(st);
    if (!n) return Fail(n.error());
    return *n > 0;
  });
}

Result<std::vector<PendingRequest>> SqlHelpRepository::PendingCallBacks(
    const std::string& now_iso) {
  auto rows = db_->Read([&](Connection& c) -> Result<std::vector<PendingRequest>> {
    Statement st(c, std::string(kPendingColumns) +
                        "WHERE code_hash = '' AND expires_at > ? ORDER BY id LIMIT 200");
    st.Bind(1, now_iso);
    return AllRows<PendingRequest>(st, [&] {
      PendingRequest p;
      p.id = st.Int(0);
      p.token_hash = st.Text(1);
      p.request.personal.details = st.Text(3);
      p.created_at = st.Text(4);
      p.expires_at = st.Text(5);
      return p;
    });
  });
  if (!rows) return rows;
  for (auto& p : *rows) {
    auto opened = sealer_.Open(p.request.personal.details);
    if (!opened) return Fail(opened.error());
    auto r = RequestFrom(*opened);
    if (!r) return Fail(r.error());
    p.request = std::move(*r);
  }
  return rows;
}

Result<int> SqlHelpRepository::ForgetExpiredPending(const std::string& now_iso) {
  return db_->Write([&](Connection& c) -> Result<int> {
    Statement st(c, "DELETE FROM help_pending WHERE expires_at <= ? RETURNING 1");
    st.Bind(1, now_iso);
    auto n = CountRows(st);
    if (!n) return Fail(n.error());
    return static_cast<int>(*n);
  });
}

}  // namespace doma::storage::sql
