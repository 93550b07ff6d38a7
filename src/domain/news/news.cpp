#include "domain/news/news.h"

#include "core/ids.h"
#include "core/text.h"
#include "domain/editorial/editorial.h"

namespace doma::news {

Result<NewsItem> News::Publish(const accounts::Account& editor, NewsItem item) {
  if (!editorial::Editorial::CanEdit(editor))
    return Fail(Error{Code::kForbidden, "Публиковать новости могут только редакторы.", {}, {}});
  item.title = std::string(text::Trim(item.title));
  if (item.title.empty()) return Fail(Error::Invalid("title", "Напишите заголовок."));
  if (!text::IsValidUtf8(item.title) || text::Length(item.title) > 200)
    return Fail(Error::Invalid("title", "Заголовок — не длиннее 200 символов."));
  if (text::Trim(item.body_markdown).empty())
    return Fail(Error::Invalid("body", "Напишите текст новости."));
  if (!text::IsValidUtf8(item.body_markdown) || text::Length(item.body_markdown) > 20000)
    return Fail(Error::Invalid("body", "Текст — не длиннее 20 000 символов."));
  if (item.service_ids.size() > 10)
    return Fail(Error::Invalid("services", "Не больше 10 связанных сервисов."));
  for (const auto& id : item.service_ids)
    if (!ids::IsValidSlug(id))
      return Fail(Error::Invalid("services", "Неверный идентификатор сервиса."));
  item.author_id = editor.id;
  return repo_.Publish(item, clock_.NowIso());
}

Result<NewsItem> News::Get(long long id) {
  auto r = repo_.Find(id);
  if (!r) return Fail(r.error());
  if (!*r) return Fail(Error::NotFound("Такой новости нет."));
  return std::move(**r);
}

Result<std::vector<NewsItem>> News::Latest(int limit, int offset) {
  return repo_.Latest(limit, offset);
}

}  // namespace doma::news
