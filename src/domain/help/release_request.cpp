#include "core/text.h"
#include "domain/help/fields.h"
#include "domain/help/help.h"

namespace doma::help {

Result<HelpRequest> Help::ReleaseRequest(const accounts::Account& who, long long id,
                                         const std::string& reason) {
  std::string why(text::Trim(reason));
  if (why.empty())
    return Fail(Invalid("reason", "Напишите, почему вы не можете выполнить заявку."));
  if (!Short(why, 500)) return Fail(Invalid("reason", "Причина слишком длинная: до 500 знаков."));
  if (!Honest(why, true)) return Fail(Dishonest("reason"));
  return Apply(id, Action::kRelease, &who,
               [&](Mutation& m, const HelpRequest& cur, const TxView&) -> Status {
                 Reopen(m, cur, why);
                 return {};
               });
}

}  // namespace doma::help
