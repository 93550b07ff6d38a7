#include "delivery/channels.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstring>
#include <fstream>

#include "core/clock.h"

namespace doma::delivery {
namespace json = boost::json;

LogChannel::LogChannel(std::string path, const Clock& clock)
    : path_(std::move(path)), clock_(clock) {
  std::ifstream in(path_);
  std::string line;
  while (std::getline(in, line)) {
    boost::system::error_code ec;
    auto v = json::parse(line, ec);
    if (!ec && v.is_object())
      if (auto* k = v.get_object().if_contains("key"); k && k->is_string())
        written_.insert(std::string(k->get_string()));
  }
}

Status LogChannel::Send(const notify::OutboxMessage& m) {
  std::lock_guard lock(mu_);
  if (written_.contains(m.idempotency_key)) return {};
  json::object o{{"at", clock_.NowIso()}, {"key", m.idempotency_key},
                 {"channel", m.channel},  {"to", m.to},
                 {"subject", m.subject},  {"body", m.body}};
  if (!m.unsubscribe_url.empty()) o["unsubscribe"] = m.unsubscribe_url;
  std::string line = json::serialize(o) + "\n";
  int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return Fail(Error::Unavailable(fmt::format("cannot open {}", path_)));
  bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return Fail(Error::Unavailable(fmt::format("cannot write {}", path_)));
  written_.insert(m.idempotency_key);
  return {};
}

Result<int> LogChannel::Prune(const std::string& before_iso) {
  std::lock_guard lock(mu_);
  std::ifstream in(path_);
  if (!in) return 0;  // nothing written yet
  std::string kept, line;
  int gone = 0;
  while (std::getline(in, line)) {
    boost::system::error_code ec;
    auto v = json::parse(line, ec);
    const json::object* o = !ec && v.is_object() ? &v.get_object() : nullptr;
    const json::value* at = o ? o->if_contains("at") : nullptr;
    if (at && at->is_string() && std::string_view(at->get_string()) < before_iso) {
      if (auto* k = o->if_contains("key"); k && k->is_string())
        written_.erase(std::string(k->get_string()));
      ++gone;
      continue;
    }
    kept += line + "\n";
  }
  if (gone == 0) return 0;
  std::string tmp = path_ + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Fail(Error::Unavailable(fmt::format("cannot open {}", tmp)));
  bool ok = ::write(fd, kept.data(), kept.size()) == static_cast<ssize_t>(kept.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), path_.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return Fail(Error::Unavailable(fmt::format("cannot rewrite {}", path_)));
  }
  return gone;
}

namespace {

struct Upload {
  std::string data;
  std::size_t pos = 0;
};

size_t ReadUpload(char* buf, size_t size, size_t n, void* user) {
  auto* u = static_cast<Upload*>(user);
  size_t len = std::min(size * n, u->data.size() - u->pos);
  std::memcpy(buf, u->data.data() + u->pos, len);
  u->pos += len;
  return len;
}

size_t Discard(char*, size_t size, size_t n, void*) { return size * n; }

// RFC 2047 encoded-word for a UTF-8 header value.
std::string EncodeHeader(const std::string& s) {
  static constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out = "=?UTF-8?B?";
  std::size_t i = 0;
  for (; i + 2 < s.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(s[i]) << 16) |
                 (static_cast<unsigned char>(s[i + 1]) << 8) | static_cast<unsigned char>(s[i + 2]);
    out += {kB64[v >> 18], kB64[(v >> 12) & 63], kB64[(v >> 6) & 63], kB64[v & 63]};
  }
  if (i + 1 == s.size()) {
    unsigned v = static_cast<unsigned char>(s[i]) << 16;
    out += {kB64[v >> 18], kB64[(v >> 12) & 63], '=', '='};
  } else if (i + 2 == s.size()) {
    unsigned v =
        (static_cast<unsigned char>(s[i]) << 16) | (static_cast<unsigned char>(s[i + 1]) << 8);
    out += {kB64[v >> 18], kB64[(v >> 12) & 63], kB64[(v >> 6) & 63], '='};
  }
  return out + "?=";
}

}  // namespace

Status SmtpChannel::Send(const notify::OutboxMessage& m) {
  // An address is one SMTP argument: a line break in it would add commands.
  for (const std::string* s :
       std::initializer_list<const std::string*>{&m.to, &from_, &m.subject, &m.unsubscribe_url})
    if (s->find_first_of(std::string_view("\r\n\0<>", 5)) != std::string::npos)
      return Fail(Error::Invalid("to", "address, subject or unsubscribe URL with a line break"));
  // A mailing says how to leave it in one click (RFC 2369, RFC 8058): the
  // mail client POSTs "List-Unsubscribe=One-Click" to the address.
  const std::string list_headers =
      m.unsubscribe_url.empty()
          ? std::string()
          : fmt::format(
                "List-Unsubscribe: <{}>\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n",
                m.unsubscribe_url);
  CURL* curl = curl_easy_init();
  if (!curl) return Fail(Error::Unavailable("curl_easy_init failed"));
  Upload up;
  up.data = fmt::format(
      "From: {}\r\nTo: {}\r\nSubject: {}\r\nMessage-ID: <{}@doma>\r\n{}MIME-Version: 1.0\r\n"
      "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{}\r\n",
      from_, m.to, EncodeHeader(m.subject), m.idempotency_key, list_headers, m.body);
  curl_slist* rcpt = curl_slist_append(nullptr, ("<" + m.to + ">").c_str());
  curl_easy_setopt(curl, CURLOPT_URL, url_.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, ("<" + from_ + ">").c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadUpload);
  curl_easy_setopt(curl, CURLOPT_READDATA, &up);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
  // STARTTLS when the server offers it (smtps:// is TLS from the start).
  curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
  if (!user_.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, user_.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, password_.c_str());
  }
  CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK)
    return Fail(Error::Unavailable(fmt::format("smtp: {}", curl_easy_strerror(rc))));
  return {};
}

Status WebhookChannel::Send(const notify::OutboxMessage& m) {
  CURL* curl = curl_easy_init();
  if (!curl) return Fail(Error::Unavailable("curl_easy_init failed"));
  std::string body = json::serialize(
      json::object{{"channel", m.channel}, {"to", m.to}, {"subject", m.subject}, {"body", m.body}});
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  headers = curl_slist_append(headers, ("Idempotency-Key: " + m.idempotency_key).c_str());
  if (!token_.empty())
    headers = curl_slist_append(headers, ("Authorization: Bearer " + token_).c_str());
  curl_easy_setopt(curl, CURLOPT_URL, url_.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Discard);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
  CURLcode rc = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK)
    return Fail(Error::Unavailable(fmt::format("webhook: {}", curl_easy_strerror(rc))));
  if (status < 200 || status > 299)
    return Fail(Error::Unavailable(fmt::format("webhook answered {}", status)));
  return {};
}

}  // namespace doma::delivery
