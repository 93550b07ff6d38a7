// Structured logging: one JSON object per line on stderr (or a file).
// Contract: callers never pass personal data, query strings, passwords or
// tokens; the access log records the route pattern, not the target.
#pragma once

#include <boost/json/object.hpp>
#include <string_view>

namespace doma::log {

enum class Level { kDebug, kInfo, kWarn, kError };

// Writes {"ts":..., "level":..., "msg":..., ...fields} as one line. Thread-safe.
void Write(Level level, std::string_view msg, boost::json::object fields = {});

inline void Info(std::string_view msg, boost::json::object fields = {}) {
  Write(Level::kInfo, msg, std::move(fields));
}
inline void Warn(std::string_view msg, boost::json::object fields = {}) {
  Write(Level::kWarn, msg, std::move(fields));
}
inline void Error(std::string_view msg, boost::json::object fields = {}) {
  Write(Level::kError, msg, std::move(fields));
}

// Redirects all log lines to `path` (appending); "-" means stderr.
bool OpenFile(const std::string& path);
void SetMinLevel(Level level);

}  // namespace doma::log
