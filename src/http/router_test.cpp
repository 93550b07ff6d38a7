#include "http/router.h"

#include <gtest/gtest.h>

namespace doma::http {
namespace {

Router Make() {
  Router r;
  auto h = [](Request&) { return Response{}; };
  r.Add({{"GET"}, "/services/{id}", h});
  r.Add({{"GET", "POST"}, "/services/propose", h});
  r.Add({{"GET"}, "/static/{path*}", h});
  r.Add({{"POST"}, "/editor/submissions/{id}/approve", h});
  return r;
}

TEST(Router, LiteralSegmentsWinOverParametersWhateverTheOrder) {
  Router r = Make();
  auto m = r.Find("GET", "/services/propose");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/services/propose");
  m = r.Find("GET", "/services/gosuslugi");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params["id"], "gosuslugi");
}

TEST(Router, MethodNotAllowedListsTheMethodsWithHead) {
  Router r = Make();
  auto m = r.Find("DELETE", "/services/gosuslugi");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allowed, (std::vector<std::string>{"GET", "HEAD"}));
  EXPECT_NE(r.Find("HEAD", "/services/x").route, nullptr);
}

TEST(Router, RestParametersAndExactLengths) {
  Router r = Make();
  auto m = r.Find("GET", "/static/img/logo.svg");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params["path"], "img/logo.svg");
  EXPECT_EQ(r.Find("GET", "/static/").route, nullptr);
  EXPECT_EQ(r.Find("GET", "/services").route, nullptr);
  EXPECT_EQ(r.Find("GET", "/services/a/b").route, nullptr);
  EXPECT_EQ(r.Find("POST", "/editor/submissions//approve").route, nullptr);
}

}  // namespace
}  // namespace doma::http
