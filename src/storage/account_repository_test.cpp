// The AccountRepository contract, run against every backend.
#include <gtest/gtest.h>

#include "storage/test_backends.h"

namespace doma::storage {
namespace {

using accounts::Account;
using accounts::Role;

class AccountRepositoryContract : public StorageContract {
 protected:
  void SetUp() override {
    StorageContract::SetUp();
    repo_ = storage_->accounts.get();
  }
  Account Make(std::string email, std::string phone) {
    Account a;
    a.email = std::move(email);
    a.phone = std::move(phone);
    a.name = "Тест";
    a.password_hash = "$argon2id$fake";
    a.roles = {Role::kResident};
    return a;
  }
  accounts::AccountRepository* repo_ = nullptr;
};

TEST_P(AccountRepositoryContract, CreatesFindsAndRefusesDuplicates) {
  auto a = repo_->Create(Make("a@x.ru", ""), "2026-01-01T00:00:00Z");
  ASSERT_TRUE(a.has_value());
  auto b = repo_->Create(Make("", "+79120000000"), "2026-01-01T00:00:00Z");
  ASSERT_TRUE(b.has_value());
  EXPECT_NE(a->id, b->id);
  auto dup = repo_->Create(Make("a@x.ru", ""), "2026-01-01T00:00:00Z");
  ASSERT_FALSE(dup.has_value());
  EXPECT_EQ(dup.error().code, Code::kConflict);
  auto found = repo_->FindByLogin({"", "+79120000000"});
  ASSERT_TRUE(found.has_value() && found->has_value());
  EXPECT_EQ((*found)->id, b->id);
  EXPECT_TRUE((*found)->Has(Role::kResident));
  EXPECT_FALSE(repo_->FindByLogin({"nobody@x.ru", ""}).value().has_value());
}

TEST_P(AccountRepositoryContract, RolesAndSessions) {
  auto a = repo_->Create(Make("a@x.ru", ""), "2026-01-01T00:00:00Z").value();
  ASSERT_TRUE(repo_->SetRoles(a.id, {Role::kResident, Role::kEditor}).has_value());
  EXPECT_TRUE(repo_->FindById(a.id).value()->Has(Role::kEditor));
  for (const char* h : {"h1", "h2", "h3"})
    ASSERT_TRUE(repo_->CreateSession({h, a.id, "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"})
                    .has_value());
  ASSERT_TRUE(repo_->DeleteSessionsOf(a.id, "h2").has_value());
  EXPECT_FALSE(repo_->FindSession("h1").value().has_value());
  EXPECT_TRUE(repo_->FindSession("h2").value().has_value());
  ASSERT_TRUE(repo_->TouchSession("h2", "2026-01-02T00:00:00Z").has_value());
  EXPECT_EQ(repo_->FindSession("h2").value()->last_seen_at, "2026-01-02T00:00:00Z");
  ASSERT_TRUE(repo_->DeleteSession("h2").has_value());
  EXPECT_FALSE(repo_->FindSession("h2").value().has_value());
}

TEST_P(AccountRepositoryContract, AuditIsNewestFirst) {
  ASSERT_TRUE(
      repo_->Audit(0, "role_granted", "account:1", "admin", "2026-01-01T00:00:00Z").has_value());
  ASSERT_TRUE(
      repo_->Audit(0, "role_revoked", "account:1", "admin", "2026-01-02T00:00:00Z").has_value());
  auto list = repo_->ListAudit(10, 0).value();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].action, "role_revoked");
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountRepositoryContract, ::testing::ValuesIn(TestBackends()),
                         BackendName);

}  // namespace
}  // namespace doma::storage
