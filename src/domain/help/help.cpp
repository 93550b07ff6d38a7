// What every use case of the feature shares: who an account is to a request,
// how the requester is reached, and the region's local time.
#include "domain/help/help.h"

#include <fmt/format.h>

#include "domain/help/fields.h"
#include "domain/help/permissions.h"

namespace doma::help {

namespace chr = std::chrono;

std::string Help::LocalTime(const std::string& iso) const {
  chr::system_clock::time_point t;
  if (!ParseIso(iso, t)) return "";
  auto local = t + chr::minutes(policy_.utc_offset_minutes);
  auto day = chr::floor<chr::days>(local);
  chr::year_month_day ymd(day);
  auto hm = chr::duration_cast<chr::minutes>(local - day).count();
  return fmt::format("{:02}.{:02} {:02}:{:02}", static_cast<unsigned>(ymd.day()),
                     static_cast<unsigned>(ymd.month()), hm / 60, hm % 60);
}

Result<std::string> Help::RequesterContact(const HelpRequest& r) {
  if (r.requester_id) return repo_.AccountContact(r.requester_id);
  // Asked without an account: the relative who asked, else the person at
  // home (a hotline caller), by SMS.
  if (!r.personal.asker_phone.empty()) return r.personal.asker_phone;
  return r.personal.phone;
}

Actor Help::ActorFor(const accounts::Account* who, const std::optional<Volunteer>& v,
                     const HelpRequest& r) const {
  Actor a;
  if (!who) return Actor{Actor::kSystem};
  if (Permissions::CanCoordinate(*who))
    a.kind = Actor::kCoordinator;
  else if (r.volunteer_id == who->id && r.volunteer_id)
    a.kind = Actor::kAssignedVolunteer;
  else if (r.requester_id == who->id && r.requester_id)
    a.kind = Actor::kRequester;
  else if (v)
    a.kind =
        v->status == VolunteerStatus::kVerified ? Actor::kVolunteer : Actor::kUnverifiedVolunteer;
  return a;
}

Result<Volunteer> Help::RequireVerified(long long account_id) {
  auto v = repo_.FindVolunteer(account_id);
  if (!v) return Fail(v.error());
  if (!*v) return Fail(Forbidden("Сначала заполните анкету волонтёра: /volunteer/signup."));
  if ((*v)->status != VolunteerStatus::kVerified)
    return Fail(Forbidden(
        (*v)->status == VolunteerStatus::kSuspended
            ? "Ваша работа волонтёром приостановлена координатором."
            : "Координатор ещё не проверил вашу анкету. Брать заявки можно после проверки."));
  return **v;
}

}  // namespace doma::help
