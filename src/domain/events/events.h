// The events' use cases: propose, publish or reject, and list what is on.
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "core/clock.h"
#include "domain/accounts/account.h"
#include "domain/accounts/throttle.h"
#include "domain/catalog/catalog.h"
#include "domain/events/event.h"

namespace doma::events {

// What a person types: dates and times in the region's time.
struct EventForm {
  std::string title, description, organizer, url;
  std::string start_date, start_time, end_date, end_time;  // "2026-12-10", "15:00"
  std::vector<std::string> categories, audiences;
  std::string cost, place, service_id, sources;  // sources: one address a line
};

// What to list: upcoming published events, narrowed.
struct EventQuery {
  std::string category;  // a slug; a group takes its children
  std::string text;      // every word somewhere in the title, description or organiser
  std::string place;     // a district: events for it and online ones; "" = all
  std::string service_id;
  int limit = 200;
};

class Events {
 public:
  Events(EventRepository& repo, catalog::Catalog& catalog, const Clock& clock,
         accounts::AttemptThrottle& throttle)
      : repo_(repo), catalog_(catalog), clock_(clock), throttle_(throttle) {}

  // Anyone (`who` may be null); rate-limited per client address. An
  // editor's own proposal is published at once; anyone else's waits.
  Result<Event> Propose(const EventForm& form, const accounts::Account* who,
                        const std::string& address);
  // Editors only.
  Result<std::vector<Event>> Pending(const accounts::Account& editor);
  Status Publish(const accounts::Account& editor, long long id);
  Status Reject(const accounts::Account& editor, long long id, const std::string& reason);

  // Published and not ended: what anyone may see.
  Result<Event> Get(long long id);
  Result<std::vector<Event>> Upcoming(const EventQuery& q);

  // Moves whenever this node publishes an event (at once or by an editor's
  // decision): pages that show events and are kept rendered go stale then.
  // Other nodes' decisions and events that end do not move it; such pages
  // are kept for a bounded time only.
  unsigned long long Generation() const { return generation_.load(); }

  // What "now" is for the events (the pages' today and this week too).
  const Clock& clock() const { return clock_; }

  // The form's local date and time as UTC ("2026-12-10T12:00:00Z"), by the
  // region's offset; empty when it is not a date and a time.
  static std::string ToUtc(const std::string& date, const std::string& time);

 private:
  Result<Event> Check(const EventForm& form);
  EventRepository& repo_;
  catalog::Catalog& catalog_;
  const Clock& clock_;
  accounts::AttemptThrottle& throttle_;
  std::atomic<unsigned long long> generation_{0};
};

}  // namespace doma::events
