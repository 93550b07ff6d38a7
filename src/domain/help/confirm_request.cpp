#include "core/text.h"
#include "domain/help/fields.h"
#include "domain/help/help.h"

namespace doma::help {

Result<int> Help::CheckConfirmation(const std::string& rating, const std::string& comment) {
  int stars = 0;
  if (!rating.empty() && (!ParseInt(rating, stars) || stars < 1 || stars > 5))
    return Fail(Invalid("rating", "Оценка — от 1 до 5."));
  if (!Short(comment, 1000))
    return Fail(Invalid("comment", "Отзыв слишком длинный: до 1000 знаков."));
  if (!Honest(comment, true)) return Fail(Dishonest("comment"));
  return stars;
}

Result<HelpRequest> Help::ConfirmRequest(const accounts::Account& who, long long id,
                                         const std::string& rating, const std::string& comment) {
  auto stars = CheckConfirmation(rating, comment);
  if (!stars) return Fail(stars.error());
  return Apply(id, Action::kConfirm, &who, ConfirmChange(*stars, comment));
}

Help::Change Help::ConfirmChange(int stars, const std::string& comment) {
  return [this, stars, comment](Mutation& m, const HelpRequest&, const TxView&) -> Status {
    m.after.confirmed_at = clock_.NowIso();
    m.after.rating = stars;
    m.after.comment = std::string(text::Trim(comment));
    return {};
  };
}

}  // namespace doma::help
