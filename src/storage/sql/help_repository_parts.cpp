#include "storage/sql/help_repository_parts.h"

#include "core/text.h"
#include "storage/sql/audit_log.h"

namespace doma::storage::sql {

namespace {
std::string Text(const boost::json::object& o, const char* k) {
  auto* v = o.if_contains(k);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}
}  // namespace

std::string PersonalJson(const help::Personal& p) {
  boost::json::object o{
      {"name", p.recipient_name}, {"phone", p.phone}, {"details", p.details}, {"notes", p.notes}};
  if (!p.asker_phone.empty()) {
    o["asker_name"] = p.asker_name;
    o["asker_phone"] = p.asker_phone;
  }
  help::Address::ForEachPart(p.address,
                             [&](const char* name, const std::string& part) { o[name] = part; });
  return boost::json::serialize(o);
}

help::Personal PersonalFrom(const boost::json::object& o) {
  help::Personal p;
  p.recipient_name = Text(o, "name");
  p.phone = Text(o, "phone");
  help::Address::ForEachPart(p.address,
                             [&](const char* name, std::string& part) { part = Text(o, name); });
  p.details = Text(o, "details");
  p.notes = Text(o, "notes");
  p.asker_name = Text(o, "asker_name");
  p.asker_phone = Text(o, "asker_phone");
  return p;
}

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
