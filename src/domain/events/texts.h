// What people read about events: the form's rules and the refusals.
#pragma once

namespace doma::events {

inline constexpr const char* kTitleRule = "Название события — от 3 до 200 символов.";
inline constexpr const char* kDescriptionRule = "Описание — не длиннее 3000 символов.";
inline constexpr const char* kOrganizerRule = "Укажите, кто проводит событие (до 200 символов).";
inline constexpr const char* kUrlRule =
    "Адрес страницы события должен начинаться с https:// или http://.";
inline constexpr const char* kStartRule = "Укажите дату и время начала.";
inline constexpr const char* kEndRule = "Окончание — позже начала (дата и время).";
inline constexpr const char* kEndedRule = "Это событие уже закончилось.";
inline constexpr const char* kTooFarRule =
    "Событие длится не больше года и начинается не позже чем через два года.";
inline constexpr const char* kCategoriesRule = "Выберите от одной до пяти категорий из списка.";
inline constexpr const char* kAudiencesRule = "Выберите, для кого событие, из списка.";
inline constexpr const char* kCostRule = "Стоимость: бесплатно или платно.";
inline constexpr const char* kPlaceRule = "Такого района нет в списке: выберите из списка.";
inline constexpr const char* kServiceRule = "Такого сервиса в каталоге нет.";
inline constexpr const char* kSourcesRule =
    "Источники — до 10 адресов страниц, по одному на строке, с https:// или http://.";
inline constexpr const char* kReasonRule = "Причина — не длиннее 500 символов.";
inline constexpr const char* kTooMany =
    "Слишком много предложений с вашего адреса. Попробуйте через {} мин.";
inline constexpr const char* kOnlyEditors = "Это могут только редакторы.";
inline constexpr const char* kNoSuchEvent = "Такого события нет или оно уже прошло.";

}  // namespace doma::events
