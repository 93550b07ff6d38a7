// Attempts counted in the database (storage/sql/attempt_store.h), on every
// backend: the limits of AttemptThrottle hold over several throttles (nodes)
// together, exactly, even when they count at the same instant.
#include "storage/sql/attempt_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "storage/test_backends.h"

namespace doma::storage {
namespace {

using accounts::AttemptThrottle;
using accounts::ThrottlePolicy;

class AttemptStoreContract : public StorageContract {
 protected:
  void SetUp() override {
    StorageContract::SetUp();
    store_ = std::make_unique<sql::SqlAttemptStore>(
        std::static_pointer_cast<sql::Database>(storage_->backend),
        [](const std::string& s) { return "d" + std::to_string(std::hash<std::string>{}(s)); });
  }
  // A node's throttle: its own object over the shared store.
  std::unique_ptr<AttemptThrottle> Node() {
    return std::make_unique<AttemptThrottle>(clock_, policy_, store_.get(), "login");
  }
  ManualClock clock_{std::chrono::sys_days{std::chrono::year{2026} / 12 / 6}};
  ThrottlePolicy policy_{5, 20, std::chrono::minutes(15), 50};
  std::unique_ptr<sql::SqlAttemptStore> store_;
};

TEST_P(AttemptStoreContract, TwoNodesShareOneLimit) {
  auto a = Node(), b = Node();
  for (int i = 0; i < 3; ++i) EXPECT_EQ(a->TryBegin("anna@example.org", "10.0.0.1"), 0);
  for (int i = 0; i < 2; ++i) EXPECT_EQ(b->TryBegin("anna@example.org", "10.0.0.1"), 0);
  EXPECT_GT(a->TryBegin("anna@example.org", "10.0.0.1"), 0);
  long long wait = b->TryBegin("anna@example.org", "10.0.0.1");
  EXPECT_GT(wait, 0);
  EXPECT_LE(wait, 15 * 60);
  EXPECT_EQ(b->TryBegin("anna@example.org", "10.0.0.2"), 0) << "another address has its own count";
  EXPECT_EQ(a->TryBegin("boris@example.org", "10.0.0.1"), 0) << "another account too";
  clock_.now += std::chrono::minutes(15);
  EXPECT_EQ(b->TryBegin("anna@example.org", "10.0.0.1"), 0) << "the window has passed";
}

TEST_P(AttemptStoreContract, ASuccessClearsTheAccountsCountOnEveryNode) {
  auto a = Node(), b = Node();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(a->TryBegin("anna@example.org", "10.0.0.1"), 0);
  EXPECT_GT(b->RetryAfter("anna@example.org", "10.0.0.1"), 0);
  b->RecordSuccess("anna@example.org", "10.0.0.1");
  EXPECT_EQ(a->TryBegin("anna@example.org", "10.0.0.1"), 0);
}

TEST_P(AttemptStoreContract, AnAddressTryingManyAccountsIsStoppedAcrossNodes) {
  auto a = Node(), b = Node();
  for (int i = 0; i < 20; ++i)
    EXPECT_EQ((i % 2 ? a : b)->TryBegin("user" + std::to_string(i) + "@example.org", "10.0.0.9"),
              0);
  EXPECT_GT(a->TryBegin("someone@example.org", "10.0.0.9"), 0);
}

// Ten nodes guessing one password at the same instant get five tries in
// all, not five each nor one more by a race.
TEST_P(AttemptStoreContract, SimultaneousAttemptsOnManyNodesGetExactlyTheLimit) {
  std::atomic<int> allowed{0};
  std::vector<std::thread> nodes;
  for (int n = 0; n < 10; ++n)
    nodes.emplace_back([&] {
      auto t = Node();
      for (int i = 0; i < 3; ++i)
        if (t->TryBegin("anna@example.org", "10.0.0.1") == 0) ++allowed;
    });
  for (auto& t : nodes) t.join();
  EXPECT_EQ(allowed.load(), 5);
}

TEST_P(AttemptStoreContract, NeitherLoginNorAddressIsStoredInClear) {
  auto a = Node();
  a->TryBegin("anna@example.org", "10.0.0.1");
  auto rows = std::static_pointer_cast<sql::Database>(storage_->backend)
                  ->All<std::string>("SELECT key FROM attempts",
                                     [](sql::Statement& st) { return st.Text(0); });
  ASSERT_TRUE(rows.has_value());
  ASSERT_EQ(rows->size(), 3u);
  for (const auto& k : *rows) {
    EXPECT_EQ(k.find("anna"), std::string::npos);
    EXPECT_EQ(k.find("10.0.0.1"), std::string::npos);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, AttemptStoreContract, ::testing::ValuesIn(TestBackends()),
                         BackendName);

}  // namespace
}  // namespace doma::storage
