// SQLite only: a message queued inside a write transaction (sql::Enqueue,
// which every SQLite repository uses to store the messages of its change)
// goes with that transaction. The OutboxRepository contract itself is in
// storage/outbox_repository_test.cpp.
#include <gtest/gtest.h>

#include "storage/sql/outbox_repository.h"
#include "storage/sqlite/sqlite.h"
#include "storage/test_backends.h"

namespace doma::storage::sql {
namespace {

TEST(SqliteEnqueue, AFailedEventTransactionLeavesNoMessage) {
  TestDir dir("doma-enqueue");
  PlainSealer sealer;
  auto db = sqlite::Database::Open((dir.path() / "doma.db").string());
  ASSERT_TRUE(db.has_value());
  ASSERT_TRUE(sqlite::Migrate(**db).has_value());
  SqlOutboxRepository repo(*db, sealer);
  auto r = (*db)->Write([&](sql::Connection& c) -> Status {
    if (auto e = Enqueue(c, {{"anna@example.org", "s", "b"}}, sealer, "2026-11-27T00:00:00Z"); !e)
      return e;
    return Fail(Error::Invalid("x", "the event itself failed"));
  });
  EXPECT_FALSE(r.has_value());
  EXPECT_EQ(repo.CountPending().value(), 0);
}

}  // namespace
}  // namespace doma::storage::sql
