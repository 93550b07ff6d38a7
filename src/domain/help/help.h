// The help-at-home use cases: intake, the volunteer's feed, the life cycle,
// volunteers' verification, the coordinators' view and the scheduled jobs
// (expiry, recurrence, erasure). This header is the feature's one door for
// the pages, the API and the jobs; each use case lives in its own file named
// after it (take_request.cpp, open_requests_near.cpp, …), asks
// permissions.h who may do what, and runs its change through one helper,
// Transition() (transition.cpp), which decides it with lifecycle.h inside
// the storage transaction. What people are sent is in messages.cpp.
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "domain/accounts/account.h"
#include "domain/accounts/ports.h"
#include "domain/accounts/throttle.h"
#include "domain/help/feed_index.h"
#include "domain/help/gazetteer.h"
#include "domain/help/lifecycle.h"
#include "domain/help/policy.h"
#include "domain/help/repository.h"

namespace doma::help {

// Every problem of a form, each naming its field, so a page can show them
// all next to their fields at once.
std::vector<Error> ValidateRequestForm(const RequestForm& f, const Gazetteer& g);

struct VolunteerForm {
  std::string first_name, phone, place_id;
  std::vector<std::string> kinds;
  bool has_car = false;
  std::string max_km;
};
std::vector<Error> ValidateVolunteerForm(const VolunteerForm& f, const Gazetteer& g);

// A request as one person may see it.
struct RequestView {
  HelpRequest request;  // personal and code word blanked unless show_personal
  bool show_personal = false;
  bool is_requester = false, is_volunteer = false, is_coordinator = false;
  bool can_take = false;
  std::optional<Volunteer> volunteer;  // the one holding it: first name and badge
  std::vector<HelpEvent> events;       // coordinators only
};

struct FeedFilter {
  std::vector<std::string> kinds;
  std::string urgency;
  std::string place_id;  // search around this place instead of the volunteer's point
  int limit = 20, offset = 0;
};

struct FeedResult {
  std::vector<FeedHit> hits;
  Point from;
  std::string from_place_id;
  double max_km = 0;
};

// Asking without an account (a relative for a grandmother, or the person at
// home): the form, who asks, and the client's address for throttling.
struct GuestAsk {
  RequestForm form;
  std::string channel = "self";  // "self" or "on-behalf"
  // On someone's behalf: the asker's own name and phone (told of changes).
  std::string asker_name, asker_phone;
  std::string address;
};

struct GuestStarted {
  std::string token;  // carried by the code form; empty when waiting for a call
  bool waits_for_call = false;
  std::string phone;  // where the code was sent, or that a coordinator will call
};

struct Dashboard {
  std::vector<HelpRequest> requests;  // without personal data
  std::vector<long long> escalated;   // ids among them waiting longer than the policy allows
  Figures figures;
};

struct JobReport {
  int expired = 0, auto_confirmed = 0, recurred = 0, erased = 0;
  int escalated = 0, stuck_closed = 0;  // taken long past their window
  int failed = 0;
  std::vector<std::string> failures;  // "UL-000123: why", for the log (no personal data)
};

class Help {
 public:
  Help(HelpRepository& repo, const Gazetteer& gazetteer, Geocoder& geocoder,
       accounts::Secrets& secrets, const Clock& clock, HelpPolicy policy)
      : repo_(repo),
        gazetteer_(gazetteer),
        geocoder_(geocoder),
        secrets_(secrets),
        clock_(clock),
        policy_(std::move(policy)),
        guest_throttle_(std::in_place, clock, kGuestThrottle),
        follow_throttle_(std::in_place, clock, kFollowThrottle),
        follow_daily_(std::in_place, clock, kFollowDaily) {}

  const HelpPolicy& policy() const { return policy_; }
  const Gazetteer& gazetteer() const { return gazetteer_; }

  // Fills the feed from the open requests stored.
  Result<std::size_t> LoadFeed();
  // Moves the feed to request `id` as stored now: what the change feed says
  // another writer changed.
  Status Refresh(long long id);
  std::size_t FeedSize() const { return feed_.size(); }

  // Intake. `channel`: "self" or "on-behalf" for anyone signed in; "hotline"
  // for coordinators taking a call.
  Result<HelpRequest> SubmitRequest(const accounts::Account& who, const RequestForm& form,
                                    const std::string& channel);

  // Asking without an account. The form is checked as SubmitRequest checks
  // it, plus the asker's name and phone when on someone's behalf. Then,
  // when SMS can be sent (policy.phone_codes), a 6-digit code valid 30
  // minutes goes to the asker's phone (at most 3 a day per phone and per
  // address); otherwise the request waits up to 48 hours for a
  // coordinator's call back. Nothing reaches the feed until then.
  Result<GuestStarted> StartGuestRequest(const GuestAsk& ask);
  // With the code sent: stores the request (open, no account behind it) and
  // tells the asker its number and code word. A wrong code counts (the
  // fifth ends it); an unknown or expired token says to start again.
  Result<HelpRequest> ConfirmGuestRequest(const std::string& token, const std::string& code);
  // Coordinators: the requests waiting for their call (personal data: the
  // list reveals phones, audited), and what they decide after calling.
  Result<std::vector<PendingRequest>> CallBacks(const accounts::Account& coordinator);
  Result<HelpRequest> ConfirmCallBack(const accounts::Account& coordinator, long long pending_id);
  Status DropCallBack(const accounts::Account& coordinator, long long pending_id);
  // How many wait for a call (the dashboard says so; nothing personal read out).
  Result<std::size_t> CallBacksWaiting(const accounts::Account& coordinator);

  // Following a request by its number and code word (/help/status), for
  // people without an account: what a requester sees, without the address.
  // A wrong pair counts against the number and the address (5 an hour from
  // one address, 20 an hour and 10 a day from all) and says NotFound either way.
  Result<RequestView> FollowRequest(const std::string& number, const std::string& code_word,
                                    const std::string& address);
  Result<HelpRequest> CancelByCodeWord(const std::string& number, const std::string& code_word,
                                       const std::string& reason, const std::string& address);
  // The help came: as ConfirmRequest, for whoever knows the number and word.
  Result<HelpRequest> ConfirmByCodeWord(const std::string& number, const std::string& code_word,
                                        const std::string& rating, const std::string& comment,
                                        const std::string& address);
  // Erases the request's personal data now (an open one is cancelled first;
  // not while a volunteer holds it).
  Result<HelpRequest> EraseByCodeWord(const std::string& number, const std::string& code_word,
                                      const std::string& address);
  // Where the throttles of asking and following count (several nodes share
  // the database's); memory until set. Set once at start.
  void UseAttemptStore(accounts::AttemptStore* shared);

  // NotFound for anyone with no business with the request. Showing personal
  // data to anyone but the requester is audited.
  Result<RequestView> ViewRequest(const accounts::Account& who, long long id);
  Result<std::vector<HelpRequest>> MyRequests(const accounts::Account& who);
  // The volunteer holding `r` as far as `who` may learn it (first name and
  // badge; the phone for coordinators only), nullopt when none or not theirs
  // to learn. `r` may come from a list (without personal data).
  Result<std::optional<Volunteer>> HolderOf(const accounts::Account& who, const HelpRequest& r);

  Result<FeedResult> OpenRequestsNear(const accounts::Account& who, const FeedFilter& f);
  Result<std::vector<HelpRequest>> MyTasks(const accounts::Account& who);

  Result<HelpRequest> TakeRequest(const accounts::Account& who, long long id);
  Result<HelpRequest> ReleaseRequest(const accounts::Account& who, long long id,
                                     const std::string& reason);
  // `receipt`: "1234,50" roubles, optional.
  Result<HelpRequest> CompleteRequest(const accounts::Account& who, long long id,
                                      const std::string& receipt, const std::string& feedback);
  // `rating`: "" or "1".."5".
  Result<HelpRequest> ConfirmRequest(const accounts::Account& who, long long id,
                                     const std::string& rating, const std::string& comment);
  Result<HelpRequest> CancelRequest(const accounts::Account& who, long long id,
                                    const std::string& reason);
  Result<HelpRequest> AssignRequest(const accounts::Account& coordinator, long long id,
                                    long long volunteer_id);
  Result<HelpRequest> MergeRequests(const accounts::Account& coordinator, long long id,
                                    long long into_id);
  // The requester asks for their data to be erased now (an open request is
  // cancelled first).
  Result<HelpRequest> EraseRequestNow(const accounts::Account& who, long long id);

  Result<Volunteer> RegisterVolunteer(const accounts::Account& who, const VolunteerForm& f);
  Result<std::optional<Volunteer>> VolunteerProfile(const accounts::Account& who);
  Status SetVolunteerPoint(const accounts::Account& who, const std::string& lat,
                           const std::string& lon);
  Result<Volunteer> VerifyVolunteer(const accounts::Account& coordinator, long long account_id,
                                    bool id_checked, bool briefed);
  Result<Volunteer> SuspendVolunteer(const accounts::Account& coordinator, long long account_id,
                                     const std::string& reason);
  Result<Volunteer> ReinstateVolunteer(const accounts::Account& coordinator, long long account_id);
  Result<std::vector<Volunteer>> Volunteers(const accounts::Account& coordinator,
                                            const std::string& status);
  Result<Volunteer> VolunteerFor(const accounts::Account& coordinator, long long account_id);
  // Anyone: the badge's first name and status (nullopt: no such badge).
  Result<std::optional<BadgeCheck>> CheckBadge(const std::string& badge);

  Result<Dashboard> CoordinatorDashboard(const accounts::Account& coordinator, const ListFilter& f);
  // Open requests with their points, for the coordinators' map.
  Result<std::vector<HelpRequest>> MapOfRequests(const accounts::Account& coordinator);

  // Expires overdue requests (alerting coordinators), closes long-unconfirmed
  // ones, creates next occurrences and erases personal data past retention.
  Result<JobReport> RunScheduledJobs();

  // Local (region) time of a UTC ISO timestamp: "28.11 10:00".
  std::string LocalTime(const std::string& iso) const;

 private:
  // Who acts, decided inside the transaction (a take counts the volunteer's
  // requests in progress as stored now).
  using ActorOf = std::function<Result<Actor>(const HelpRequest& current, const TxView& tx)>;
  // What the transition changes besides the status (fields, event detail,
  // messages), on the request as stored.
  using Change = std::function<Status(Mutation& m, const HelpRequest& current, const TxView& tx)>;

  // The one way a request changes status: reads it inside the write
  // transaction, finds the actor, asks Decide(), applies `change`, stores it
  // with its event, messages and audit entries, and moves the feed.
  // kNotFound for an actor who has no business with the request.
  Result<HelpRequest> Transition(long long id, Action action, long long actor_id,
                                 const ActorOf& actor_of, const Change& change);
  // Transition() for an account (nullptr: the system), whose relation to the
  // request makes the actor.
  Result<HelpRequest> Apply(long long id, Action action, const accounts::Account* who,
                            const Change& change);
  Actor ActorFor(const accounts::Account* who, const std::optional<Volunteer>& v,
                 const HelpRequest& r) const;
  Result<Volunteer> RequireVerified(long long account_id);
  Result<std::string> RequesterContact(const HelpRequest& r);
  // Keeps the feed in step with the request as stored now (re-read under a
  // lock, so two changes committed close together cannot land out of order).
  Status Follow(const HelpRequest& r);
  // The rating (0: none) when it and the comment are acceptable.
  static Result<int> CheckConfirmation(const std::string& rating, const std::string& comment);
  // What a confirmation changes besides the status (its rating and comment).
  Change ConfirmChange(int stars, const std::string& comment);
  // What a cancellation changes besides the status (the reason, the weekly
  // series, the volunteer holding it told).
  Change CancelChange(const std::string& reason);
  // taken → open: clears the volunteer, issues a new code word, tells the requester.
  void Reopen(Mutation& m, const HelpRequest& cur, const std::string& why);
  void AtSettlement(FeedEntry& e) const;
  std::string NewCodeWord();
  // The request a form makes, checked, located and timed, as SubmitRequest
  // and StartGuestRequest build it (no one recorded as behind it yet).
  Result<HelpRequest> Prepare(const RequestForm& f, const std::string& channel);
  static ActorOf AsRequester();
  // The request `number` if `code_word` is its own, throttled.
  Result<HelpRequest> ByCodeWord(const std::string& number, const std::string& code_word,
                                 const std::string& address);
  static constexpr accounts::ThrottlePolicy kGuestThrottle{3, 10, std::chrono::hours(24), 5};
  static constexpr accounts::ThrottlePolicy kFollowThrottle{5, 30, std::chrono::hours(1), 20};
  // 1,600 code words: at 10 tries a day from all addresses, guessing one
  // request's word takes months, not the 3 days 20 an hour would allow.
  static constexpr accounts::ThrottlePolicy kFollowDaily{10, 50, std::chrono::hours(24), 10};
  Result<HelpRequest> NextOccurrence(long long id);
  Result<HelpRequest> Erase(long long id, long long actor_id, const std::string& why);

  HelpRepository& repo_;
  const Gazetteer& gazetteer_;
  Geocoder& geocoder_;
  accounts::Secrets& secrets_;
  const Clock& clock_;
  HelpPolicy policy_;
  std::optional<accounts::AttemptThrottle> guest_throttle_, follow_throttle_, follow_daily_;
  FeedIndex feed_;
  std::mutex follow_mu_;
};

}  // namespace doma::help
