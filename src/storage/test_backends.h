// The storage backends every repository contract suite runs on
// (INSTANTIATE_TEST_SUITE_P(Backends, …, ValuesIn(TestBackends()), …)). A
// backend opens a whole Storage in a fresh directory of its own; each suite
// uses the repository it tests. The PostgreSQL backend adds itself here.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "storage/open_storage.h"

namespace doma::storage {

struct TestBackend {
  std::string name;
  // Opens a migrated, empty storage whose files live under `dir`.
  std::function<Result<std::unique_ptr<Storage>>(const std::string& dir, notify::Sealer* sealer)>
      open;
};

// A sealer for tests that need one but do not test sealing: it marks what
// it seals and hides nothing.
class PlainSealer final : public notify::Sealer {
 public:
  std::string Seal(const std::string& p) override { return "sealed:" + p; }
  Result<std::string> Open(const std::string& s) override { return s.substr(7); }
};

inline std::vector<TestBackend> TestBackends() {
  return {{"sqlite", [](const std::string& dir, notify::Sealer* sealer) {
             return OpenStorage(dir + "/doma.db", sealer);
           }}};
}

// gtest names a failing case's parameter with this.
inline void PrintTo(const TestBackend& b, std::ostream* os) { *os << b.name; }

inline std::string BackendName(const ::testing::TestParamInfo<TestBackend>& info) {
  return info.param.name;
}

// A directory for one test, named after it and its backend, removed at the end.
class TestDir {
 public:
  explicit TestDir(const std::string& prefix) {
    const auto* t = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string(t->test_suite_name()) + "-" + t->name();
    for (auto& c : name)
      if (c == '/') c = '-';
    path_ = std::filesystem::temp_directory_path() /
            (prefix + "-" + std::to_string(::getpid()) + "-" + name);
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TestDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  std::string str() const { return path_.string(); }
  // Every byte the backend left on disk (data files, journals), to look for
  // what must never be there in clear.
  std::string AllBytes() const {
    std::string out;
    for (const auto& e : std::filesystem::recursive_directory_iterator(path_)) {
      if (!e.is_regular_file()) continue;
      std::ifstream in(e.path(), std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      out += ss.str();
    }
    return out;
  }

 private:
  std::filesystem::path path_;
};

// The fixture of a contract suite: the backend's storage, opened in a fresh
// directory with `sealer_` (a PlainSealer unless the suite points it at
// another in its constructor).
class StorageContract : public ::testing::TestWithParam<TestBackend> {
 protected:
  void SetUp() override {
    auto opened = GetParam().open(dir_.str(), sealer_);
    ASSERT_TRUE(opened.has_value()) << opened.error().log_detail;
    storage_ = std::move(*opened);
  }
  void TearDown() override { storage_.reset(); }
  // An account with one role, for what needs an actor.
  accounts::Account MakeAccount(const std::string& email, accounts::Role role,
                                const std::string& name = "x") {
    accounts::Account a;
    a.email = email;
    a.name = name;
    a.password_hash = "x";
    a.roles = {role};
    auto stored = storage_->accounts->Create(a, "2026-01-01T00:00:00Z");
    EXPECT_TRUE(stored.has_value());
    return stored.value_or(a);
  }

  TestDir dir_{"doma-contract"};
  PlainSealer plain_sealer_;
  notify::Sealer* sealer_ = &plain_sealer_;
  std::unique_ptr<Storage> storage_;
};

}  // namespace doma::storage
