// The log channel: one line per message, never twice, and pruned like the
// outbox so that code words and phones do not stay in it.
#include "delivery/channels.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace doma::delivery {
namespace {

namespace fs = std::filesystem;

class LogChannelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("doma-log-channel-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    path_ = (dir_ / "outbox.log").string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Contents() const {
    std::ifstream in(path_);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  notify::OutboxMessage Message(const std::string& key, const std::string& body) {
    notify::OutboxMessage m;
    m.channel = "sms";
    m.to = "+79120000000";
    m.body = body;
    m.idempotency_key = key;
    return m;
  }
  fs::path dir_;
  std::string path_;
  ManualClock clock_{std::chrono::sys_days{std::chrono::year{2026} / 12 / 1}};
};

TEST_F(LogChannelTest, PruneDropsTheLinesWrittenBeforeTheCutoffAndKeepsTheRest) {
  LogChannel log(path_, clock_);
  ASSERT_TRUE(log.Send(Message("k1", "Кодовое слово: клён")));
  clock_.now += std::chrono::days(8);
  ASSERT_TRUE(log.Send(Message("k2", "Кодовое слово: дуб")));
  ASSERT_TRUE(log.Send(Message("k2", "Кодовое слово: дуб")));  // the same key: not again

  auto pruned = log.Prune(FormatIso(clock_.now - std::chrono::days(7)));
  ASSERT_TRUE(pruned.has_value());
  EXPECT_EQ(*pruned, 1);
  std::string left = Contents();
  EXPECT_EQ(left.find("клён"), std::string::npos);
  EXPECT_NE(left.find("дуб"), std::string::npos);
  EXPECT_EQ(std::count(left.begin(), left.end(), '\n'), 1);
  struct stat st {};
  ASSERT_EQ(::stat(path_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u) << "the rewritten file is the owner's alone";
  EXPECT_EQ(log.Prune(FormatIso(clock_.now - std::chrono::days(7))).value(), 0);
  EXPECT_FALSE(fs::exists(path_ + ".tmp"));
}

TEST_F(LogChannelTest, PruningAFileNotWrittenYetIsNothing) {
  LogChannel log(path_, clock_);
  EXPECT_EQ(log.Prune(clock_.NowIso()).value(), 0);
  EXPECT_FALSE(fs::exists(path_));
}

}  // namespace
}  // namespace doma::delivery
