#include "http/static_files.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "http/compress.h"

namespace doma::http {
namespace fs = std::filesystem;

namespace {

std::string ContentType(const fs::path& p) {
  auto ext = p.extension().string();
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".json") return "application/json";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  if (ext == ".woff2") return "font/woff2";
  return "application/octet-stream";
}

std::uint64_t Fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace

Result<StaticFiles> StaticFiles::Load(const std::string& dir) {
  StaticFiles sf;
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return Fail(Error::Unavailable(fmt::format("no static dir {}", dir)));
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       it != fs::recursive_directory_iterator(); ++it) {
    if (!it->is_regular_file()) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    File f;
    f.body = ss.str();
    f.content_type = ContentType(it->path());
    f.etag = fmt::format("\"{:016x}\"", Fnv1a(f.body));
    if (IsCompressible(f.content_type) && f.body.size() > 256) f.gzipped = Gzip(f.body, 9);
    sf.files_[fs::relative(it->path(), dir).generic_string()] = std::move(f);
  }
  return sf;
}

std::string StaticFiles::Version(const std::string& rel) const {
  auto it = files_.find(rel);
  if (it == files_.end()) return {};
  return "?v=" + it->second.etag.substr(1, 8);
}

Response StaticFiles::Serve(const Request& req, const std::string& rel) const {
  auto it = files_.find(rel);
  if (it == files_.end()) {
    Response r = Response::Text(404, "Файл не найден.");
    return r;
  }
  const File& f = it->second;
  Response r;
  r.Header("ETag", f.etag);
  r.Header("Cache-Control", "public, max-age=31536000, immutable");
  if (auto inm = req.Header("if-none-match"); inm && inm->find(f.etag) != std::string_view::npos) {
    r.status = 304;
    r.content_type.clear();
    return r;
  }
  r.content_type = f.content_type;
  if (!f.gzipped.empty()) {
    r.Header("Vary", "Accept-Encoding");
    if (req.AcceptsGzip()) {
      r.body = f.gzipped;
      r.Header("Content-Encoding", "gzip");
      return r;
    }
  }
  r.body = f.body;
  return r;
}

}  // namespace doma::http
