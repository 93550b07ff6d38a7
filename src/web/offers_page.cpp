// «Поддержка бизнеса и НКО» (/support): the time-limited offers that are on
// today, each with its service, its terms and when it ends. An offer leaves
// this page the day after its end date; its service stays in the catalog.
#include "web/format.h"
#include "web/pages.h"

namespace doma::web {
namespace json = boost::json;

http::Response Pages::Offers(http::Request& req) {
  Locale loc = LocaleFor(req);
  auto offers = catalog_.CurrentOffers();
  if (!offers) return FromError(req, offers.error());
  // Those meant for businesses and non-profits first, then the others.
  json::array business, others;
  for (const auto& o : *offers) {
    bool for_them = false;
    for (const auto& a : o.audiences) for_them |= a == "small_business" || a == "nonprofits";
    json::object item{{"id", o.service_id},
                      {"name", o.service_name},
                      {"text", o.text},
                      {"valid_until", HumanDate(o.valid_until, loc.lang)},
                      {"valid_until_iso", o.valid_until}};
    (for_them ? business : others).push_back(std::move(item));
  }
  json::object page;
  page["title"] = views_.T(loc.lang, "offers_title");
  page["has_business"] = !business.empty();
  page["business"] = std::move(business);
  page["has_others"] = !others.empty();
  page["others"] = std::move(others);
  page["empty"] = offers->empty();
  return views_.Page(200, "offers", std::move(page), req);
}

}  // namespace doma::web
