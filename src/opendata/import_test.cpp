#include "opendata/import.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace doma::opendata {
namespace {

const char* kService = "ac148810-d857-441c-9679-408f346de14b";
const char* kOrg = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610";

std::vector<catalog::Category> Categories() {
  catalog::Category health;
  health.slug = "health";
  health.name_ru = "Здоровье";
  health.name_en = "Health";
  catalog::Category food;
  food.slug = "food";
  food.name_ru = "Еда";
  food.name_en = "Food";
  return {health, food};
}

// One service with its organisation, as a nested JSON page.
std::string Page(const std::string& service_fields) {
  return std::string(R"({"total_items":1,"contents":[{"id":")") + kService +
         R"(","name":"Телефон доверия","description":"Помогают по телефону. Бесплатно и анонимно.",)"
         R"("url":"https://example.org/help","status":"active","organization":{"id":")" +
         kOrg + R"(","name":"Фонд","description":"Фонд помощи"},)" +
         R"("phones":[{"id":"1554f2e2-a373-45db-a3fa-9fc48a61c15e","number":"8 800 200-01-22","type":"voice"}],)"
         R"("service_areas":[{"id":"381c64f1-a724-4884-9c21-ac96c21cca3e","name":"Российская Федерация"}],)"
         R"("cost_options":[{"id":"1fdf4d39-3d80-484d-9f92-a8ffa08621e7","amount":0}],)"
         R"("attributes":[{"id":"ae58cc39-8b70-4ab1-8aea-786882e5ac8e","taxonomy_term":)"
         R"({"id":"3f7b145d-84af-42d7-8fae-eaca714b02b2","name":"Здоровье","description":"d"}}])" +
         service_fields + "}]}";
}

ImportPlan Plan(const std::string& json, const Snapshot& current, ImportOptions o = {}) {
  auto in = ReadHsdsJson(json);
  EXPECT_TRUE(in) << (in ? "" : in.error().public_message);
  o.publish = true;
  return PlanImport(*in, current, Categories(), o);
}

bool Names(const ImportPlan& p, std::string_view field, std::string_view words) {
  return std::any_of(p.problems.begin(), p.problems.end(), [&](const Problem& x) {
    return x.field == field && x.Text().find(words) != std::string::npos;
  });
}

TEST(HsdsImport, AValidServiceMapsOntoTheCatalogsOwnFields) {
  auto empty = MakeSnapshot({}, Categories(), 0);
  auto plan = Plan(Page(""), *empty);
  ASSERT_TRUE(plan.ok()) << plan.problems.front().Text();
  ASSERT_EQ(plan.to_store.size(), 1u);
  const auto& s = plan.to_store[0];
  EXPECT_EQ(s.uuid, kService);
  EXPECT_EQ(s.id, "telefon-doveriya");
  EXPECT_EQ(s.short_description, "Помогают по телефону.");
  EXPECT_EQ(s.organization.uuid, kOrg);
  EXPECT_EQ(s.scope, "federal");
  EXPECT_EQ(s.cost, "free");
  EXPECT_EQ(s.categories, std::vector<std::string>{"health"});  // by the term's name
  EXPECT_EQ(s.platforms, (std::vector<std::string>{"web", "phone"}));
  EXPECT_EQ(s.phones.at(0).kind, "info");
}

TEST(HsdsImport, EveryRuleBrokenIsReportedWithItsRowAndFieldAndNothingIsStored) {
  auto empty = MakeSnapshot({}, Categories(), 0);
  auto plan =
      Plan(Page(R"(,"minimum_age":"twelve","last_modified":"yesterday","email":"nobody")"), *empty);
  EXPECT_TRUE(Names(plan, "minimum_age", "«twelve» — не число")) << plan.problems.size();
  EXPECT_TRUE(Names(plan, "last_modified", "не дата и время"));
  EXPECT_TRUE(Names(plan, "email", "не адрес электронной почты"));
  EXPECT_TRUE(Names(plan, "email", "services[0]"));
  EXPECT_TRUE(plan.to_store.empty());

  std::string bad_status = Page("");
  bad_status.replace(bad_status.find("\"active\""), 8, "\"closed\"");
  auto p2 = Plan(bad_status, *empty);
  EXPECT_TRUE(Names(p2, "status", "«closed» — не из списка"));

  std::string bad_id = Page("");
  bad_id.replace(bad_id.find(kService), 36, "not-a-uuid");
  EXPECT_TRUE(Names(Plan(bad_id, *empty), "id", "не UUID"));
}

TEST(HsdsImport, DuplicateIdsAndDanglingReferencesAreProblems) {
  HsdsInput in;
  for (const auto& spec : TableSpecs()) in.tables[std::string(spec.file)].spec = &spec;
  auto& services = in.tables["services.csv"];
  Row r{{"id", kService},
        {"name", "A"},
        {"status", "active"},
        {"url", "https://a.example/"},
        {"organization_id", kOrg}};
  services.rows = {r, r};
  services.where = {"services.csv, запись 2", "services.csv, запись 3"};
  auto empty = MakeSnapshot({}, Categories(), 0);
  ImportOptions o;
  o.publish = true;
  o.default_category = "food";
  auto plan = PlanImport(in, *empty, Categories(), o);
  EXPECT_TRUE(Names(plan, "id", "services.csv, запись 3, поле id: id " + std::string(kService)));
  EXPECT_TRUE(Names(plan, "organization_id", "нет строки с id"));
  EXPECT_TRUE(plan.to_store.empty());
}

TEST(HsdsImport, SkipInvalidStoresTheValidServicesAndCountsTheRest) {
  HsdsInput in;
  for (const auto& spec : TableSpecs()) in.tables[std::string(spec.file)].spec = &spec;
  auto& services = in.tables["services.csv"];
  services.rows = {
      {{"id", kService}, {"name", "Хороший"}, {"status", "active"}, {"url", "https://a.example/"}},
      {{"id", "bc148810-d857-441c-9679-408f346de14b"}, {"name", "Плохой"}, {"status", "?"}}};
  services.where = {"services.csv, запись 2", "services.csv, запись 3"};
  ImportOptions o;
  o.publish = true;
  o.skip_invalid = true;
  o.default_category = "food";
  auto empty = MakeSnapshot({}, Categories(), 0);
  auto plan = PlanImport(in, *empty, Categories(), o);
  ASSERT_EQ(plan.to_store.size(), 1u);
  EXPECT_EQ(plan.to_store[0].name, "Хороший");
  EXPECT_EQ(plan.skipped, 1);
  EXPECT_EQ(plan.added, 1);
}

TEST(HsdsImport, AServiceStoredUnchangedIsNotStoredAgainAndANewOneGetsAFreeSlug) {
  auto empty = MakeSnapshot({}, Categories(), 0);
  auto first = Plan(Page(""), *empty);
  ASSERT_EQ(first.to_store.size(), 1u);
  // What storage gives back: the same service, its sets in another order.
  catalog::Service stored = first.to_store[0];
  std::reverse(stored.platforms.begin(), stored.platforms.end());
  stored.seq = 1;
  auto current = MakeSnapshot({stored}, Categories(), 1);
  auto second = Plan(Page(""), *current);
  EXPECT_EQ(second.unchanged, 1);
  EXPECT_TRUE(second.to_store.empty());

  // Another service of the same name is a new one with the next free slug.
  std::string other = Page("");
  other.replace(other.find(kService), 36, "bc148810-d857-441c-9679-408f346de14b");
  auto third = Plan(other, *current);
  ASSERT_EQ(third.to_store.size(), 1u);
  EXPECT_EQ(third.to_store[0].id, "telefon-doveriya-2");
  EXPECT_NE(ProposalKey(third.to_store[0]), ProposalKey(first.to_store[0]));
}

TEST(HsdsImport, WithoutACategoryAPublishedServiceIsAProblemButAProposalIsNot) {
  std::string page = Page("");
  page.replace(page.find("\"Здоровье\""), 18, "\"Юристы\"");
  auto empty = MakeSnapshot({}, Categories(), 0);
  auto published = Plan(page, *empty);
  EXPECT_TRUE(Names(published, "categories", "не сопоставлен"));
  auto in = ReadHsdsJson(page);
  ASSERT_TRUE(in);
  auto proposed = PlanImport(*in, *empty, Categories(), ImportOptions{});
  ASSERT_TRUE(proposed.ok());
  ASSERT_EQ(proposed.to_store.size(), 1u);
  EXPECT_TRUE(proposed.to_store[0].categories.empty());
  EXPECT_TRUE(proposed.to_store[0].id.empty());
  // The mapping file decides.
  ImportOptions mapped;
  ASSERT_TRUE(ReadMapping(
      R"({"terms":{"3f7b145d-84af-42d7-8fae-eaca714b02b2":{"category":"food"}}})", mapped));
  auto with_map = Plan(page, *empty, mapped);
  ASSERT_EQ(with_map.to_store.size(), 1u);
  EXPECT_EQ(with_map.to_store[0].categories, std::vector<std::string>{"food"});
}

}  // namespace
}  // namespace doma::opendata

namespace doma::opendata {
namespace {

TEST(HsdsImport, AnOrganisationIdTakenByAnotherNameHereIsNotKept) {
  auto empty = MakeSnapshot({}, Categories(), 0);
  auto first = Plan(Page(""), *empty);
  ASSERT_EQ(first.to_store.size(), 1u);
  catalog::Service stored = first.to_store[0];
  stored.seq = 1;
  stored.organization.name = "Другой фонд";  // kOrg is this one's here
  auto current = MakeSnapshot({stored}, Categories(), 1);
  std::string other = Page("");
  other.replace(other.find(kService), 36, "bc148810-d857-441c-9679-408f346de14b");
  auto plan = Plan(other, *current);
  ASSERT_EQ(plan.to_store.size(), 1u);
  EXPECT_EQ(plan.to_store[0].organization.name, "Фонд");
  EXPECT_EQ(plan.to_store[0].organization.uuid, catalog::OrganizationUuid("Фонд"));
  EXPECT_TRUE(std::any_of(plan.notes.begin(), plan.notes.end(), [](const std::string& n) {
    return n.find("is «Другой фонд»\'s here") != std::string::npos;
  }));
}

}  // namespace
}  // namespace doma::opendata

namespace doma::opendata {
namespace {

TEST(HsdsImport, NumbersAtTheEdgesOfADoubleAreProblemsNotCrashes) {
  auto empty = MakeSnapshot({}, Categories(), 0);
  std::string tiny = Page("");
  tiny.replace(tiny.find("\"amount\":0"), 10, "\"amount\":\"1e-310\"");
  ImportPlan plan;
  EXPECT_NO_THROW(plan = Plan(tiny, *empty));
  ASSERT_EQ(plan.to_store.size(), 1u);
  EXPECT_EQ(plan.to_store[0].cost, "paid") << "an amount above zero, however small";
  auto huge = Plan(Page(R"(,"minimum_age":1e10)"), *empty);
  EXPECT_TRUE(Names(huge, "min_age", "Возраст от 0 до 120")) << huge.problems.size();
}

}  // namespace
}  // namespace doma::opendata
