// The accounts use cases over a real AccountRepository, on every backend of
// storage/test_backends.h, with a fast fake hasher and a clock the test moves.
#include "domain/accounts/accounts.h"

#include <gtest/gtest.h>

#include "storage/test_backends.h"

namespace doma::accounts {
namespace {

// Reversible on purpose: the hashing itself is libsodium's job, tested there.
class FakeHasher final : public PasswordHasher {
 public:
  Result<std::string> Hash(const std::string& p) override { return "fake:" + p; }
  bool Verify(const std::string& h, const std::string& p) override { return h == "fake:" + p; }
};

class CountingSecrets final : public Secrets {
 public:
  std::string NewToken() override {
    char buf[33];
    std::snprintf(buf, sizeof buf, "%032d", ++n);
    return buf;
  }
  std::string Digest(const std::string& t) override { return "d" + t; }
  std::string NewCode(int digits) override {
    return std::string(static_cast<std::size_t>(digits), '7');
  }
  int n = 0;
};

class AccountsTest : public storage::StorageContract {
 protected:
  void SetUp() override {
    StorageContract::SetUp();
    throttle_ = std::make_unique<AttemptThrottle>(clock_, ThrottlePolicy{});
    accounts_ = std::make_unique<Accounts>(*storage_->accounts, hasher_, secrets_, clock_,
                                           *throttle_, SessionPolicy{});
  }
  Principal Who(const std::string& token) { return accounts_->Authenticate(token).value().value(); }

  ManualClock clock_{std::chrono::sys_days{std::chrono::year{2026} / 11 / 27}};
  FakeHasher hasher_;
  CountingSecrets secrets_;
  std::unique_ptr<AttemptThrottle> throttle_;
  std::unique_ptr<Accounts> accounts_;
};

TEST_P(AccountsTest, ResidentSessionsExpireWhenIdleAndAbsolutely) {
  auto s = accounts_->SignUp("a@x.ru", "Аня", "password-123").value();
  EXPECT_TRUE(accounts_->Authenticate(s.token).value().has_value());
  clock_.now += std::chrono::hours(24 * 6);
  EXPECT_TRUE(accounts_->Authenticate(s.token).value().has_value())
      << "6 days idle is within a week";
  for (int i = 0; i < 4; ++i) {  // days 12, 18, 24, 30
    clock_.now += std::chrono::hours(24 * 6);
    ASSERT_TRUE(accounts_->Authenticate(s.token).value().has_value())
        << "kept alive by use, day " << (i + 2) * 6;
  }
  clock_.now += std::chrono::hours(24 * 1);
  EXPECT_FALSE(accounts_->Authenticate(s.token).value().has_value())
      << "past the 30-day absolute limit";
}

TEST_P(AccountsTest, AnAccountMadeOnTheCommandLineIsNamedAsToldOrByItsRole) {
  auto named = accounts_->EnsureWithRole("o.petrova@x.ru", "password-123", Role::kCoordinator,
                                         "Ольга Петрова");
  ASSERT_TRUE(named.has_value());
  EXPECT_EQ(named->name, "Ольга Петрова");
  auto unnamed =
      accounts_->EnsureWithRole("hotline-operator@x.ru", "password-123", Role::kCoordinator);
  ASSERT_TRUE(unnamed.has_value());
  EXPECT_EQ(unnamed->name, "Координатор помощи") << "never the e-mail's local part";
  auto phone = accounts_->EnsureWithRole("+7 900 000-00-09", "password-123", Role::kEditor);
  ASSERT_TRUE(phone.has_value());
  EXPECT_EQ(phone->name, "Редактор каталога") << "never the phone number";
}

TEST_P(AccountsTest, StaffSessionsAreShorter) {
  auto admin = accounts_->EnsureWithRole("boss@x.ru", "password-123", Role::kAdmin).value();
  auto r = accounts_->LogIn("boss@x.ru", "password-123", "10.0.0.1").value();
  ASSERT_TRUE(r.ok.has_value());
  clock_.now += std::chrono::hours(3);
  EXPECT_FALSE(accounts_->Authenticate(r.ok->token).value().has_value())
      << "2 h idle limit for staff";
  EXPECT_EQ(storage_->accounts->ListAudit(10, 0).value().front().action, "staff_login");
  (void)admin;
}

TEST_P(AccountsTest, OnlyAdminsChangeRolesAndNotTheirOwnAdminRole) {
  auto admin = accounts_->EnsureWithRole("boss@x.ru", "password-123", Role::kAdmin).value();
  auto boss = accounts_->LogIn("boss@x.ru", "password-123", "").value().ok.value();
  auto user = accounts_->SignUp("u@x.ru", "Юзер", "password-123").value();
  auto as_user = Who(user.token);
  auto refused = accounts_->GrantRole(as_user, user.account.id, Role::kEditor);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, Code::kForbidden);
  ASSERT_TRUE(accounts_->GrantRole(Who(boss.token), user.account.id, Role::kEditor).has_value());
  EXPECT_FALSE(accounts_->Authenticate(user.token).value().has_value())
      << "a role change ends the sessions";
  EXPECT_TRUE(storage_->accounts->FindById(user.account.id).value()->Has(Role::kEditor));
  auto self = accounts_->RevokeRole(Who(boss.token), admin.id, Role::kAdmin);
  ASSERT_FALSE(self.has_value());
  EXPECT_EQ(self.error().field, "role");
}

TEST_P(AccountsTest, WrongPasswordsAreThrottledForTheAddressThatGuessed) {
  (void)accounts_->SignUp("a@x.ru", "Аня", "password-123").value();
  for (int i = 0; i < 5; ++i)
    EXPECT_FALSE(accounts_->LogIn("a@x.ru", "wrong-wrong", "1.2.3.4").has_value());
  auto r = accounts_->LogIn("a@x.ru", "password-123", "1.2.3.4");
  ASSERT_TRUE(r.has_value());
  EXPECT_GT(r->retry_after, 0);
  EXPECT_FALSE(r->ok.has_value());
  // The owner, elsewhere, is not locked out by a stranger's guesses.
  auto owner = accounts_->LogIn("a@x.ru", "password-123", "1.2.3.5");
  ASSERT_TRUE(owner.has_value());
  EXPECT_TRUE(owner->ok.has_value());
}

TEST_P(AccountsTest, PasswordResetCodeIsSingleUseAndExpires) {
  auto s = accounts_->SignUp("a@x.ru", "Аня", "password-123").value();
  ASSERT_TRUE(accounts_->RequestPasswordReset("A@x.ru", "").has_value());
  // The code went to the outbox, sealed, in the same transaction.
  EXPECT_FALSE(accounts_->ResetPassword("a@x.ru", "12345678", "password-456", "").has_value());
  ASSERT_TRUE(accounts_->ResetPassword("a@x.ru", "77777777", "password-456", "").has_value());
  EXPECT_FALSE(accounts_->Authenticate(s.token).value().has_value()) << "sessions end with a reset";
  EXPECT_FALSE(accounts_->ResetPassword("a@x.ru", "77777777", "password-789", "").has_value())
      << "single use";
  ASSERT_TRUE(accounts_->RequestPasswordReset("a@x.ru", "").has_value());
  clock_.now += std::chrono::minutes(31);
  EXPECT_FALSE(accounts_->ResetPassword("a@x.ru", "77777777", "password-789", "").has_value())
      << "expired";
  EXPECT_TRUE(accounts_->LogIn("a@x.ru", "password-456", "").value().ok.has_value());
}

TEST_P(AccountsTest, AResetCodeSurvivesFourWrongTriesAndDiesAtTheFifth) {
  // `wrong` wrong codes from as many addresses, then, past the throttle's
  // window and within the code's 30 minutes, the right one.
  auto right_code_after = [&](const std::string& login, int wrong) {
    EXPECT_TRUE(accounts_->SignUp(login, "Вера", "password-123").has_value());
    EXPECT_TRUE(accounts_->RequestPasswordReset(login, "").has_value());
    for (int i = 0; i < wrong; ++i)
      EXPECT_FALSE(accounts_
                       ->ResetPassword(login, "1234567" + std::to_string(i), "password-456",
                                       login + std::to_string(i))
                       .has_value());
    clock_.now += std::chrono::minutes(16);
    return accounts_->ResetPassword(login, "77777777", "password-456", login + "-owner");
  };
  EXPECT_TRUE(right_code_after("c@x.ru", 4).has_value());
  auto dead = right_code_after("b@x.ru", 5);
  ASSERT_FALSE(dead.has_value()) << "the fifth wrong try ends the code, whoever makes them";
  EXPECT_EQ(dead.error().field, "code");
  // A new code works.
  ASSERT_TRUE(accounts_->RequestPasswordReset("b@x.ru", "").has_value());
  EXPECT_TRUE(
      accounts_->ResetPassword("b@x.ru", "77777777", "password-456", "b-owner").has_value());
}

TEST_P(AccountsTest, AtMostFiveResetCodesADayGoToOneLogin) {
  ASSERT_TRUE(accounts_->SignUp("d@x.ru", "Дина", "password-123").has_value());
  auto sent = [&] { return storage_->outbox->CountPending().value(); };
  long long before = sent();
  for (int i = 0; i < 7; ++i) {  // a quarter of an hour apart: the short throttle lets each through
    ASSERT_TRUE(accounts_->RequestPasswordReset("d@x.ru", "10.0.3." + std::to_string(i)));
    clock_.now += std::chrono::minutes(16);
  }
  EXPECT_EQ(sent() - before, Accounts::kResetsPerDay) << "the sixth and seventh send nothing";
  clock_.now += std::chrono::hours(24);
  ASSERT_TRUE(accounts_->RequestPasswordReset("d@x.ru", "10.0.3.9"));
  EXPECT_EQ(sent() - before, Accounts::kResetsPerDay + 1) << "a day later, one more";
}

TEST_P(AccountsTest, ResetOfAnUnknownAccountSendsTheAddressANoteAndNoCode) {
  auto sent = [&] { return storage_->outbox->CountPending().value(); };
  long long before = sent();
  EXPECT_TRUE(accounts_->RequestPasswordReset("nobody@x.ru", "").has_value());
  EXPECT_EQ(sent() - before, 1) << "one message, as for an account that exists";
  EXPECT_FALSE(accounts_->ResetPassword("nobody@x.ru", "77777777", "password-456", "").has_value());
}

// Sign-up in two steps tells nobody which logins have an account: the same
// answer and one message either way; only the new login's code makes one.
TEST_P(AccountsTest, SignUpSendsACodeToANewLoginAndANoteToATakenOne) {
  ASSERT_TRUE(accounts_->SignUp("t@x.ru", "Таня", "password-123").has_value());
  auto sent = [&] { return storage_->outbox->CountPending().value(); };
  long long before = sent();
  auto taken = accounts_->StartSignUp("T@x.ru", "Кто-то", "password-999", "10.0.4.1");
  auto fresh = accounts_->StartSignUp("f@x.ru", "Фёдор", "password-456", "10.0.4.2");
  ASSERT_TRUE(taken.has_value());
  ASSERT_TRUE(fresh.has_value());
  EXPECT_EQ(taken->size(), fresh->size());
  EXPECT_EQ(sent() - before, 2) << "a note to the taken login, a code to the new one";
  EXPECT_FALSE(accounts_->ConfirmSignUp(*taken, "77777777", "10.0.4.1").has_value())
      << "no code makes a second account for a taken login";
  EXPECT_TRUE(accounts_->LogIn("t@x.ru", "password-123", "").value().ok.has_value());
  EXPECT_FALSE(accounts_->LogIn("t@x.ru", "password-999", "").has_value())
      << "the other password does not open the account";
  auto in = accounts_->ConfirmSignUp(*fresh, "77777777", "10.0.4.2");
  ASSERT_TRUE(in.has_value());
  EXPECT_EQ(in->account.email, "f@x.ru");
  EXPECT_EQ(in->account.name, "Фёдор");
  EXPECT_TRUE(Who(in->token).account.Has(Role::kResident));
  EXPECT_FALSE(accounts_->ConfirmSignUp(*fresh, "77777777", "10.0.4.2").has_value())
      << "a code works once";
}

TEST_P(AccountsTest, ASignUpCodeDiesAtTheFifthWrongTryAndAfterHalfAnHour) {
  auto code_after = [&](const std::string& login, int wrong, std::chrono::minutes wait) {
    auto token = accounts_->StartSignUp(login, "Вера", "password-123", login).value();
    for (int i = 0; i < wrong; ++i)
      EXPECT_FALSE(
          accounts_->ConfirmSignUp(token, "1234567" + std::to_string(i), login).has_value());
    clock_.now += wait;
    return accounts_->ConfirmSignUp(token, "77777777", login + "-again");
  };
  EXPECT_TRUE(code_after("a@x.ru", 4, std::chrono::minutes(0)).has_value());
  EXPECT_FALSE(code_after("b@x.ru", 5, std::chrono::minutes(0)).has_value());
  EXPECT_FALSE(code_after("c@x.ru", 0, std::chrono::minutes(31)).has_value());
  // What was never finished does not stay.
  EXPECT_EQ(storage_->accounts->ForgetExpiredSignUps(clock_.NowIso()).value(), 1)
      << "c's, expired; a's was spent and b's ended";
  (void)accounts_->StartSignUp("d@x.ru", "Дина", "password-123", "d");
  clock_.now += std::chrono::minutes(31);
  (void)accounts_->StartSignUp("e@x.ru", "Ева", "password-123", "e");
  EXPECT_EQ(storage_->accounts->ForgetExpiredSignUps(clock_.NowIso()).value(), 0)
      << "d's went when e's was stored";
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountsTest, ::testing::ValuesIn(storage::TestBackends()),
                         storage::BackendName);

}  // namespace
}  // namespace doma::accounts
