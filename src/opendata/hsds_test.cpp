#include "opendata/hsds.h"

#include <gtest/gtest.h>

#include "domain/catalog/sample_service.h"

namespace doma::opendata {
namespace {

TEST(HsdsService, AnOfferWhoseTimeHasPassedIsNotPublishedAsAnAlert) {
  auto s = catalog::SampleService("apteka");
  s.uuid = catalog::ServiceUuid(s.id);
  s.offers = {catalog::Offer{"Бесплатная доставка на время карантина", "2020-06-01"}};
  auto snap = MakeSnapshot({s}, {}, 1);
  auto past = ServiceJson(*snap, snap->services[0], true, Publisher{});
  EXPECT_FALSE(past.contains("alert")) << "an offer that ended in 2020 is not news";
  s.offers[0].valid_until = "2999-01-01";
  snap = MakeSnapshot({s}, {}, 2);
  auto future = ServiceJson(*snap, snap->services[0], true, Publisher{});
  ASSERT_TRUE(future.contains("alert"));
  EXPECT_NE(std::string(future.at("alert").as_string()).find("до 2999-01-01"), std::string::npos);
}

}  // namespace
}  // namespace doma::opendata
