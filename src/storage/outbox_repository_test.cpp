// The outbox with its sender: retries with backoff, gives up at last, and
// after a crash delivers again with the same idempotency key.
#include "storage/sqlite/outbox_repository.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

namespace doma::storage {
namespace {

class FakeClock final : public Clock {
 public:
  std::chrono::system_clock::time_point Now() const override { return now; }
  std::chrono::system_clock::time_point now =
      std::chrono::sys_days{std::chrono::year{2026} / 11 / 27};
};

class XorSealer final : public notify::Sealer {
 public:
  std::string Seal(const std::string& p) override {
    std::string s = p;
    for (auto& c : s) c = static_cast<char>(c ^ 0x5a);
    return "x" + s;
  }
  Result<std::string> Open(const std::string& s) override {
    std::string p = s.substr(1);
    for (auto& c : p) c = static_cast<char>(c ^ 0x5a);
    return p;
  }
};

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

class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("doma-outbox-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    db_ = *sqlite::Database::Open((dir_ / "d.db").string());
    ASSERT_TRUE(sqlite::Migrate(*db_).has_value());
    repo_ = std::make_unique<sqlite::SqliteOutboxRepository>(db_, sealer_);
  }
  void TearDown() override {
    repo_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  void Enqueue(notify::Notification n) {
    ASSERT_TRUE(db_->Write([&](sqlite::Connection& c) {
                     return sqlite::Enqueue(c, {n}, sealer_, clock_.NowIso());
                   })
                    .has_value());
  }
  std::filesystem::path dir_;
  FakeClock clock_;
  XorSealer sealer_;
  std::shared_ptr<sqlite::Database> db_;
  std::unique_ptr<sqlite::SqliteOutboxRepository> repo_;
};

TEST_F(OutboxTest, DeliversByChannelAndKeepsTextSealedAtRest) {
  RecordingChannel email, sms;
  notify::Sender sender(*repo_, email, sms, clock_);
  Enqueue({"anna@example.org", "Тема", "Код 12345678"});
  Enqueue({"+79120000000", "", "Ваш волонтёр: Иван"});
  auto c = db_->Reader();
  sqlite::Statement st(
      **c, "SELECT COUNT(*) FROM outbox WHERE body LIKE '%12345678%' OR recipient LIKE '%anna%'");
  ASSERT_TRUE(st.Step().value());
  EXPECT_EQ(st.Int(0), 0) << "plain text in the outbox table";
  EXPECT_EQ(sender.RunOnce().value(), 2);
  ASSERT_EQ(email.sent.size(), 1u);
  EXPECT_EQ(email.sent[0].body, "Код 12345678");
  ASSERT_EQ(sms.sent.size(), 1u);
  EXPECT_EQ(sms.sent[0].to, "+79120000000");
  EXPECT_EQ(sender.RunOnce().value(), 0) << "nothing is sent twice";
  EXPECT_EQ(repo_->CountPending().value(), 0);
}

TEST_F(OutboxTest, RetriesWithBackoffThenGivesUp) {
  RecordingChannel email, sms;
  email.fail_next = 100;
  notify::Sender sender(*repo_, email, sms, clock_);
  Enqueue({"anna@example.org", "s", "b"});
  EXPECT_EQ(sender.RunOnce().value(), 0);
  EXPECT_EQ(repo_->TakeDue(clock_.NowIso(), 10).value().size(), 0u) << "not due again at once";
  for (auto wait : {30, 120, 600, 3600}) {
    clock_.now += std::chrono::seconds(wait + 1);
    EXPECT_EQ(sender.RunOnce().value(), 0);
    EXPECT_EQ(repo_->CountPending().value(), 1);
  }
  clock_.now += std::chrono::seconds(21601);
  EXPECT_EQ(sender.RunOnce().value(), 0);
  EXPECT_EQ(repo_->CountPending().value(), 0) << "given up after the last delay";
  email.fail_next = 0;
  clock_.now += std::chrono::hours(24);
  EXPECT_EQ(sender.RunOnce().value(), 0);
  EXPECT_TRUE(email.sent.empty());
}

TEST_F(OutboxTest, ACrashAfterTakingRedeliversWithTheSameKey) {
  Enqueue({"anna@example.org", "s", "b"});
  auto taken = repo_->TakeDue(clock_.NowIso(), 10).value();  // then the process dies
  ASSERT_EQ(taken.size(), 1u);
  RecordingChannel email, sms;
  notify::Sender sender(*repo_, email, sms, clock_);
  EXPECT_EQ(sender.RunOnce().value(), 1);
  ASSERT_EQ(email.sent.size(), 1u);
  EXPECT_EQ(email.sent[0].idempotency_key, taken[0].idempotency_key);
}

TEST_F(OutboxTest, AFailedEventTransactionLeavesNoMessage) {
  auto r = db_->Write([&](sqlite::Connection& c) -> Status {
    if (auto e = sqlite::Enqueue(c, {{"anna@example.org", "s", "b"}}, sealer_, clock_.NowIso()); !e)
      return e;
    return Fail(Error::Invalid("x", "the event itself failed"));
  });
  EXPECT_FALSE(r.has_value());
  EXPECT_EQ(repo_->CountPending().value(), 0);
}

}  // namespace
}  // namespace doma::storage
