#include "storage/sql/news_repository.h"

#include <fmt/format.h>

#include "core/text.h"
#include "storage/sql/audit_log.h"

namespace doma::storage::sql {

namespace {

news::NewsItem Row(Statement& st) {
  news::NewsItem n;
  n.id = st.Int(0);
  n.title = st.Text(1);
  n.body_markdown = st.Text(2);
  std::string ids = st.Text(3);  // Split returns views into it: keep it alive
  for (auto id : text::Split(ids, ' '))
    if (!id.empty()) n.service_ids.emplace_back(id);
  n.published_at = st.Text(4);
  n.author_id = st.Int(5);
  return n;
}

constexpr const char* kColumns =
    "SELECT id, title, body_markdown, service_ids, published_at, COALESCE(author_id, 0) FROM news ";

}  // namespace

Result<news::NewsItem> SqlNewsRepository::Publish(const news::NewsItem& item,
                                                  const std::string& now_iso) {
  return db_->Write([&](Connection& c) -> Result<news::NewsItem> {
    std::string ids;
    for (const auto& id : item.service_ids) ids += (ids.empty() ? "" : " ") + id;
    Statement st(c,
                 "INSERT INTO news(title, body_markdown, service_ids, published_at, author_id) "
                 "VALUES(?, ?, ?, ?, ?) RETURNING id");
    st.Bind(1, item.title)
        .Bind(2, item.body_markdown)
        .Bind(3, ids)
        .Bind(4, now_iso)
        .Bind(5, item.author_id);
    auto row = st.Step();
    if (!row) return Fail(row.error());
    news::NewsItem out = item;
    out.id = st.Int(0);
    out.published_at = now_iso;
    st.Reset();
    if (auto r = AppendAudit(c, now_iso, item.author_id, "news_published",
                             fmt::format("news:{}", out.id), "");
        !r)
      return Fail(r.error());
    return out;
  });
}

Result<std::optional<news::NewsItem>> SqlNewsRepository::Find(long long id) {
  return db_->First<news::NewsItem>(std::string(kColumns) + "WHERE id = ?", Row, id);
}

Result<std::vector<news::NewsItem>> SqlNewsRepository::Latest(int limit, int offset) {
  return db_->All<news::NewsItem>(
      std::string(kColumns) + "ORDER BY published_at DESC, id DESC LIMIT ? OFFSET ?", Row,
      static_cast<long long>(limit), static_cast<long long>(offset));
}

}  // namespace doma::storage::sql
