// ServiceSearch on Xapian 1.4 (glass backend on disk).
//
// Threading: one WritableDatabase, used under `write_mu_`; readers are a pool
// of Xapian::Database handles (a handle is not thread-safe), each reopened
// when the writer has committed since it was last used.
//
// Document ids are the services' storage sequence numbers, so per-document
// data that changes often or is needed per match (facet codes, clicks) lives
// in an in-memory table indexed by docid instead of in the index.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "domain/catalog/search.h"
#include "search/lexicon.h"

namespace Xapian {
class Database;
class WritableDatabase;
}  // namespace Xapian

namespace doma::search {

struct FacetTable;

class XapianSearch final : public catalog::ServiceSearch {
 public:
  // Creates (or overwrites) the index in `dir`: the index is a cache of the
  // database and is rebuilt from it at start.
  static Result<std::unique_ptr<XapianSearch>> Create(const std::string& dir, Lexicon lexicon);
  ~XapianSearch() override;

  Result<catalog::SearchResponse> Search(const catalog::SearchRequest& request) override;
  Status Index(const std::vector<catalog::Service>& services,
               const std::vector<catalog::Category>& categories) override;
  bool Ready() const override { return ready_.load(); }
  long long DocumentCount() override;
  void SetClicks(long long seq, long long clicks) override;

  // Marks the index as complete (after the initial build).
  void SetReady() { ready_ = true; }

 private:
  struct Reader;
  class ReaderLease;
  XapianSearch(std::string dir, Lexicon lexicon, std::unique_ptr<Xapian::WritableDatabase> w);
  ReaderLease Lease();

  std::string dir_;
  Lexicon lexicon_;
  std::atomic<bool> ready_{false};
  std::atomic<unsigned long long> generation_{0};

  std::mutex write_mu_;
  std::unique_ptr<Xapian::WritableDatabase> writer_;

  std::mutex readers_mu_;
  std::vector<std::unique_ptr<Reader>> readers_;

  std::mutex table_mu_;  // guards the pointer, not the table (immutable but clicks)
  std::shared_ptr<FacetTable> table_;
  std::shared_ptr<FacetTable> Table();
};

}  // namespace doma::search
