#include <algorithm>

#include "domain/help/fields.h"
#include "domain/help/help.h"

namespace doma::help {

Result<FeedResult> Help::OpenRequestsNear(const accounts::Account& who, const FeedFilter& f) {
  auto vol = RequireVerified(who.id);
  if (!vol) return Fail(vol.error());
  for (const auto& k : f.kinds)
    if (!OneOf(k, kKinds)) return Fail(Invalid("kind", "Неизвестный вид помощи."));
  if (!f.urgency.empty() && !OneOf(f.urgency, kUrgencies))
    return Fail(Invalid("urgency", "Неизвестная срочность."));
  FeedResult out;
  out.max_km = vol->max_km;
  if (!f.place_id.empty()) {
    const Place* p = gazetteer_.Find(f.place_id);
    if (!p) return Fail(Invalid("place", "Выберите населённый пункт или район из списка."));
    out.from = {p->lat, p->lon};
    out.from_place_id = p->id;
  } else if (vol->has_point) {
    out.from = {vol->point_lat, vol->point_lon};
  } else {
    out.from = {vol->lat, vol->lon};
    out.from_place_id = vol->place_id;
  }
  FeedQuery q;
  q.from = out.from;
  q.max_km = vol->max_km;
  q.kinds = KindMask(f.kinds);
  q.urgency = f.urgency.empty() ? -1 : UrgencyIndex(f.urgency);
  q.limit = std::clamp(f.limit, 1, 100);
  q.offset = std::clamp(f.offset, 0, 1000);
  out.hits = feed_.Near(q);
  return out;
}

}  // namespace doma::help
