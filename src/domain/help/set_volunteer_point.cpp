#include <cmath>

#include "domain/help/fields.h"
#include "domain/help/help.h"

namespace doma::help {

Status Help::SetVolunteerPoint(const accounts::Account& who, const std::string& lat,
                               const std::string& lon) {
  auto v = repo_.FindVolunteer(who.id);
  if (!v) return Fail(v.error());
  if (!*v) return Fail(Forbidden("Сначала заполните анкету волонтёра."));
  Volunteer vol = **v;
  if (lat.empty() && lon.empty()) {
    vol.has_point = false;
  } else {
    double la = 0, lo = 0;
    if (!ParseDouble(lat, la) || !ParseDouble(lon, lo) || !gazetteer_.Covers({la, lo}))
      return Fail(
          Invalid("lat", "Это место вне области: заявки ищутся от вашего населённого пункта."));
    // Kept to about 100 m: enough for "nearest first", no more than needed.
    vol.has_point = true;
    vol.point_lat = std::round(la * 1000) / 1000;
    vol.point_lon = std::round(lo * 1000) / 1000;
  }
  return repo_.SaveVolunteer(vol, clock_.NowIso());
}

}  // namespace doma::help
