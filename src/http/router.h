// Routes: method + pattern ("/services/{id}", "/static/{path*}") -> handler.
// The application declares every route in one table (app/routes.cpp).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "http/message.h"

namespace doma::http {

using Handler = std::function<Response(Request&)>;

// Where a handler may run. kInline: cheap and non-blocking (static files,
// health), run on the I/O thread. kWorker: may block on the database or the
// index, run on the worker pool. kSlow: CPU-heavy on purpose (password
// hashing), run on its own small bounded pool so that a login flood cannot
// take the workers that serve pages.
enum class Exec { kInline, kWorker, kSlow };

struct Route {
  std::vector<std::string> methods;  // GET routes answer HEAD too
  std::string pattern;
  Handler handler;
  Exec exec = Exec::kWorker;
  std::string access =
      "public";  // who may use it, as enforced by the handler's guard (for `doma routes`)
  // Optional, run on the I/O thread before `handler`: answers at once when it
  // can without blocking (a page from the cache), else returns nothing and
  // `handler` runs as `exec` says. Saves the trip to the worker pool, which
  // costs more than serving a cached page.
  std::function<std::optional<Response>(Request&)> fast = nullptr;
};

struct Match {
  const Route* route = nullptr;  // null: no route for this method
  std::map<std::string, std::string> params;
  std::vector<std::string> allowed;  // when the path exists for other methods
};

class Router {
 public:
  void Add(Route r);
  void ReplaceLast(Route r);
  Match Find(const std::string& method, const std::string& path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  // A pattern split once, when added: every request is matched against the
  // whole table, so splitting the patterns per request cost 7 % of a page.
  struct Pattern {
    std::vector<std::string> segments;  // "{id}" and "{path*}" kept as written
    int literals = 0;                   // how specific: literal segments
  };
  static Pattern Compile(std::string_view pattern);
  std::vector<Route> routes_;
  std::vector<Pattern> patterns_;  // routes_[i]'s
};

}  // namespace doma::http
