// The database's change feed: what a node keeps in memory (the search index,
// the categories, the volunteers' feed) follows every committed change to the
// rows it is made of, whoever wrote them — another node, `doma seed`, `doma
// import`, an administrator's SQL. Both databases write the feed with
// triggers; on SQLite it holds the catalog only (the help requests have one
// writer, the server, which updates its memory as it writes).
#pragma once

#include <chrono>
#include <vector>

#include "core/error.h"

namespace doma::changes {

struct Change {
  enum class Kind {
    kService,      // key: the service's seq (it, its lists, phones or organisation changed)
    kCategory,     // key: 0 (reread the categories)
    kHelpRequest,  // key: the request's id (what the volunteers' feed shows of it changed)
  };
  Kind kind = Kind::kService;
  long long key = 0;
};

class ChangeFeed {
 public:
  virtual ~ChangeFeed() = default;
  // Sets where following starts: called before the node loads its memory
  // from the database, so that nothing committed while it loads is missed
  // (what is seen twice is only read again).
  virtual Status Mark() = 0;
  // Changes committed since the last call, in order, at most `limit`;
  // empty when there are none. Only changes of transactions that have ended
  // are returned, so that one committing late is never skipped.
  virtual Result<std::vector<Change>> Next(int limit) = 0;
  // Blocks until the database says something changed, or `timeout` passes
  // (a lost signal only delays).
  virtual void Wait(std::chrono::milliseconds timeout) = 0;
  // Deletes changes older than `keep`; returns how many. A node that has not
  // read the feed for that long reloads its memory instead.
  virtual Result<long long> Prune(std::chrono::seconds keep) = 0;
};

}  // namespace doma::changes
