#include "opendata/tables.h"

#include <gtest/gtest.h>

#include "core/ids.h"

namespace doma::opendata {
namespace {

TEST(HsdsTables, CsvRoundTripKeepsCommasQuotesNewlinesAndCyrillic) {
  Table t;
  t.spec = FindTable("phones.csv");
  ASSERT_NE(t.spec, nullptr);
  t.rows.push_back({{"id", "1554f2e2-a373-45db-a3fa-9fc48a61c15e"},
                    {"number", "8 800 100-00-00"},
                    {"description", "Горячая линия, \"круглосуточно\"\nи без выходных"}});
  t.rows.push_back({{"id", "2554f2e2-a373-45db-a3fa-9fc48a61c15e"}, {"number", "112"}});
  auto back = ReadCsv("phones.csv", WriteCsv(t));
  ASSERT_TRUE(back) << back.error().public_message;
  ASSERT_EQ(back->rows.size(), 2u);
  EXPECT_EQ(back->rows[0].at("description"), "Горячая линия, \"круглосуточно\"\nи без выходных");
  EXPECT_EQ(back->rows[1].at("number"), "112");
  EXPECT_EQ(back->rows[1].at("description"), "");
  EXPECT_EQ(back->where[1], "phones.csv, запись 3");
}

TEST(HsdsTables, ReadCsvSkipsAByteOrderMarkAndNamesTheRecordOfBadQuoting) {
  auto bom = ReadCsv("services.csv", "\xEF\xBB\xBFid,name\r\na,b\r\n");
  ASSERT_TRUE(bom);
  EXPECT_EQ(bom->rows.at(0).at("id"), "a");
  auto bad = ReadCsv("services.csv", "id,name\na,b\nc,\"unterminated\n");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().public_message.find("services.csv, запись 3"), std::string::npos)
      << bad.error().public_message;
}

TEST(HsdsTables, AnExtraValueInARowIsKeptForTheCheckToReport) {
  auto t = ReadCsv("services.csv", "id,name\na,b,c\n");
  ASSERT_TRUE(t);
  EXPECT_TRUE(t->rows.at(0).contains("\x01extra"));
}

TEST(HsdsTables, ZipIsAnArchiveWithEveryFile) {
  auto zip = Zip({{"a.csv", "id\n1\n"}, {"datapackage.json", "{}"}});
  ASSERT_TRUE(zip);
  ASSERT_GT(zip->size(), 22u);
  EXPECT_EQ(zip->substr(0, 4), std::string("PK\x03\x04", 4));
  EXPECT_NE(zip->find("datapackage.json"), std::string::npos);
  // The same files give the same bytes (no timestamps): the export is cacheable.
  EXPECT_EQ(*zip, *Zip({{"a.csv", "id\n1\n"}, {"datapackage.json", "{}"}}));
}

TEST(HsdsIds, Uuid5IsStableVersion5AndDiffersByName) {
  std::string a = ids::Uuid5("service:gosuslugi");
  EXPECT_TRUE(ids::IsUuid(a));
  EXPECT_EQ(a, ids::Uuid5("service:gosuslugi"));
  EXPECT_NE(a, ids::Uuid5("service:gosuslugi-2"));
  EXPECT_EQ(a[14], '5');
  EXPECT_FALSE(ids::IsUuid("ac148810-d857-441c-9679-408f346de14"));
  EXPECT_FALSE(ids::IsUuid("ac148810xd857-441c-9679-408f346de14b"));
  EXPECT_TRUE(ids::IsUuid("AC148810-D857-441C-9679-408F346DE14B"));
}

}  // namespace
}  // namespace doma::opendata
