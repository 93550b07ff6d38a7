#include "domain/help/gazetteer.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace doma::help {

double DistanceKm(Point a, Point b) {
  constexpr double kEarthKm = 6371.0088;
  constexpr double kRad = 3.14159265358979323846 / 180.0;
  double dlat = (b.lat - a.lat) * kRad, dlon = (b.lon - a.lon) * kRad;
  double h = std::sin(dlat / 2) * std::sin(dlat / 2) + std::cos(a.lat * kRad) *
                                                           std::cos(b.lat * kRad) *
                                                           std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthKm * std::asin(std::min(1.0, std::sqrt(h)));
}

double RoundHalfKm(double km) { return std::round(km * 2) / 2; }

Gazetteer::Gazetteer(std::vector<Place> places) : places_(std::move(places)) {
  if (places_.empty()) return;
  min_lat_ = max_lat_ = places_[0].lat;
  min_lon_ = max_lon_ = places_[0].lon;
  for (const auto& p : places_) {
    min_lat_ = std::min(min_lat_, p.lat);
    max_lat_ = std::max(max_lat_, p.lat);
    min_lon_ = std::min(min_lon_, p.lon);
    max_lon_ = std::max(max_lon_, p.lon);
  }
}

std::vector<std::string> Gazetteer::Districts() const {
  std::vector<std::string> out;
  for (const auto& p : places_)
    if (std::find(out.begin(), out.end(), p.district_ru) == out.end()) out.push_back(p.district_ru);
  return out;
}

const Place* Gazetteer::Find(const std::string& id) const {
  for (const auto& p : places_)
    if (p.id == id) return &p;
  return nullptr;
}

const Place* Gazetteer::Nearest(Point pt) const {
  const Place* best = nullptr;
  double best_km = std::numeric_limits<double>::max();
  for (const auto& p : places_) {
    double d = DistanceKm(pt, {p.lat, p.lon});
    if (d < best_km) best_km = d, best = &p;
  }
  return best;
}

bool Gazetteer::Covers(Point p) const {
  // Settlement centres span the region but not its edges: half a degree of margin.
  constexpr double kMargin = 0.5;
  return !places_.empty() && p.lat >= min_lat_ - kMargin && p.lat <= max_lat_ + kMargin &&
         p.lon >= min_lon_ - kMargin && p.lon <= max_lon_ + kMargin;
}

Result<Point> GazetteerGeocoder::Locate(const std::string& place_id, const Address&) {
  const Place* p = g_.Find(place_id);
  if (!p) return Fail(Error::Invalid("place_id", "Выберите населённый пункт или район из списка."));
  return Point{p->lat, p->lon};
}

}  // namespace doma::help
