// News that tells residents what exists and what is new.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "domain/accounts/account.h"

namespace doma::news {

struct NewsItem {
  long long id = 0;
  std::string title;
  std::string body_markdown;
  std::vector<std::string> service_ids;  // catalog services the news is about
  std::string published_at;
  long long author_id = 0;
};

class NewsRepository {
 public:
  virtual ~NewsRepository() = default;
  // Stores and audits the publication in one transaction.
  virtual Result<NewsItem> Publish(const NewsItem& item, const std::string& now_iso) = 0;
  virtual Result<std::optional<NewsItem>> Find(long long id) = 0;
  virtual Result<std::vector<NewsItem>> Latest(int limit, int offset) = 0;
};

class News {
 public:
  News(NewsRepository& repo, const Clock& clock) : repo_(repo), clock_(clock) {}
  // Editors and admins. Title 1–200 characters, body 1–20000, at most 10 services.
  Result<NewsItem> Publish(const accounts::Account& editor, NewsItem item);
  Result<NewsItem> Get(long long id);
  Result<std::vector<NewsItem>> Latest(int limit, int offset = 0);

 private:
  NewsRepository& repo_;
  const Clock& clock_;
};

}  // namespace doma::news
