#include "domain/help/fields.h"
#include "domain/help/help.h"
#include "domain/help/permissions.h"

namespace doma::help {

Result<RequestView> Help::ViewRequest(const accounts::Account& who, long long id) {
  auto r = repo_.Find(id);
  if (!r) return Fail(r.error());
  if (!*r) return Fail(NoSuchRequest());
  RequestView v;
  v.request = std::move(**r);
  const HelpRequest& req = v.request;
  v.is_coordinator = Permissions::CanCoordinate(who);
  v.is_requester = req.requester_id != 0 && req.requester_id == who.id;
  v.is_volunteer = req.volunteer_id != 0 && req.volunteer_id == who.id;
  auto vp = repo_.FindVolunteer(who.id);
  if (!vp) return Fail(vp.error());
  bool verified = *vp && (*vp)->status == VolunteerStatus::kVerified;
  // A verified volunteer may look at an open request before taking it, as
  // the feed shows it; nobody else learns it exists.
  v.can_take = verified && req.status == RequestStatus::kOpen && !v.is_requester;
  if (!v.is_coordinator && !v.is_requester && !v.is_volunteer && !v.can_take)
    return Fail(NoSuchRequest());
  v.show_personal = Permissions::CanSeePersonal(who, req);
  // A volunteer suspended meanwhile sees no address, whatever they still hold.
  if (v.show_personal && v.is_volunteer && !v.is_coordinator && !verified) v.show_personal = false;
  if (v.show_personal && !v.is_requester) {
    auto a = repo_.Audit({who.id, "address_revealed", "help:" + std::to_string(id),
                          v.is_coordinator ? "coordinator" : "volunteer"},
                         clock_.NowIso());
    if (!a) return Fail(a.error());
  }
  if (!v.show_personal) {
    // A point picked on the map may be the door itself: others get the
    // settlement's centre, as the feed does.
    if (const Place* p = gazetteer_.Find(req.place_id))
      v.request.lat = p->lat, v.request.lon = p->lon;
    v.request.personal = Personal{};
    v.request.code_word.clear();
    v.request.comment.clear();
    v.request.reason.clear();
    v.request.volunteer_feedback.clear();
  }
  if (req.volunteer_id) {
    auto vol = repo_.FindVolunteer(req.volunteer_id);
    if (!vol) return Fail(vol.error());
    if (*vol) {
      v.volunteer = **vol;
      if (!v.is_coordinator) v.volunteer->phone.clear();
    }
  }
  if (v.is_coordinator) {
    auto ev = repo_.Events(id);
    if (!ev) return Fail(ev.error());
    v.events = std::move(*ev);
  }
  return v;
}

}  // namespace doma::help
