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

  // Anyone
  PageHandler ProposeForm, Propose;
  // Editors: the queue, then the services and the categories
  PageHandler Desk, Submission, Approve, Reject;
  PageHandler EditForm, Edit, History, Verify, NewForm, Create, Categories, SaveCategory;

 private:
  // The proposal form is for anonymous visitors too: it still carries a token.
  http::Response Render(http::Request& req, int status, const std::string& name,
                        boost::json::object page) {
    return PrivatePage(auth_, views_, req, status, name, std::move(page));
  }
  // Renders `name` with `page` and the service form filled from `s`.
  http::Response FormPage(http::Request& req, int status, const std::string& name,
                          boost::json::object page, const catalog::Service& s, const Error* error);
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
