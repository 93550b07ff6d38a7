// Asking for help without an account: the request waits, sealed, until the
// asker's phone is confirmed by a code (SMS) or by a coordinator's call.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "core/text.h"
#include "domain/accounts/login_name.h"
#include "domain/help/fields.h"
#include "domain/help/help.h"
#include "domain/help/messages.h"
#include "domain/help/permissions.h"

namespace doma::help {

namespace chr = std::chrono;

namespace {
constexpr auto kCodeLife = chr::minutes(30);
constexpr auto kCallBackLife = chr::hours(48);

Error Throttled(long long wait) {
  return Error{Code::kRateLimited,
               fmt::format("Слишком много заявок с этого номера телефона или этого устройства. "
                           "Попробуйте через {} мин. или позвоните на горячую линию.",
                           (wait + 59) / 60),
               {},
               {}};
}
// The number and code word go to whoever asked: the relative, or the
// person at home.
notify::Notification AcceptedToAsker(const HelpPolicy& p, const HelpRequest& r) {
  return messages::Accepted(
      p, r.personal.asker_phone.empty() ? r.personal.phone : r.personal.asker_phone, r.code_word);
}
}  // namespace

void Help::UseAttemptStore(accounts::AttemptStore* shared) {
  guest_throttle_.emplace(clock_, kGuestThrottle, shared, "help guest");
  follow_throttle_.emplace(clock_, kFollowThrottle, shared, "help follow");
}

Result<GuestStarted> Help::StartGuestRequest(const GuestAsk& ask) {
  if (ask.channel != "self" && ask.channel != "on-behalf")
    return Fail(Invalid("channel", "Укажите, для кого заявка."));
  const bool for_other = ask.channel == "on-behalf";
  std::string asker_phone;
  if (for_other) {
    if (text::Trim(ask.asker_name).empty())
      return Fail(Invalid("asker_name", "Укажите ваше имя: координатор обратится к вам по нему."));
    if (!Short(ask.asker_name, 100) || !Honest(ask.asker_name, false))
      return Fail(Invalid("asker_name", "Имя: до 100 знаков, без служебных символов."));
    auto login = accounts::ParseLoginName(ask.asker_phone);
    if (!login || login->phone.empty())
      return Fail(
          Invalid("asker_phone", "Укажите ваш мобильный телефон, например +7 900 123-45-67."));
    asker_phone = login->phone;
  }
  auto prepared = Prepare(ask.form, ask.channel);
  if (!prepared) return Fail(prepared.error());
  HelpRequest& r = *prepared;
  if (for_other) {
    r.personal.asker_name = std::string(text::Trim(ask.asker_name));
    r.personal.asker_phone = asker_phone;
  }
  const std::string to = for_other ? asker_phone : r.personal.phone;
  if (long long wait = guest_throttle_->TryBegin(to, ask.address); wait > 0)
    return Fail(Throttled(wait));

  auto now = clock_.Now();
  PendingRequest p;
  p.request = r;
  GuestStarted out;
  out.phone = to;
  p.token_hash = secrets_.Digest(secrets_.NewToken());  // never shown: a call-back needs none
  std::vector<notify::Notification> note;
  if (policy_.phone_codes) {
    out.token = secrets_.NewToken();
    std::string code = secrets_.NewCode(6);
    p.token_hash = secrets_.Digest(out.token);
    p.code_hash = secrets_.Digest(code);
    p.expires_at = FormatIso(now + kCodeLife);
    note.push_back(messages::GuestCode(to, code));
  } else {
    out.waits_for_call = true;
    // Kept no longer than it could be of use: 48 hours, or the end of the
    // time the help was asked for, whichever comes first.
    p.expires_at = std::min(FormatIso(now + kCallBackLife), r.window_end);
  }
  auto id = repo_.CreatePending(p, note, FormatIso(now));
  if (!id) return Fail(id.error());
  return out;
}

Result<HelpRequest> Help::ConfirmGuestRequest(const std::string& token, const std::string& code) {
  // Not six digits is a typing slip, not a guess: it costs no try.
  const std::string typed(text::Trim(code));
  if (typed.size() != 6 || typed.find_first_not_of("0123456789") != std::string::npos)
    return Fail(Invalid("code", "Введите 6 цифр из SMS."));
  const std::string now = clock_.NowIso();
  auto p = repo_.FindPending(0, secrets_.Digest(token), now);
  if (!p) return Fail(p.error());
  if (!*p || (*p)->code_hash.empty())
    return Fail(Invalid("code",
                        "Время для кода вышло или было слишком много попыток. Заполните заявку "
                        "ещё раз — мы пришлём новый код."));
  HelpRequest r = (*p)->request;
  if (r.window_end <= now) {
    (void)repo_.DeletePending((*p)->id);  // of no use any more: its data go now
    return Fail(Invalid("code",
                        "Время, на которое просили помощь, уже прошло. Заполните заявку "
                        "ещё раз с новым временем."));
  }
  auto stored =
      repo_.PromotePending((*p)->id, secrets_.Digest(typed), r, {AcceptedToAsker(policy_, r)}, now);
  if (!stored) return Fail(stored.error());
  if (!*stored)
    return Fail(Invalid("code",
                        "Код не подходит. Проверьте цифры из SMS; после пяти ошибок "
                        "заявку нужно заполнить заново."));
  Follow(**stored);
  return **stored;
}

Result<std::vector<PendingRequest>> Help::CallBacks(const accounts::Account& coordinator) {
  if (!Permissions::CanCoordinate(coordinator))
    return Fail(Forbidden("Звонки по заявкам видят только координаторы."));
  auto list = repo_.PendingCallBacks(clock_.NowIso());
  if (!list) return list;
  if (!list->empty()) {
    auto a = repo_.Audit(
        {coordinator.id, "callbacks_revealed", "help:pending", std::to_string(list->size())},
        clock_.NowIso());
    if (!a) return Fail(a.error());
  }
  return list;
}

Result<HelpRequest> Help::ConfirmCallBack(const accounts::Account& coordinator,
                                          long long pending_id) {
  if (!Permissions::CanCoordinate(coordinator))
    return Fail(Forbidden("Подтверждать заявки по звонку могут только координаторы."));
  const std::string now = clock_.NowIso();
  auto p = repo_.FindPending(pending_id, "", now);
  if (!p) return Fail(p.error());
  if (!*p || !(*p)->code_hash.empty())
    return Fail(Error::NotFound("Эта заявка уже подтверждена, отклонена или её время вышло."));
  HelpRequest r = (*p)->request;
  // The coordinator heard the person agree on the phone.
  r.consent_by = coordinator.id;
  r.created_by = coordinator.id;
  if (r.window_end <= now) {
    (void)repo_.DeletePending(pending_id);  // of no use any more: its data go now
    return Fail(Invalid("window",
                        "Время, на которое просили помощь, прошло. Примите заявку "
                        "заново через «Заявка по телефону» с новым временем."));
  }
  auto stored = repo_.PromotePending(pending_id, "", r, {AcceptedToAsker(policy_, r)}, now);
  if (!stored) return Fail(stored.error());
  if (!*stored) return Fail(Error::NotFound("Эта заявка уже подтверждена или отклонена."));
  Follow(**stored);
  return **stored;
}

Status Help::DropCallBack(const accounts::Account& coordinator, long long pending_id) {
  if (!Permissions::CanCoordinate(coordinator))
    return Fail(Forbidden("Отклонять заявки могут только координаторы."));
  auto gone = repo_.DeletePending(pending_id);
  if (!gone) return Fail(gone.error());
  if (!*gone) return Fail(Error::NotFound("Эта заявка уже подтверждена или отклонена."));
  return repo_.Audit(
      {coordinator.id, "callback_dropped", "help:pending", std::to_string(pending_id)},
      clock_.NowIso());
}

Result<std::size_t> Help::CallBacksWaiting(const accounts::Account& coordinator) {
  if (!Permissions::CanCoordinate(coordinator))
    return Fail(Forbidden("Звонки по заявкам видят только координаторы."));
  auto list = repo_.PendingCallBacks(clock_.NowIso());
  if (!list) return Fail(list.error());
  return list->size();
}

}  // namespace doma::help
