// Help at home: a request for groceries, medicines or a chore, made by a
// resident, by someone on their behalf, or by a hotline operator, and taken
// by a verified volunteer.
//
// What identifies the person at home (name, phone, address, intercom code,
// free text) is kept apart in `Personal`: only the requester, the volunteer
// who took the request and coordinators ever see it, and it is erased some
// days after the request is closed.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace doma::help {

inline constexpr std::array<std::string_view, 9> kKinds = {
    "groceries", "medicines", "meals", "chores", "pets", "rubbish", "ride", "talk", "other"};
inline constexpr std::array<std::string_view, 3> kUrgencies = {"today", "1-2-days", "this-week"};
inline constexpr std::array<std::string_view, 3> kPayments = {"cash-on-receipt", "transfer",
                                                              "free-parcel"};
inline constexpr std::array<std::string_view, 3> kChannels = {"self", "on-behalf", "hotline"};

enum class RequestStatus { kOpen, kTaken, kDone, kConfirmed, kCancelled, kExpired };
std::string_view StatusName(RequestStatus s);
bool ParseStatus(std::string_view name, RequestStatus& out);
// Confirmed, cancelled and expired requests are closed: the clock for erasing
// their personal data starts then.
bool IsClosed(RequestStatus s);

struct Address {
  std::string street, house, flat, entrance, floor, intercom;

  // Calls fn(name, part) for each part of `a` (an Address, const or not),
  // with the one name that forms, the API and the sealed record give it.
  template <class Self, class Fn>
  static void ForEachPart(Self& a, Fn&& fn) {
    fn("street", a.street);
    fn("house", a.house);
    fn("flat", a.flat);
    fn("entrance", a.entrance);
    fn("floor", a.floor);
    fn("intercom", a.intercom);
  }
};

struct Personal {
  std::string recipient_name;
  std::string phone;  // +7XXXXXXXXXX
  Address address;
  std::string details;  // shopping list or what is needed, free text
  std::string notes;    // for the volunteer ("ring twice")
  // Who asked without an account on someone else's behalf (a relative): they
  // are told of changes; empty when the person at home asked.
  std::string asker_name, asker_phone;
};

struct HelpRequest {
  long long id = 0;
  RequestStatus status = RequestStatus::kOpen;
  std::vector<std::string> kinds;
  std::string urgency = "1-2-days";
  std::string payment = "cash-on-receipt";
  std::string channel = "self";
  std::string place_id;  // gazetteer place (settlement or city district)
  double lat = 0, lon = 0;
  std::string window_start, window_end;  // UTC ISO "2026-11-27T10:00:00Z"
  Personal personal;
  bool erased = false;
  std::string code_word;     // said at the door with the number; erased with the rest
  std::string consent_at;    // when the person agreed to the processing of their data
  long long consent_by = 0;  // the account that recorded it (the operator, or the requester)
  long long requester_id =
      0;  // the account that follows the request (0: the hotline's caller has none)
  long long created_by = 0;
  long long volunteer_id = 0;
  std::string recurrence;     // "" or "weekly"
  long long previous_id = 0;  // the occurrence this one follows
  long long duplicate_of = 0;
  std::string created_at, taken_at, done_at, confirmed_at, closed_at, erased_at;
  long long receipt_kopecks = -1;  // -1: not given
  int rating = 0;                  // 1–5, 0: none
  std::string comment;             // the requester's or coordinator's, on confirming
  std::string volunteer_feedback;
  std::string reason;  // of the last release or cancellation
};

// The region's prefixes of request numbers ("UL") and badges ("73"), from
// its data (data/regions/<code>/region.json). Set once at start, before any
// thread reads them: one process serves one region. Until then "R" and "00".
struct Numbering {
  std::string request_prefix = "R";  // 1–4 Latin capitals
  std::string badge_prefix = "00";   // 1–3 digits
};
void SetNumbering(Numbering n);
const Numbering& CurrentNumbering();

// "UL-000123": what the volunteer says at the door and the hotline asks for.
std::string Number(long long id);
// Accepts "UL-000123", "ul 123", "123" (the region's prefix, in any case);
// 0 when it is not a number.
long long ParseNumber(std::string_view s);

// What a person fills in. Times are local to the region (UTC offset given to
// the use case).
struct RequestForm {
  std::vector<std::string> kinds;
  std::string details, recipient_name, phone;
  Address address;
  std::string place_id;
  std::string lat, lon;        // a point picked on the map, optional
  std::string date, from, to;  // "2026-11-28", "10:00", "14:00"; optional
  std::string urgency, payment, notes;
  std::string recurrence;
  bool consent = false;
};

}  // namespace doma::help
