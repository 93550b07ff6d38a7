// Following a request by its number and code word (/help/status): the way
// for people without an account, throttled per number and per address.
#include <fmt/format.h>

#include "core/secure.h"
#include "core/text.h"
#include "domain/help/fields.h"
#include "domain/help/help.h"

namespace doma::help {

namespace {
// Words as people type them: any case, ё as е, spaces squeezed.
std::string Normal(std::string_view s) {
  const std::string folded = text::Fold(text::Trim(s));
  std::string out;
  for (auto w : text::Split(folded, ' ')) {
    if (w.empty()) continue;
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}
}  // namespace

// Whoever knows the number and the code word acts as the requester.
Help::ActorOf Help::AsRequester() {
  return
      [](const HelpRequest&, const TxView&) -> Result<Actor> { return Actor{Actor::kRequester}; };
}

Result<HelpRequest> Help::ByCodeWord(const std::string& number, const std::string& code_word,
                                     const std::string& address) {
  long long id = ParseNumber(number);
  if (!id) return Fail(Invalid("number", "Укажите номер заявки, например " + Number(123) + "."));
  if (text::Trim(code_word).empty())
    return Fail(Invalid("code_word", "Укажите кодовое слово из SMS или от координатора."));
  const std::string key = "request " + std::to_string(id);
  // Each try counts at once (TryBegin); a right answer takes it back.
  long long wait = follow_throttle_->TryBegin(key, address);
  if (wait == 0) wait = follow_daily_->TryBegin(key, address);
  if (wait > 0)
    return Fail(Error{Code::kRateLimited,
                      fmt::format("Слишком много попыток. Попробуйте через {} мин. или позвоните "
                                  "координатору.",
                                  (wait + 59) / 60),
                      {},
                      {}});
  auto r = repo_.Find(id);
  if (!r) return Fail(r.error());
  // One answer for "no such number" and "wrong word": neither tells which.
  if (!*r || (*r)->erased || (*r)->code_word.empty() ||
      !ConstantTimeEquals(Normal((*r)->code_word), Normal(code_word))) {
    return Fail(Error::NotFound(
        "Заявка с таким номером и кодовым словом не найдена. Проверьте их в SMS; кодовое слово "
        "меняется, если волонтёр отказался от заявки."));
  }
  follow_throttle_->RecordSuccess(key, address);
  follow_daily_->RecordSuccess(key, address);
  return std::move(**r);
}

Result<RequestView> Help::FollowRequest(const std::string& number, const std::string& code_word,
                                        const std::string& address) {
  auto r = ByCodeWord(number, code_word, address);
  if (!r) return Fail(r.error());
  RequestView v;
  v.request = std::move(*r);
  v.is_requester = true;
  // The address stays off this page: whoever learns a number and a word
  // learns the request's state and who comes, not where.
  Personal kept;
  kept.recipient_name = v.request.personal.recipient_name;
  v.request.personal = kept;
  if (v.request.volunteer_id) {
    auto vol = repo_.FindVolunteer(v.request.volunteer_id);
    if (!vol) return Fail(vol.error());
    if (*vol) {
      v.volunteer = **vol;
      v.volunteer->phone.clear();
    }
  }
  return v;
}

Result<HelpRequest> Help::CancelByCodeWord(const std::string& number, const std::string& code_word,
                                           const std::string& reason, const std::string& address) {
  auto r = ByCodeWord(number, code_word, address);
  if (!r) return Fail(r.error());
  if (!Short(reason, 500))
    return Fail(Invalid("reason", "Причина слишком длинная: до 500 знаков."));
  if (!Honest(reason, true)) return Fail(Dishonest("reason"));
  return Transition(r->id, Action::kCancel, 0, AsRequester(), CancelChange(reason));
}

Result<HelpRequest> Help::ConfirmByCodeWord(const std::string& number, const std::string& code_word,
                                            const std::string& rating, const std::string& comment,
                                            const std::string& address) {
  auto stars = CheckConfirmation(rating, comment);
  if (!stars) return Fail(stars.error());
  auto r = ByCodeWord(number, code_word, address);
  if (!r) return Fail(r.error());
  return Transition(r->id, Action::kConfirm, 0, AsRequester(), ConfirmChange(*stars, comment));
}

Result<HelpRequest> Help::EraseByCodeWord(const std::string& number, const std::string& code_word,
                                          const std::string& address) {
  auto r = ByCodeWord(number, code_word, address);
  if (!r) return Fail(r.error());
  if (r->status == RequestStatus::kTaken)
    return Fail(
        Error{Code::kConflict,
              "Заявку выполняет волонтёр: удалить данные можно после её завершения или отмены.",
              {},
              {}});
  if (r->status == RequestStatus::kDone)
    return Fail(Error{Code::kConflict,
                      "Сначала подтвердите, что помощь оказана: после этого данные можно удалить.",
                      {},
                      {}});
  if (r->status == RequestStatus::kOpen) {
    auto cancelled = Transition(r->id, Action::kCancel, 0, AsRequester(), CancelChange(""));
    if (!cancelled) return Fail(cancelled.error());
  }
  return Erase(r->id, 0, "requested by number and code word");
}

}  // namespace doma::help
