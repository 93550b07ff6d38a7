// Every text the help feature sends to a person (SMS or e-mail), in one
// place: what an elderly person reads on an old phone must be reviewed
// together, and only the requester of a request ever receives its code word.
//
// `{number}` in a subject or body is filled in by the repository once a new
// request has its number.
#pragma once

#include <string>

#include "domain/help/policy.h"
#include "domain/help/request.h"
#include "domain/help/volunteer.h"
#include "domain/notify/outbox.h"

namespace doma::help::messages {

using notify::Notification;

// To someone asking without an account: the code that confirms their phone.
Notification GuestCode(const std::string& to, const std::string& code);
// To the requester, when a request is stored.
Notification Accepted(const HelpPolicy& p, const std::string& to, const std::string& code_word);
// To the requester, when the next occurrence of a weekly request is created.
Notification Repeated(const std::string& to, long long previous_id, const std::string& when,
                      const std::string& code_word);
// To the requester, when a volunteer takes the request.
Notification Taken(const HelpPolicy& p, const std::string& to, const HelpRequest& r,
                   const Volunteer& v);
// To the requester and to the volunteer, when a coordinator assigns one.
Notification Assigned(const HelpPolicy& p, const std::string& to, const HelpRequest& r,
                      const Volunteer& v);
Notification AssignedToYou(const HelpPolicy& p, const std::string& to, const HelpRequest& r);
// To the requester, when the request is open again; `code_word` is the new one.
Notification Reopened(const std::string& to, const HelpRequest& r, const std::string& code_word);
// To the requester, when the volunteer marks it done; `kopecks` < 0: no receipt.
Notification Completed(const HelpPolicy& p, const std::string& to, const HelpRequest& r,
                       long long kopecks);
// To the volunteer holding it, when the request is cancelled.
Notification CancelledToVolunteer(const std::string& to, const HelpRequest& r);
// To the requester of a request merged into another. Only when both were
// made by the same person does the text name the request that stays (whose
// code word that person already has); anyone else learns neither its number
// nor its code word.
Notification Merged(const std::string& to, const HelpRequest& merged, const HelpRequest& into,
                    bool same_requester);
// To a coordinator, when an open request's time passed without a volunteer.
Notification Expired(const HelpPolicy& p, const std::string& to, const HelpRequest& r);
// To a coordinator, when a taken request's time passed long ago and the
// volunteer never marked it done.
Notification Stuck(const HelpPolicy& p, const std::string& to, const HelpRequest& r);
// To the requester, when the system closes a request that stayed taken long
// after that alert.
Notification StuckClosed(const HelpPolicy& p, const std::string& to, const HelpRequest& r);

}  // namespace doma::help::messages
