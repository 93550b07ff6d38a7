#include "core/text.h"

#include <gtest/gtest.h>

namespace doma::text {
namespace {

TEST(Utf8, AcceptsValidAndRejectsMalformed) {
  EXPECT_TRUE(IsValidUtf8("доставка"));
  EXPECT_TRUE(IsValidUtf8("a€😀"));
  EXPECT_FALSE(IsValidUtf8("\xff"));
  EXPECT_FALSE(IsValidUtf8("\xd0"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // > U+10FFFF
}

TEST(Utf8, LengthCountsCodePoints) {
  EXPECT_EQ(Length("врач"), 4u);
  EXPECT_EQ(Truncate("доставка продуктов", 9), "доставка…");
  EXPECT_EQ(Truncate("еда", 9), "еда");
}

}  // namespace
}  // namespace doma::text
