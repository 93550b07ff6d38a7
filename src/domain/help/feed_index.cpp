#include "domain/help/feed_index.h"

#include <algorithm>
#include <cmath>
#include <mutex>

namespace doma::help {

namespace {
// About 2.2 km north–south; east–west the cells are as wide in degrees and
// so narrower in km (at 54°N, 1.3 km). The search rings use the narrower
// side at the volunteer's latitude, the one its distances are measured at,
// which keeps the early stop correct in any region.
constexpr double kCellDeg = 0.02;

std::int64_t Key(std::int64_t row, std::int64_t col) { return (row << 32) ^ (col & 0xffffffff); }
}  // namespace

std::uint16_t KindMask(const std::vector<std::string>& kinds) {
  std::uint16_t m = 0;
  for (const auto& k : kinds)
    for (std::size_t i = 0; i < kKinds.size(); ++i)
      if (kKinds[i] == k) m |= static_cast<std::uint16_t>(1u << i);
  return m;
}

std::vector<std::string> KindsOf(std::uint16_t mask) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < kKinds.size(); ++i)
    if (mask & (1u << i)) out.emplace_back(kKinds[i]);
  return out;
}

int UrgencyIndex(std::string_view urgency) {
  for (std::size_t i = 0; i < kUrgencies.size(); ++i)
    if (kUrgencies[i] == urgency) return static_cast<int>(i);
  return -1;
}

std::int64_t FeedIndex::CellOf(double lat, double lon) {
  return Key(static_cast<std::int64_t>(std::floor(lat / kCellDeg)),
             static_cast<std::int64_t>(std::floor(lon / kCellDeg)));
}

void FeedIndex::RemoveLocked(long long id) {
  auto it = entries_.find(id);
  if (it == entries_.end()) return;
  auto cell = cells_.find(CellOf(it->second.point.lat, it->second.point.lon));
  if (cell != cells_.end()) {
    auto& v = cell->second;
    for (std::size_t i = 0; i < v.size(); ++i)
      if (v[i].id == id) {
        v[i] = v.back();
        v.pop_back();
        break;
      }
    if (v.empty()) cells_.erase(cell);
  }
  entries_.erase(it);
}

void FeedIndex::Upsert(const FeedEntry& e) {
  std::unique_lock lock(mu_);
  RemoveLocked(e.id);
  cells_[CellOf(e.point.lat, e.point.lon)].push_back(Slim{e.id, static_cast<float>(e.point.lat),
                                                          static_cast<float>(e.point.lon), e.kinds,
                                                          static_cast<std::int8_t>(e.urgency)});
  entries_[e.id] = e;
}

void FeedIndex::Remove(long long id) {
  std::unique_lock lock(mu_);
  RemoveLocked(id);
}

void FeedIndex::Replace(const std::vector<FeedEntry>& entries) {
  std::unordered_map<std::int64_t, std::vector<Slim>> cells;
  std::unordered_map<long long, FeedEntry> all;
  for (const auto& e : entries) {
    cells[CellOf(e.point.lat, e.point.lon)].push_back(Slim{e.id, static_cast<float>(e.point.lat),
                                                           static_cast<float>(e.point.lon), e.kinds,
                                                           static_cast<std::int8_t>(e.urgency)});
    all[e.id] = e;
  }
  std::unique_lock lock(mu_);
  cells_.swap(cells);
  entries_.swap(all);
}

void FeedIndex::Clear() {
  std::unique_lock lock(mu_);
  cells_.clear();
  entries_.clear();
}

std::size_t FeedIndex::size() const {
  std::shared_lock lock(mu_);
  return entries_.size();
}

std::vector<FeedHit> FeedIndex::Near(const FeedQuery& q) const {
  struct Candidate {
    double km;  // squared, in the flat projection, while searching
    long long id;
  };
  std::vector<Candidate> found;
  const std::size_t want = static_cast<std::size_t>(std::max(0, q.offset) + std::max(0, q.limit));
  std::shared_lock lock(mu_);
  const auto row0 = static_cast<std::int64_t>(std::floor(q.from.lat / kCellDeg));
  const auto col0 = static_cast<std::int64_t>(std::floor(q.from.lon / kCellDeg));
  // Within a region a flat projection around the volunteer is exact to a
  // fraction of a percent and needs no trigonometry per point; the great-
  // circle distance is computed only for the requests returned.
  // East–west degrees shrink with latitude: each point's are taken at the
  // middle latitude of it and the volunteer (to first order, so still no
  // trigonometry per point), which keeps the order right in the far north
  // too, where a 50 km radius spans cosines 2 % apart.
  constexpr double kKmPerDeg = 111.195, kRad = 3.14159265358979323846 / 180.0;
  const double cos0 = std::cos(q.from.lat * kRad), sin0 = std::sin(q.from.lat * kRad);
  const double ky = kKmPerDeg;
  // A ring further out is at least this much farther: the narrowest cells
  // within reach are at the latitude farthest from the equator.
  const double far_lat = std::min(89.0, std::abs(q.from.lat) + q.max_km / kKmPerDeg);
  const double min_cell_km = kCellDeg * kKmPerDeg * std::max(1e-3, std::cos(far_lat * kRad));
  const auto max_ring = static_cast<std::int64_t>(std::ceil(q.max_km / min_cell_km)) + 1;
  const double max_sq = q.max_km * q.max_km;
  auto scan = [&](std::int64_t row, std::int64_t col) {
    auto it = cells_.find(Key(row, col));
    if (it == cells_.end()) return;
    for (const Slim& s : it->second) {
      if (q.kinds && !(s.kinds & q.kinds)) continue;
      if (q.urgency >= 0 && s.urgency != q.urgency) continue;
      const double dlat = s.lat - q.from.lat;
      const double kx = kKmPerDeg * (cos0 - sin0 * dlat * kRad / 2);
      double dx = (s.lon - q.from.lon) * kx, dy = dlat * ky;
      double sq = dx * dx + dy * dy;
      if (sq <= max_sq) found.push_back({sq, s.id});
    }
  };
  for (std::int64_t ring = 0; ring <= max_ring; ++ring) {
    if (ring == 0) {
      scan(row0, col0);
    } else {
      for (std::int64_t c = col0 - ring; c <= col0 + ring; ++c)
        scan(row0 - ring, c), scan(row0 + ring, c);
      for (std::int64_t r = row0 - ring + 1; r <= row0 + ring - 1; ++r)
        scan(r, col0 - ring), scan(r, col0 + ring);
    }
    // Anything in a farther ring is at least this far away.
    double reach = static_cast<double>(ring) * min_cell_km;
    if (want > 0 && found.size() >= want) {
      std::size_t close = 0;
      const double reach_sq = reach * reach;
      for (const auto& c : found) close += c.km <= reach_sq;
      if (close >= want) break;
    }
  }
  auto less = [&](const Candidate& a, const Candidate& b) {
    if (a.km != b.km) return a.km < b.km;
    return a.id < b.id;
  };
  std::size_t n = std::min(want, found.size());
  std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(n), found.end(),
                    less);
  std::vector<FeedHit> out;
  for (std::size_t i = static_cast<std::size_t>(std::max(0, q.offset)); i < n; ++i) {
    const FeedEntry& e = entries_.at(found[i].id);
    out.push_back({e, DistanceKm(q.from, e.point)});
  }
  return out;
}

}  // namespace doma::help
