// Which node runs the scheduled jobs: the one holding a PostgreSQL advisory
// lock (per schema) on a connection of its own. A node that dies drops its
// connection, the server releases the lock, and the next node to ask — each
// asks before its jobs, once a minute — takes over.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "storage/postgres/postgres.h"

namespace doma::storage::postgres {

class Leader {
 public:
  explicit Leader(std::string address) : address_(std::move(address)) {}
  // Whether this process holds the lock now (taking it if it is free).
  bool Holding();

 private:
  std::string address_;
  std::mutex mu_;
  std::unique_ptr<Connection> conn_;
  bool held_ = false;
};

}  // namespace doma::storage::postgres
