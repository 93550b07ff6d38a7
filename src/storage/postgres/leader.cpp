#include "storage/postgres/leader.h"

namespace doma::storage::postgres {

bool Leader::Holding() {
  std::lock_guard lock(mu_);
  // A lock held on a connection that died is gone: the query finds out.
  if (conn_ && held_ && conn_->Exec("SELECT 1")) return true;
  held_ = false;
  if (!conn_ || conn_->broken()) {
    conn_.reset();
    auto c = Connection::Open(address_);
    if (!c) return false;
    conn_ = std::move(*c);
  }
  sql::Statement st(*conn_,
                    "SELECT pg_try_advisory_lock(hashtextextended(current_schema() || "
                    "'/scheduled jobs', 0))");
  auto row = st.Step();
  held_ = row && *row && st.Int(0) == 1;
  return held_;
}

}  // namespace doma::storage::postgres
