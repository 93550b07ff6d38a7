// The storage backends every repository contract suite runs on
// (INSTANTIATE_TEST_SUITE_P(Backends, …, ValuesIn(TestBackends()), …)). A
// backend opens a whole Storage in a fresh directory of its own; each suite
// uses the repository it tests. PostgreSQL is there when DOMA_TEST_PG names
// a server (scripts/with-postgres starts a throwaway one; `make test` runs
// the unit tests beside it); each test then gets a schema of its own.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "storage/open_storage.h"
#include "storage/postgres/postgres.h"

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

// A sealer that hides (so that a test can look for the text in the files)
// without a key: each byte flipped, behind a mark.
class XorSealer final : public notify::Sealer {
 public:
  std::string Seal(const std::string& p) override {
    std::string s = p;
    for (auto& c : s) c = static_cast<char>(c ^ 0x5a);
    return "x" + s;
  }
  Result<std::string> Open(const std::string& s) override {
    std::string p = s.substr(1);
    for (auto& c : p) c = static_cast<char>(c ^ 0x5a);
    return p;
  }
};

// DOMA_TEST_PG, or empty when the PostgreSQL backend is not tested.
inline std::string TestPostgres() {
  const char* pg = std::getenv("DOMA_TEST_PG");
  return pg ? pg : "";
}

// The address of a new, empty schema on DOMA_TEST_PG's server.
inline Result<std::string> FreshPostgresSchema() {
  static std::atomic<int> n{0};
  std::string schema = "t" + std::to_string(::getpid()) + "_" + std::to_string(++n);
  auto c = postgres::Connection::Open(TestPostgres());
  if (!c) return Fail(c.error());
  if (auto r = (*c)->Exec("CREATE SCHEMA " + schema); !r) return Fail(r.error());
  std::string base = TestPostgres();
  return base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
         schema;
}

inline std::vector<TestBackend> TestBackends() {
  std::vector<TestBackend> out = {{"sqlite", [](const std::string& dir, notify::Sealer* sealer) {
                                     return OpenStorage(dir + "/doma.db", sealer);
                                   }}};
  if (!TestPostgres().empty())
    out.push_back(
        {"postgresql",
         [](const std::string&, notify::Sealer* sealer) -> Result<std::unique_ptr<Storage>> {
           auto address = FreshPostgresSchema();
           if (!address) return Fail(address.error());
           return OpenStorage(*address, sealer);
         }});
  return out;
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
