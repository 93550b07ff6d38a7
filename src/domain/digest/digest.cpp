#include "domain/digest/digest.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "core/text.h"
#include "domain/accounts/login_name.h"
#include "domain/digest/messages.h"
#include "domain/outreach/reach.h"

namespace doma::digest {

Result<std::string> Digest::Subscribe(const SubscribeForm& f) {
  auto login = accounts::ParseLoginName(f.address);
  if (!login)
    return Fail(
        Error::Invalid("address",
                       "Укажите адрес электронной почты или номер мобильного телефона, например "
                       "+7 912 345-67-89."));
  if (!f.consent)
    return Fail(
        Error::Invalid("consent", "Отметьте согласие: без него мы не можем хранить ваш адрес."));
  auto cats = catalog_.Categories();
  if (!cats) return Fail(cats.error());
  std::set<std::string> chosen(f.categories.begin(), f.categories.end());
  for (const auto& slug : chosen) {
    auto it = std::find_if(cats->begin(), cats->end(),
                           [&](const catalog::Category& c) { return c.slug == slug; });
    if (it == cats->end() || it->archived)
      return Fail(Error::Invalid("categories", "Такого раздела нет в каталоге."));
  }
  if (!f.place_id.empty() && !places_.Find(f.place_id))
    return Fail(Error::Invalid("place", "Такого места нет в списке населённых пунктов региона."));
  // Someone else's address subscribed over and over would flood it with
  // confirmations: a few an hour per address and per client.
  if (throttle_.TryBegin(login->key(), f.client_address) > 0)
    return Fail(Error{Code::kRateLimited,
                      "Слишком много подписок за час. Попробуйте позже.",
                      "digest subscriptions throttled",
                      {}});
  Subscription s;
  s.channel = login->email.empty() ? "sms" : "email";
  s.address = login->key();
  s.categories.assign(chosen.begin(), chosen.end());
  s.place_id = f.place_id;
  s.unsubscribe_token = secrets_.NewToken();
  const std::string confirm = secrets_.NewToken();
  auto message = ConfirmationMessage(s.address, s.channel == "sms",
                                     public_url_ + "/digest/confirm?t=" + confirm);
  auto id = repo_.CreatePending(s, secrets_.Digest(confirm), secrets_.Digest(s.unsubscribe_token),
                                secrets_.Digest(s.address), message, clock_.NowIso());
  if (!id) return Fail(id.error());
  return s.channel;
}

Status Digest::Confirm(const std::string& token) {
  if (token.size() != 32) return Fail(Error::NotFound("Ссылка неверна или устарела."));
  auto s = repo_.Confirm(secrets_.Digest(token), FormatIso(clock_.Now() - kConfirmWithin),
                         clock_.NowIso());
  if (!s) return Fail(s.error());
  if (!*s) return Fail(Error::NotFound("Ссылка неверна или устарела: подпишитесь ещё раз."));
  return {};
}

Status Digest::Unsubscribe(const std::string& token) {
  if (token.size() != 32) return Fail(Error::NotFound("Такой подписки нет."));
  auto gone = repo_.Delete(secrets_.Digest(token));
  if (!gone) return Fail(gone.error());
  if (!*gone) return Fail(Error::NotFound("Такой подписки нет: возможно, вы уже отписались."));
  return {};
}

Result<int> Digest::StopBySms(const std::string& from, const std::string& text) {
  auto login = accounts::ParseLoginName(from);
  if (!login || login->phone.empty())
    return Fail(Error::Invalid("from", "from: not a Russian phone number"));
  const std::string word = text::Fold(text::Trim(text));
  if (word != text::Fold(kStopWord) && word != "stop" && word != "отписаться") return 0;
  return repo_.DeleteByAddress(secrets_.Digest(login->phone));
}

Result<std::vector<catalog::Service>> Digest::NewFor(const Subscription& s) {
  const help::Place* place = s.place_id.empty() ? nullptr : places_.Find(s.place_id);
  // A section archived or removed since the subscription is skipped (the
  // search would refuse it); if none is left, the digest is of every section.
  auto cats = catalog_.Categories();
  if (!cats) return Fail(cats.error());
  std::vector<std::string> categories;
  for (const auto& slug : s.categories)
    if (std::any_of(cats->begin(), cats->end(),
                    [&](const catalog::Category& c) { return c.slug == slug && !c.archived; }))
      categories.push_back(slug);
  if (categories.empty()) categories.push_back("");  // every category
  std::vector<catalog::Service> out;
  std::set<std::string> seen;
  for (const auto& category : categories) {
    catalog::SearchRequest q;
    q.category = category;
    q.sort = catalog::Sort::kNewest;
    q.per_page = 50;
    auto found = catalog_.Search(q);
    if (!found) return Fail(found.error());
    for (const auto& item : found->items) {
      // Newest first: the rest is older. Times are to the second, so one made
      // in the very second of the last run is listed again rather than lost.
      if (item.created_at < s.last_sent_at) break;
      if (item.status == "defunct" || !seen.insert(item.id).second) continue;
      auto full = catalog_.GetService(item.id);
      if (!full || outreach::ReachRank(*full, place) < 0) continue;
      out.push_back(std::move(*full));
    }
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.created_at > b.created_at; });
  if (out.size() > kMaxItems) out.resize(kMaxItems);
  return out;
}

Result<WeeklyRun> Digest::RunWeekly() {
  WeeklyRun run;
  const auto now = clock_.Now();
  auto erased = repo_.ErasePendingBefore(FormatIso(now - kConfirmWithin));
  if (!erased) return Fail(erased.error());
  run.pending_erased = *erased;
  auto due = repo_.Due(FormatIso(now - kPeriod));
  if (!due) return Fail(due.error());
  const std::string now_iso = FormatIso(now);
  for (const auto& s : *due) {
    // One subscriber's failure (a database hiccup) must not stop the others':
    // theirs is counted and tried again at the next run.
    auto added = NewFor(s);
    if (!added) {
      ++run.failed;
      continue;
    }
    std::optional<notify::Notification> message;
    if (!added->empty())
      message =
          DigestMessage(s.address, s.channel == "sms", *added, public_url_,
                        public_url_ + "/digest/unsubscribe?t=" + s.unsubscribe_token, sms_replies_);
    auto marked = repo_.MarkSent(s, message, now_iso, send_clock_.NowIso());
    if (!marked) {
      ++run.failed;
      continue;
    }
    if (*marked) ++(message ? run.sent : run.nothing_new);
  }
  return run;
}

}  // namespace doma::digest
