#include "web/form.h"

#include <charconv>

namespace doma::web {

long long IdParam(const http::Request& req, const char* name) {
  auto it = req.params.find(name);
  if (it == req.params.end()) return 0;
  long long id = 0;
  const std::string& raw = it->second;
  auto [p, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), id);
  return ec == std::errc() && p == raw.data() + raw.size() && id > 0 ? id : 0;
}

int PageParam(const http::Request& req, int last) {
  int page = 1;
  if (auto p = req.Query("page")) std::from_chars(p->data(), p->data() + p->size(), page);
  return std::clamp(page, 1, last);
}

}  // namespace doma::web
