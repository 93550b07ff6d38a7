#include "http/router.h"

#include <algorithm>

#include "core/text.h"

namespace doma::http {
namespace {

// Whether `path` (split on '/') matches; fills `params` only when asked,
// so that the routes that do not match allocate nothing.
bool MatchPattern(const std::vector<std::string>& ps, const std::vector<std::string_view>& xs,
                  std::map<std::string, std::string>* params) {
  for (std::size_t i = 0; i < ps.size(); ++i) {
    std::string_view p = ps[i];
    if (p.starts_with('{') && p.ends_with("*}")) {  // rest of the path
      std::string rest;
      for (std::size_t j = i; j < xs.size(); ++j) {
        if (j > i) rest += '/';
        rest += xs[j];
      }
      if (rest.empty()) return false;
      if (params) (*params)[std::string(p.substr(1, p.size() - 3))] = std::move(rest);
      return true;
    }
    if (i >= xs.size()) return false;
    if (p.starts_with('{') && p.ends_with('}')) {
      if (xs[i].empty()) return false;
      if (params) (*params)[std::string(p.substr(1, p.size() - 2))] = std::string(xs[i]);
    } else if (p != xs[i]) {
      return false;
    }
  }
  return ps.size() == xs.size();
}

}  // namespace

Router::Pattern Router::Compile(std::string_view pattern) {
  Pattern p;
  for (auto seg : text::Split(pattern.substr(1), '/')) {
    if (!seg.starts_with('{')) ++p.literals;
    p.segments.emplace_back(seg);
  }
  return p;
}

void Router::Add(Route r) {
  patterns_.push_back(Compile(r.pattern));
  routes_.push_back(std::move(r));
}

void Router::ReplaceLast(Route r) {
  patterns_.back() = Compile(r.pattern);
  routes_.back() = std::move(r);
}

Match Router::Find(const std::string& method, const std::string& path) const {
  Match m;
  int best = -1;
  const std::string& effective = method == "HEAD" ? std::string("GET") : method;
  const auto xs = text::Split(std::string_view(path).substr(path.empty() ? 0 : 1), '/');
  const Route* found = nullptr;
  const Pattern* found_pattern = nullptr;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    const Route& r = routes_[i];
    const Pattern& p = patterns_[i];
    if (!MatchPattern(p.segments, xs, nullptr)) continue;
    if (std::find(r.methods.begin(), r.methods.end(), effective) != r.methods.end()) {
      if (p.literals > best) {
        best = p.literals;
        found = &r;
        found_pattern = &p;
      }
    }
    for (const auto& meth : r.methods) {
      if (std::find(m.allowed.begin(), m.allowed.end(), meth) == m.allowed.end())
        m.allowed.push_back(meth);
      if (meth == "GET" && std::find(m.allowed.begin(), m.allowed.end(), "HEAD") == m.allowed.end())
        m.allowed.push_back("HEAD");
    }
  }
  if (found) {
    m.route = found;
    MatchPattern(found_pattern->segments, xs, &m.params);
  }
  return m;
}

}  // namespace doma::http
