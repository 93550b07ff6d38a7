#include "http/router.h"

#include <algorithm>

#include "core/text.h"

namespace doma::http {
namespace {

bool MatchPattern(std::string_view pattern, std::string_view path,
                  std::map<std::string, std::string>& params) {
  auto ps = text::Split(pattern.substr(1), '/');
  auto xs = text::Split(path.size() > 0 ? path.substr(1) : path, '/');
  for (std::size_t i = 0; i < ps.size(); ++i) {
    std::string_view p = ps[i];
    if (p.starts_with('{') && p.ends_with("*}")) {  // rest of the path
      std::string rest;
      for (std::size_t j = i; j < xs.size(); ++j) rest += (j > i ? "/" : "") + std::string(xs[j]);
      if (rest.empty()) return false;
      params[std::string(p.substr(1, p.size() - 3))] = rest;
      return true;
    }
    if (i >= xs.size()) return false;
    if (p.starts_with('{') && p.ends_with('}')) {
      if (xs[i].empty()) return false;
      params[std::string(p.substr(1, p.size() - 2))] = std::string(xs[i]);
    } else if (p != xs[i]) {
      return false;
    }
  }
  return ps.size() == xs.size();
}

// How specific a pattern is: literal segments count, so "/services/propose"
// wins over "/services/{id}" whatever the order of the table.
int Literals(std::string_view pattern) {
  int n = 0;
  for (auto seg : text::Split(pattern.substr(1), '/'))
    if (!seg.starts_with('{')) ++n;
  return n;
}

}  // namespace

Match Router::Find(const std::string& method, const std::string& path) const {
  Match m;
  int best = -1;
  const std::string& effective = method == "HEAD" ? std::string("GET") : method;
  for (const auto& r : routes_) {
    std::map<std::string, std::string> params;
    if (!MatchPattern(r.pattern, path, params)) continue;
    if (std::find(r.methods.begin(), r.methods.end(), effective) != r.methods.end()) {
      if (int score = Literals(r.pattern); score > best) {
        best = score;
        m.route = &r;
        m.params = std::move(params);
      }
    }
    for (const auto& meth : r.methods) {
      if (std::find(m.allowed.begin(), m.allowed.end(), meth) == m.allowed.end())
        m.allowed.push_back(meth);
      if (meth == "GET" && std::find(m.allowed.begin(), m.allowed.end(), "HEAD") == m.allowed.end())
        m.allowed.push_back("HEAD");
    }
  }
  return m;
}

}  // namespace doma::http
