// Serves a directory of assets from memory, loaded once at start: strong
// ETags, 304 on If-None-Match, a year of caching (pages link assets with
// ?v=<etag>, so a changed file gets a new URL), gzip prepared in advance.
#pragma once

#include <string>
#include <unordered_map>

#include "core/error.h"
#include "http/message.h"

namespace doma::http {

class StaticFiles {
 public:
  static Result<StaticFiles> Load(const std::string& dir);

  // `rel`: the path under /static/. 404 for unknown or unsafe paths.
  Response Serve(const Request& req, const std::string& rel) const;
  // "?v=…" suffix for links, so that pages always reference the current file.
  std::string Version(const std::string& rel) const;

 private:
  struct File {
    std::string body, gzipped, etag, content_type;
  };
  std::unordered_map<std::string, File> files_;
};

}  // namespace doma::http
