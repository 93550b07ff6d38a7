// The outbox with its sender, on every backend of storage/test_backends.h:
// text sealed at rest, retries with backoff, gives up at last, and after a
// crash delivers again with the same idempotency key.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "storage/test_backends.h"

namespace doma::storage {
namespace {

class RecordingChannel final : public notify::Channel {
 public:
  Status Send(const notify::OutboxMessage& m) override {
    if (fail_next > 0) {
      --fail_next;
      return Fail(Error::Unavailable("gateway down"));
    }
    sent.push_back(m);
    return {};
  }
  int fail_next = 0;
  std::vector<notify::OutboxMessage> sent;
};

class OutboxContract : public StorageContract {
 protected:
  // How long a take holds a message (the sender's own lease).
  std::string Lease() const { return FormatIso(clock_.now + notify::Sender::kLease); }
  OutboxContract() { sealer_ = &xor_sealer_; }
  void Enqueue(notify::Notification n) {
    ASSERT_TRUE(storage_->outbox->Enqueue({n}, clock_.NowIso()).has_value());
  }
  ManualClock clock_{std::chrono::sys_days{std::chrono::year{2026} / 11 / 27}};
  XorSealer xor_sealer_;
};

TEST_P(OutboxContract, DeliversByChannelAndKeepsTextSealedAtRest) {
  RecordingChannel email, sms;
  notify::Sender sender(*storage_->outbox, email, sms, clock_);
  Enqueue({"anna@example.org", "Тема", "Код 12345678"});
  Enqueue({"+79120000000", "", "Ваш волонтёр: Иван"});
  std::string files = dir_.AllBytes();
  EXPECT_EQ(files.find("12345678"), std::string::npos) << "plain text at rest";
  EXPECT_EQ(files.find("anna@example.org"), std::string::npos) << "plain address at rest";
  EXPECT_EQ(sender.RunOnce().value(), 2);
  ASSERT_EQ(email.sent.size(), 1u);
  EXPECT_EQ(email.sent[0].body, "Код 12345678");
  ASSERT_EQ(sms.sent.size(), 1u);
  EXPECT_EQ(sms.sent[0].to, "+79120000000");
  EXPECT_EQ(sender.RunOnce().value(), 0) << "nothing is sent twice";
  EXPECT_EQ(storage_->outbox->CountPending().value(), 0);
}

TEST_P(OutboxContract, DeliveredMessagesAreDeletedAfterTheRetentionAndNothingElse) {
  RecordingChannel email, sms;
  sms.fail_next = 100;  // the SMS gateway is down for good
  notify::Sender sender(*storage_->outbox, email, sms, clock_);
  const auto t0 = clock_.now;
  Enqueue({"anna@example.org", "Код", "Код 11111111"});
  ASSERT_EQ(sender.RunOnce().value(), 1);  // sent at t0
  clock_.now = t0 + std::chrono::days(2);
  Enqueue({"boris@example.org", "Код", "Код 22222222"});
  Enqueue({"+79120000000", "", "Кодовое слово: клён"});
  ASSERT_EQ(sender.RunOnce().value(), 1);  // the e-mail sent at t0 + 2 days; the SMS will retry

  auto erased = storage_->outbox->EraseDelivered(FormatIso(t0 + std::chrono::days(1)));
  ASSERT_TRUE(erased.has_value()) << erased.error().log_detail;
  EXPECT_EQ(*erased, 1);  // only the message sent before the cutoff
  EXPECT_EQ(storage_->outbox->EraseDelivered(FormatIso(t0 + std::chrono::days(1))).value(), 0);
  EXPECT_EQ(storage_->outbox->CountPending().value(), 1) << "the SMS still waits its turn";

  for (auto wait : {30, 120, 600, 3600, 21600}) {  // the SMS is given up
    clock_.now += std::chrono::seconds(wait + 1);
    sender.RunOnce();
  }
  EXPECT_EQ(storage_->outbox->CountPending().value(), 0);
  // A week later both the second e-mail and the abandoned SMS go.
  EXPECT_EQ(storage_->outbox->EraseDelivered(FormatIso(clock_.now + std::chrono::hours(1))).value(),
            2);
  EXPECT_TRUE(storage_->outbox->TakeDue(FormatIso(clock_.now + std::chrono::days(365)), 10, Lease())
                  .value()
                  .empty());
}

TEST_P(OutboxContract, RetriesWithBackoffThenGivesUp) {
  RecordingChannel email, sms;
  email.fail_next = 100;
  notify::Sender sender(*storage_->outbox, email, sms, clock_);
  Enqueue({"anna@example.org", "s", "b"});
  EXPECT_EQ(sender.RunOnce().value(), 0);
  EXPECT_EQ(storage_->outbox->TakeDue(clock_.NowIso(), 10, Lease()).value().size(), 0u)
      << "not due again at once";
  for (auto wait : {30, 120, 600, 3600}) {
    clock_.now += std::chrono::seconds(wait + 1);
    EXPECT_EQ(sender.RunOnce().value(), 0);
    EXPECT_EQ(storage_->outbox->CountPending().value(), 1);
  }
  clock_.now += std::chrono::seconds(21601);
  EXPECT_EQ(sender.RunOnce().value(), 0);
  EXPECT_EQ(storage_->outbox->CountPending().value(), 0) << "given up after the last delay";
  email.fail_next = 0;
  clock_.now += std::chrono::hours(24);
  EXPECT_EQ(sender.RunOnce().value(), 0);
  EXPECT_TRUE(email.sent.empty());
}

TEST_P(OutboxContract, ACrashAfterTakingRedeliversWithTheSameKey) {
  Enqueue({"anna@example.org", "s", "b"});
  auto taken =
      storage_->outbox->TakeDue(clock_.NowIso(), 10, Lease()).value();  // then the process dies
  ASSERT_EQ(taken.size(), 1u);
  RecordingChannel email, sms;
  notify::Sender sender(*storage_->outbox, email, sms, clock_);
  EXPECT_EQ(sender.RunOnce().value(), 0) << "still leased to the sender that died";
  clock_.now += std::chrono::minutes(5);
  EXPECT_EQ(sender.RunOnce().value(), 1);
  ASSERT_EQ(email.sent.size(), 1u);
  EXPECT_EQ(email.sent[0].idempotency_key, taken[0].idempotency_key);
}

// Several nodes send at once: each message is taken by one of them.
TEST_P(OutboxContract, SendersTakingAtOnceTakeEachMessageOnce) {
  for (int i = 0; i < 40; ++i) Enqueue({"m" + std::to_string(i) + "@example.org", "s", "b"});
  std::vector<std::vector<notify::OutboxMessage>> got(4);
  std::vector<std::thread> senders;
  for (auto& g : got)
    senders.emplace_back([&] {
      for (int round = 0; round < 5; ++round) {
        auto t = storage_->outbox->TakeDue(clock_.NowIso(), 3, Lease());
        ASSERT_TRUE(t.has_value()) << t.error().log_detail;
        g.insert(g.end(), t->begin(), t->end());
      }
    });
  for (auto& t : senders) t.join();
  std::set<long long> ids;
  std::size_t total = 0;
  for (const auto& g : got)
    for (const auto& m : g) {
      ids.insert(m.id);
      ++total;
    }
  EXPECT_EQ(total, 40u);
  EXPECT_EQ(ids.size(), total) << "a message was taken twice";
}

INSTANTIATE_TEST_SUITE_P(Backends, OutboxContract, ::testing::ValuesIn(TestBackends()),
                         BackendName);

}  // namespace
}  // namespace doma::storage
