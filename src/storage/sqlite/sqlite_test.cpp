// Database::Write's group commit on a real file: writes from many threads are
// all committed, each caller gets its own answer, a failing write in a batch
// undoes only itself, a failed COMMIT fails the whole batch, and a Write
// returns only once its changes are visible to other connections.
#include "storage/sqlite/sqlite.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <latch>
#include <set>
#include <stdexcept>
#include <thread>

namespace doma::storage::sqlite {
namespace {

class GroupCommitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("doma-sqlite-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    db_ = *Database::Open((dir_ / "d.db").string());
    ASSERT_TRUE(db_->Write([&](sql::Connection& c) -> Status {
                     // Counts the real COMMITs on the writer connection.
                     sqlite3_commit_hook(
                         static_cast<Connection&>(c).raw(),
                         [](void* n) {
                           ++*static_cast<std::atomic<int>*>(n);
                           return 0;
                         },
                         &commits_);
                     return c.Exec(
                         "CREATE TABLE t(id INTEGER PRIMARY KEY, who TEXT NOT NULL UNIQUE);"
                         "CREATE TABLE parent(id INTEGER PRIMARY KEY);"
                         "CREATE TABLE child(id INTEGER PRIMARY KEY, "
                         "parent_id INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)");
                   })
                    .has_value());
    commits_ = 0;
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  Result<long long> Insert(sql::Connection& c, const std::string& who) {
    Statement st(c, "INSERT INTO t(who) VALUES(?)");
    st.Bind(1, who);
    if (auto r = st.Run(); !r) return Fail(r.error());
    return sqlite3_last_insert_rowid(static_cast<Connection&>(c).raw());
  }

  // What another connection sees: the id stored for `who`, or 0.
  long long Committed(const std::string& who) {
    auto c = db_->Reader();
    EXPECT_TRUE(c.has_value());
    Statement st(**c, "SELECT id FROM t WHERE who = ?");
    st.Bind(1, who);
    auto row = st.Step();
    return row && *row ? st.Int(0) : 0;
  }
  long long Count(const char* table) {
    auto c = db_->Reader();
    Statement st(**c, std::string("SELECT count(*) FROM ") + table);
    (void)st.Step();
    return st.Int(0);
  }

  // Holds the writer inside a first Write until `writes` have each been
  // started on their own thread and have had time to queue behind it, so that
  // they form the next batch. Returns their futures.
  template <class Fn>
  auto Batched(std::vector<Fn> writes) {
    using R = decltype(writes[0]());
    std::promise<void> hold;
    std::latch entered(1), started(static_cast<std::ptrdiff_t>(writes.size()));
    std::thread leader([&] {
      auto r = db_->Write([&](sql::Connection& c) -> Result<long long> {
        entered.count_down();
        hold.get_future().wait();
        return Insert(c, "leader");
      });
      EXPECT_TRUE(r.has_value());
    });
    entered.wait();
    std::vector<std::future<R>> out;
    for (auto& w : writes)
      out.push_back(std::async(std::launch::async, [&started, w] {
        started.count_down();
        return w();
      }));
    started.wait();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // into the queue
    hold.set_value();
    leader.join();
    return out;
  }

  std::filesystem::path dir_;
  std::shared_ptr<Database> db_;
  std::atomic<int> commits_{0};
};

TEST_F(GroupCommitTest, ConcurrentWritersAreAllCommittedAndEachGetsItsOwnAnswer) {
  constexpr int kThreads = 8, kEach = 150;
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  std::vector<std::vector<long long>> ids(kThreads);
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        std::string who = std::to_string(t) + "/" + std::to_string(i);
        auto id = db_->Write([&](sql::Connection& c) { return Insert(c, who); });
        if (!id) {
          ++wrong;
          continue;
        }
        // Durable and visible before Write returns, and the id this caller
        // got (last_insert_rowid inside its savepoint) is its own row's.
        if (Committed(who) != *id) ++wrong;
        ids[t].push_back(*id);
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong, 0);
  std::set<long long> all;
  for (const auto& v : ids) all.insert(v.begin(), v.end());
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kThreads * kEach));
  EXPECT_EQ(Count("t"), kThreads * kEach);
  EXPECT_LE(commits_, kThreads * kEach);
}

TEST_F(GroupCommitTest, QueuedWritesShareOneCommit) {
  std::vector<std::function<Result<long long>()>> writes;
  for (int i = 0; i < 5; ++i)
    writes.push_back([this, i] {
      return db_->Write([&](sql::Connection& c) { return Insert(c, "w" + std::to_string(i)); });
    });
  auto results = Batched(writes);
  std::set<long long> ids;
  for (int i = 0; i < 5; ++i) {
    auto r = results[i].get();
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(*r, Committed("w" + std::to_string(i)));
    ids.insert(*r);
  }
  EXPECT_EQ(ids.size(), 5u);
  EXPECT_EQ(commits_, 2) << "the leader's commit, then one for the five queued behind it";
}

TEST_F(GroupCommitTest, AFailingWriteInABatchUndoesOnlyItself) {
  std::vector<std::function<Result<long long>()>> writes = {
      [this] { return db_->Write([&](sql::Connection& c) { return Insert(c, "a"); }); },
      // An error after some changes: both of its rows go.
      [this] {
        return db_->Write([&](sql::Connection& c) -> Result<long long> {
          if (auto r = Insert(c, "b1"); !r) return r;
          if (auto r = Insert(c, "b2"); !r) return r;
          return Fail(Error::NotFound("b says no"));
        });
      },
      // A failing statement (UNIQUE: the leader's row, committed before this
      // batch whatever order its writes queue in) after a change of its own.
      [this] {
        return db_->Write([&](sql::Connection& c) -> Result<long long> {
          if (auto r = Insert(c, "c1"); !r) return r;
          return Insert(c, "leader");
        });
      },
      // An exception: rethrown to its caller, its change undone.
      [this] {
        try {
          return db_->Write([&](sql::Connection& c) -> Result<long long> {
            (void)Insert(c, "d");
            throw std::runtime_error("d throws");
          });
        } catch (const std::runtime_error& e) {
          return Result<long long>(Fail(Error::Invalid("thrown", e.what())));
        }
      },
      [this] { return db_->Write([&](sql::Connection& c) { return Insert(c, "e"); }); },
  };
  auto results = Batched(writes);
  auto a = results[0].get(), b = results[1].get(), c = results[2].get(), d = results[3].get(),
       e = results[4].get();
  ASSERT_TRUE(a.has_value());
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(Committed("a"), *a);
  EXPECT_EQ(Committed("e"), *e);
  ASSERT_FALSE(b.has_value());
  EXPECT_EQ(b.error().code, Code::kNotFound);
  EXPECT_EQ(b.error().public_message, "b says no");
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error().code, Code::kInternal);
  EXPECT_NE(c.error().log_detail.find("UNIQUE"), std::string::npos) << c.error().log_detail;
  ASSERT_FALSE(d.has_value());
  EXPECT_EQ(d.error().field, "thrown");
  EXPECT_EQ(d.error().public_message, "d throws");
  for (const char* gone : {"b1", "b2", "c1", "d"}) EXPECT_EQ(Committed(gone), 0) << gone;
  EXPECT_EQ(Count("t"), 3);  // leader, a, e
  EXPECT_EQ(commits_, 2);
}

TEST_F(GroupCommitTest, AFailedCommitFailsTheWholeBatch) {
  std::vector<std::function<Status()>> writes = {
      [this] {
        return db_->Write([&](sql::Connection& c) -> Status {
          if (auto r = Insert(c, "x"); !r) return Fail(r.error());
          return {};
        });
      },
      // A deferred foreign key is checked only at COMMIT, which then fails.
      [this] {
        return db_->Write([&](sql::Connection& c) {
          return c.Exec("INSERT INTO child(id, parent_id) VALUES(1, 42)");
        });
      },
      [this] {
        return db_->Write([&](sql::Connection& c) -> Status {
          if (auto r = Insert(c, "y"); !r) return Fail(r.error());
          return {};
        });
      },
  };
  auto results = Batched(writes);
  for (auto& f : results) {
    auto r = f.get();
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().log_detail.find("FOREIGN KEY"), std::string::npos) << r.error().log_detail;
  }
  EXPECT_EQ(Committed("x"), 0);
  EXPECT_EQ(Committed("y"), 0);
  EXPECT_EQ(Count("child"), 0);
  EXPECT_NE(Committed("leader"), 0) << "the batch before is not affected";
  // And the writer goes on.
  auto after = db_->Write([&](sql::Connection& c) { return Insert(c, "after"); });
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(Committed("after"), *after);
}

TEST_F(GroupCommitTest, AllFailingBatchStoresNothingAndWriterGoesOn) {
  auto r = db_->Write([&](sql::Connection& c) -> Result<int> {
    (void)Insert(c, "nope");
    return Fail(Error::Invalid("f", "no"));
  });
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(Committed("nope"), 0);
  EXPECT_EQ(commits_, 0);
  auto ok = db_->Write([&](sql::Connection& c) { return Insert(c, "yes"); });
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(commits_, 1);
}

// SQLite's page limit answers as a full disk does (SQLITE_FULL): the write
// is refused as passing (503, "no space"), not as our fault (500), nothing of
// it is stored, and the next write succeeds once there is room again.
TEST_F(GroupCommitTest, AFullDatabaseIsUnavailableNotInternalAndPasses) {
  auto limit = [&](const char* pages) {
    return db_->Write(
        [&](sql::Connection& c) { return c.Exec(std::string("PRAGMA max_page_count=") + pages); });
  };
  ASSERT_TRUE(db_->Write([&](sql::Connection& c) -> Status {
                   Statement pages(c, "PRAGMA page_count");
                   auto n = FirstInt(pages);
                   if (!n) return Fail(n.error());
                   return c.Exec("PRAGMA max_page_count=" + std::to_string(*n));
                 })
                  .has_value());
  const std::string big(64 * 1024, 'x');
  auto full = db_->Write([&](sql::Connection& c) { return Insert(c, big); });
  ASSERT_FALSE(full.has_value());
  EXPECT_EQ(full.error().code, Code::kUnavailable) << full.error().log_detail;
  EXPECT_NE(full.error().public_message.find("закончилось место"), std::string::npos);
  EXPECT_NE(full.error().log_detail.find("no space left"), std::string::npos);
  EXPECT_EQ(Committed(big), 0);
  ASSERT_TRUE(limit("1073741823").has_value());
  EXPECT_TRUE(db_->Write([&](sql::Connection& c) { return Insert(c, big); }).has_value());
  EXPECT_EQ(Committed(big), 1);
}

TEST_F(GroupCommitTest, WriteFromInsideAWriteIsRefusedNotADeadlock) {
  auto outer = db_->Write([&](sql::Connection& c) -> Result<bool> {
    if (auto r = Insert(c, "outer"); !r) return Fail(r.error());
    auto inner = db_->Write([&](sql::Connection& c2) { return Insert(c2, "inner"); });
    return inner.has_value();
  });
  ASSERT_TRUE(outer.has_value());
  EXPECT_FALSE(*outer);
  EXPECT_NE(Committed("outer"), 0);
  EXPECT_EQ(Committed("inner"), 0);
}

TEST_F(GroupCommitTest, MoveOnlyResultsComeBack) {
  auto r = db_->Write(
      [&](sql::Connection&) -> Result<std::unique_ptr<int>> { return std::make_unique<int>(7); });
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(**r, 7);
}

// Rolling an upgrade back by reinstalling the old binary must not let it
// write into a schema it does not know.
TEST(Migrations, ADatabaseFromANewerDomaIsRefusedWithTheWayBack) {
  auto dir = std::filesystem::temp_directory_path() / ("doma-newer-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto db = *Database::Open((dir / "d.db").string());
  ASSERT_TRUE(Migrate(*db).has_value());
  ASSERT_TRUE(Migrate(*db).has_value()) << "the current schema opens again";
  ASSERT_TRUE(db->Write([](sql::Connection& c) {
                  return c.Exec(
                      "INSERT INTO schema_migrations(version, name, applied_at) VALUES(9999, "
                      "'from the future', '2030-01-01T00:00:00Z')");
                }).has_value());
  auto again = Migrate(*db);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, Code::kUnavailable);
  EXPECT_NE(again.error().log_detail.find("schema version 9999, newer than this doma knows"),
            std::string::npos)
      << again.error().log_detail;
  EXPECT_NE(again.error().log_detail.find("restore the backup"), std::string::npos);
  db.reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace doma::storage::sqlite
