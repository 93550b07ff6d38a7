#include "storage/sql/digest_repository.h"

#include <sstream>

#include "storage/sql/outbox_repository.h"

namespace doma::storage::sql {

namespace {

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : " ") + s;
  return out;
}

std::vector<std::string> Split(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

constexpr const char* kColumns =
    "id, channel, address, categories, place_id, created_at, COALESCE(confirmed_at, ''), "
    "COALESCE(last_sent_at, ''), unsubscribe_token";

}  // namespace

Result<long long> SqlDigestRepository::CreatePending(const digest::Subscription& s,
                                                     const std::string& confirm_digest,
                                                     const std::string& unsubscribe_digest,
                                                     const std::string& address_digest,
                                                     const notify::Notification& confirmation,
                                                     const std::string& now_iso) {
  return db_->Write([&](Connection& c) -> Result<long long> {
    Statement st(c,
                 "INSERT INTO digest_subscriptions(channel, address, categories, place_id, status, "
                 "confirm_hash, unsubscribe_hash, unsubscribe_token, created_at, address_hash) "
                 "VALUES(?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?) RETURNING id");
    st.Bind(1, s.channel)
        .Bind(2, sealer_.Seal(s.address))
        .Bind(3, Join(s.categories))
        .Bind(4, s.place_id)
        .Bind(5, confirm_digest)
        .Bind(6, unsubscribe_digest)
        .Bind(7, sealer_.Seal(s.unsubscribe_token))
        .Bind(8, now_iso)
        .Bind(9, address_digest);
    auto id = FirstInt(st);
    if (!id) return Fail(id.error());
    if (auto r = Enqueue(c, {confirmation}, sealer_, now_iso); !r) return Fail(r.error());
    return *id;
  });
}

Result<std::optional<digest::Subscription>> SqlDigestRepository::Confirm(
    const std::string& confirm_digest, const std::string& created_after_iso,
    const std::string& now_iso) {
  return db_->Write([&](Connection& c) -> Result<std::optional<digest::Subscription>> {
    // The link works once: its digest goes with the confirmation.
    Statement st(c,
                 "UPDATE digest_subscriptions SET status = 'active', confirm_hash = NULL, "
                 "confirmed_at = ?1, last_sent_at = ?1 WHERE confirm_hash = ?2 AND status = "
                 "'pending' AND created_at >= ?3 RETURNING id, channel, categories, place_id");
    st.Bind(1, now_iso).Bind(2, confirm_digest).Bind(3, created_after_iso);
    auto row = st.Step();
    if (!row) return Fail(row.error());
    if (!*row) return std::optional<digest::Subscription>();
    digest::Subscription s;
    s.id = st.Int(0);
    s.channel = st.Text(1);
    s.categories = Split(st.Text(2));
    s.place_id = st.Text(3);
    s.confirmed_at = s.last_sent_at = now_iso;
    st.Reset();
    return std::optional<digest::Subscription>(std::move(s));
  });
}

Result<bool> SqlDigestRepository::Delete(const std::string& unsubscribe_digest) {
  return db_->Write([&](Connection& c) -> Result<bool> {
    Statement st(c, "DELETE FROM digest_subscriptions WHERE unsubscribe_hash = ? RETURNING id");
    st.Bind(1, unsubscribe_digest);
    auto row = st.Step();
    if (!row) return Fail(row.error());
    bool deleted = *row;
    st.Reset();
    return deleted;
  });
}

Result<int> SqlDigestRepository::DeleteByAddress(const std::string& address_digest) {
  return db_->Write([&](Connection& c) -> Result<int> {
    Statement st(c, "DELETE FROM digest_subscriptions WHERE address_hash = ? RETURNING id");
    st.Bind(1, address_digest);
    int n = 0;
    if (auto e = ForEachRow(st, [&] { ++n; }); !e) return Fail(e.error());
    return n;
  });
}

Result<std::vector<digest::Subscription>> SqlDigestRepository::Due(const std::string& before_iso) {
  auto rows = db_->Read([&](Connection& c) -> Result<std::vector<digest::Subscription>> {
    Statement st(c, std::string("SELECT ") + kColumns +
                        " FROM digest_subscriptions WHERE status = 'active' AND last_sent_at <= ? "
                        "ORDER BY id");
    st.Bind(1, before_iso);
    std::vector<digest::Subscription> out;
    if (auto e = ForEachRow(st,
                            [&] {
                              digest::Subscription s;
                              s.id = st.Int(0);
                              s.channel = st.Text(1);
                              s.address = st.Text(2);
                              s.categories = Split(st.Text(3));
                              s.place_id = st.Text(4);
                              s.created_at = st.Text(5);
                              s.confirmed_at = st.Text(6);
                              s.last_sent_at = st.Text(7);
                              s.unsubscribe_token = st.Text(8);
                              out.push_back(std::move(s));
                            });
        !e)
      return Fail(e.error());
    return out;
  });
  if (!rows) return rows;
  for (auto& s : *rows) {
    auto address = sealer_.Open(s.address);
    auto token = sealer_.Open(s.unsubscribe_token);
    if (!address || !token) return Fail(address ? token.error() : address.error());
    s.address = *address;
    s.unsubscribe_token = *token;
  }
  return rows;
}

Result<bool> SqlDigestRepository::MarkSent(const digest::Subscription& s,
                                           const std::optional<notify::Notification>& message,
                                           const std::string& covered_until_iso,
                                           const std::string& send_at_iso) {
  return db_->Write([&](Connection& c) -> Result<bool> {
    Statement st(c,
                 "UPDATE digest_subscriptions SET last_sent_at = ? WHERE id = ? AND status = "
                 "'active' AND last_sent_at = ? RETURNING id");
    st.Bind(1, covered_until_iso).Bind(2, s.id).Bind(3, s.last_sent_at);
    auto row = st.Step();
    if (!row) return Fail(row.error());
    if (!*row) return false;  // unsubscribed, or sent by another run meanwhile
    st.Reset();
    if (message)
      if (auto r = Enqueue(c, {*message}, sealer_, send_at_iso); !r) return Fail(r.error());
    return true;
  });
}

Result<int> SqlDigestRepository::ErasePendingBefore(const std::string& cutoff_iso) {
  return db_->Write([&](Connection& c) -> Result<int> {
    Statement st(c,
                 "DELETE FROM digest_subscriptions WHERE status = 'pending' AND created_at < ? "
                 "RETURNING id");
    st.Bind(1, cutoff_iso);
    int n = 0;
    if (auto e = ForEachRow(st, [&] { ++n; }); !e) return Fail(e.error());
    return n;
  });
}

Result<long long> SqlDigestRepository::CountActive() {
  return db_->Read([](Connection& c) {
    Statement st(c, "SELECT COUNT(*) FROM digest_subscriptions WHERE status = 'active'");
    return FirstInt(st);
  });
}

}  // namespace doma::storage::sql
