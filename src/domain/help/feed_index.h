// The open requests a volunteer can take, kept in memory in a grid of about
// 2 km cells, so that "open requests near me, nearest first" reads only the
// cells around the volunteer instead of every open request. The database
// stays the truth: the index is rebuilt from it at start and follows every
// committed change; a request taken meanwhile is refused when taken again.
//
// Thread-safe: many readers, one writer at a time.
#pragma once

#include <cstdint>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/help/gazetteer.h"
#include "domain/help/request.h"

namespace doma::help {

// What the feed may show of a request: never who or exactly where.
struct FeedEntry {
  long long id = 0;
  Point point;
  std::uint16_t kinds = 0;  // bit i: kKinds[i]
  int urgency = 0;          // index into kUrgencies
  std::string place_id;
  std::string window_start, window_end;
};

std::uint16_t KindMask(const std::vector<std::string>& kinds);
std::vector<std::string> KindsOf(std::uint16_t mask);
int UrgencyIndex(std::string_view urgency);  // -1 when unknown

struct FeedQuery {
  Point from;
  double max_km = 10;
  std::uint16_t kinds = 0;  // 0: any kind; else requests with at least one of these
  int urgency = -1;         // -1: any
  int limit = 20, offset = 0;
};

struct FeedHit {
  FeedEntry entry;
  double km = 0;  // exact; round before showing
};

class FeedIndex {
 public:
  void Upsert(const FeedEntry& e);
  void Remove(long long id);
  void Clear();
  // Swaps in a whole new set at once: readers see the old set or the new one.
  void Replace(const std::vector<FeedEntry>& entries);
  std::size_t size() const;
  // Nearest first (ties: the older request), within max_km.
  std::vector<FeedHit> Near(const FeedQuery& q) const;

 private:
  struct Slim {
    long long id;
    float lat, lon;
    std::uint16_t kinds;
    std::int8_t urgency;
  };
  static std::int64_t CellOf(double lat, double lon);
  void RemoveLocked(long long id);

  mutable std::shared_mutex mu_;
  std::unordered_map<std::int64_t, std::vector<Slim>> cells_;
  std::unordered_map<long long, FeedEntry> entries_;
};

}  // namespace doma::help
