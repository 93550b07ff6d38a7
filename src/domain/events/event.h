// Online events: things that happen at a time (a marathon, a course that
// starts on a date, a broadcast), not services that are always there.
// Proposed by anyone, published by an editor, listed until they end.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "domain/catalog/service.h"

namespace doma::events {

inline constexpr std::array<std::string_view, 3> kStatuses = {"pending", "published", "rejected"};
inline constexpr std::array<std::string_view, 2> kCosts = {"free", "paid"};

struct Event {
  long long id = 0;
  std::string title, description, organizer, url;
  // UTC, "2026-12-10T12:00:00Z"; people see them in the region's time.
  std::string starts_at, ends_at;
  std::vector<std::string> categories;  // catalog category slugs
  std::string cost = "free";
  std::vector<std::string> audiences;  // catalog::kAudiences
  // A district of the region (the gazetteer's district_ru) it concerns;
  // empty: online, for everyone.
  std::string place;
  std::string service_id;  // the catalog service it belongs to, if any
  std::vector<catalog::Source> sources;
  std::string status = "pending";
  std::string created_at;
  long long proposed_by = 0;  // an account, or 0
  long long decided_by = 0;
  std::string reject_reason;

  bool Ended(std::string_view now_iso) const { return ends_at < now_iso; }
};

class EventRepository {
 public:
  virtual ~EventRepository() = default;
  virtual Result<Event> Create(const Event& e, const std::string& now_iso) = 0;
  virtual Result<std::optional<Event>> Find(long long id) = 0;
  // Events of `status` not ended at `now_iso` (ends_at >= it), soonest
  // first; at most `limit`.
  virtual Result<std::vector<Event>> ListFrom(const std::string& status, const std::string& now_iso,
                                              int limit) = 0;
  // Publishes or rejects a pending event, audited in the same transaction.
  // Fails NotFound when it is not pending (decided already, or no such).
  virtual Status Decide(long long id, const std::string& status, long long editor_id,
                        const std::string& reason, const std::string& now_iso) = 0;
};

}  // namespace doma::events
