#include <tuple>

#include "core/text.h"
#include "domain/accounts/login_name.h"
#include "domain/help/fields.h"
#include "domain/help/help.h"

namespace doma::help {

namespace {
void Check(std::vector<Error>& errors, bool ok, const char* field, const char* message) {
  if (!ok) errors.push_back(Invalid(field, message));
}

void CheckKinds(std::vector<Error>& e, const std::vector<std::string>& kinds) {
  for (const auto& k : kinds)
    if (!OneOf(k, kKinds)) {
      e.push_back(Invalid("kinds", "Неизвестный вид помощи."));
      break;
    }
}

// Names, addresses and notes must not lie about themselves: a volunteer's
// first name is shown at the door by the badge check.
void CheckHonest(std::vector<Error>& e, const char* field, const std::string& value,
                 bool multiline) {
  if (text::IsValidUtf8(value) && !Honest(value, multiline)) e.push_back(Dishonest(field));
}

bool IsPhone(const std::string& s) {
  auto phone = accounts::ParseLoginName(s);
  return phone.has_value() && !phone->phone.empty();
}
}  // namespace

std::vector<Error> ValidateRequestForm(const RequestForm& f, const Gazetteer& g) {
  std::vector<Error> e;
  Check(e, !f.kinds.empty(), "kinds", "Отметьте, какая помощь нужна.");
  CheckKinds(e, f.kinds);
  Check(e, Short(f.details, 2000), "details", "Опишите просьбу короче: до 2000 знаков.");
  Check(e, f.kinds.size() != 1 || f.kinds[0] != "other" || !text::Trim(f.details).empty(),
        "details", "Опишите, какая помощь нужна.");
  Check(e, !text::Trim(f.recipient_name).empty(), "recipient_name",
        "Укажите, как обращаться к человеку, которому нужна помощь.");
  Check(e, Short(f.recipient_name, 100), "recipient_name", "Имя слишком длинное: до 100 знаков.");
  Check(e, IsPhone(f.phone), "phone", "Укажите телефон в виде +7 900 000-00-00.");
  Check(e, g.Find(f.place_id) != nullptr, "place_id",
        "Выберите населённый пункт или район из списка.");
  Check(e, !text::Trim(f.address.street).empty(), "street", "Укажите улицу.");
  Check(e, !text::Trim(f.address.house).empty(), "house", "Укажите номер дома.");
  Check(e, Short(f.address.street, 200), "street",
        "Название улицы слишком длинное: до 200 знаков.");
  Check(e, Short(f.address.house, 20), "house", "Номер дома слишком длинный: до 20 знаков.");
  Check(e, Short(f.address.flat, 20), "flat", "Номер квартиры слишком длинный: до 20 знаков.");
  Check(e, Short(f.address.entrance, 10), "entrance",
        "Номер подъезда слишком длинный: до 10 знаков.");
  Check(e, Short(f.address.floor, 10), "floor", "Этаж слишком длинный: до 10 знаков.");
  Check(e, Short(f.address.intercom, 20), "intercom",
        "Код домофона слишком длинный: до 20 знаков.");
  if (!f.lat.empty() || !f.lon.empty()) {
    double lat = 0, lon = 0;
    bool ok = ParseDouble(f.lat, lat) && ParseDouble(f.lon, lon) && g.Covers({lat, lon});
    Check(e, ok, "place_id",
          "Точка на карте вне области. Выберите населённый пункт из списка или другую точку.");
  }
  Check(e, f.urgency.empty() || OneOf(f.urgency, kUrgencies), "urgency", "Выберите срочность.");
  Check(e, f.payment.empty() || OneOf(f.payment, kPayments), "payment", "Выберите способ оплаты.");
  Check(e, f.recurrence.empty() || f.recurrence == "weekly", "recurrence",
        "Повтор возможен только раз в неделю.");
  Check(e, Short(f.notes, 1000), "notes", "Примечание слишком длинное: до 1000 знаков.");
  Check(e, f.consent, "consent",
        "Без согласия на обработку персональных данных заявку принять нельзя.");
  CheckHonest(e, "recipient_name", f.recipient_name, false);
  Address::ForEachPart(f.address, [&](const char* name, const std::string& part) {
    CheckHonest(e, name, part, false);
  });
  CheckHonest(e, "details", f.details, true);
  CheckHonest(e, "notes", f.notes, true);
  return e;
}

std::vector<Error> ValidateVolunteerForm(const VolunteerForm& f, const Gazetteer& g) {
  std::vector<Error> e;
  Check(e, !text::Trim(f.first_name).empty() && Short(f.first_name, 60), "first_name",
        "Укажите имя (до 60 знаков).");
  Check(e, IsPhone(f.phone), "phone", "Укажите телефон в виде +7 900 000-00-00.");
  Check(e, g.Find(f.place_id) != nullptr, "place_id",
        "Выберите населённый пункт или район из списка.");
  Check(e, !f.kinds.empty(), "kinds", "Отметьте, чем вы готовы помогать.");
  CheckKinds(e, f.kinds);
  int km = 0;
  Check(e, ParseInt(f.max_km, km) && km >= 1 && km <= 100, "max_km",
        "Укажите расстояние от 1 до 100 км.");
  CheckHonest(e, "first_name", f.first_name, false);
  return e;
}

}  // namespace doma::help
