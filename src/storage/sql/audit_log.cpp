#include "storage/sql/audit_log.h"

namespace doma::storage::sql {

Status AppendAudit(Connection& c, std::string_view now_iso, long long actor_id,
                   std::string_view action, std::string_view target, std::string_view detail) {
  Statement st(c,
               "INSERT INTO audit_log(at, actor_id, action, target, detail) VALUES(?, ?, ?, ?, ?)");
  st.Bind(1, now_iso);
  if (actor_id)
    st.Bind(2, actor_id);
  else
    st.BindNull(2);
  st.Bind(3, action).Bind(4, target).Bind(5, detail);
  return st.Run();
}

}  // namespace doma::storage::sql
