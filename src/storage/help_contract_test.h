// The fixture of the help feature's contract tests (help_repository_test.cpp,
// help_pending_test.cpp): Help over a real HelpRepository on every backend of
// storage/test_backends.h, with a clock the test moves.
#pragma once

#include <gtest/gtest.h>

#include "crypto/sodium.h"
#include "domain/help/help.h"
#include "storage/test_backends.h"

namespace doma::storage {

class HelpContract : public StorageContract {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::Init());
    box_ = std::move(*crypto::SecretBoxSealer::FromKeyFile((dir_.path() / "key").string()));
    sealer_ = box_.get();
    StorageContract::SetUp();
    repo_ = storage_->help.get();
    gazetteer_ =
        help::Gazetteer({{"ulyanovsk-leninsky", "Ульяновск, Ленинский район", "Ulyanovsk, Leninsky",
                          "city_district", "г. Ульяновск", 54.3142, 48.4031},
                         {"dimitrovgrad", "Димитровград", "Dimitrovgrad", "town", "г. Димитровград",
                          54.2167, 49.6167}});
    geocoder_ = std::make_unique<help::GazetteerGeocoder>(gazetteer_);
    help::HelpPolicy policy;
    policy.utc_offset_minutes = 240;  // the gazetteer's region: UTC+4 all year
    help_ = std::make_unique<help::Help>(*repo_, gazetteer_, *geocoder_, secrets_, clock_, policy);
    requester_ = Account("resident@example.org", accounts::Role::kResident);
    coordinator_ = Account("coord@example.org", accounts::Role::kCoordinator);
    for (int n = 10; n < 20; ++n) volunteers_.push_back(Volunteer(n));
  }

  accounts::Account Account(const std::string& email, accounts::Role role) {
    return MakeAccount(email, role);
  }

  // Volunteer number `n` (10…19): phone +7 900 111-22-n, verified.
  accounts::Account Volunteer(int n) {
    auto a = Account("v" + std::to_string(n) + "@example.org", accounts::Role::kResident);
    help::VolunteerForm f{
        "Иван", "+7 900 111-22-" + std::to_string(n), "ulyanovsk-leninsky", {"groceries"}, true,
        "10"};
    EXPECT_TRUE(help_->RegisterVolunteer(a, f).has_value());
    auto v = help_->VerifyVolunteer(coordinator_, a.id, true, true);
    EXPECT_TRUE(v.has_value());
    return a;
  }

  // How many audit entries say `action` (and, when given, on `target`, by `actor`).
  int Audited(const std::string& action, const std::string& target, long long actor = -1) {
    auto list = storage_->accounts->ListAudit(1000, 0);
    EXPECT_TRUE(list.has_value());
    int n = 0;
    for (const auto& e : *list)
      if (e.action == action && (target.empty() || e.target == target) &&
          (actor < 0 || e.actor_id == actor))
        ++n;
    return n;
  }

  help::RequestForm Form(const std::string& phone = "+7 917 000-00-01") {
    help::RequestForm f;
    f.kinds = {"groceries"};
    f.details = "хлеб, молоко";
    f.recipient_name = "Анна Петровна";
    f.phone = phone;
    f.address = {"ул. Гончарова", "1", "12", "2", "3", "12К"};
    f.place_id = "ulyanovsk-leninsky";
    f.urgency = "today";
    f.consent = true;
    return f;
  }

  help::HelpRequest Submit(const help::RequestForm& f) {
    auto r = help_->SubmitRequest(requester_, f, "self");
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().public_message);
    return *r;
  }

  std::unique_ptr<crypto::SecretBoxSealer> box_;  // the real one: sealing is tested here
  help::HelpRepository* repo_ = nullptr;
  crypto::SodiumSecrets secrets_;
  ManualClock clock_{std::chrono::sys_days{std::chrono::year{2026} / 11 / 27} +
                     std::chrono::hours(6)};
  help::Gazetteer gazetteer_;
  std::unique_ptr<help::GazetteerGeocoder> geocoder_;
  std::unique_ptr<help::Help> help_;
  accounts::Account requester_, coordinator_;
  std::vector<accounts::Account> volunteers_;

  void TearDown() override {
    help_.reset();
    storage_.reset();
  }
};

}  // namespace doma::storage
