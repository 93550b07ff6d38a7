#include "storage/sql/outbox_repository.h"

#include <fmt/format.h>

#include <random>

namespace doma::storage::sql {

Status Enqueue(Connection& c, const std::vector<notify::Notification>& messages,
               notify::Sealer& sealer, const std::string& now_iso) {
  Statement st(c,
               "INSERT INTO outbox(channel, recipient, subject, body, idempotency_key, "
               "next_attempt_at, created_at, unsubscribe) "
               "VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
  thread_local std::mt19937_64 rng{std::random_device{}()};
  for (const auto& m : messages) {
    std::string channel = m.to.find('@') != std::string::npos ? "email" : "sms";
    std::string key = fmt::format("{:016x}{:016x}", rng(), rng());
    st.Bind(1, channel)
        .Bind(2, sealer.Seal(m.to))
        .Bind(3, sealer.Seal(m.subject))
        .Bind(4, sealer.Seal(m.body));
    st.Bind(5, key).Bind(6, now_iso).Bind(7, now_iso);
    if (m.unsubscribe_url.empty())
      st.BindNull(8);
    else
      st.Bind(8, sealer.Seal(m.unsubscribe_url));
    if (auto r = st.Run(); !r) return r;
  }
  return {};
}

Result<std::vector<notify::OutboxMessage>> SqlOutboxRepository::TakeDue(
    const std::string& now_iso, int limit, const std::string& lease_until_iso) {
  auto taken = db_->Write([&](Connection& c) -> Result<std::vector<notify::OutboxMessage>> {
    // Taken until the lease ends: 'sending' rows whose lease has passed were
    // left by a sender that died, and are due again (delivery is idempotent).
    // Several nodes take at once: each skips the rows another is taking.
    Statement st(
        c,
        "UPDATE outbox SET status = 'sending', attempts = attempts + 1, next_attempt_at = "
        "?3 WHERE id IN (SELECT id FROM outbox WHERE status IN ('pending', 'sending') AND "
        "next_attempt_at <= ?1 ORDER BY id LIMIT ?2" +
            std::string(c.SkipLocked()) +
            ") RETURNING id, channel, recipient, subject, body, idempotency_key, attempts, "
            "unsubscribe");
    st.Bind(1, now_iso).Bind(2, static_cast<long long>(limit)).Bind(3, lease_until_iso);
    return AllRows<notify::OutboxMessage>(st, [&] {
      notify::OutboxMessage m;
      m.id = st.Int(0);
      m.channel = st.Text(1);
      m.to = st.Text(2);
      m.subject = st.Text(3);
      m.body = st.Text(4);
      m.idempotency_key = st.Text(5);
      m.attempts = static_cast<int>(st.Int(6));
      if (!st.IsNull(7)) m.unsubscribe_url = st.Text(7);
      return m;
    });
  });
  if (!taken) return taken;
  std::vector<notify::OutboxMessage> ready;
  for (auto& m : *taken) {
    auto to = sealer_.Open(m.to), subject = sealer_.Open(m.subject), body = sealer_.Open(m.body);
    if (!to || !subject || !body) {
      // A row that does not open (another key, damage) is given up alone,
      // so that it cannot stop every message after it.
      if (auto r = MarkFailed(m.id, "", "cannot unseal (key changed?)"); !r) return Fail(r.error());
      continue;
    }
    if (!m.unsubscribe_url.empty()) {
      auto url = sealer_.Open(m.unsubscribe_url);
      m.unsubscribe_url = url ? *url : "";
    }
    m.to = *to;
    m.subject = *subject;
    m.body = *body;
    ready.push_back(std::move(m));
  }
  return ready;
}

Status SqlOutboxRepository::MarkSent(long long id, const std::string& now_iso) {
  return db_->Write([&](Connection& c) -> Status {
    Statement st(c, "UPDATE outbox SET status = 'sent', sent_at = ? WHERE id = ?");
    st.Bind(1, now_iso).Bind(2, id);
    return st.Run();
  });
}

Status SqlOutboxRepository::MarkFailed(long long id, const std::string& next_iso,
                                       const std::string& error) {
  return db_->Write([&](Connection& c) -> Status {
    Statement st(c,
                 "UPDATE outbox SET status = CASE WHEN ?1 = '' THEN 'failed' ELSE 'pending' END, "
                 "next_attempt_at = CASE WHEN ?1 = '' THEN next_attempt_at ELSE ?1 END, last_error "
                 "= ?2 WHERE id = ?3");
    st.Bind(1, next_iso).Bind(2, error.substr(0, 500)).Bind(3, id);
    return st.Run();
  });
}

Status SqlOutboxRepository::Enqueue(const std::vector<notify::Notification>& messages,
                                    const std::string& now_iso) {
  return db_->Write([&](Connection& c) { return sql::Enqueue(c, messages, sealer_, now_iso); });
}

Result<long long> SqlOutboxRepository::CountPending() {
  return db_->Read([](Connection& c) {
    Statement st(c, "SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'sending')");
    return FirstInt(st);
  });
}

Result<int> SqlOutboxRepository::EraseDelivered(const std::string& before_iso) {
  return db_->Write([&](Connection& c) -> Result<int> {
    Statement st(c,
                 "DELETE FROM outbox WHERE (status = 'sent' AND sent_at < ?1) OR (status = "
                 "'failed' AND next_attempt_at < ?1) RETURNING id");
    st.Bind(1, before_iso);
    auto gone = AllRows<long long>(st, [&] { return st.Int(0); });
    if (!gone) return Fail(gone.error());
    return static_cast<int>(gone->size());
  });
}

}  // namespace doma::storage::sql
