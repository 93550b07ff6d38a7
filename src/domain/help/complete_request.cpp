#include "core/text.h"
#include "domain/help/fields.h"
#include "domain/help/help.h"
#include "domain/help/messages.h"

namespace doma::help {

Result<HelpRequest> Help::CompleteRequest(const accounts::Account& who, long long id,
                                          const std::string& receipt, const std::string& feedback) {
  long long kopecks = ParseRoubles(receipt);
  if (kopecks == -2)
    return Fail(Invalid("receipt", "Укажите сумму чека в рублях, например 1234,50."));
  if (!Short(feedback, 1000))
    return Fail(Invalid("feedback", "Отзыв слишком длинный: до 1000 знаков."));
  if (!Honest(feedback, true)) return Fail(Dishonest("feedback"));
  return Apply(id, Action::kComplete, &who,
               [&](Mutation& m, const HelpRequest& cur, const TxView&) -> Status {
                 m.after.done_at = clock_.NowIso();
                 m.after.receipt_kopecks = kopecks;
                 m.after.volunteer_feedback = std::string(text::Trim(feedback));
                 auto to = RequesterContact(cur);
                 if (to && !to->empty())
                   m.notify.push_back(messages::Completed(policy_, *to, cur, kopecks));
                 return {};
               });
}

}  // namespace doma::help
