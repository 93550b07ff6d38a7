// Asking for help without an account, on every backend: the request waits,
// sealed and unseen by volunteers, until the asker's phone is confirmed by
// the code sent to it (five wrong codes end it) or by a coordinator's call;
// unconfirmed ones are forgotten after their time; following and cancelling
// by number and code word works, and guessing is throttled.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "storage/help_contract_test.h"

namespace doma::storage {
namespace {

namespace chr = std::chrono;

// Real tokens and digests, but every code is "123456": the test types it.
class KnownCodes : public accounts::Secrets {
 public:
  explicit KnownCodes(accounts::Secrets& real) : real_(real) {}
  std::string NewToken() override { return real_.NewToken(); }
  std::string Digest(const std::string& t) override { return real_.Digest(t); }
  std::string NewCode(int digits) override {
    return std::string(digits, '1').replace(0, 6, "123456");
  }

 private:
  accounts::Secrets& real_;
};

class HelpPendingContract : public HelpContract {
 protected:
  // Help as configured where SMS can be sent (codes) or not (call backs).
  std::unique_ptr<help::Help> WithCodes(bool codes) {
    help::HelpPolicy policy;
    policy.utc_offset_minutes = 240;
    policy.phone_codes = codes;
    return std::make_unique<help::Help>(*repo_, gazetteer_, *geocoder_, known_, clock_, policy);
  }

  help::GuestAsk Ask() {
    help::GuestAsk a;
    a.form = Form("+7 917 444-55-66");
    a.form.urgency = "this-week";
    a.form.address.street = "улица Гостевая-Запечатанная";
    a.channel = "on-behalf";
    a.asker_name = "Ольга";
    a.asker_phone = "+7 912 333-22-11";
    a.address = "203.0.113.7";
    return a;
  }

  std::size_t OpenRequests() {
    auto all = repo_->AllOpen();
    EXPECT_TRUE(all.has_value());
    return all ? all->size() : 0;
  }

  KnownCodes known_{secrets_};
};

TEST_P(HelpPendingContract, TheCodeConfirmsTheRequestOnceAndWrongCodesCount) {
  auto h = WithCodes(true);
  const long long queued = *storage_->outbox->CountPending();
  auto started = h->StartGuestRequest(Ask());
  ASSERT_TRUE(started.has_value()) << started.error().public_message;
  EXPECT_FALSE(started->waits_for_call);
  EXPECT_EQ(started->phone, "+79123332211");
  EXPECT_EQ(OpenRequests(), 0u) << "nothing reaches the feed before the code";
  EXPECT_EQ(*storage_->outbox->CountPending(), queued + 1) << "the code is on its way";

  for (int i = 0; i < 4; ++i) {
    auto wrong = h->ConfirmGuestRequest(started->token, "654321");
    ASSERT_FALSE(wrong.has_value());
    EXPECT_EQ(wrong.error().field, "code");
  }
  auto r = h->ConfirmGuestRequest(started->token, " 123456 ");
  ASSERT_TRUE(r.has_value()) << r.error().public_message;
  EXPECT_EQ(r->requester_id, 0);
  EXPECT_EQ(r->status, help::RequestStatus::kOpen);
  EXPECT_EQ(OpenRequests(), 1u);
  auto stored = *repo_->Find(r->id);
  EXPECT_EQ(stored->personal.asker_phone, "+79123332211");
  EXPECT_EQ(stored->personal.asker_name, "Ольга");
  EXPECT_EQ(stored->personal.address.street, "улица Гостевая-Запечатанная");
  EXPECT_FALSE(h->ConfirmGuestRequest(started->token, "123456").has_value()) << "once only";
}

TEST_P(HelpPendingContract, FiveWrongCodesEndTheRequest) {
  auto h = WithCodes(true);
  auto started = h->StartGuestRequest(Ask());
  ASSERT_TRUE(started.has_value());
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(h->ConfirmGuestRequest(started->token, "000000"));
  auto late = h->ConfirmGuestRequest(started->token, "123456");
  ASSERT_FALSE(late.has_value());
  EXPECT_NE(late.error().public_message.find("ещё раз"), std::string::npos);
  EXPECT_EQ(OpenRequests(), 0u);
}

TEST_P(HelpPendingContract, WithoutSmsACoordinatorCallsBackThenConfirmsOrDrops) {
  auto h = WithCodes(false);
  auto first = h->StartGuestRequest(Ask());
  ASSERT_TRUE(first.has_value());
  EXPECT_TRUE(first->waits_for_call);
  auto self = Ask();
  self.channel = "self";
  self.form.phone = "+7 917 444-55-67";
  ASSERT_TRUE(h->StartGuestRequest(self).has_value());

  EXPECT_FALSE(h->CallBacks(requester_).has_value()) << "coordinators only";
  auto list = h->CallBacks(coordinator_);
  ASSERT_TRUE(list.has_value());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].request.personal.asker_phone, "+79123332211");
  EXPECT_EQ((*list)[1].request.personal.asker_phone, "") << "asking for oneself names no asker";
  EXPECT_EQ(Audited("callbacks_revealed", "help:pending", coordinator_.id), 1);
  EXPECT_EQ(OpenRequests(), 0u);

  auto r = h->ConfirmCallBack(coordinator_, (*list)[0].id);
  ASSERT_TRUE(r.has_value()) << r.error().public_message;
  EXPECT_EQ(r->consent_by, coordinator_.id) << "the coordinator heard the consent";
  EXPECT_EQ(OpenRequests(), 1u);
  EXPECT_FALSE(h->ConfirmCallBack(coordinator_, (*list)[0].id).has_value()) << "once only";
  ASSERT_TRUE(h->DropCallBack(coordinator_, (*list)[1].id).has_value());
  EXPECT_FALSE(h->DropCallBack(coordinator_, (*list)[1].id).has_value());
  EXPECT_TRUE(h->CallBacks(coordinator_)->empty());
}

TEST_P(HelpPendingContract, UnconfirmedRequestsAreForgottenWithTheirData) {
  auto h = WithCodes(false);
  ASSERT_TRUE(h->StartGuestRequest(Ask()).has_value());
  clock_.now += chr::hours(47);
  ASSERT_TRUE(h->RunScheduledJobs().has_value());
  EXPECT_EQ(h->CallBacks(coordinator_)->size(), 1u) << "still within its 48 hours";
  clock_.now += chr::hours(2);
  auto jobs = h->RunScheduledJobs();
  ASSERT_TRUE(jobs.has_value());
  EXPECT_EQ(jobs->erased, 1);
  EXPECT_TRUE(h->CallBacks(coordinator_)->empty());
}

TEST_P(HelpPendingContract, APendingRequestIsSealedInTheFile) {
  auto h = WithCodes(false);
  ASSERT_TRUE(h->StartGuestRequest(Ask()).has_value());
  std::string file = dir_.AllBytes();
  EXPECT_EQ(file.find("79123332211"), std::string::npos);
  EXPECT_EQ(file.find("Гостевая-Запечатанная"), std::string::npos);
}

TEST_P(HelpPendingContract, TheNumberAndCodeWordFollowAndCancelAndGuessesAreThrottled) {
  auto h = WithCodes(true);
  auto started = h->StartGuestRequest(Ask());
  ASSERT_TRUE(started.has_value());
  auto r = h->ConfirmGuestRequest(started->token, "123456");
  ASSERT_TRUE(r.has_value());
  const std::string number = help::Number(r->id);

  auto seen = h->FollowRequest(number, r->code_word, "203.0.113.7");
  ASSERT_TRUE(seen.has_value()) << seen.error().public_message;
  EXPECT_EQ(seen->request.personal.recipient_name, "Анна Петровна");
  EXPECT_EQ(seen->request.personal.address.street, "") << "never the address";
  EXPECT_EQ(seen->request.personal.phone, "");

  for (int i = 0; i < 5; ++i) {
    auto miss = h->FollowRequest(number, "неверное слово", "198.51.100.9");
    ASSERT_FALSE(miss.has_value());
    EXPECT_EQ(miss.error().code, Code::kNotFound);
  }
  auto blocked = h->FollowRequest(number, r->code_word, "198.51.100.9");
  ASSERT_FALSE(blocked.has_value());
  EXPECT_EQ(blocked.error().code, Code::kRateLimited);

  auto cancelled = h->CancelByCodeWord(number, r->code_word, "сами справились", "203.0.113.7");
  ASSERT_TRUE(cancelled.has_value()) << cancelled.error().public_message;
  EXPECT_EQ(cancelled->status, help::RequestStatus::kCancelled);
  EXPECT_EQ(OpenRequests(), 0u);
}

TEST_P(HelpPendingContract, TheNumberAndCodeWordEraseThePersonalData) {
  auto h = WithCodes(true);
  auto started = h->StartGuestRequest(Ask());
  ASSERT_TRUE(started.has_value());
  auto r = h->ConfirmGuestRequest(started->token, "123456");
  ASSERT_TRUE(r.has_value());
  auto erased = h->EraseByCodeWord(help::Number(r->id), r->code_word, "203.0.113.7");
  ASSERT_TRUE(erased.has_value()) << erased.error().public_message;
  EXPECT_TRUE(erased->erased);
  EXPECT_EQ(erased->status, help::RequestStatus::kCancelled)
      << "an open request is cancelled first";
  auto stored = *repo_->Find(r->id);
  EXPECT_EQ(stored->personal.asker_phone, "");
  EXPECT_EQ(stored->personal.address.street, "");
  EXPECT_EQ(Audited("personal_data_erased", "help:" + std::to_string(r->id)), 1);
  EXPECT_FALSE(h->FollowRequest(help::Number(r->id), r->code_word, "203.0.113.7").has_value())
      << "the code word went with the rest";
}

TEST_P(HelpPendingContract, TwoCoordinatorsConfirmingTheSameCallMakeOneRequest) {
  auto h = WithCodes(false);
  ASSERT_TRUE(h->StartGuestRequest(Ask()).has_value());
  const long long id = h->CallBacks(coordinator_)->front().id;
  std::atomic<int> stored{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&] {
      if (h->ConfirmCallBack(coordinator_, id)) ++stored;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(stored.load(), 1);
  EXPECT_EQ(OpenRequests(), 1u);
}

TEST_P(HelpPendingContract, ATypingSlipCostsNoTry) {
  auto h = WithCodes(true);
  auto started = h->StartGuestRequest(Ask());
  ASSERT_TRUE(started.has_value());
  for (int i = 0; i < 6; ++i) {
    auto slip = h->ConfirmGuestRequest(started->token, "12 34");
    ASSERT_FALSE(slip.has_value());
    EXPECT_EQ(slip.error().public_message, "Введите 6 цифр из SMS.");
  }
  EXPECT_TRUE(h->ConfirmGuestRequest(started->token, "123456").has_value());
}

TEST_P(HelpPendingContract, ACallBackWaitsNoLongerThanTheTimeAskedFor) {
  auto h = WithCodes(false);
  auto ask = Ask();
  ask.form.urgency = "today";  // until 21:00 in the region (17:00 UTC); it is 06:00 UTC
  ASSERT_TRUE(h->StartGuestRequest(ask).has_value());
  clock_.now += chr::hours(10);
  EXPECT_EQ(h->CallBacks(coordinator_)->size(), 1u);
  clock_.now += chr::hours(2);
  EXPECT_TRUE(h->CallBacks(coordinator_)->empty()) << "gone with its time, not 48 hours later";
  EXPECT_EQ(h->RunScheduledJobs()->erased, 1);
}

TEST_P(HelpPendingContract, GuessingOneRequestsWordFromManyAddressesStopsAtTenADay) {
  auto h = WithCodes(true);
  auto started = h->StartGuestRequest(Ask());
  auto r = h->ConfirmGuestRequest(started->token, "123456");
  ASSERT_TRUE(r.has_value());
  const std::string number = help::Number(r->id);
  for (int i = 0; i < 10; ++i) {
    auto miss = h->FollowRequest(number, "неверное слово", "198.51.100." + std::to_string(i));
    EXPECT_EQ(miss.error().code, Code::kNotFound) << i;
  }
  auto blocked = h->FollowRequest(number, r->code_word, "198.51.100.99");
  ASSERT_FALSE(blocked.has_value());
  EXPECT_EQ(blocked.error().code, Code::kRateLimited);
  clock_.now += chr::hours(25);
  EXPECT_TRUE(h->FollowRequest(number, r->code_word, "198.51.100.99").has_value());
}

TEST_P(HelpPendingContract, TheHelpIsConfirmedByNumberAndCodeWord) {
  auto h = WithCodes(true);
  auto started = h->StartGuestRequest(Ask());
  auto r = h->ConfirmGuestRequest(started->token, "123456");
  ASSERT_TRUE(r.has_value());
  ASSERT_TRUE(h->TakeRequest(volunteers_[0], r->id).has_value());
  auto word = (*repo_->Find(r->id))->code_word;
  ASSERT_TRUE(h->CompleteRequest(volunteers_[0], r->id, "", "").has_value());
  auto erase = h->EraseByCodeWord(help::Number(r->id), word, "203.0.113.7");
  ASSERT_FALSE(erase.has_value());
  EXPECT_NE(erase.error().public_message.find("подтвердите"), std::string::npos);
  auto done = h->ConfirmByCodeWord(help::Number(r->id), word, "5", "спасибо", "203.0.113.7");
  ASSERT_TRUE(done.has_value()) << done.error().public_message;
  EXPECT_EQ(done->status, help::RequestStatus::kConfirmed);
  EXPECT_EQ(done->rating, 5);
}

INSTANTIATE_TEST_SUITE_P(Backends, HelpPendingContract, ::testing::ValuesIn(TestBackends()),
                         BackendName);

}  // namespace
}  // namespace doma::storage
