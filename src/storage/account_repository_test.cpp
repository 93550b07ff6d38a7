// The AccountRepository contract, run against every backend.
#include <gtest/gtest.h>

#include "crypto/sodium.h"
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

TEST_P(AccountRepositoryContract, StoredDigestsAreKeyedOnceAndStillFindWhatTheyFoundBefore) {
  ASSERT_TRUE(crypto::Init());
  crypto::SodiumSecrets before, after;
  std::array<unsigned char, 32> key{};
  key.fill(7);
  after.UseDigestKey(key);
  auto a = repo_->Create(Make("k@x.ru", ""), "2026-01-01T00:00:00Z").value();
  // A session and an API token stored before the upgrade, digested without a key.
  ASSERT_TRUE(repo_
                  ->CreateSession({before.Digest("session-token"), a.id, "2026-01-01T00:00:00Z",
                                   "2026-01-01T00:00:00Z"})
                  .has_value());
  ASSERT_TRUE(
      repo_->CreateApiToken("import", before.Digest("doma_token"), a.id, "2026-01-01T00:00:00Z")
          .has_value());
  EXPECT_NE(before.Digest("session-token"), after.Digest("session-token"));

  auto keyed = repo_->KeyDigests(
      [&](const std::string& keyless) { return after.KeyedFromKeyless(keyless); });
  ASSERT_TRUE(keyed.has_value()) << keyed.error().log_detail;
  EXPECT_EQ(*keyed, 2);
  EXPECT_TRUE(repo_->FindSession(after.Digest("session-token")).value().has_value());
  EXPECT_TRUE(repo_->FindApiToken(after.Digest("doma_token")).value().has_value());
  // What a copy of the database holds no longer matches the token itself.
  EXPECT_FALSE(repo_->FindSession(before.Digest("session-token")).value().has_value());
  // Once only: a second run would key the keyed digests again.
  EXPECT_EQ(
      repo_->KeyDigests([&](const std::string& h) { return after.KeyedFromKeyless(h); }).value(),
      0);
  EXPECT_TRUE(repo_->FindSession(after.Digest("session-token")).value().has_value());
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
