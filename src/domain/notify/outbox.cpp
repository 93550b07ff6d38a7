#include "domain/notify/outbox.h"

#include "core/log.h"

namespace doma::notify {

std::optional<std::chrono::seconds> Backoff(int attempts_so_far) {
  using namespace std::chrono_literals;
  static constexpr std::chrono::seconds kDelays[] = {30s, 120s, 600s, 3600s, 21600s};
  if (attempts_so_far < 1 || attempts_so_far > static_cast<int>(std::size(kDelays)))
    return std::nullopt;
  return kDelays[attempts_so_far - 1];
}

Result<int> Sender::RunOnce() {
  auto due = repo_.TakeDue(clock_.NowIso(), 50, FormatIso(clock_.Now() + kLease));
  if (!due) return Fail(due.error());
  int sent = 0;
  for (const auto& m : *due) {
    Channel& ch = m.channel == "sms" ? sms_ : email_;
    auto r = ch.Send(m);
    if (r) {
      if (auto e = repo_.MarkSent(m.id, clock_.NowIso()); !e) return Fail(e.error());
      ++sent;
      continue;
    }
    auto delay = Backoff(m.attempts);
    ++failures_;
    if (!delay) ++given_up_;
    std::string next = delay ? FormatIso(clock_.Now() + *delay) : std::string();
    // The message text and address stay out of the log; the id finds them.
    log::Warn("notification not delivered", {{"outbox_id", m.id},
                                             {"channel", m.channel},
                                             {"attempt", m.attempts},
                                             {"give_up", !delay.has_value()},
                                             {"error", r.error().log_detail}});
    if (auto e = repo_.MarkFailed(m.id, next, r.error().log_detail); !e) return Fail(e.error());
  }
  return sent;
}

}  // namespace doma::notify
