#include "core/log.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <boost/json/serialize.hpp>
#include <chrono>
#include <cstdio>
#include <mutex>

namespace doma::log {
namespace {

std::mutex g_mu;
std::FILE* g_out = nullptr;
Level g_min = Level::kInfo;

const char* Name(Level l) {
  switch (l) {
    case Level::kDebug: return "debug";
    case Level::kInfo: return "info";
    case Level::kWarn: return "warn";
    case Level::kError: return "error";
  }
  return "info";
}

}  // namespace

void Write(Level level, std::string_view msg, boost::json::object fields) {
  if (level < g_min) return;
  auto now = std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
  boost::json::object line;
  line["ts"] = fmt::format("{:%FT%TZ}", now);
  line["level"] = Name(level);
  line["msg"] = msg;
  for (auto& kv : fields) line[kv.key()] = std::move(kv.value());
  std::string text = boost::json::serialize(line);
  text.push_back('\n');
  std::lock_guard lock(g_mu);
  std::FILE* out = g_out ? g_out : stderr;
  std::fwrite(text.data(), 1, text.size(), out);
  std::fflush(out);
}

bool OpenFile(const std::string& path) {
  std::lock_guard lock(g_mu);
  if (path == "-") {
    g_out = nullptr;
    return true;
  }
  std::FILE* f = std::fopen(path.c_str(), "a");
  if (!f) return false;
  g_out = f;
  return true;
}

void SetMinLevel(Level level) { g_min = level; }

}  // namespace doma::log
