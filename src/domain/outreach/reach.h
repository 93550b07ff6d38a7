// Whether a service reaches a place, and how closely: what a leaflet, the
// widget and the digest list for a settlement. A regional service with a
// district or settlement works there only; one without works in the whole
// region; federal and international ones work everywhere.
#pragma once

#include "domain/catalog/service.h"
#include "domain/help/gazetteer.h"

namespace doma::outreach {

// 0: the place's own (its settlement's, or its district's when it names no
// settlement), 1: the whole region's, 2: federal, 3: international; -1:
// another place's (it does not reach `place`: a village's shop does not
// deliver to the next village of the district). With no place (the whole
// region) a local service reaches.
inline int ReachRank(const catalog::Service& s, const help::Place* place) {
  if (s.scope == "international") return 3;
  if (s.scope != "regional") return 2;
  if (s.district.empty() && s.settlement.empty()) return 1;
  if (!place) return 0;
  if (!s.settlement.empty()) return s.settlement == place->name_ru ? 0 : -1;
  return s.district == place->district_ru ? 0 : -1;
}

}  // namespace doma::outreach
