#include "domain/accounts/login_name.h"

#include <gtest/gtest.h>

namespace doma::accounts {
namespace {

TEST(LoginName, NormalisesRussianPhoneSpellings) {
  for (const char* in : {"8 (912) 345-67-89", "+7 912 345 67 89", "89123456789", "79123456789",
                         "9123456789", "+7(912)345-67-89"}) {
    auto r = ParseLoginName(in);
    ASSERT_TRUE(r.has_value()) << in;
    EXPECT_EQ(r->phone, "+79123456789") << in;
    EXPECT_TRUE(r->email.empty());
  }
}

TEST(LoginName, LowerCasesEmail) {
  auto r = ParseLoginName("  Ivan.Petrov@Mail.RU ");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->email, "ivan.petrov@mail.ru");
  EXPECT_EQ(r->key(), "ivan.petrov@mail.ru");
}

TEST(LoginName, RefusesWhatIsNeither) {
  for (const char* in : {"", "   ", "ivan", "ivan@", "@mail.ru", "ivan@mail", "+8 912 345 67 89",
                         "12345", "912 345 67 8", "+7 912 345 67 89 0", "ivan @mail.ru",
                         "a\r\nRCPT TO:<x@y.ru>@b.ru", "<a@b.ru>", "a,b@c.ru", "a\tb@c.ru"}) {
    auto r = ParseLoginName(in);
    ASSERT_FALSE(r.has_value()) << in;
    EXPECT_EQ(r.error().field, "login");
  }
}

TEST(NewPassword, CountsCharactersNotBytes) {
  EXPECT_TRUE(CheckNewPassword("абвгдежзий").has_value());  // 10 letters, 20 bytes
  EXPECT_FALSE(CheckNewPassword("абвгдежзи").has_value());
  EXPECT_TRUE(CheckNewPassword(std::string(128, 'x')).has_value());
  EXPECT_FALSE(CheckNewPassword(std::string(129, 'x')).has_value());
  EXPECT_FALSE(CheckNewPassword("\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\xf7\xf6").has_value());
}

}  // namespace
}  // namespace doma::accounts
