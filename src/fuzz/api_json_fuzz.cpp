// The JSON body of every API route that takes one (every POST, PUT, PATCH
// under /api/ in the route table, so a new route is fuzzed without a change
// here): the first byte picks the route, the second who sends it, the rest
// is the body. {id} in a pattern is a request for help that exists (or the
// volunteer's account under /volunteers/), any other parameter a service's id.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz/fuzz_app.h"

namespace {

using doma::fuzz::App;

struct Target {
  std::string method, path;
};

std::vector<Target> ApiWrites(App& app) {
  std::vector<Target> out;
  for (const auto& route : app.Routes())
    for (const auto& method : route.methods) {
      if (!route.pattern.starts_with("/api/") || method == "GET" || method == "HEAD") continue;
      std::string path;
      for (std::size_t i = 0; i < route.pattern.size(); ++i) {
        if (route.pattern[i] != '{') {
          path += route.pattern[i];
          continue;
        }
        std::size_t end = route.pattern.find('}', i);
        std::string name = route.pattern.substr(i + 1, end - i - 1);
        if (path.ends_with("/volunteers/"))
          path += std::to_string(app.VolunteerAccountId());
        else
          path += name == "id" ? std::to_string(app.HelpRequestId()) : app.ServiceIds().front();
        i = end;
      }
      out.push_back({method, path});
    }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  App& app = App::Get();
  static const std::vector<Target> targets = ApiWrites(app);
  const Target& t = targets[data[0] % targets.size()];
  doma::http::Request req;
  req.method = t.method;
  req.target = req.path = t.path;
  req.headers = {{"content-type", "application/json"},
                 {"origin", app.Origin()},
                 {"host", app.Origin().substr(app.Origin().find("//") + 2)}};
  req.body.assign(reinterpret_cast<const char*>(data) + 2, size - 2);
  req.client_address = "127.0.0.1";
  app.Handle(req, static_cast<doma::fuzz::Who>(data[1] % doma::fuzz::kWhoCount));
  return 0;
}
