// "Предложить сервис" for everyone, and the editor's desk: the moderation
// queue, editing with history, and re-verification.
#pragma once

#include "domain/editorial/editorial.h"
#include "web/account_pages.h"
#include "web/pages.h"
#include "web/views.h"

namespace doma::web {

class EditorPages {
 public:
  EditorPages(editorial::Editorial& editorial, catalog::Catalog& catalog, const Views& views,
              const Pages& pages, WebAuth& auth)
      : editorial_(editorial), catalog_(catalog), views_(views), pages_(pages), auth_(auth) {}

  http::Response ProposeForm(http::Request& req, const Who& who);
  http::Response Propose(http::Request& req, const Who& who);
  http::Response Desk(http::Request& req, const Who& who);
  http::Response Submission(http::Request& req, const Who& who);
  http::Response Approve(http::Request& req, const Who& who);
  http::Response Reject(http::Request& req, const Who& who);
  http::Response EditForm(http::Request& req, const Who& who);
  http::Response Edit(http::Request& req, const Who& who);
  http::Response History(http::Request& req, const Who& who);
  http::Response Verify(http::Request& req, const Who& who);
  http::Response NewForm(http::Request& req, const Who& who);
  http::Response Create(http::Request& req, const Who& who);
  http::Response Categories(http::Request& req, const Who& who);
  http::Response SaveCategory(http::Request& req, const Who& who);

 private:
  http::Response Render(http::Request& req, int status, const std::string& name,
                        boost::json::object page);
  // The fields of the service form, filled from `s`, with `error` next to its field.
  boost::json::object FormData(const http::Request& req, const catalog::Service& s,
                               const Error* error);
  catalog::Service FromForm(const http::Request& req, catalog::Service base);

  editorial::Editorial& editorial_;
  catalog::Catalog& catalog_;
  const Views& views_;
  const Pages& pages_;
  WebAuth& auth_;
};

}  // namespace doma::web
