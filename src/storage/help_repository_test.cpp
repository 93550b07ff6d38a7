// The help feature over a real HelpRepository, on every backend of
// storage/test_backends.h, with a clock the test moves: retention erases
// what it must and nothing else, weekly requests repeat, overdue ones expire,
// concurrent takes have one winner, and personal data never reaches the
// backend's files in clear.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "storage/help_contract_test.h"

namespace doma::storage {
namespace {

namespace chr = std::chrono;

TEST_P(HelpContract, RetentionErasesClosedRequestsPastTheDeadlineAndNothingElse) {
  auto confirmed = Submit(Form("+7 917 000-00-01"));
  auto cancelled_late = Submit(Form("+7 917 000-00-02"));
  // `open` and `taken` are kept open by a far window: the expiry job must not close them.
  auto far = [&](const std::string& phone) {
    auto f = Form(phone);
    f.date = "2027-01-25";
    return f;
  };
  auto open = Submit(far("+7 917 000-00-03"));
  auto taken = Submit(far("+7 917 000-00-04"));
  ASSERT_TRUE(help_->TakeRequest(volunteers_[0], confirmed.id));
  ASSERT_TRUE(help_->CompleteRequest(volunteers_[0], confirmed.id, "512,40", "всё хорошо"));
  ASSERT_TRUE(help_->ConfirmRequest(requester_, confirmed.id, "5", "спасибо"));
  ASSERT_TRUE(help_->TakeRequest(volunteers_[1], taken.id));
  // Ten days later another one is cancelled: its 30 days start then.
  clock_.now += chr::days(10);
  ASSERT_TRUE(help_->CancelRequest(requester_, cancelled_late.id, "сын приехал"));
  clock_.now += chr::days(21);  // 31 days after the first closed, 21 after the second
  auto report = help_->RunScheduledJobs();
  ASSERT_TRUE(report.has_value()) << report.error().log_detail;
  EXPECT_EQ(report->erased, 1);

  auto erased = *repo_->Find(confirmed.id);
  EXPECT_TRUE(erased->erased);
  EXPECT_TRUE(erased->personal.phone.empty());
  EXPECT_TRUE(erased->personal.address.street.empty());
  EXPECT_TRUE(erased->code_word.empty());
  EXPECT_TRUE(erased->comment.empty());
  // The anonymous statistics stay.
  EXPECT_EQ(erased->status, help::RequestStatus::kConfirmed);
  EXPECT_EQ(erased->rating, 5);
  EXPECT_EQ(erased->receipt_kopecks, 51240);
  EXPECT_EQ(erased->kinds, std::vector<std::string>{"groceries"});
  for (auto id : {cancelled_late.id, open.id, taken.id}) {
    auto kept = *repo_->Find(id);
    EXPECT_FALSE(kept->erased) << id;
    EXPECT_FALSE(kept->personal.phone.empty()) << id;
    EXPECT_FALSE(kept->code_word.empty()) << id;
  }
  // Each erasure is in the audit log.
  EXPECT_EQ(Audited("personal_data_erased", "help:" + std::to_string(confirmed.id)), 1);

  clock_.now += chr::days(10);  // now the cancelled one is due too
  report = help_->RunScheduledJobs();
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->erased, 1);
  EXPECT_TRUE((*repo_->Find(cancelled_late.id))->erased);
  EXPECT_FALSE((*repo_->Find(open.id))->erased);
}

TEST_P(HelpContract, ARequestStuckInTakenIsEscalatedThenClosedSoThatItsDataIsErased) {
  auto r = Submit(Form());  // for today: its window ends this evening
  ASSERT_TRUE(help_->TakeRequest(volunteers_[0], r.id));
  auto volunteer_sees_address = [&] {
    auto v = help_->ViewRequest(volunteers_[0], r.id);
    return v.has_value() && v->show_personal;
  };
  ASSERT_TRUE(volunteer_sees_address());
  long long alerts_before = storage_->outbox->CountPending().value();

  clock_.now += chr::days(1);  // less than 48 hours after the window: nothing yet
  auto report = help_->RunScheduledJobs();
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->escalated, 0);

  clock_.now += chr::days(2);  // now well past: the coordinators are asked to act, once
  report = help_->RunScheduledJobs();
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->escalated, 1);
  EXPECT_EQ((*repo_->Find(r.id))->status, help::RequestStatus::kTaken);
  EXPECT_EQ(storage_->outbox->CountPending().value(), alerts_before + 1);  // one coordinator
  report = help_->RunScheduledJobs();
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->escalated, 0);

  clock_.now += chr::days(7) + chr::hours(1);  // nobody acted: the system closes it
  report = help_->RunScheduledJobs();
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->stuck_closed, 1);
  auto closed = *repo_->Find(r.id);
  EXPECT_EQ(closed->status, help::RequestStatus::kExpired);
  EXPECT_FALSE(closed->closed_at.empty());
  EXPECT_FALSE(volunteer_sees_address());
  // The requester and the volunteer are told.
  EXPECT_EQ(storage_->outbox->CountPending().value(), alerts_before + 3);

  clock_.now += chr::days(31);  // and like every closed request, its data is erased
  report = help_->RunScheduledJobs();
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->erased, 1);
  EXPECT_TRUE((*repo_->Find(r.id))->erased);
}

TEST_P(HelpContract, AStuckRequestThatACoordinatorReleasesIsNotClosedByTheSystem) {
  auto r = Submit(Form());
  ASSERT_TRUE(help_->TakeRequest(volunteers_[0], r.id));
  clock_.now += chr::days(3);
  ASSERT_EQ(help_->RunScheduledJobs()->escalated, 1);
  ASSERT_TRUE(help_->ReleaseRequest(coordinator_, r.id, "волонтёр заболел"));
  // Taken again by someone else: the old alert does not count for the new take.
  clock_.now += chr::minutes(5);
  ASSERT_TRUE(help_->TakeRequest(volunteers_[1], r.id));
  clock_.now += chr::days(8);
  auto report = help_->RunScheduledJobs();
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->stuck_closed, 0);
  EXPECT_EQ(report->escalated, 1);  // the new take is escalated on its own
  EXPECT_EQ((*repo_->Find(r.id))->status, help::RequestStatus::kTaken);
}

TEST_P(HelpContract, ConcurrentClaimsHaveExactlyOneWinner) {
  auto r = Submit(Form());
  std::atomic<int> won{0}, refused{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&, i] {
      auto got = help_->TakeRequest(volunteers_[static_cast<std::size_t>(i)], r.id);
      if (got)
        ++won;
      else if (got.error().code == Code::kConflict)
        ++refused;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(refused.load(), 7);
  EXPECT_EQ(help_->FeedSize(), 0u);
}

TEST_P(HelpContract, TheDashboardsMediansCountMinutesFromTheRequestToTakingAndToDone) {
  auto before = repo_->ComputeFigures("2026-11-27");
  ASSERT_TRUE(before.has_value());
  EXPECT_EQ(before->median_take_minutes, -1);  // nothing taken yet
  EXPECT_EQ(before->median_complete_minutes, -1);
  std::vector<help::HelpRequest> rs;
  for (int i = 0; i < 3; ++i) rs.push_back(Submit(Form("+7 917 000-00-0" + std::to_string(i + 1))));
  for (int i = 0; i < 3; ++i) {  // taken after 10, 20 and 30 minutes
    clock_.now += chr::minutes(10);
    ASSERT_TRUE(help_->TakeRequest(volunteers_[static_cast<std::size_t>(i)], rs[i].id));
  }
  clock_.now += chr::minutes(30);  // the first one done 60 minutes after it was asked for
  ASSERT_TRUE(help_->CompleteRequest(volunteers_[0], rs[0].id, "", ""));
  auto f = repo_->ComputeFigures("2026-11-27");
  ASSERT_TRUE(f.has_value());
  EXPECT_NEAR(f->median_take_minutes, 20, 0.01);
  EXPECT_NEAR(f->median_complete_minutes, 60, 0.01);
  EXPECT_EQ(f->taken, 2);
  EXPECT_EQ(f->done, 1);
}

TEST_P(HelpContract, CompletedRequestsAreListedForThePublicFiguresWithoutPersonalData) {
  std::vector<help::HelpRequest> rs;
  for (int i = 0; i < 2; ++i) rs.push_back(Submit(Form("+7 917 000-02-0" + std::to_string(i + 1))));
  const std::string asked = clock_.NowIso();
  clock_.now += chr::minutes(15);
  ASSERT_TRUE(help_->TakeRequest(volunteers_[1], rs[0].id));
  ASSERT_TRUE(help_->TakeRequest(volunteers_[1], rs[1].id));
  clock_.now += chr::minutes(45);
  const std::string since = clock_.NowIso();
  ASSERT_TRUE(help_->CompleteRequest(volunteers_[1], rs[0].id, "", ""));
  auto done = repo_->CompletedSince(since);
  ASSERT_TRUE(done.has_value()) << done.error().log_detail;
  ASSERT_EQ(done->size(), 1u) << "the request still taken is not listed";
  const auto& d = (*done)[0];
  EXPECT_EQ(d.created_at, asked);
  EXPECT_EQ(d.done_at, since);
  EXPECT_EQ(d.place_id, rs[0].place_id);
  EXPECT_EQ(d.volunteer_id, volunteers_[1].id);
  EXPECT_TRUE(repo_->CompletedSince("2099-01-01T00:00:00Z").value().empty());
}

// "Per day" is the region's day: a request made at 21:30 UTC is the next
// day's in UTC+4, and the day's figure turns over at the region's midnight.
TEST_P(HelpContract, RequestsPerDayAreCountedInTheRegionsDays) {
  const auto saved = RegionUtcOffset();
  SetRegionUtcOffset(chr::hours(4));
  for (auto [hour, minute] : {std::pair{19, 30}, std::pair{20, 30}, std::pair{21, 30}}) {
    clock_.now = chr::sys_days{chr::year{2026} / 11 / 26} + chr::hours(hour) + chr::minutes(minute);
    Submit(Form("+7 917 000-01-" + std::to_string(hour)));
  }
  auto f = repo_->ComputeFigures("2026-11-27");
  SetRegionUtcOffset(saved);
  ASSERT_TRUE(f.has_value());
  ASSERT_EQ(f->per_day.size(), 2u);
  EXPECT_EQ(f->per_day[0].day, "2026-11-26");  // 23:30 local
  EXPECT_EQ(f->per_day[0].created, 1);
  EXPECT_EQ(f->per_day[1].day, "2026-11-27");  // 00:30 and 01:30 local
  EXPECT_EQ(f->per_day[1].created, 2);
}

// The medians' 30 days are the region's too: a request made at 01:30 local
// time on the window's first day (21:30 UTC the day before) is in it.
TEST_P(HelpContract, TheMediansWindowStartsAtTheRegionsMidnight) {
  const auto saved = RegionUtcOffset();
  SetRegionUtcOffset(chr::hours(4));
  clock_.now = chr::sys_days{chr::year{2026} / 10 / 28} + chr::hours(21) + chr::minutes(30);
  auto r = Submit(Form());
  clock_.now += chr::minutes(10);
  ASSERT_TRUE(help_->TakeRequest(volunteers_[0], r.id));
  auto f = repo_->ComputeFigures("2026-11-27");  // the window opens on 29 October, local
  SetRegionUtcOffset(saved);
  ASSERT_TRUE(f.has_value());
  EXPECT_NEAR(f->median_take_minutes, 10, 0.01);
}

TEST_P(HelpContract, OverdueRequestsExpireAndCoordinatorsAreAlerted) {
  auto r = Submit(Form());
  clock_.now += chr::days(1);
  auto report = help_->RunScheduledJobs();
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->expired, 1);
  EXPECT_EQ((*repo_->Find(r.id))->status, help::RequestStatus::kExpired);
  EXPECT_GE(storage_->outbox->CountPending().value(), 2);  // the intake confirmation and the alert
}

TEST_P(HelpContract, AWeeklyRequestRepeatsAWeekLaterWithANewCodeWord) {
  auto f = Form();
  f.recurrence = "weekly";
  auto r = Submit(f);
  ASSERT_TRUE(help_->TakeRequest(volunteers_[0], r.id));
  ASSERT_TRUE(help_->CompleteRequest(volunteers_[0], r.id, "", ""));
  auto report = help_->RunScheduledJobs();
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->recurred, 1);
  auto open = repo_->AllOpen();
  ASSERT_EQ(open->size(), 1u);
  auto next = *repo_->Find(open->front().id);
  EXPECT_EQ(next->previous_id, r.id);
  EXPECT_EQ(next->personal.address.street, "ул. Гончарова");
  EXPECT_FALSE(next->code_word.empty());
  EXPECT_GT(next->window_end, r.window_end);
  // Running again creates nothing more.
  EXPECT_EQ(help_->RunScheduledJobs()->recurred, 0);
}

TEST_P(HelpContract, PersonalDataIsSealedInTheFile) {
  auto f = Form("+7 917 555-12-34");
  f.address.street = "улица Уникальная-Проверочная";
  f.address.intercom = "К9Z81";
  auto r = Submit(f);
  std::string file = dir_.AllBytes();
  EXPECT_EQ(file.find("79175551234"), std::string::npos);
  EXPECT_EQ(file.find("Уникальная-Проверочная"), std::string::npos);
  EXPECT_EQ(file.find("К9Z81"), std::string::npos);
  EXPECT_EQ(file.find(r.code_word), std::string::npos);
  EXPECT_EQ((*repo_->Find(r.id))->personal.address.intercom, "К9Z81");
}

TEST_P(HelpContract, OnlyTheAssignedVolunteerTheRequesterAndCoordinatorsSeeTheAddress) {
  auto r = Submit(Form());
  auto stranger = Account("stranger@example.org", accounts::Role::kResident);
  EXPECT_EQ(help_->ViewRequest(stranger, r.id).error().code, Code::kNotFound);
  auto before = help_->ViewRequest(volunteers_[1], r.id);
  ASSERT_TRUE(before.has_value());
  EXPECT_TRUE(before->can_take);
  EXPECT_FALSE(before->show_personal);
  EXPECT_TRUE(before->request.personal.phone.empty());
  ASSERT_TRUE(help_->TakeRequest(volunteers_[0], r.id));
  auto mine = help_->ViewRequest(volunteers_[0], r.id);
  ASSERT_TRUE(mine.has_value());
  EXPECT_TRUE(mine->show_personal);
  EXPECT_EQ(mine->request.personal.address.intercom, "12К");
  EXPECT_EQ(help_->ViewRequest(volunteers_[1], r.id).error().code, Code::kNotFound);
  auto own = help_->ViewRequest(requester_, r.id);
  ASSERT_TRUE(own.has_value());
  EXPECT_TRUE(own->show_personal);
  EXPECT_EQ(own->volunteer->first_name, "Иван");
  EXPECT_TRUE(own->volunteer->phone.empty());
  EXPECT_EQ(Audited("address_revealed", "", volunteers_[0].id), 1);
}

TEST_P(HelpContract, SuspendingAVolunteerReturnsTheirRequestsToTheFeed) {
  auto r = Submit(Form());
  ASSERT_TRUE(help_->TakeRequest(volunteers_[0], r.id));
  EXPECT_EQ(help_->FeedSize(), 0u);
  ASSERT_TRUE(help_->SuspendVolunteer(coordinator_, volunteers_[0].id, "жалоба"));
  EXPECT_EQ((*repo_->Find(r.id))->status, help::RequestStatus::kOpen);
  EXPECT_EQ(help_->FeedSize(), 1u);
  EXPECT_EQ(help_->TakeRequest(volunteers_[0], r.id).error().code, Code::kForbidden);
  auto check = help_->CheckBadge(help_->VolunteerFor(coordinator_, volunteers_[0].id)->badge);
  ASSERT_TRUE(check.has_value() && check->has_value());
  EXPECT_EQ((*check)->status, help::VolunteerStatus::kSuspended);
}

TEST_P(HelpContract, AVerifiedVolunteerCannotChangeTheNameTheBadgeShows) {
  help::VolunteerForm f{"Иван", "+7 900 111-22-10", "ulyanovsk-leninsky", {"groceries"}, true,
                        "10"};
  f.first_name = "Григорий";
  auto r = help_->RegisterVolunteer(volunteers_[0], f);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "first_name");
  f.first_name = "Иван";
  f.max_km = "25";  // everything else may change
  EXPECT_TRUE(help_->RegisterVolunteer(volunteers_[0], f));
}

TEST_P(HelpContract, APointPickedOnTheMapIsShownOnlyToThoseWhoSeeTheAddress) {
  auto f = Form();
  f.lat = "54.3301";
  f.lon = "48.3902";
  auto r = Submit(f);
  auto before = help_->ViewRequest(volunteers_[1], r.id);
  ASSERT_TRUE(before.has_value());
  EXPECT_DOUBLE_EQ(before->request.lat, 54.3142);  // the district's centre
  ASSERT_TRUE(help_->TakeRequest(volunteers_[0], r.id));
  EXPECT_DOUBLE_EQ(help_->ViewRequest(volunteers_[0], r.id)->request.lat, 54.3301);
}

TEST_P(HelpContract, AnEveningCallForTodayGetsTheNextHoursNotARefusal) {
  clock_.now = chr::sys_days{chr::year{2026} / 11 / 27} + chr::hours(18);  // 22:00 in Ulyanovsk
  auto r = help_->SubmitRequest(requester_, Form(), "self");
  ASSERT_TRUE(r.has_value()) << r.error().public_message;
  EXPECT_EQ(r->window_end, "2026-11-27T21:00:00Z");
}

TEST_P(HelpContract, AReleasedRequestGetsANewCodeWordAndTheRequesterIsToldIt) {
  auto r = Submit(Form());
  ASSERT_TRUE(help_->TakeRequest(volunteers_[0], r.id));
  ASSERT_TRUE(help_->ReleaseRequest(volunteers_[0], r.id, "заболел"));
  auto after = *repo_->Find(r.id);
  EXPECT_EQ(after->status, help::RequestStatus::kOpen);
  EXPECT_NE(after->code_word, r.code_word);
  EXPECT_EQ(help_->FeedSize(), 1u);
}

TEST_P(HelpContract, TheVolunteerLosesTheAddressOnceTheRequestIsDone) {
  auto r = Submit(Form());
  ASSERT_TRUE(help_->TakeRequest(volunteers_[0], r.id));
  ASSERT_TRUE(help_->CompleteRequest(volunteers_[0], r.id, "", ""));
  auto view = help_->ViewRequest(volunteers_[0], r.id);
  ASSERT_TRUE(view.has_value());
  EXPECT_FALSE(view->show_personal);
  EXPECT_TRUE(view->request.personal.address.street.empty());
}

TEST_P(HelpContract, MergingIntoAClosedRequestIsRefused) {
  auto a = Submit(Form("+7 917 000-00-01"));
  auto b = Submit(Form("+7 917 000-00-02"));
  ASSERT_TRUE(help_->CancelRequest(requester_, b.id, ""));
  auto merged = help_->MergeRequests(coordinator_, a.id, b.id);
  ASSERT_FALSE(merged);
  EXPECT_EQ(merged.error().field, "into");
  EXPECT_EQ((*repo_->Find(a.id))->status, help::RequestStatus::kOpen);
}

// Someone who knows an old person's address files a "duplicate"; a
// coordinator merges it into the real request. The word the old person will
// trust at the door must reach nobody but its own requester.
TEST_P(HelpContract, MergingTellsTheOtherRequesterNeitherTheCodeWordNorTheNumber) {
  auto stranger = Account("stranger@example.org", accounts::Role::kResident);
  auto real = Submit(Form("+7 917 000-00-01"));
  auto dup = help_->SubmitRequest(stranger, Form("+7 917 000-00-02"), "self");
  ASSERT_TRUE(dup.has_value());
  ASSERT_TRUE(help_->MergeRequests(coordinator_, dup->id, real.id));
  auto sent = storage_->outbox->TakeDue("2100-01-01T00:00:00Z", 100, "2100-01-01T00:05:00Z");
  ASSERT_TRUE(sent.has_value());
  int to_stranger = 0;
  for (const auto& m : *sent) {
    if (m.to != "stranger@example.org") continue;
    if (m.subject.find("объединена") == std::string::npos &&
        m.body.find("объедин") == std::string::npos)
      continue;
    ++to_stranger;
    EXPECT_EQ(m.body.find(real.code_word), std::string::npos) << m.body;
    EXPECT_EQ(m.body.find(help::Number(real.id)), std::string::npos) << m.body;
    EXPECT_EQ(m.subject.find(help::Number(real.id)), std::string::npos) << m.subject;
  }
  EXPECT_EQ(to_stranger, 1) << "the duplicate's requester is told that it was joined";
}

// The same person filing twice already knows the kept request's word: they
// are told which request help comes by.
TEST_P(HelpContract, MergingTheSameRequestersTwoRequestsNamesTheOneKept) {
  auto first = Submit(Form("+7 917 000-00-01"));
  auto again = Submit(Form("+7 917 000-00-01"));
  ASSERT_TRUE(help_->MergeRequests(coordinator_, again.id, first.id));
  auto sent = storage_->outbox->TakeDue("2100-01-01T00:00:00Z", 100, "2100-01-01T00:05:00Z");
  ASSERT_TRUE(sent.has_value());
  bool told = false;
  for (const auto& m : *sent)
    if (m.subject.find("объединена") != std::string::npos) {
      told = true;
      EXPECT_NE(m.body.find(help::Number(first.id)), std::string::npos) << m.body;
    }
  EXPECT_TRUE(told);
}

// The map shows where each open request is, to the point picked: a reveal
// like an address, so it is audited.
TEST_P(HelpContract, TheCoordinatorsMapIsAudited) {
  Submit(Form());
  EXPECT_EQ(Audited("requests_map_viewed", ""), 0);
  auto map = help_->MapOfRequests(coordinator_);
  ASSERT_TRUE(map.has_value());
  EXPECT_EQ(map->size(), 1u);
  EXPECT_EQ(Audited("requests_map_viewed", "", coordinator_.id), 1);
  EXPECT_EQ(help_->MapOfRequests(requester_).error().code, Code::kForbidden);
  EXPECT_EQ(Audited("requests_map_viewed", ""), 1);
}

// A volunteer's first name is what the badge check shows at the door: it must
// not be made to display as another (bidi overrides), nor hide control codes.
TEST_P(HelpContract, NamesAndAddressesThatLieAreRefused) {
  auto stranger = Account("liar@example.org", accounts::Role::kResident);
  help::VolunteerForm v{
      "Иван\u202Eвонаври", "+7 900 111-33-44", "ulyanovsk-leninsky", {"groceries"}, true, "10"};
  auto refused = help_->RegisterVolunteer(stranger, v);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().field, "first_name");
  v.first_name = "Иван";
  EXPECT_TRUE(help_->RegisterVolunteer(stranger, v).has_value());

  auto f = Form();
  f.address.street = std::string("ул. Гончарова\x1b[2J");
  auto bad = help_->SubmitRequest(requester_, f, "self");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().field, "street");
  f = Form();
  f.details = "хлеб,\nмолоко";  // a line break in a multi-line field is fine
  EXPECT_TRUE(help_->SubmitRequest(requester_, f, "self").has_value());
  auto r = Submit(Form());
  ASSERT_TRUE(help_->TakeRequest(volunteers_[0], r.id));
  auto release = help_->ReleaseRequest(volunteers_[0], r.id, "заболел\u202E");
  ASSERT_FALSE(release.has_value());
  EXPECT_EQ(release.error().field, "reason");
}

INSTANTIATE_TEST_SUITE_P(Backends, HelpContract, ::testing::ValuesIn(TestBackends()), BackendName);

}  // namespace
}  // namespace doma::storage
