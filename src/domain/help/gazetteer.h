// Where a request is: the region's settlements and city districts, shipped
// as data (data/regions/<code>/gazetteer.json), so that no network service is needed to place a
// request on the map. A real geocoder can come later behind Geocoder.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "domain/help/request.h"

namespace doma::help {

struct Place {
  std::string id, name_ru, name_en, kind, district_ru;
  double lat = 0, lon = 0;
};

struct Point {
  double lat = 0, lon = 0;
};

// Great-circle distance in kilometres.
double DistanceKm(Point a, Point b);
// Rounded to the nearest 0.5 km, as the feed shows it (never the exact figure).
double RoundHalfKm(double km);

class Gazetteer {
 public:
  Gazetteer() = default;
  explicit Gazetteer(std::vector<Place> places);
  const std::vector<Place>& places() const { return places_; }
  const Place* Find(const std::string& id) const;
  // The districts (district_ru), each once, in the file's order.
  std::vector<std::string> Districts() const;
  // The place whose centre is nearest to `p`.
  const Place* Nearest(Point p) const;
  // True when `p` lies within the region's bounds (with a margin).
  bool Covers(Point p) const;

 private:
  std::vector<Place> places_;
  double min_lat_ = 0, max_lat_ = 0, min_lon_ = 0, max_lon_ = 0;
};

// Turns an address into a point. The gazetteer one answers with the centre of
// the settlement or district; a street-level geocoder can replace it.
class Geocoder {
 public:
  virtual ~Geocoder() = default;
  virtual Result<Point> Locate(const std::string& place_id, const Address& address) = 0;
};

class GazetteerGeocoder final : public Geocoder {
 public:
  explicit GazetteerGeocoder(const Gazetteer& g) : g_(g) {}
  Result<Point> Locate(const std::string& place_id, const Address& address) override;

 private:
  const Gazetteer& g_;
};

}  // namespace doma::help
