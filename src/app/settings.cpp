#include "app/settings.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/asio/ip/address.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <filesystem>
#include <fstream>
#include <map>

#include "app/wiring.h"
#include "storage/open_storage.h"

namespace doma::app {
namespace po = boost::program_options;
namespace fs = std::filesystem;

po::options_description SettingOptions() {
  po::options_description s("settings (flags, or name = value in the configuration file)");
  s.add_options()("listen", po::value<std::string>(), "HOST:PORT")(
      "db", po::value<std::string>(), "database file or postgresql:// address")(
      "key-file", po::value<std::string>(), "file")("threads", po::value<int>(), "threads")(
      "home", po::value<std::string>(), "directory with templates/, static/, data/")(
      "no-access-log", po::value<bool>()->implicit_value(true), "do not log each request")(
      "tls", po::value<bool>()->implicit_value(true), "served over HTTPS (secure cookies)")(
      "smtp", po::value<std::string>(), "SMTP URL")("mail-from", po::value<std::string>(),
                                                    "sender address")(
      "sms-webhook", po::value<std::string>(), "URL")("sms-inbound-token", po::value<std::string>(),
                                                      "token")("outbox-log",
                                                               po::value<std::string>(), "file")(
      "public-url", po::value<std::string>(), "URL")("session-idle-hours", po::value<int>(), "h")(
      "session-max-hours", po::value<int>(), "h")("staff-session-idle-hours", po::value<int>(),
                                                  "h")("staff-session-max-hours", po::value<int>(),
                                                       "h")(
      "trusted-proxy", po::value<std::vector<std::string>>(), "IP")(
      "embed-origin", po::value<std::vector<std::string>>(), "https://site.example")(
      "max-active-requests", po::value<int>(), "n")("escalate-after-hours", po::value<int>(), "h")(
      "erase-after-days", po::value<int>(), "days")(
      "outbox-retention-days", po::value<int>(), "days")("card-cache-mb", po::value<int>(), "MB")(
      "tile-url", po::value<std::string>(), "URL")("data-license", po::value<std::string>(),
                                                   "SPDX id")("region", po::value<std::string>(),
                                                              "code: a directory of data/regions");
  return s;
}

namespace {

std::string Trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  std::size_t b = 0;
  while (b < s.size() && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  return s.substr(b);
}

}  // namespace

bool IsWebOrigin(std::string_view o) {
  std::string_view rest;
  if (o.starts_with("https://"))
    rest = o.substr(8);
  else if (o.starts_with("http://"))
    rest = o.substr(7);
  else
    return false;
  if (rest.empty()) return false;
  // A host name or IPv4 address and an optional port: nothing a
  // Content-Security-Policy could read as another directive or source.
  for (char ch : rest)
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '.' && ch != '-' && ch != ':')
      return false;
  return rest.front() != '.' && rest.front() != ':' && rest.back() != ':';
}

Status ReadSettings(po::variables_map& vm, const po::options_description& settings,
                    std::string& file) {
  // The environment, below the flags already stored (the first value stored wins).
  std::vector<std::string> args;
  for (auto [env, flag] : {std::pair{"DOMA_LISTEN", "listen"}, std::pair{"DOMA_DB", "db"},
                           std::pair{"DOMA_KEY_FILE", "key-file"}, std::pair{"DOMA_HOME", "home"},
                           std::pair{"DOMA_REGION", "region"}})
    if (const char* v = std::getenv(env); v && *v)
      args.push_back(std::string("--") + flag + "=" + v);
  try {
    po::store(po::command_line_parser(args).options(settings).run(), vm);
  } catch (const po::error& e) {
    return Fail(Error::Invalid("environment", std::string("environment: ") + e.what()));
  }
  // The file: named, or the system's when there is one.
  bool named = vm.count("config") > 0;
  if (named) {
    file = vm["config"].as<std::string>();
  } else if (const char* v = std::getenv("DOMA_CONFIG"); v && *v) {
    file = v;
    named = true;
  } else {
    std::error_code ec;
    file = fs::exists("/etc/doma/doma.conf", ec) ? "/etc/doma/doma.conf" : "";
  }
  if (file.empty()) return {};
  std::ifstream in(file);
  if (!in) return Fail(Error::Invalid("config", fmt::format("cannot read {}", file)));
  // Each line first, so that a mistake is named with its line.
  std::string line;
  for (int no = 1; std::getline(in, line); ++no) {
    std::string t = Trim(line.substr(0, line.find('#')));
    if (t.empty()) continue;
    auto eq = t.find('=');
    if (eq == std::string::npos)
      return Fail(Error::Invalid("config", fmt::format("{}:{}: expected name = value", file, no)));
    std::string name = Trim(t.substr(0, eq));
    if (!settings.find_nothrow(name, false))
      return Fail(Error::Invalid(
          "config",
          fmt::format("{}:{}: unknown setting '{}' (doma --help lists them)", file, no, name)));
  }
  in.clear();
  in.seekg(0);
  try {
    po::store(po::parse_config_file(in, settings, false), vm);
  } catch (const po::error& e) {
    return Fail(Error::Invalid("config", fmt::format("{}: {}", file, e.what())));
  }
  return {};
}

namespace {

// A URL with its password and query values masked (tokens travel in both).
std::string Masked(const std::string& s) {
  if (s.empty()) return "(none)";
  if (storage::IsPostgres(s)) return storage::Shown(s);
  auto parsed = boost::urls::parse_uri(s);
  if (!parsed) return "(set, not a URL)";
  boost::urls::url u(*parsed);
  if (u.has_password()) u.set_password("***");
  if (u.has_query()) {
    auto params = u.params();
    std::vector<std::string> keys;
    for (auto p : params) keys.push_back(p.key);
    for (const auto& k : keys) params.set(k, "***");
  }
  return std::string(u.buffer());
}

}  // namespace

std::string DescribeConfig(const Config& c, const std::string& file) {
  std::string proxies;
  for (const auto& p : c.trusted_proxies) proxies += (proxies.empty() ? "" : ", ") + p;
  std::string out;
  auto line = [&](std::string_view name, const std::string& value) {
    out += fmt::format("{} = {}\n", name, value);
  };
  line("config", file.empty() ? "(none)" : file);
  line("listen", fmt::format("{}:{}", c.host, c.port));
  line("db", storage::Shown(c.db_path));
  line("key-file", KeyPath(c).empty() ? "(none)" : KeyPath(c));
  line("home", c.home);
  line("region", c.region.empty() ? "(data/regions/default)" : c.region);
  line("threads", c.threads ? std::to_string(c.threads) : "(one per core)");
  line("no-access-log", c.access_log ? "false" : "true");
  line("tls", c.tls ? "true" : "false");
  line("public-url", c.public_url);
  line("trusted-proxy", proxies.empty() ? "(none)" : proxies);
  std::string origins;
  for (const auto& o : c.embed_origins) origins += (origins.empty() ? "" : " ") + o;
  line("embed-origin", origins.empty() ? "(none: the widget may not be framed)" : origins);
  line("smtp", Masked(c.smtp_url));
  line("mail-from", c.mail_from);
  line("sms-webhook", Masked(c.sms_webhook));
  line("sms-inbound-token",
       c.sms_inbound_token.empty() ? "(none: SMS replies are not taken)" : "***");
  line("outbox-log", c.outbox_log.empty() ? "(beside the database)" : c.outbox_log);
  line("outbox-retention-days", std::to_string(c.outbox_retention_days));
  line("session-idle-hours", std::to_string(c.session_idle_h));
  line("session-max-hours", std::to_string(c.session_max_h));
  line("staff-session-idle-hours", std::to_string(c.staff_idle_h));
  line("staff-session-max-hours", std::to_string(c.staff_max_h));
  line("max-active-requests", std::to_string(c.max_active_requests));
  line("escalate-after-hours", std::to_string(c.escalate_after_hours));
  line("erase-after-days", std::to_string(c.erase_after_days));
  line("card-cache-mb", std::to_string(c.card_cache_mb));
  line("tile-url", c.tile_url);
  line("data-license", c.data_license);
  return out;
}

std::vector<std::string> CheckConfig(const Config& c) {
  std::vector<std::string> problems;
  std::error_code ec;
  const fs::path home(c.home);
  if (!fs::exists(home / "templates" / "layout.mustache", ec) ||
      !fs::exists(home / "data" / "catalog", ec))
    problems.push_back(fmt::format(
        "home: {} has no templates/ and data/ (the directory the package installs them in)",
        c.home));
  const bool pg = storage::IsPostgres(c.db_path);
  if (pg) {
    if (c.key_file.empty())
      problems.push_back(
          "key-file: with PostgreSQL every node must name the same key file (key-file = …)");
  } else {
    fs::path db(c.db_path);
    fs::path dir = db.has_parent_path() ? db.parent_path() : fs::path(".");
    if (fs::exists(db, ec)) {
      if (::access(db.c_str(), R_OK | W_OK) != 0)
        problems.push_back(
            fmt::format("db: {} cannot be read and written by this user", c.db_path));
    } else if (fs::exists(dir, ec) && ::access(dir.c_str(), W_OK) != 0) {
      problems.push_back(
          fmt::format("db: cannot create {} (its directory is not writable)", c.db_path));
    }
  }
  if (std::string key = KeyPath(c); !key.empty() && fs::exists(key, ec)) {
    struct stat st {};
    if (::stat(key.c_str(), &st) == 0 && (st.st_mode & 077) != 0)
      problems.push_back(fmt::format(
          "key-file: {} can be read by other users (chmod 600 {}): it unseals every address "
          "and phone",
          key, key));
  }
  const bool local = c.public_url.starts_with("http://127.0.0.1") ||
                     c.public_url.starts_with("http://localhost") ||
                     c.public_url.starts_with("http://[::1]");
  if (c.public_url.starts_with("http://") && !local)
    problems.push_back(
        "public-url: http:// on a public address: sign-in and personal data travel unencrypted "
        "(serve it over https:// through the proxy)");
  for (const auto& p : c.trusted_proxies) {
    boost::system::error_code bad;
    (void)boost::asio::ip::make_address(p, bad);
    if (bad) problems.push_back(fmt::format("trusted-proxy: '{}' is not an IP address", p));
  }
  if (!c.sms_inbound_token.empty() && c.sms_inbound_token.size() < 32)
    problems.push_back(
        "sms-inbound-token: shorter than 32 characters (anyone who guesses it can unsubscribe "
        "people)");
  for (const auto& o : c.embed_origins)
    if (!IsWebOrigin(o))
      problems.push_back(fmt::format(
          "embed-origin: '{}' is not an origin like https://school.example (scheme, host and "
          "port only)",
          o));
  if (!c.smtp_url.empty() && !c.smtp_url.starts_with("smtp://") &&
      !c.smtp_url.starts_with("smtps://"))
    problems.push_back("smtp: must start with smtp:// or smtps://");
  if (!c.smtp_url.empty() && c.mail_from.find('@') == std::string::npos)
    problems.push_back("mail-from: not an e-mail address");
  if (!c.sms_webhook.empty() && !c.sms_webhook.starts_with("https://") &&
      !c.sms_webhook.starts_with("http://127.0.0.1"))
    problems.push_back("sms-webhook: must be https:// (phone numbers and codes go through it)");
  for (const char* part : {"{z}", "{x}", "{y}"})
    if (c.tile_url.find(part) == std::string::npos) {
      problems.push_back(
          fmt::format("tile-url: has no {} (a map tile address needs {{z}}, {{x}} "
                      "and {{y}})",
                      part));
      break;
    }
  if (auto r = OpenRegion(c); !r)
    problems.push_back("region: " + r.error().public_message);
  else if (auto p = PublisherFor(c, r->region); !p)
    problems.push_back("data-license: " + p.error().public_message);
  return problems;
}

}  // namespace doma::app
