// The contract every DigestRepository keeps, on every backend of
// storage/test_backends.h: a subscription and its confirmation are written
// together, the address and the unsubscribe token are sealed at rest, a
// confirmation link works once and not after it expires, and an
// unsubscribed or never confirmed address leaves nothing behind.
#include <gtest/gtest.h>

#include <functional>

#include "storage/test_backends.h"

namespace doma::storage {
namespace {

class DigestContract : public StorageContract {
 protected:
  DigestContract() { sealer_ = &xor_sealer_; }
  digest::Subscription Sample(std::string address = "reader@example.org") {
    digest::Subscription s;
    s.channel = address.find('@') == std::string::npos ? "sms" : "email";
    s.address = std::move(address);
    s.categories = {"food-delivery", "medicines"};
    s.place_id = "dimitrovgrad";
    s.unsubscribe_token = "u0123456789abcdef0123456789abcd" + std::to_string(++n_);
    return s;
  }
  long long Create(const digest::Subscription& s, const std::string& confirm,
                   const std::string& at = "2026-12-01T10:00:00Z") {
    auto id = storage_->digest->CreatePending(s, confirm, "unsub-" + s.unsubscribe_token.substr(31),
                                              AddressDigest(s.address),
                                              {s.address, "Подтвердите", "ссылка " + confirm}, at);
    EXPECT_TRUE(id.has_value()) << id.error().log_detail;
    return id.value_or(0);
  }
  // Stands for a keyed digest: nothing of the address shows in it.
  static std::string AddressDigest(const std::string& address) {
    return "addr-" + std::to_string(std::hash<std::string>{}(address));
  }
  XorSealer xor_sealer_;
  int n_ = 0;
  std::optional<notify::Notification> m_unused_ =
      notify::Notification{"+79120000001", "x", "must not be queued"};
};

TEST_P(DigestContract, APendingSubscriptionAndItsConfirmationAreStoredTogetherAndSealed) {
  Create(Sample("secret-reader@example.org"), "c1");
  EXPECT_EQ(storage_->outbox->CountPending().value(), 1) << "the confirmation is queued";
  std::string files = dir_.AllBytes();
  EXPECT_EQ(files.find("secret-reader@example.org"), std::string::npos) << "address in clear";
  EXPECT_EQ(files.find("u0123456789abcdef"), std::string::npos) << "unsubscribe token in clear";
  EXPECT_EQ(storage_->digest->CountActive().value(), 0) << "pending until confirmed";
  EXPECT_TRUE(storage_->digest->Due("2099-01-01T00:00:00Z").value().empty());
}

TEST_P(DigestContract, AConfirmationLinkWorksOnceAndNotAfterItExpires) {
  Create(Sample(), "c1");
  Create(Sample("late@example.org"), "c2", "2026-11-20T10:00:00Z");
  auto& repo = *storage_->digest;
  const std::string window = "2026-11-28T10:00:00Z", now = "2026-12-01T11:00:00Z";
  EXPECT_FALSE(repo.Confirm("nope", window, now).value().has_value());
  auto s = repo.Confirm("c1", window, now).value();
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->categories, (std::vector<std::string>{"food-delivery", "medicines"}));
  EXPECT_EQ(s->place_id, "dimitrovgrad");
  EXPECT_FALSE(repo.Confirm("c1", window, now).value().has_value()) << "a link works once";
  EXPECT_FALSE(repo.Confirm("c2", window, now).value().has_value()) << "an expired link";
  EXPECT_EQ(repo.CountActive().value(), 1);
}

TEST_P(DigestContract, ADueSubscriptionGetsItsDigestWithItsUnsubscribeAddress) {
  auto sample = Sample("+79120000001");
  Create(sample, "c1");
  auto& repo = *storage_->digest;
  ASSERT_TRUE(repo.Confirm("c1", "2026-11-01T00:00:00Z", "2026-12-01T11:00:00Z").value());
  EXPECT_TRUE(repo.Due("2026-12-01T10:59:59Z").value().empty()) << "not a week yet";
  auto due = repo.Due("2026-12-08T11:00:00Z").value();
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].address, "+79120000001") << "opened";
  EXPECT_EQ(due[0].channel, "sms");
  EXPECT_EQ(due[0].unsubscribe_token, sample.unsubscribe_token);
  EXPECT_EQ(due[0].last_sent_at, "2026-12-01T11:00:00Z");

  // Nothing new: nothing queued, and the week is done.
  ASSERT_TRUE(
      repo.MarkSent(due[0], std::nullopt, "2026-12-08T11:00:00Z", "2026-12-08T11:00:00Z").value());
  EXPECT_FALSE(
      repo.MarkSent(due[0], m_unused_, "2026-12-08T11:00:00Z", "2026-12-08T11:00:00Z").value())
      << "a second run with what it read before sends nothing twice";
  EXPECT_EQ(repo.Due("2026-12-08T11:00:00Z").value().size(), 1u) << "last_sent_at moved";
  EXPECT_TRUE(repo.Due("2026-12-08T10:59:59Z").value().empty());

  notify::Notification m{"+79120000001", "Новые сервисы", "текст",
                         "https://x.example/digest/unsubscribe?t=1"};
  auto again = repo.Due("2026-12-15T11:00:00Z").value();
  ASSERT_EQ(again.size(), 1u);
  ASSERT_TRUE(repo.MarkSent(again[0], m, "2026-12-15T11:00:00Z", "2026-12-15T10:00:00Z").value());
  auto taken =
      storage_->outbox->TakeDue("2026-12-15T11:00:00Z", 10, "2026-12-15T11:05:00Z").value();
  ASSERT_EQ(taken.size(), 2u) << "the confirmation and the digest";
  EXPECT_EQ(taken[0].unsubscribe_url, "") << "a confirmation has no list to leave";
  EXPECT_EQ(taken[1].unsubscribe_url, "https://x.example/digest/unsubscribe?t=1");
  EXPECT_EQ(dir_.AllBytes().find("x.example/digest"), std::string::npos) << "sealed at rest";
}

TEST_P(DigestContract, UnsubscribingOrNeverConfirmingLeavesNothing) {
  auto a = Sample(), b = Sample("never@example.org");
  Create(a, "c1", "2026-12-01T10:00:00Z");
  Create(b, "c2", "2026-11-01T10:00:00Z");
  auto& repo = *storage_->digest;
  ASSERT_TRUE(repo.Confirm("c1", "2026-11-28T00:00:00Z", "2026-12-01T11:00:00Z").value());
  EXPECT_TRUE(repo.Delete("unsub-" + a.unsubscribe_token.substr(31)).value());
  EXPECT_FALSE(repo.Delete("unsub-" + a.unsubscribe_token.substr(31)).value()) << "already gone";
  EXPECT_EQ(repo.ErasePendingBefore("2026-11-28T00:00:00Z").value(), 1);
  EXPECT_EQ(repo.ErasePendingBefore("2026-11-28T00:00:00Z").value(), 0);
  EXPECT_EQ(repo.CountActive().value(), 0);
  EXPECT_TRUE(repo.Due("2099-01-01T00:00:00Z").value().empty());
}

TEST_P(DigestContract, NoDigestIsQueuedForWhoeverUnsubscribedMeanwhile) {
  auto a = Sample("+79120000004");
  Create(a, "c1");
  auto& repo = *storage_->digest;
  ASSERT_TRUE(repo.Confirm("c1", "2026-11-01T00:00:00Z", "2026-12-01T11:00:00Z").value());
  auto due = repo.Due("2026-12-08T11:00:00Z").value();
  ASSERT_EQ(due.size(), 1u);
  ASSERT_TRUE(repo.Delete("unsub-" + a.unsubscribe_token.substr(31)).value());
  EXPECT_FALSE(
      repo.MarkSent(due[0], m_unused_, "2026-12-08T11:00:00Z", "2026-12-08T11:00:00Z").value());
  EXPECT_EQ(storage_->outbox->CountPending().value(), 1) << "only the confirmation";
}

TEST_P(DigestContract, AnSmsReplyRemovesEverySubscriptionOfItsAddress) {
  Create(Sample("+79120000002"), "c1");
  Create(Sample("+79120000002"), "c2");
  Create(Sample("+79120000003"), "c3");
  auto& repo = *storage_->digest;
  ASSERT_TRUE(repo.Confirm("c1", "2026-11-01T00:00:00Z", "2026-12-01T11:00:00Z").value());
  EXPECT_EQ(repo.DeleteByAddress(AddressDigest("+79120000002")).value(), 2) << "pending or active";
  EXPECT_EQ(repo.DeleteByAddress(AddressDigest("+79120000002")).value(), 0);
  EXPECT_EQ(repo.DeleteByAddress(AddressDigest("+79120000003")).value(), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, DigestContract, ::testing::ValuesIn(TestBackends()),
                         BackendName);

}  // namespace
}  // namespace doma::storage
