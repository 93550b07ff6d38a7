#include "core/secure.h"

#include <gtest/gtest.h>

namespace doma {
namespace {

TEST(ConstantTimeEquals, EqualOnlyWhenEveryByteAndTheLengthAgree) {
  EXPECT_TRUE(ConstantTimeEquals("a1b2c3", "a1b2c3"));
  EXPECT_FALSE(ConstantTimeEquals("a1b2c3", "a1b2c4"));
  EXPECT_FALSE(ConstantTimeEquals("a1b2c3", "b1b2c3"));
  EXPECT_FALSE(ConstantTimeEquals("a1b2c3", "a1b2c"));
  EXPECT_FALSE(ConstantTimeEquals("a1b2c3", "a1b2c3 "));
  // An empty secret is no secret: a missing cookie must not match a missing header.
  EXPECT_FALSE(ConstantTimeEquals("", ""));
}

}  // namespace
}  // namespace doma
