// What the help feature needs from storage. Implementations keep personal
// data sealed at rest and run every change in one transaction with its
// notifications, its event and its audit entries.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "domain/help/feed_index.h"
#include "domain/help/request.h"
#include "domain/help/volunteer.h"
#include "domain/notify/outbox.h"

namespace doma::help {

// An entry of the audit log written with a change (reveals of an address,
// erasures, verifications).
struct AuditNote {
  long long actor_id = 0;
  std::string action, target, detail;
};

// What a decision changes: the request as it must be stored, the event for
// its history, and what goes out with it.
struct Mutation {
  HelpRequest after;
  std::string event;         // "taken", "released", …
  std::string event_detail;  // no personal data
  long long event_actor = 0;
  std::vector<notify::Notification> notify;
  std::vector<AuditNote> audit;
  // A request to create in the same transaction (the next occurrence of a
  // recurring one); id is assigned.
  std::optional<HelpRequest> create;
};

// Asked inside the transaction, so that the answer cannot change before the
// mutation is stored.
struct TxView {
  std::function<Result<int>(long long volunteer_id)> active_count;
  // The volunteer's status as stored now (a suspension may have just landed).
  std::function<Result<VolunteerStatus>(long long volunteer_id)> volunteer_status;
  // Another request as stored now, personal data included (a merge checks
  // its target in the same transaction, so it cannot close meanwhile).
  std::function<Result<std::optional<HelpRequest>>(long long id)> find;
};

using Decider = std::function<Result<Mutation>(const HelpRequest& current, const TxView& tx)>;

struct ListFilter {
  std::vector<RequestStatus> statuses;  // empty: any
  std::string urgency;                  // empty: any
  long long requester_id = 0;           // 0: anyone's
  long long volunteer_id = 0;           // 0: anyone's
  int limit = 50, offset = 0;
};

struct HelpEvent {
  std::string at, action, detail;
  long long actor_id = 0;
  std::string actor_name;
};

struct DailyFigure {
  std::string day;
  int created = 0;
};

struct Figures {
  std::vector<DailyFigure> per_day;  // the last 14 days
  double median_take_minutes = -1, median_complete_minutes = -1;
  int open = 0, taken = 0, done = 0, closed = 0;
};

// A completed request as the public figures need it (outreach::AggregateHelp):
// when, where, by which volunteer; nothing about the person helped.
struct CompletedRequest {
  std::string created_at, taken_at, done_at;  // ISO UTC
  std::string place_id;
  long long volunteer_id = 0;  // 0: no longer known
};

// A request asked for without an account, kept (sealed) until its asker's
// phone is confirmed: by the code sent to it, or, where no SMS can be sent,
// by a coordinator who calls back. It becomes a request then; it is deleted
// when refused or when its time passes.
struct PendingRequest {
  long long id = 0;
  std::string token_hash;  // of the token the code form carries
  std::string code_hash;   // empty: waits for a coordinator's call
  HelpRequest request;     // as it will be stored, personal data included
  std::string created_at, expires_at;
};

class HelpRepository {
 public:
  virtual ~HelpRepository() = default;

  // Pending requests (asked without an account). Stores one with the
  // message carrying its code, together.
  virtual Result<long long> CreatePending(const PendingRequest& p,
                                          const std::vector<notify::Notification>& notify,
                                          const std::string& now_iso) = 0;
  // The live pending request with this id (id > 0) or this token's hash.
  virtual Result<std::optional<PendingRequest>> FindPending(long long id,
                                                            const std::string& token_hash,
                                                            const std::string& now_iso) = 0;
  // In one transaction: if pending request `id` is live and `code_hash` is
  // its code (or is empty: a coordinator confirmed it by phone), deletes it
  // and stores `r` (its request, possibly amended) as a new open request
  // with `notify`. A wrong code counts against it (the fifth deletes it)
  // and gives nullopt.
  virtual Result<std::optional<HelpRequest>> PromotePending(
      long long id, const std::string& code_hash, const HelpRequest& r,
      const std::vector<notify::Notification>& notify, const std::string& now_iso) = 0;
  // Deletes one (false: it was not there).
  virtual Result<bool> DeletePending(long long id) = 0;
  // Live requests waiting for a coordinator's call, oldest first.
  virtual Result<std::vector<PendingRequest>> PendingCallBacks(const std::string& now_iso) = 0;
  // Deletes every pending request whose time has passed; how many.
  virtual Result<int> ForgetExpiredPending(const std::string& now_iso) = 0;

  // Stores a new request (personal data sealed) with its notifications.
  virtual Result<HelpRequest> Create(HelpRequest r, const std::vector<notify::Notification>& notify,
                                     const std::string& now_iso) = 0;
  // Many requests in one transaction, without notifications: the synthetic
  // data generator (`doma help generate`) for benchmarks.
  virtual Status CreateMany(const std::vector<HelpRequest>& rs, const std::string& now_iso) = 0;
  virtual Result<std::optional<HelpRequest>> Find(long long id) = 0;
  // Runs `decide` on the request as stored, inside one write transaction, and
  // stores what it returns. kNotFound when there is no such request.
  virtual Result<HelpRequest> Update(long long id, const Decider& decide,
                                     const std::string& now_iso) = 0;
  // Requests without personal data (the `personal` member is left empty).
  virtual Result<std::vector<HelpRequest>> List(const ListFilter& f) = 0;
  // Every open request as the volunteers' feed holds it (the point as
  // stored). Read at start: at 100,000 requests it must not cost whole rows.
  virtual Result<std::vector<FeedEntry>> AllOpen() = 0;
  // The request as the feed would hold it, if it is open (after every
  // change, the feed follows the stored state: one row, nothing personal).
  virtual Result<std::optional<FeedEntry>> OpenFeedEntry(long long id) = 0;
  // Open requests whose window ended before `now_iso`.
  virtual Result<std::vector<long long>> Overdue(const std::string& now_iso) = 0;
  // Taken requests whose window ended before `window_end_before_iso` and that
  // have not been escalated since they were taken.
  virtual Result<std::vector<long long>> StuckTaken(const std::string& window_end_before_iso) = 0;
  // Taken requests escalated (since they were taken) before `cutoff_iso`.
  virtual Result<std::vector<long long>> EscalatedBefore(const std::string& cutoff_iso) = 0;
  // Done requests not confirmed since before `cutoff_iso`.
  virtual Result<std::vector<long long>> UnconfirmedSince(const std::string& cutoff_iso) = 0;
  // Closed recurring requests that have no next occurrence yet.
  virtual Result<std::vector<long long>> DueRecurrences() = 0;
  // Closed before `cutoff_iso` and not yet erased.
  virtual Result<std::vector<long long>> ErasableBefore(const std::string& cutoff_iso) = 0;
  virtual Result<std::vector<HelpEvent>> Events(long long id) = 0;
  virtual Status Audit(const AuditNote& note, const std::string& now_iso) = 0;
  virtual Result<Figures> ComputeFigures(const std::string& today) = 0;
  // Every request completed (done_at set) at or after `since_iso`, erased
  // ones included: the figures outlive the personal data.
  virtual Result<std::vector<CompletedRequest>> CompletedSince(const std::string& since_iso) = 0;
  // E-mail or phone of every coordinator, to alert them.
  virtual Result<std::vector<std::string>> CoordinatorContacts() = 0;
  // E-mail or phone of an account (empty when none).
  virtual Result<std::string> AccountContact(long long account_id) = 0;

  virtual Status SaveVolunteer(const Volunteer& v, const std::string& now_iso) = 0;
  virtual Result<std::optional<Volunteer>> FindVolunteer(long long account_id) = 0;
  virtual Result<std::optional<Volunteer>> FindByBadge(const std::string& badge) = 0;
  virtual Result<std::vector<Volunteer>> ListVolunteers(const std::string& status, int limit,
                                                        int offset) = 0;
  // Verifies (issuing the next badge number), suspends or reinstates, with
  // the role change and the audit entry, in one transaction.
  virtual Result<Volunteer> SetVolunteerStatus(long long account_id, VolunteerStatus status,
                                               long long coordinator_id, const std::string& reason,
                                               const std::string& now_iso) = 0;
};

}  // namespace doma::help
