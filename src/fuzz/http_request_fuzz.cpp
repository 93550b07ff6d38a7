// The request parser, the head checks, the router and every handler behind
// it, from raw bytes: the first byte picks who sends them (nobody, or a
// person signed in with one of the roles), the rest is what comes off the
// socket. Bodies may say @CSRF@ where a browser puts the form's token.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_app.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  using doma::fuzz::App;
  auto who = static_cast<doma::fuzz::Who>(data[0] % doma::fuzz::kWhoCount);
  App::Get().Send(std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1), who);
  return 0;
}
