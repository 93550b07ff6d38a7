// The PostgreSQL driver's own behaviour; the repositories' contracts run on
// it in storage/*_test.cpp. The tests that need a server use DOMA_TEST_PG
// (scripts/with-postgres) and are skipped, saying so, without one.
#include "storage/postgres/postgres.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "storage/postgres/leader.h"
#include "storage/test_backends.h"

namespace doma::storage::postgres {
namespace {

TEST(PostgresPlaceholders, AreNumberedAsSqliteNumbersThem) {
  EXPECT_EQ(NumberPlaceholders("SELECT ? , ?"), "SELECT $1 , $2");
  EXPECT_EQ(NumberPlaceholders("a = ?1 AND b > ?1 AND c = ?2"), "a = $1 AND b > $1 AND c = $2");
  // A bare ? after ?3 is the fourth, as in SQLite.
  EXPECT_EQ(NumberPlaceholders("?3, ?"), "$3, $4");
  EXPECT_EQ(NumberPlaceholders("x = '?' AND y = \"a?\" AND z = ?"),
            "x = '?' AND y = \"a?\" AND z = $1");
}

TEST(PostgresAddress, IsToldFromAFileAndLogsWithoutItsPassword) {
  EXPECT_TRUE(IsAddress("postgresql://doma:secret@127.0.0.1:5432/doma"));
  EXPECT_TRUE(IsAddress("postgres://h/db"));
  EXPECT_FALSE(IsAddress("var/doma.db"));
  EXPECT_EQ(Redacted("postgresql://doma:secret@127.0.0.1:5432/doma"),
            "postgresql://doma:***@127.0.0.1:5432/doma");
  EXPECT_EQ(Redacted("postgresql://127.0.0.1/doma?user=doma&password=secret&x=1"),
            "postgresql://127.0.0.1/doma?user=doma&password=***&x=1");
}

class PostgresDriver : public ::testing::Test {
 protected:
  void SetUp() override {
    if (TestPostgres().empty()) GTEST_SKIP() << "no DOMA_TEST_PG (run under scripts/with-postgres)";
    auto address = FreshPostgresSchema();
    ASSERT_TRUE(address.has_value()) << address.error().log_detail;
    auto db = Database::Open(*address);
    ASSERT_TRUE(db.has_value()) << db.error().log_detail;
    db_ = *db;
    ASSERT_TRUE(db_->Write([](sql::Connection& c) {
                     return c.Exec(
                         "CREATE TABLE t(id bigint PRIMARY KEY, n bigint NOT NULL, b bytea);"
                         "INSERT INTO t VALUES(1, 0, NULL), (2, 0, NULL)");
                   })
                    .has_value());
  }
  long long N(long long id) {
    auto n = db_->First<long long>(
        "SELECT n FROM t WHERE id = ?", [](sql::Statement& st) { return st.Int(0); }, id);
    return n && *n ? **n : -1;
  }
  std::shared_ptr<Database> db_;
};

// Two writers that lock the same two rows in opposite orders deadlock;
// PostgreSQL aborts one (40P01), and Write runs it again: both land, and no
// one sees an error.
TEST_F(PostgresDriver, ADeadlockedTransactionIsRetriedAndBothWritesLand) {
  auto bump_both = [&](long long first, long long second) {
    int runs = 0;
    auto r = db_->Write([&](sql::Connection& c) -> Status {
      ++runs;
      for (long long id : {first, second}) {
        sql::Statement st(c, "UPDATE t SET n = n + 1 WHERE id = ?");
        st.Bind(1, id);
        if (auto e = st.Run(); !e) return e;
        if (id == first) std::this_thread::sleep_for(std::chrono::milliseconds(300));
      }
      return {};
    });
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().log_detail);
    return runs;
  };
  int runs_a = 0, runs_b = 0;
  std::thread a([&] { runs_a = bump_both(1, 2); });
  std::thread b([&] { runs_b = bump_both(2, 1); });
  a.join();
  b.join();
  EXPECT_EQ(N(1), 2);
  EXPECT_EQ(N(2), 2);
  EXPECT_EQ(runs_a + runs_b, 3) << "one of the two ran again after the deadlock";
}

// Check, then insert: two nodes doing it for one key at once both pass the
// check, and the second insert breaks the unique key. Run again, the check
// sees the first one's row: the caller gets an answer, not an error.
TEST_F(PostgresDriver, ACheckThenInsertRaceIsRunAgainNotAnError) {
  ASSERT_TRUE(db_->Write([](sql::Connection& c) {
                   return c.Exec("CREATE TABLE logins(login text PRIMARY KEY)");
                 })
                  .has_value());
  std::atomic<int> made{0}, found{0}, failed{0};
  std::vector<std::thread> nodes;
  for (int i = 0; i < 4; ++i)
    nodes.emplace_back([&] {
      auto r = db_->Write([&](sql::Connection& c) -> Result<bool> {
        sql::Statement check(c, "SELECT 1 FROM logins WHERE login = 'anna'");
        auto row = check.Step();
        if (!row) return Fail(row.error());
        if (*row) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));  // all pass the check
        sql::Statement insert(c, "INSERT INTO logins VALUES('anna')");
        if (auto e = insert.Run(); !e) return Fail(e.error());
        return true;
      });
      if (!r)
        ++failed;
      else if (*r)
        ++made;
      else
        ++found;
    });
  for (auto& t : nodes) t.join();
  EXPECT_EQ(made.load(), 1);
  EXPECT_EQ(found.load(), 3);
  EXPECT_EQ(failed.load(), 0);
}

// A fn's own error is not retried, and nothing of it stays.
TEST_F(PostgresDriver, AFailedWriteLeavesNothingAndRunsOnce) {
  int runs = 0;
  auto r = db_->Write([&](sql::Connection& c) -> Status {
    ++runs;
    if (auto e = c.Exec("UPDATE t SET n = 7 WHERE id = 1"); !e) return e;
    return Fail(Error::Invalid("n", "refused by the write itself"));
  });
  EXPECT_FALSE(r.has_value());
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(N(1), 0);
}

// Sealed values are bytes, not text: they go in and come back whole.
TEST_F(PostgresDriver, BytesRoundTripThroughBytea) {
  std::string bytes("\x00\x8a\xff sealed \n", 12);
  ASSERT_TRUE(db_->Write([&](sql::Connection& c) {
                   sql::Statement st(c, "UPDATE t SET b = ? WHERE id = 1");
                   st.Bind(1, bytes);
                   return st.Run();
                 })
                  .has_value());
  auto back = db_->First<std::string>("SELECT b FROM t WHERE id = 1",
                                      [](sql::Statement& st) { return st.Text(0); });
  ASSERT_TRUE(back.has_value() && back->has_value());
  EXPECT_EQ(**back, bytes);
}

TEST_F(PostgresDriver, ASqlErrorIsInternalWithTheServersWordsInTheLogOnly) {
  auto r = db_->All<long long>("SELECT no_such_column FROM t",
                               [](sql::Statement& st) { return st.Int(0); });
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, Code::kInternal);
  EXPECT_NE(r.error().log_detail.find("no_such_column"), std::string::npos);
  EXPECT_EQ(r.error().public_message.find("no_such_column"), std::string::npos);
}

TEST(PostgresOpen, AnUnreachableServerIsUnavailableWithTheAddressButNotThePassword) {
  auto db = Database::Open("postgresql://doma:hunter2@127.0.0.1:1/doma?connect_timeout=2");
  ASSERT_FALSE(db.has_value());
  EXPECT_EQ(db.error().code, Code::kUnavailable);
  EXPECT_NE(db.error().log_detail.find("127.0.0.1"), std::string::npos);
  EXPECT_EQ(db.error().log_detail.find("hunter2"), std::string::npos);
}

// The scheduled jobs run on one node at a time; when it dies (its
// connection closes), the next node to ask takes over.
TEST(PostgresLeader, OneNodeLeadsAndAnotherTakesOverWhenItGoes) {
  if (TestPostgres().empty()) GTEST_SKIP() << "no DOMA_TEST_PG (run under scripts/with-postgres)";
  auto address = FreshPostgresSchema();
  ASSERT_TRUE(address.has_value());
  auto first = std::make_unique<Leader>(*address);
  Leader second(*address);
  EXPECT_TRUE(first->Holding());
  EXPECT_FALSE(second.Holding());
  EXPECT_TRUE(first->Holding()) << "it keeps the lead";
  first.reset();  // the node dies: its connection closes
  EXPECT_TRUE(second.Holding());
  // Another schema (another region's database on the same server) has its own.
  auto other = FreshPostgresSchema();
  ASSERT_TRUE(other.has_value());
  EXPECT_TRUE(Leader(*other).Holding());
}

TEST(PostgresMigrations, ADatabaseFromANewerDomaIsRefused) {
  if (TestPostgres().empty()) GTEST_SKIP() << "no DOMA_TEST_PG (run under scripts/with-postgres)";
  auto address = FreshPostgresSchema();
  ASSERT_TRUE(address.has_value()) << address.error().log_detail;
  auto db = *Database::Open(*address);
  ASSERT_TRUE(Migrate(*db).has_value());
  ASSERT_TRUE(db->Write([](sql::Connection& c) {
                  return c.Exec(
                      "INSERT INTO schema_migrations(version, name, applied_at) VALUES(9999, "
                      "'from the future', '2030-01-01T00:00:00Z')");
                }).has_value());
  auto again = Migrate(*db);
  ASSERT_FALSE(again.has_value());
  EXPECT_NE(again.error().log_detail.find("newer than this doma knows"), std::string::npos)
      << again.error().log_detail;
}

}  // namespace
}  // namespace doma::storage::postgres
