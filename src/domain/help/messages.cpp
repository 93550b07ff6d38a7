#include "domain/help/messages.h"

#include <fmt/format.h>

namespace doma::help::messages {

Notification GuestCode(const std::string& to, const std::string& code) {
  return {to, "Код для заявки",
          fmt::format("Код для заявки на помощь: {}. Введите его на странице заявки. Никому его не "
                      "называйте. Если вы не просили помощь, ничего не делайте.",
                      code)};
}

Notification Accepted(const HelpPolicy& p, const std::string& to, const std::string& code_word) {
  return {to, "Заявка {number} принята",
          fmt::format("Заявка {{number}} на помощь принята. Кодовое слово: «{}». Волонтёр назовёт "
                      "номер заявки и "
                      "кодовое слово у двери и покажет бейдж. Проверить волонтёра: {}/check или по "
                      "телефону {}.",
                      code_word, p.public_url, p.coordinators_phone)};
}

Notification Repeated(const std::string& to, long long previous_id, const std::string& when,
                      const std::string& code_word) {
  return {to, "Заявка {number} принята",
          fmt::format("Повтор вашей еженедельной заявки {}: новая заявка {{number}} на {}. Кодовое "
                      "слово: «{}».",
                      Number(previous_id), when, code_word)};
}

Notification Taken(const HelpPolicy& p, const std::string& to, const HelpRequest& r,
                   const Volunteer& v) {
  return {
      to, fmt::format("Заявку {} взял волонтёр", Number(r.id)),
      fmt::format("Вашу заявку {} взял волонтёр {}, бейдж № {}. У двери он назовёт номер заявки и "
                  "кодовое слово «{}». Проверить бейдж: {}/check/{} или по телефону {}.",
                  Number(r.id), v.first_name, v.badge, r.code_word, p.public_url, v.badge,
                  p.coordinators_phone)};
}

Notification Assigned(const HelpPolicy& p, const std::string& to, const HelpRequest& r,
                      const Volunteer& v) {
  return {to, fmt::format("К заявке {} назначен волонтёр", Number(r.id)),
          fmt::format(
              "К вашей заявке {} координатор назначил волонтёра {}, бейдж № {}. У двери он назовёт "
              "номер заявки и кодовое слово «{}». Проверить бейдж: {}/check/{}.",
              Number(r.id), v.first_name, v.badge, r.code_word, p.public_url, v.badge)};
}

Notification AssignedToYou(const HelpPolicy& p, const std::string& to, const HelpRequest& r) {
  return {to, fmt::format("Вам назначена заявка {}", Number(r.id)),
          fmt::format("Координатор назначил вам заявку {}. Подробности: {}/help/requests/{}",
                      Number(r.id), p.public_url, r.id)};
}

Notification Reopened(const std::string& to, const HelpRequest& r, const std::string& code_word) {
  return {
      to, fmt::format("Заявка {} снова ищет волонтёра", Number(r.id)),
      fmt::format(
          "Волонтёр не сможет выполнить заявку {}. Она снова открыта, её возьмёт другой волонтёр. "
          "Новое кодовое слово: «{}». Прежнее больше не действует — не открывайте тому, кто "
          "назовёт его.",
          Number(r.id), code_word)};
}

Notification Completed(const HelpPolicy& p, const std::string& to, const HelpRequest& r,
                       long long kopecks) {
  return {to, fmt::format("Заявка {} выполнена", Number(r.id)),
          kopecks >= 0 ? fmt::format("Волонтёр отметил заявку {} выполненной, сумма чека {},{:02} "
                                     "₽. Подтвердите, пожалуйста, "
                                     "и оцените помощь: {}/help/requests/{}",
                                     Number(r.id), kopecks / 100, kopecks % 100, p.public_url, r.id)
                       : fmt::format("Волонтёр отметил заявку {} выполненной. Подтвердите, "
                                     "пожалуйста, и оцените помощь: "
                                     "{}/help/requests/{}",
                                     Number(r.id), p.public_url, r.id)};
}

Notification CancelledToVolunteer(const std::string& to, const HelpRequest& r) {
  return {
      to, fmt::format("Заявка {} отменена", Number(r.id)),
      fmt::format("Заявка {}, которую вы взяли, отменена. Ехать не нужно. Спасибо!", Number(r.id))};
}

Notification Merged(const std::string& to, const HelpRequest& merged, const HelpRequest& into,
                    bool same_requester) {
  if (same_requester)
    return {to, fmt::format("Заявка {} объединена с {}", Number(merged.id), Number(into.id)),
            fmt::format("Ваша заявка {} повторяла вашу же заявку {} — помощь придёт по ней. "
                        "Волонтёр назовёт номер {} и "
                        "кодовое слово, которое вы получили для неё.",
                        Number(merged.id), Number(into.id), Number(into.id))};
  return {to, fmt::format("Заявка {} объединена с другой", Number(merged.id)),
          fmt::format("Координатор объединил вашу заявку {} с другой заявкой о той же помощи: её "
                      "выполнят по той "
                      "заявке. Если помощь нужна вам отдельно, подайте заявку снова или позвоните "
                      "координатору.",
                      Number(merged.id))};
}

Notification Expired(const HelpPolicy& p, const std::string& to, const HelpRequest& r) {
  return {
      to, fmt::format("Заявка {} осталась без волонтёра", Number(r.id)),
      fmt::format(
          "Время заявки {} прошло, а её никто не взял. Свяжитесь с заявителем: {}/help/requests/{}",
          Number(r.id), p.public_url, r.id)};
}

Notification Stuck(const HelpPolicy& p, const std::string& to, const HelpRequest& r) {
  return {to, fmt::format("Заявка {} давно в работе", Number(r.id)),
          fmt::format("Время заявки {} прошло больше {} ч назад, а волонтёр не отметил выполнение. "
                      "Узнайте у волонтёра и заявителя, что с ней, и верните её в работу или "
                      "закройте: {}/help/requests/{}",
                      Number(r.id), p.stuck_after_hours, p.public_url, r.id)};
}

Notification StuckClosed(const HelpPolicy& p, const std::string& to, const HelpRequest& r) {
  return {to, fmt::format("Заявка {} закрыта", Number(r.id)),
          fmt::format("Заявку {} давно взял волонтёр, но так и не отметил выполнение, и мы её "
                      "закрыли. Если помощь всё ещё нужна, подайте новую заявку или позвоните "
                      "координатору: {}.",
                      Number(r.id), p.coordinators_phone)};
}

}  // namespace doma::help::messages
