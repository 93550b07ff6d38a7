// The editorial workflow: anyone proposes a service, editors moderate the
// queue, edit services (every change recorded), and re-verify old entries.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "domain/accounts/account.h"
#include "domain/accounts/throttle.h"
#include "domain/catalog/catalog.h"
#include "domain/notify/outbox.h"

namespace doma::editorial {

struct FieldChange {
  std::string field, old_value, new_value;
};

// Fields that differ between two versions of a service, as text.
std::vector<FieldChange> Diff(const catalog::Service& before, const catalog::Service& after);

struct HistoryEntry {
  std::string at;
  long long actor_id = 0;
  std::string actor_name;
  FieldChange change;
};

struct Submission {
  long long id = 0;
  std::string status = "pending";  // pending | approved | rejected
  catalog::Service service;        // as proposed (id empty until approved)
  long long submitter_id = 0;      // 0: anonymous
  std::string contact;             // e-mail or +7 phone to notify, may be empty
  std::string reason;              // when rejected
  std::string created_at, decided_at;
  long long decided_by = 0;
  // Where an imported proposal came from ("HSDS: <file>"), shown to editors;
  // empty for one a person made. `source_key` names the record there: a
  // second submission with the same key is not stored (CreateSubmission
  // returns 0), so an import run twice proposes nothing twice.
  std::string source, source_key;
};

class EditorialRepository {
 public:
  virtual ~EditorialRepository() = default;
  virtual Result<long long> CreateSubmission(const Submission& s, const std::string& now_iso) = 0;
  virtual Result<std::vector<Submission>> ListSubmissions(const std::string& status, int limit,
                                                          int offset) = 0;
  virtual Result<std::optional<Submission>> FindSubmission(long long id) = 0;
  // In one transaction: stores the service, closes the submission, queues the
  // notification (if any) and audits.
  virtual Result<catalog::Service> Approve(long long id, const catalog::Service& service,
                                           long long editor_id,
                                           const std::vector<notify::Notification>& notify,
                                           const std::string& now_iso) = 0;
  virtual Status Reject(long long id, const std::string& reason, long long editor_id,
                        const std::vector<notify::Notification>& notify,
                        const std::string& now_iso) = 0;
  // Stores the edited service and its history entries together.
  virtual Result<catalog::Service> SaveEdit(const catalog::Service& after,
                                            const std::vector<FieldChange>& changes,
                                            long long editor_id, const std::string& now_iso) = 0;
  virtual Result<std::vector<HistoryEntry>> History(long long service_seq) = 0;
};

// "Доставка «Лавка»" -> "dostavka-lavka": a readable URL id made from a name
// (Russian transliterated, at most ~50 characters; "service" if nothing is left).
std::string Slugify(std::string_view name);

// What a person fills in to propose a service.
struct Proposal {
  std::string name, url, short_description, description, organization, scope, settlement, cost;
  std::vector<std::string> categories, platforms, audiences;
  std::string contact;  // optional, to be told the outcome
};

// A proposal read from any input (an HTML form, a JSON body): `text(name)`
// reads one field, `list(name)` a repeated one; absent is empty.
Proposal ReadProposal(const std::function<std::string(const char*)>& text,
                      const std::function<std::vector<std::string>(const char*)>& list);

struct ReviewItem {
  Submission submission;
  std::vector<catalog::ServiceSummary> possible_duplicates;
};

class Editorial {
 public:
  Editorial(EditorialRepository& repo, catalog::CatalogRepository& catalog_repo,
            catalog::ServiceSearch& search, catalog::Catalog& catalog, const Clock& clock,
            accounts::AttemptThrottle& throttle, std::string public_url = "http://127.0.0.1:8080")
      : repo_(repo),
        catalog_repo_(catalog_repo),
        search_(search),
        catalog_(catalog),
        clock_(clock),
        throttle_(throttle),
        public_url_(std::move(public_url)) {}

  // Anyone; `who` may be null. Rate-limited per client address (kRateLimited).
  Result<long long> Propose(const Proposal& p, const accounts::Account* who,
                            const std::string& address);

  // Editors (and admins) only, from here on.
  Result<std::vector<ReviewItem>> Queue(const accounts::Account& editor);
  Result<ReviewItem> Review(const accounts::Account& editor, long long id);
  // `edited`: the service as the editor corrected it (id may be empty: made from the name).
  Result<catalog::Service> Approve(const accounts::Account& editor, long long id,
                                   catalog::Service edited);
  Status Reject(const accounts::Account& editor, long long id, const std::string& reason);
  Result<catalog::Service> Edit(const accounts::Account& editor, const std::string& service_id,
                                catalog::Service after);
  // An editor adds a service directly; its id is made from the name.
  Result<catalog::Service> Create(const accounts::Account& editor, catalog::Service s);
  // Adds or renames a category (slug fixed once made); the index follows.
  Status SaveCategory(const accounts::Account& editor, catalog::Category c);
  Result<std::vector<HistoryEntry>> History(const accounts::Account& editor,
                                            const std::string& service_id);
  // Services last verified more than 90 days ago, oldest first.
  Result<std::vector<catalog::Service>> DueForReverification(const accounts::Account& editor,
                                                             int limit);
  Status MarkVerified(const accounts::Account& editor, const std::string& service_id);

  static bool CanEdit(const accounts::Account& a);

 private:
  Result<catalog::Service> Store(const accounts::Account& editor, const catalog::Service& before,
                                 catalog::Service after);
  Result<std::string> FreeId(const std::string& name);
  std::vector<catalog::ServiceSummary> Duplicates(const catalog::Service& s,
                                                  const std::vector<catalog::Service>& all);
  Status Reindex(const catalog::Service& s);

  EditorialRepository& repo_;
  catalog::CatalogRepository& catalog_repo_;
  catalog::ServiceSearch& search_;
  // The catalog's rules and the region's districts.
  Status Validate(const catalog::Service& s, const std::vector<catalog::Category>& cats) const;
  catalog::Catalog& catalog_;
  const Clock& clock_;
  accounts::AttemptThrottle& throttle_;
  std::string public_url_;  // for links in messages, which leave the site
};

}  // namespace doma::editorial
