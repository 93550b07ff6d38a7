#include "storage/sql/editorial_repository.h"

#include <fmt/format.h>

#include <functional>

#include "storage/seed_file.h"
#include "storage/sql/audit_log.h"
#include "storage/sql/catalog_repository.h"
#include "storage/sql/outbox_repository.h"

namespace doma::storage::sql {

using editorial::Submission;

namespace {

// Closes a pending submission; Conflict if someone decided it meanwhile.
Status Decide(Connection& c, long long id, const std::string& status, const std::string& reason,
              long long seq, long long editor, const std::string& now_iso) {
  Statement st(c,
               "UPDATE submissions SET status = ?, reason = ?, service_seq = ?, decided_at = ?, "
               "decided_by = ? "
               "WHERE id = ? AND status = 'pending' RETURNING id");
  st.Bind(1, status).BindText(2, reason);
  if (seq)
    st.Bind(3, seq);
  else
    st.BindNull(3);
  st.Bind(4, now_iso).Bind(5, editor).Bind(6, id);
  auto row = st.Step();
  if (!row) return Fail(row.error());
  if (!*row) return Fail(Error{Code::kConflict, "Это предложение уже рассмотрено.", {}, {}});
  st.Reset();
  return {};
}

}  // namespace

Result<long long> SqlEditorialRepository::CreateSubmission(const Submission& s,
                                                           const std::string& now_iso) {
  return db_->Write([&](Connection& c) -> Result<long long> {
    Statement st(c,
                 "INSERT INTO submissions(service_json, submitter_id, contact, created_at, source, "
                 "source_key) VALUES(?, ?, ?, ?, ?, ?) ON CONFLICT(source_key) DO NOTHING "
                 "RETURNING id");
    st.Bind(1, ServiceToJson(s.service));
    if (s.submitter_id)
      st.Bind(2, s.submitter_id);
    else
      st.BindNull(2);
    // The contact is personal data: sealed like the outbox.
    if (s.contact.empty())
      st.BindNull(3);
    else
      st.Bind(3, sealer_.Seal(s.contact));
    st.Bind(4, now_iso).Bind(5, s.source).BindText(6, s.source_key);
    auto row = st.Step();
    if (!row) return Fail(row.error());
    if (!*row) return 0LL;  // proposed before from the same source
    long long id = st.Int(0);
    st.Reset();
    return id;
  });
}

constexpr const char* kSubmissionColumns =
    "SELECT id, status, service_json, COALESCE(submitter_id, 0), COALESCE(contact, ''), "
    "COALESCE(reason, ''), created_at, COALESCE(decided_at, ''), COALESCE(decided_by, 0), "
    "source FROM submissions ";

Result<Submission> SqlEditorialRepository::SubmissionRow(Statement& st) {
  Submission s;
  s.id = st.Int(0);
  s.status = st.Text(1);
  auto svc = ParseService(st.Text(2));
  if (!svc) return Fail(Error::Internal(fmt::format("submission {}: bad service_json", s.id)));
  s.service = std::move(*svc);
  s.submitter_id = st.Int(3);
  if (std::string sealed = st.Text(4); !sealed.empty())
    s.contact = sealer_.Open(sealed).value_or("");
  s.reason = st.Text(5);
  s.created_at = st.Text(6);
  s.decided_at = st.Text(7);
  s.decided_by = st.Int(8);
  s.source = st.Text(9);
  return s;
}

Result<std::vector<Submission>> SqlEditorialRepository::ListSubmissions(const std::string& status,
                                                                        int limit, int offset) {
  return db_->All<Submission>(
      std::string(kSubmissionColumns) + "WHERE status = ? ORDER BY id LIMIT ? OFFSET ?",
      [&](Statement& st) { return SubmissionRow(st); }, status, static_cast<long long>(limit),
      static_cast<long long>(offset));
}

Result<std::optional<Submission>> SqlEditorialRepository::FindSubmission(long long id) {
  return db_->First<Submission>(
      std::string(kSubmissionColumns) + "WHERE id = ?",
      [&](Statement& st) { return SubmissionRow(st); }, id);
}

Result<catalog::Service> SqlEditorialRepository::Approve(
    long long id, const catalog::Service& service, long long editor,
    const std::vector<notify::Notification>& notify, const std::string& now_iso) {
  return db_->Write([&](Connection& c) -> Result<catalog::Service> {
    auto stored = UpsertServicesIn(c, {service}, now_iso);
    if (!stored) return Fail(stored.error());
    if (auto r = Decide(c, id, "approved", "", stored->front().seq, editor, now_iso); !r)
      return Fail(r.error());
    if (auto r = Enqueue(c, notify, sealer_, now_iso); !r) return Fail(r.error());
    if (auto r = AppendAudit(c, now_iso, editor, "submission_approved",
                             fmt::format("submission:{}", id), "service:" + service.id);
        !r)
      return Fail(r.error());
    return stored->front();
  });
}

Status SqlEditorialRepository::Reject(long long id, const std::string& reason, long long editor,
                                      const std::vector<notify::Notification>& notify,
                                      const std::string& now_iso) {
  return db_->Write([&](Connection& c) -> Status {
    if (auto r = Decide(c, id, "rejected", reason, 0, editor, now_iso); !r) return r;
    if (auto r = Enqueue(c, notify, sealer_, now_iso); !r) return r;
    return AppendAudit(c, now_iso, editor, "submission_rejected", fmt::format("submission:{}", id),
                       "");
  });
}

Result<catalog::Service> SqlEditorialRepository::SaveEdit(
    const catalog::Service& after, const std::vector<editorial::FieldChange>& changes,
    long long editor, const std::string& now_iso) {
  return db_->Write([&](Connection& c) -> Result<catalog::Service> {
    auto stored = UpsertServicesIn(c, {after}, now_iso);
    if (!stored) return Fail(stored.error());
    Statement h(c,
                "INSERT INTO service_history(service_seq, at, actor_id, field, old_value, "
                "new_value) VALUES(?, ?, ?, ?, ?, ?)");
    for (const auto& ch : changes) {
      h.Bind(1, stored->front().seq)
          .Bind(2, now_iso)
          .Bind(3, editor)
          .Bind(4, ch.field)
          .Bind(5, ch.old_value)
          .Bind(6, ch.new_value);
      if (auto r = h.Run(); !r) return Fail(r.error());
    }
    for (const auto& ch : changes) {
      if (ch.field == "status" &&
          (ch.new_value == "defunct" || ch.new_value == "temporarily_closed")) {
        if (auto r = AppendAudit(c, now_iso, editor,
                                 ch.new_value == "defunct" ? "service_archived" : "service_closed",
                                 "service:" + after.id, ch.old_value + " → " + ch.new_value);
            !r)
          return Fail(r.error());
      }
    }
    return stored->front();
  });
}

Result<std::vector<editorial::HistoryEntry>> SqlEditorialRepository::History(long long seq) {
  return db_->All<editorial::HistoryEntry>(
      "SELECT h.at, COALESCE(h.actor_id, 0), COALESCE(a.name, ''), h.field, h.old_value, "
      "h.new_value FROM service_history h LEFT JOIN accounts a ON a.id = h.actor_id WHERE "
      "h.service_seq = ? ORDER BY h.id DESC",
      [](Statement& st) {
        return editorial::HistoryEntry{
            st.Text(0), st.Int(1), st.Text(2), {st.Text(3), st.Text(4), st.Text(5)}};
      },
      seq);
}

}  // namespace doma::storage::sql
