// Search parameters as people and programs send them: the input is a query
// string for the search page, the catalog API, a category's page or the
// volunteers' feed (chosen by its first byte), decoded as the server decodes
// request targets.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/fuzz_app.h"
#include "http/request_head.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  using doma::fuzz::App;
  using doma::fuzz::Who;
  static const char* const kPaths[] = {"/search", "/api/v1/services", "/categories/food-delivery",
                                       "/api/v1/help/feed", "/volunteer"};
  constexpr std::size_t kCount = sizeof kPaths / sizeof kPaths[0];
  std::size_t which = data[0] % kCount;
  std::string target = std::string(kPaths[which]) + "?" +
                       std::string(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto parsed = doma::http::ParseTarget(target);
  if (!parsed) return 0;  // the server answers 400 before any handler
  doma::http::Request req;
  req.method = "GET";
  req.target = target;
  req.path = parsed->path;
  req.query = std::move(parsed->query);
  req.client_address = "127.0.0.1";
  App::Get().Handle(req, which >= 3 ? Who::kVolunteer : Who::kAnonymous);
  return 0;
}
