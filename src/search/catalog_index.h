// ServiceSearch over an in-memory inverted index of the catalog.
//
// Why not Xapian's matcher (which Doma used until issue 5): at 100,000
// services it spent about 1 µs per matching document, and a typical query
// matches thousands (p99 23 ms, PostgreSQL's 25 ms). Here a match costs tens
// of nanoseconds: posting lists are flat arrays of (document, wdf) shared
// between versions of the index, with a dense wdf array for common terms;
// filters and facet counts read 16 bytes per document (its set of categories
// interned: services share few), so facets are a few increments per match and
// are expanded once at the end; BM25 uses length norms computed when the
// index changes. Xapian still does the stemming (normalize.h). The index is
// kept in memory and saved to a file between runs (Save/Load).
//
// What a query means is unchanged: every word (or one of its synonyms, as one
// term) must match; names and category names weigh more; corrections (keyboard
// layout, transliteration, spelling) are tried only when the literal query
// finds fewer than 3 services; if nothing has every word, any word will do.
//
// Threading: a search reads one immutable Snapshot; Index() builds the next
// snapshot under a mutex, sharing every posting list it does not change with
// the previous one, and publishes it atomically. Searches never wait for
// Index(). Click counts are atomics shared across snapshots.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/catalog/search.h"
#include "search/lexicon.h"
#include "search/normalize.h"
#include "search/spelling.h"

namespace doma::search {

struct Snapshot;

class CatalogIndex final : public catalog::ServiceSearch {
 public:
  // `fingerprint` identifies the dictionary files the lexicon came from: an
  // index saved with another dictionary is not loaded.
  explicit CatalogIndex(Lexicon lexicon, std::string fingerprint = {});
  ~CatalogIndex() override;

  Result<catalog::SearchResponse> Search(const catalog::SearchRequest& request) override;
  // Adds or replaces these services; visible to every search that starts
  // after it returns. Cost: the changed services' text, plus a copy of each
  // posting list one of them enters or leaves.
  Status Index(const std::vector<catalog::Service>& services,
               const std::vector<catalog::Category>& categories) override;
  bool Ready() const override { return ready_.load(); }
  long long DocumentCount() override;
  void SetClicks(long long seq, long long clicks) override;
  unsigned long long Generation() const override { return generation_.load(); }
  std::vector<std::string> ServiceIds() const override;

  // Marks the index as complete (after the initial build).
  void SetReady() { ready_ = true; }

  // The index on disk, so that a restart does not re-read and re-tokenise the
  // catalog (at 100,000 services: ~0.3 s to load against ~7 s to rebuild).
  // Save writes the current index to `path` through a temporary file and a
  // rename, labelled with the catalog's `version` (storage's catalog_version:
  // the caller reads it when the index holds every change up to it).
  // Load replaces the index with the saved one if its label is `version` and
  // it was written by this build's format from the same dictionary; otherwise
  // (missing, older, damaged) it returns false and changes nothing. Click
  // counts are not saved: the caller sets them from the database.
  // Save refuses (kUnavailable, nothing written) when writing would leave
  // less free space on that disk than the file's size or kIndexDiskReserve:
  // the index is a cache, and the last megabytes belong to the database.
  static constexpr std::uint64_t kIndexDiskReserve = 16ull << 20;
  Status Save(const std::string& path, long long version) const;
  bool Load(const std::string& path, long long version);

 private:
  std::shared_ptr<const Snapshot> Current() const;
  std::vector<catalog::ServiceSummary> Unlisted(const Snapshot& snap,
                                                const std::vector<Token>& tokens) const;
  // The term's id, or -1 when no document ever had it.
  long long TermId(const std::string& term) const;
  std::uint32_t InternTerm(const std::string& term);  // under write_mu_
  // The terms a word of a document adds (its stem, synonym groups, and the
  // name/category variants), cached: stemming and term lookups dominated
  // indexing. Under write_mu_.
  struct WordTerms {
    std::string stem;
    std::uint32_t plain = 0;
    std::vector<std::uint32_t> synonyms;  // "S" terms of every group the stem is in
    long long name = -1, category = -1;   // interned on first use
  };
  WordTerms& TermsOf(const Token& token);

  Lexicon lexicon_;
  std::string fingerprint_;
  Spelling spelling_;
  std::atomic<bool> ready_{false};
  std::atomic<unsigned long long> generation_{0};

  mutable std::shared_mutex terms_mu_;  // Index() adds, searches look up
  std::unordered_map<std::string, std::uint32_t> terms_;

  std::mutex write_mu_;  // one Index() at a time; guards what follows
  std::unordered_map<std::string, WordTerms> word_terms_;

  mutable std::mutex snapshot_mu_;  // guards the pointer only
  std::shared_ptr<const Snapshot> snapshot_;
};

}  // namespace doma::search
