#include "storage/sqlite/backup.h"

#include <gtest/gtest.h>

#include "domain/catalog/sample_service.h"
#include "storage/test_backends.h"

namespace doma::storage::sqlite {
namespace {

TEST(SqliteBackup, CopiesWhatIsCommittedAndNeverOverwrites) {
  TestDir dir("doma-sqlite-backup");
  PlainSealer sealer;
  const std::string db = (dir.path() / "doma.db").string(),
                    copy = (dir.path() / "copy.db").string();
  auto s = OpenStorage(db, &sealer);
  ASSERT_TRUE(s.has_value());
  ASSERT_TRUE((*s)->catalog->UpsertCategories({{"health", "", "Здоровье", "Health", 0}}));
  auto svc = catalog::SampleService("apteka");
  svc.categories = {"health"};
  ASSERT_TRUE((*s)->catalog->UpsertServices({svc}, "2026-12-01T00:00:00Z"));
  auto pages = BackupTo(db, copy);  // the server still has it open
  ASSERT_TRUE(pages.has_value()) << pages.error().log_detail;
  EXPECT_GT(*pages, 0);
  auto again = BackupTo(db, copy);
  ASSERT_FALSE(again.has_value());
  EXPECT_NE(again.error().public_message.find("exists"), std::string::npos);
  auto restored = OpenStorage(copy, &sealer);
  ASSERT_TRUE(restored.has_value());
  auto found = (*restored)->catalog->FindService("apteka");
  ASSERT_TRUE(found.has_value());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->name, svc.name);
  auto problems = (*restored)->check_integrity();
  ASSERT_TRUE(problems.has_value());
  EXPECT_TRUE(problems->empty());
}

}  // namespace
}  // namespace doma::storage::sqlite
