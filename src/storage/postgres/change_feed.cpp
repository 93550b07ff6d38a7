#include "storage/postgres/change_feed.h"

#include <poll.h>

#include <algorithm>
#include <thread>

namespace doma::storage::postgres {

using changes::Change;

Status PgChangeFeed::Mark() {
  // Every transaction below the oldest one running has ended: what it
  // committed is in what the node loads next. From there on, follow.
  auto xmin = db_->First<std::string>("SELECT pg_snapshot_xmin(pg_current_snapshot())::text",
                                      [](sql::Statement& st) { return st.Text(0); });
  if (!xmin) return Fail(xmin.error());
  std::lock_guard lock(mu_);
  txid_ = xmin->value_or("0");
  id_ = 0;
  return {};
}

Result<std::vector<Change>> PgChangeFeed::Next(int limit) {
  std::lock_guard lock(mu_);
  auto rows = db_->Read([&](sql::Connection& c) -> Result<std::vector<Change>> {
    sql::Statement st(c,
                      "SELECT txid::text, id, kind, key FROM changes WHERE txid < "
                      "pg_snapshot_xmin(pg_current_snapshot()) AND (txid > ?1::xid8 OR (txid = "
                      "?1::xid8 AND id > ?2)) ORDER BY txid, id LIMIT ?3");
    st.Bind(1, txid_).Bind(2, id_).Bind(3, static_cast<long long>(limit));
    std::vector<Change> out;
    std::string last_txid = txid_;
    long long last_id = id_;
    if (auto e = ForEachRow(st,
                            [&] {
                              last_txid = st.Text(0);
                              last_id = st.Int(1);
                              std::string kind = st.Text(2);
                              Change ch;
                              ch.kind = kind == "service"    ? Change::Kind::kService
                                        : kind == "category" ? Change::Kind::kCategory
                                                             : Change::Kind::kHelpRequest;
                              ch.key = st.Int(3);
                              out.push_back(ch);
                            });
        !e)
      return Fail(e.error());
    txid_ = last_txid;
    id_ = last_id;
    // Changes past the horizon wait for an older transaction to end, which
    // may end without a signal of its own (one that wrote no change): look
    // again soon rather than at the next poll.
    sql::Statement later(c,
                         "SELECT EXISTS(SELECT 1 FROM changes WHERE txid > ?1::xid8 OR (txid = "
                         "?1::xid8 AND id > ?2))");
    later.Bind(1, txid_).Bind(2, id_);
    auto row = later.Step();
    if (!row) return Fail(row.error());
    pending_ = *row && later.Int(0) != 0 && static_cast<int>(out.size()) < limit;
    return out;
  });
  return rows;
}

void PgChangeFeed::Wait(std::chrono::milliseconds timeout) {
  if (pending_) {
    std::this_thread::sleep_for(std::min(timeout, std::chrono::milliseconds(2)));
    return;
  }
  if (!listener_ || listener_->broken()) {
    listener_.reset();
    auto c = Connection::Open(db_->address());
    if (!c || !(*c)->Exec("LISTEN doma_changes")) {
      std::this_thread::sleep_for(timeout);  // the poll that follows still catches up
      return;
    }
    listener_ = std::move(*c);
  }
  PGconn* raw = listener_->raw();
  auto drain = [&] {
    bool any = false;
    PQconsumeInput(raw);
    while (PGnotify* n = PQnotifies(raw)) {
      any = true;
      PQfreemem(n);
    }
    return any;
  };
  if (drain()) return;
  pollfd p{PQsocket(raw), POLLIN, 0};
  if (p.fd < 0) return;
  if (::poll(&p, 1, static_cast<int>(timeout.count())) > 0) drain();
}

Result<long long> PgChangeFeed::Prune(std::chrono::seconds keep) {
  return db_->Write([&](sql::Connection& c) -> Result<long long> {
    sql::Statement st(c,
                      "DELETE FROM changes WHERE at < clock_timestamp() - make_interval(secs => "
                      "?) RETURNING 1");
    st.Bind(1, static_cast<long long>(keep.count()));
    return sql::CountRows(st);
  });
}

}  // namespace doma::storage::postgres
