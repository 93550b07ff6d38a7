// The AccountRepository contract, run against every backend.
#include "storage/sqlite/account_repository.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <functional>

namespace doma::storage {
namespace {

class PlainSealer final : public notify::Sealer {
 public:
  std::string Seal(const std::string& p) override { return "sealed:" + p; }
  Result<std::string> Open(const std::string& s) override { return s.substr(7); }
};
PlainSealer g_sealer;

using accounts::Account;
using accounts::Role;

struct Backend {
  std::string name;
  std::function<std::unique_ptr<accounts::AccountRepository>(const std::string& dir)> make;
};

std::vector<Backend> Backends() {
  return {{"sqlite", [](const std::string& dir) -> std::unique_ptr<accounts::AccountRepository> {
             auto db = sqlite::Database::Open(dir + "/doma.db");
             if (!db || !sqlite::Migrate(**db)) return nullptr;
             return std::make_unique<sqlite::SqliteAccountRepository>(*db, g_sealer);
           }}};
}

class AccountRepositoryContract : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("doma-acc-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    repo_ = GetParam().make(dir_.string());
    ASSERT_NE(repo_, nullptr);
  }
  void TearDown() override {
    repo_.reset();
    std::filesystem::remove_all(dir_);
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
  std::filesystem::path dir_;
  std::unique_ptr<accounts::AccountRepository> repo_;
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

INSTANTIATE_TEST_SUITE_P(Backends, AccountRepositoryContract, ::testing::ValuesIn(Backends()),
                         [](const auto& p) { return p.param.name; });

}  // namespace
}  // namespace doma::storage
