#include "domain/help/lifecycle.h"

#include <fmt/format.h>

namespace doma::help {

std::string_view ActionName(Action a) {
  switch (a) {
    case Action::kTake: return "take";
    case Action::kAssign: return "assign";
    case Action::kRelease: return "release";
    case Action::kComplete: return "complete";
    case Action::kConfirm: return "confirm";
    case Action::kCancel: return "cancel";
    case Action::kExpire: return "expire";
    case Action::kMerge: return "merge";
    case Action::kEscalate: return "escalate";
  }
  return "?";
}

namespace {

Error Forbidden(std::string message) { return Error{Code::kForbidden, std::move(message), {}, {}}; }
Error Conflict(std::string message) { return Error{Code::kConflict, std::move(message), {}, {}}; }

// Why a request that is no longer open cannot be acted on, in words.
Error Moved(const HelpRequest& r) {
  switch (r.status) {
    case RequestStatus::kTaken: return Conflict("Эту заявку уже взял другой волонтёр.");
    case RequestStatus::kDone: return Conflict("Заявка уже выполнена.");
    case RequestStatus::kConfirmed: return Conflict("Заявка уже выполнена и подтверждена.");
    case RequestStatus::kCancelled: return Conflict("Заявка отменена.");
    case RequestStatus::kExpired: return Conflict("Срок заявки истёк.");
    case RequestStatus::kOpen: return Conflict("Заявка ещё не взята.");
  }
  return Conflict("Состояние заявки изменилось. Обновите страницу.");
}

bool IsCoordinator(const Actor& a) { return a.kind == Actor::kCoordinator; }

}  // namespace

Result<RequestStatus> Decide(Action action, const HelpRequest& r, const Actor& actor,
                             const Limits& limits) {
  switch (action) {
    case Action::kTake:
      if (actor.kind == Actor::kUnverifiedVolunteer)
        return Fail(Forbidden(
            "Брать заявки могут только проверенные волонтёры. Координатор свяжется с вами."));
      if (actor.kind == Actor::kRequester)
        return Fail(Forbidden("Нельзя взять собственную заявку."));
      if (actor.kind == Actor::kAssignedVolunteer && r.status == RequestStatus::kTaken)
        return Fail(Conflict("Вы уже взяли эту заявку."));
      if (actor.kind != Actor::kVolunteer)
        return Fail(Forbidden("Брать заявки могут только волонтёры."));
      if (r.status != RequestStatus::kOpen) return Fail(Moved(r));
      if (actor.active_requests >= limits.max_active_per_volunteer)
        return Fail(Conflict(fmt::format(
            "У вас уже {} заявки в работе — это предел. Завершите одну, чтобы взять новую.",
            actor.active_requests)));
      return RequestStatus::kTaken;

    case Action::kAssign:
      // `actor` is the coordinator; the chosen volunteer's checks are the
      // caller's (it knows the volunteer), the limit is counted for them.
      if (!IsCoordinator(actor))
        return Fail(Forbidden("Назначать волонтёров могут только координаторы."));
      if (r.status != RequestStatus::kOpen) return Fail(Moved(r));
      if (actor.active_requests >= limits.max_active_per_volunteer)
        return Fail(Conflict("У этого волонтёра уже предельное число заявок в работе."));
      return RequestStatus::kTaken;

    case Action::kRelease:
      if (actor.kind != Actor::kAssignedVolunteer && !IsCoordinator(actor))
        return Fail(
            Forbidden("Вернуть заявку может только волонтёр, который её взял, или координатор."));
      if (r.status != RequestStatus::kTaken)
        return Fail(Conflict("Вернуть можно только заявку в работе."));
      return RequestStatus::kOpen;

    case Action::kComplete:
      if (actor.kind != Actor::kAssignedVolunteer && !IsCoordinator(actor))
        return Fail(Forbidden("Отметить выполнение может только волонтёр, который взял заявку."));
      if (r.status != RequestStatus::kTaken)
        return Fail(Conflict("Отметить выполненной можно только заявку в работе."));
      return RequestStatus::kDone;

    case Action::kConfirm:
      if (actor.kind != Actor::kRequester && !IsCoordinator(actor) && actor.kind != Actor::kSystem)
        return Fail(Forbidden("Подтвердить выполнение может заявитель или координатор."));
      if (r.status != RequestStatus::kDone)
        return Fail(Conflict("Подтвердить можно только выполненную заявку."));
      return RequestStatus::kConfirmed;

    case Action::kCancel:
      if (actor.kind != Actor::kRequester && !IsCoordinator(actor))
        return Fail(Forbidden("Отменить заявку может заявитель или координатор."));
      if (r.status != RequestStatus::kOpen && r.status != RequestStatus::kTaken)
        return Fail(Conflict("Отменить можно только открытую заявку или заявку в работе."));
      return RequestStatus::kCancelled;

    case Action::kExpire:
      if (actor.kind != Actor::kSystem)
        return Fail(Forbidden("Срок заявки отмечается автоматически."));
      if (r.status != RequestStatus::kOpen && r.status != RequestStatus::kTaken)
        return Fail(Moved(r));
      return RequestStatus::kExpired;

    case Action::kEscalate:
      if (actor.kind != Actor::kSystem)
        return Fail(Forbidden("Заявки, которые слишком долго в работе, отмечаются автоматически."));
      if (r.status != RequestStatus::kTaken) return Fail(Moved(r));
      return RequestStatus::kTaken;

    case Action::kMerge:
      if (!IsCoordinator(actor))
        return Fail(Forbidden("Объединять заявки могут только координаторы."));
      if (r.status != RequestStatus::kOpen)
        return Fail(Conflict("Объединить можно только открытую заявку."));
      return RequestStatus::kCancelled;
  }
  return Fail(Error::Internal("unknown action"));
}

}  // namespace doma::help
