// Login, reset, sign-up and proposal attempts counted in the database, so
// that with several nodes the limits hold over all of them together (an
// attacker spreading guesses over the nodes gets the configured number, not
// that many per node). Exact rather than per-node shares of the limit: a
// share would have to know how many nodes run, and would refuse a person
// early when their attempts happen to land on one node.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "domain/accounts/throttle.h"
#include "storage/sql/sql.h"

namespace doma::storage::sql {

class SqlAttemptStore final : public accounts::AttemptStore {
 public:
  // `digest` turns a login name or an address into what is stored (a keyed
  // digest: neither is kept in clear).
  SqlAttemptStore(std::shared_ptr<Database> db,
                  std::function<std::string(const std::string&)> digest)
      : db_(std::move(db)), digest_(std::move(digest)) {}
  Result<long long> Begin(const std::string& throttle, const std::string& login_key,
                          const std::string& address, const accounts::ThrottlePolicy& policy,
                          std::chrono::system_clock::time_point now, bool count) override;
  Status Count(const std::string& throttle, const std::string& login_key,
               const std::string& address, std::chrono::system_clock::time_point now) override;
  Status Succeeded(const std::string& throttle, const std::string& login_key,
                   const std::string& address) override;

 private:
  std::shared_ptr<Database> db_;
  std::function<std::string(const std::string&)> digest_;
};

}  // namespace doma::storage::sql
