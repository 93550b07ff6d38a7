#include "domain/digest/messages.h"

#include <fmt/format.h>

namespace doma::digest {

notify::Notification ConfirmationMessage(const std::string& to, bool sms,
                                         const std::string& confirm_url) {
  notify::Notification n;
  n.to = to;
  n.subject = "Подтвердите подписку на новые сервисы";
  n.body =
      sms ? fmt::format(
                "Дома: подтвердите подписку на новые сервисы: {} Не подписывались — "
                "ничего не делайте.",
                confirm_url)
          : fmt::format(
                "Здравствуйте!\n\nКто-то (возможно, вы) подписал этот адрес на еженедельную "
                "рассылку о новых онлайн-сервисах портала «Дома».\n\nЧтобы получать её, откройте "
                "ссылку и нажмите «Подтвердить»:\n{}\n\nСсылка действует 72 часа. Если вы не "
                "подписывались, ничего не делайте: адрес будет удалён, писем не будет.\n",
                confirm_url);
  return n;
}

notify::Notification DigestMessage(const std::string& to, bool sms,
                                   const std::vector<catalog::Service>& added,
                                   const std::string& public_url,
                                   const std::string& unsubscribe_url, bool stop_word) {
  notify::Notification n;
  n.to = to;
  n.unsubscribe_url = unsubscribe_url;
  n.subject = fmt::format("Новые сервисы за неделю: {}", added.size());
  if (sms) {
    // An SMS is short: the count, the first service and how to leave.
    n.body = fmt::format("Дома: новых сервисов за неделю: {}. {}: {}/services/{}?src=digest {}{}",
                         added.size(), added.front().name, public_url, added.front().id,
                         stop_word ? fmt::format("Отписаться: ответьте {} или ", kStopWord)
                                   : std::string("Отписаться: "),
                         unsubscribe_url);
    return n;
  }
  std::string list;
  for (const auto& s : added)
    list += fmt::format("• {}\n  {}\n  {}/services/{}?src=digest\n\n", s.name, s.short_description,
                        public_url, s.id);
  n.body = fmt::format(
      "Здравствуйте!\n\nЗа неделю в каталоге «Дома» появились новые сервисы, которые вы "
      "выбрали:\n\n{}Отписаться одним нажатием: {}\n",
      list, unsubscribe_url);
  return n;
}

}  // namespace doma::digest
