#include "domain/help/fields.h"
#include "domain/help/help.h"

namespace doma::help {

Result<std::optional<BadgeCheck>> Help::CheckBadge(const std::string& badge) {
  std::string b = NormalizeBadge(badge);
  if (b.empty())
    return Fail(Invalid("badge", "Номер бейджа — это цифры, например " + BadgeNumber(42) + "."));
  auto v = repo_.FindByBadge(b);
  if (!v) return Fail(v.error());
  if (!*v) return std::optional<BadgeCheck>();
  return std::optional<BadgeCheck>(BadgeCheck{(*v)->badge, (*v)->first_name, (*v)->status});
}

}  // namespace doma::help
