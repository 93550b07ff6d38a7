#include "core/text.h"
#include "domain/accounts/login_name.h"
#include "domain/help/fields.h"
#include "domain/help/help.h"

namespace doma::help {

Result<Volunteer> Help::RegisterVolunteer(const accounts::Account& who, const VolunteerForm& f) {
  if (auto errors = ValidateVolunteerForm(f, gazetteer_); !errors.empty())
    return Fail(errors.front());
  auto existing = repo_.FindVolunteer(who.id);
  if (!existing) return Fail(existing.error());
  Volunteer v = existing->value_or(Volunteer{});
  // The badge check shows the name a coordinator verified: once verified,
  // name and phone change only through a coordinator.
  if (v.status != VolunteerStatus::kPending && !v.badge.empty()) {
    if (std::string(text::Trim(f.first_name)) != v.first_name)
      return Fail(
          Invalid("first_name", "Имя проверенного волонтёра меняет координатор: позвоните ему."));
    if (accounts::ParseLoginName(f.phone)->phone != v.phone)
      return Fail(
          Invalid("phone", "Телефон проверенного волонтёра меняет координатор: позвоните ему."));
  }
  v.account_id = who.id;
  v.first_name = std::string(text::Trim(f.first_name));
  v.phone = accounts::ParseLoginName(f.phone)->phone;
  v.place_id = f.place_id;
  const Place* p = gazetteer_.Find(f.place_id);
  v.lat = p->lat;
  v.lon = p->lon;
  v.kinds = f.kinds;
  v.has_car = f.has_car;
  ParseInt(f.max_km, v.max_km);
  if (auto s = repo_.SaveVolunteer(v, clock_.NowIso()); !s) return Fail(s.error());
  return v;
}

Result<std::optional<Volunteer>> Help::VolunteerProfile(const accounts::Account& who) {
  return repo_.FindVolunteer(who.id);
}

}  // namespace doma::help
