#include "storage/sql/help_repository_parts.h"

#include "core/text.h"
#include "storage/sql/audit_log.h"

namespace doma::storage::sql {

std::string JoinWords(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : " ") + s;
  return out;
}

std::vector<std::string> SplitWords(const std::string& s) {
  std::vector<std::string> out;
  for (auto w : text::Split(s, ' '))
    if (!w.empty()) out.emplace_back(w);
  return out;
}

Status AuditIn(Connection& c, const help::AuditNote& n, const std::string& now_iso) {
  return AppendAudit(c, now_iso, n.actor_id, n.action, n.target, n.detail);
}

Result<std::string> ContactIn(Connection& c, long long account_id) {
  Statement st(c, "SELECT COALESCE(email, phone, '') FROM accounts WHERE id = ?");
  st.Bind(1, account_id);
  auto row = st.Step();
  if (!row) return Fail(row.error());
  return *row ? st.Text(0) : std::string();
}

}  // namespace doma::storage::sql
