// doma — the portal's single binary: serve, migrate, seed.
#include <fmt/format.h>
#include <termios.h>
#include <unistd.h>

#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>

#include "app/app.h"
#include "app/settings.h"
#include "core/log.h"
#include "storage/open_storage.h"

namespace po = boost::program_options;

namespace {

constexpr const char* kUsage = R"(doma — online services and volunteer help for people at home

Usage:
  doma serve [--listen HOST:PORT] [--db PATH] [--threads N] [--home DIR] [--no-access-log] [--tls]
             [--region CODE] (a directory of data/regions: identity, phones, places, prefixes)
             [--smtp smtp://HOST:PORT --mail-from ADDRESS] [--sms-webhook URL] [--outbox-log FILE]
             [--outbox-retention-days 7] (sent notifications, and outbox.log lines, deleted after)
             [--public-url https://doma.example.ru] (links in messages; https implies --tls)
             [--trusted-proxy IP ...] (believe X-Forwarded-For from these peers)
             [--embed-origin URL ...] (sites that may frame the widget, /embed)
             [--session-idle-hours 168 --session-max-hours 720]
             [--staff-session-idle-hours 2 --staff-session-max-hours 12]
  doma serve --db postgresql://USER:PASSWORD@HOST:PORT/DB --key-file FILE
      several nodes on one PostgreSQL 15: each node's flags the same but --listen;
      the key file is the same file on every node (made by the first start)
  doma migrate [--db PATH]
  doma seed [--db PATH] [--home DIR]
  doma seed --synthetic N [--seed S] [--db PATH] [--home DIR]
      add N generated services (syn-000001…) instead of the shipped catalog (benchmarks)
  doma user add (--email ADDRESS | --phone NUMBER) --role ROLE [--name NAME] [--db PATH]
      (the password is read from standard input, or asked for at a terminal)
  doma help jobs [--now 2027-01-01T00:00:00Z] [--db PATH]
      run the help jobs once: expire overdue requests, repeat weekly ones, alert
      coordinators about requests taken long past their time (and close them a
      week later), erase personal data of requests closed longer than --erase-after-days
  doma digest run [--now 2027-01-01T00:00:00Z] [--db PATH]
      send the weekly digest of new services to every subscriber due (the server
      does this on its own every 10 minutes)
  doma help generate --count N [--seed S] [--db PATH]
      add N synthetic open help requests spread over the region (benchmarks)
  doma import --hsds DIR|FILE [--dry-run] [--publish] [--skip-invalid] [--category SLUG]
             [--scope regional|federal|international] [--mapping FILE] [--write-mapping FILE]
      read an Open Referral HSDS 3.0 datapackage (or JSON): every row checked, a file with
      problems imports nothing (unless --skip-invalid); proposals to the editors' queue, or
      straight into the catalog with --publish (stop the server first when on SQLite)
  doma export [--hsds DIR] [--hsds-json FILE] [--data-license CC-BY-4.0]
      write the catalog as HSDS 3.0: the tabular datapackage and/or the JSON form
  doma backup --to FILE [--without-key] [--db PATH]   a consistent copy while the server writes
      (SQLite's online backup, or pg_dump), with the key unless --without-key, compressed; the file
      is readable by its owner only
  doma backup --verify FILE            check a backup: checksums and the database's integrity
  doma restore --from FILE --db PATH   into a database (and key) path that does not exist yet
  doma rotate-key [--db PATH] [--key-file FILE]   (every server stopped)
      re-seal every address, phone and message with a new key that replaces the key file;
      sessions, reset codes and API tokens end
  doma migrate-data --from FILE --to postgresql://USER:PASSWORD@HOST/DB
      move to several nodes: every row of a SQLite database into a new, empty PostgreSQL one
      (stop the server first; then start the nodes with the SQLite file's key, --key-file)
  doma check-config [--config FILE]   the settings in effect, secrets masked, and their problems
  doma routes [--db PATH]     print every route: method, pattern, who may use it
  doma check [--db PATH]      check the database's integrity and the saved search index
  doma catalog check [--live] [--db PATH]
      the shipped catalog files (with --live: the database's catalog) against the rules of
      evidence: every card needs a source and the date it was checked (else exit 1); warns of
      cards unchecked for 90 days, without English text, phone or https; prints the counts
  doma --help

Service cards kept rendered (serve): [--card-cache-mb 128] (0: none)

Help at home (serve and help jobs): [--max-active-requests 3] [--escalate-after-hours 2]
  [--erase-after-days 30] [--tile-url https://tile.openstreetmap.org/{z}/{x}/{y}.png]

Roles: resident, volunteer, coordinator, editor, admin.

Settings come from the flags, then the environment: DOMA_LISTEN (HOST:PORT), DOMA_DB (PATH or
  postgresql://…), DOMA_KEY_FILE (FILE), DOMA_HOME (DIR), DOMA_REGION (CODE), then the configuration file: --config FILE,
  DOMA_CONFIG, or /etc/doma/doma.conf when it exists (each setting's flag name, `name = value` a line,
  # comments). `doma check-config` prints the settings in effect (secrets masked) and what is wrong.
Defaults: --listen 127.0.0.1:8080 --db var/doma.db
)";

// Reads the password without echo at a terminal, or one line from a pipe:
// never from argv, where other users could see it in the process list.
std::string ReadPassword() {
  bool tty = isatty(STDIN_FILENO);
  termios old{};
  if (tty) {
    std::fputs("Password: ", stderr);
    tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::fputs("\n", stderr);
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

int Die(const std::string& message) {
  std::fprintf(stderr, "doma: %s\n", message.c_str());
  return 2;
}

// A command's report on stdout, or its failure on stderr.
int Print(const doma::Result<std::string>& r) {
  if (!r) return Die(r.error().public_message);
  std::printf("%s", r->c_str());
  return 0;
}

bool ParseListen(const std::string& s, doma::app::Config& c) {
  auto colon = s.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  std::string host = s.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  std::string port = s.substr(colon + 1);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos)
    return false;
  int p = std::stoi(port);
  if (p > 65535) return false;
  c.host = host;
  c.port = static_cast<unsigned short>(p);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  doma::app::Config config;
  std::string listen = "127.0.0.1:8080";

  const po::options_description settings = doma::app::SettingOptions();
  po::options_description opts("options");
  opts.add(settings);
  opts.add_options()("help,h", "show this help")("config", po::value<std::string>(), "FILE")(
      "email", po::value<std::string>(), "e-mail")("phone", po::value<std::string>(), "phone")(
      "role", po::value<std::string>(), "role")("name", po::value<std::string>(), "name")(
      "command", po::value<std::string>(), "command")("subcommand", po::value<std::string>(),
                                                      "subcommand")(
      "now", po::value<std::string>(), "UTC time")("count", po::value<int>(), "n")(
      "seed", po::value<unsigned>(), "n")("synthetic", po::value<int>(), "n")(
      "hsds", po::value<std::string>(), "DIR|FILE")("hsds-json", po::value<std::string>(), "FILE")(
      "dry-run", "")("publish", "")("live", "")("skip-invalid", "")(
      "category", po::value<std::string>(), "")("scope", po::value<std::string>(), "")(
      "mapping", po::value<std::string>(), "FILE")("write-mapping", po::value<std::string>(),
                                                   "FILE")("to", po::value<std::string>(), "FILE")(
      "verify", po::value<std::string>(), "FILE")("from", po::value<std::string>(), "FILE")(
      "without-key", "");
  po::positional_options_description pos;
  pos.add("command", 1).add("subcommand", 1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(opts).positional(pos).run(), vm);
  } catch (const po::error& e) {
    return Die(std::string(e.what()) + " (see doma --help)");
  }
  // Below the flags: the environment, then the configuration file.
  std::string config_file;
  if (auto r = doma::app::ReadSettings(vm, settings, config_file); !r)
    return Die(r.error().public_message);
  po::notify(vm);
  if (vm.count("help") || !vm.count("command")) {
    std::fputs(kUsage, vm.count("help") ? stdout : stderr);
    return vm.count("help") ? 0 : 2;
  }
  std::string command = vm["command"].as<std::string>();
  if (vm.count("listen")) listen = vm["listen"].as<std::string>();
  if (!ParseListen(listen, config))
    return Die("--listen must be HOST:PORT, e.g. 127.0.0.1:8080 (got '" + listen + "')");
  if (vm.count("db")) config.db_path = vm["db"].as<std::string>();
  if (config.db_path.empty()) return Die("--db must not be empty");
  if (vm.count("key-file")) config.key_file = vm["key-file"].as<std::string>();
  if (vm.count("threads")) {
    config.threads = vm["threads"].as<int>();
    if (config.threads < 1 || config.threads > 256)
      return Die("--threads must be between 1 and 256");
  }
  config.home = vm.count("home") ? vm["home"].as<std::string>() : doma::app::DefaultHome(argv[0]);
  config.access_log = !(vm.count("no-access-log") && vm["no-access-log"].as<bool>());
  config.tls = vm.count("tls") && vm["tls"].as<bool>();
  if (vm.count("smtp")) config.smtp_url = vm["smtp"].as<std::string>();
  if (vm.count("mail-from")) config.mail_from = vm["mail-from"].as<std::string>();
  if (vm.count("sms-webhook")) config.sms_webhook = vm["sms-webhook"].as<std::string>();
  if (vm.count("sms-inbound-token"))
    config.sms_inbound_token = vm["sms-inbound-token"].as<std::string>();
  if (vm.count("outbox-log")) config.outbox_log = vm["outbox-log"].as<std::string>();
  // Whole-number settings and their bounds.
  struct Bounded {
    const char* flag;
    int* target;
    int lo, hi;
  };
  for (const Bounded& b : {Bounded{"session-idle-hours", &config.session_idle_h, 1, 24 * 365},
                           Bounded{"session-max-hours", &config.session_max_h, 1, 24 * 365},
                           Bounded{"staff-session-idle-hours", &config.staff_idle_h, 1, 24 * 365},
                           Bounded{"staff-session-max-hours", &config.staff_max_h, 1, 24 * 365},
                           Bounded{"max-active-requests", &config.max_active_requests, 1, 50},
                           Bounded{"escalate-after-hours", &config.escalate_after_hours, 1, 24 * 7},
                           Bounded{"erase-after-days", &config.erase_after_days, 0, 365},
                           Bounded{"outbox-retention-days", &config.outbox_retention_days, 0, 365},
                           Bounded{"card-cache-mb", &config.card_cache_mb, 0, 16384}}) {
    if (!vm.count(b.flag)) continue;
    *b.target = vm[b.flag].as<int>();
    if (*b.target < b.lo || *b.target > b.hi)
      return Die(fmt::format("--{} must be between {} and {}", b.flag, b.lo, b.hi));
  }
  if (config.session_idle_h > config.session_max_h || config.staff_idle_h > config.staff_max_h)
    return Die("a session's idle limit cannot exceed its absolute limit");
  if (vm.count("tile-url")) config.tile_url = vm["tile-url"].as<std::string>();
  if (vm.count("data-license")) config.data_license = vm["data-license"].as<std::string>();
  if (vm.count("region")) config.region = vm["region"].as<std::string>();
  if (vm.count("trusted-proxy"))
    config.trusted_proxies = vm["trusted-proxy"].as<std::vector<std::string>>();
  if (vm.count("embed-origin")) {
    config.embed_origins = vm["embed-origin"].as<std::vector<std::string>>();
    for (auto& o : config.embed_origins) {
      while (o.ends_with('/')) o.pop_back();
      if (!doma::app::IsWebOrigin(o))
        return Die("--embed-origin '" + o +
                   "' is not an origin like https://school.example (scheme, host, port)");
    }
  }
  if (vm.count("public-url")) {
    config.public_url = vm["public-url"].as<std::string>();
    if (!config.public_url.starts_with("http://") && !config.public_url.starts_with("https://"))
      return Die("--public-url must start with http:// or https://");
    while (config.public_url.ends_with('/')) config.public_url.pop_back();
    config.tls = config.tls || config.public_url.starts_with("https://");
  } else {
    config.public_url = "http://" + listen;
  }
  std::string sub = vm.count("subcommand") ? vm["subcommand"].as<std::string>() : "";
  if (!sub.empty() && command != "user" && command != "help" && command != "digest" &&
      command != "catalog")
    return Die("unexpected argument '" + sub + "' (see doma --help)");

  if (command == "check-config") {
    std::printf("%s", doma::app::DescribeConfig(config, config_file).c_str());
    auto problems = doma::app::CheckConfig(config);
    for (const auto& p : problems) std::fprintf(stderr, "problem: %s\n", p.c_str());
    if (!problems.empty()) return 1;
    std::printf("no problems found\n");
    return 0;
  }
  if (command == "serve") {
    auto r = doma::app::RunServe(config);
    if (!r) return Die(r.error().public_message);
    return 0;
  }
  if (command == "migrate") {
    auto r = doma::app::RunMigrate(config);
    if (!r) return Die(r.error().public_message);
    std::printf("database %s is up to date\n", doma::storage::Shown(config.db_path).c_str());
    return 0;
  }
  if (command == "seed") {
    if (vm.count("synthetic")) {
      int count = vm["synthetic"].as<int>();
      if (count < 1 || count > 10'000'000) return Die("--synthetic must be between 1 and 10000000");
      auto r = doma::app::RunSeedSynthetic(config, count,
                                           vm.count("seed") ? vm["seed"].as<unsigned>() : 1u);
      if (!r) return Die(r.error().public_message);
      std::printf("seeded %d synthetic services into %s\n", *r,
                  doma::storage::Shown(config.db_path).c_str());
      return 0;
    }
    auto r = doma::app::RunSeed(config);
    if (!r) return Die(r.error().public_message);
    std::printf("seeded %d services into %s\n", *r, doma::storage::Shown(config.db_path).c_str());
    return 0;
  }
  if (command == "import") {
    if (!vm.count("hsds")) return Die("usage: doma import --hsds DIR|FILE [--dry-run] [--publish]");
    doma::app::HsdsImport a;
    a.path = vm["hsds"].as<std::string>();
    a.dry_run = vm.count("dry-run") > 0;
    a.publish = vm.count("publish") > 0;
    a.skip_invalid = vm.count("skip-invalid") > 0;
    if (vm.count("scope")) a.scope = vm["scope"].as<std::string>();
    if (vm.count("category")) a.category = vm["category"].as<std::string>();
    if (vm.count("mapping")) a.mapping_file = vm["mapping"].as<std::string>();
    if (vm.count("write-mapping")) a.write_mapping = vm["write-mapping"].as<std::string>();
    auto r = doma::app::RunImportHsds(config, a);
    return Print(r);
  }
  if (command == "export") {
    std::string dir = vm.count("hsds") ? vm["hsds"].as<std::string>() : "";
    std::string json = vm.count("hsds-json") ? vm["hsds-json"].as<std::string>() : "";
    if (dir.empty() && json.empty())
      return Die("usage: doma export [--hsds DIR] [--hsds-json FILE]");
    auto r = doma::app::RunExportHsds(config, dir, json);
    return Print(r);
  }
  if (command == "backup") {
    auto r = vm.count("verify") ? doma::app::RunVerifyBackup(vm["verify"].as<std::string>())
             : vm.count("to")   ? doma::app::RunBackup(config, vm["to"].as<std::string>(),
                                                       vm.count("without-key") == 0)
                                : doma::Result<std::string>(doma::Fail(doma::Error::Invalid(
                                      "to", "usage: doma backup --to FILE | --verify FILE")));
    return Print(r);
  }
  if (command == "restore") {
    if (!vm.count("from"))
      return Die("usage: doma restore --from FILE [--db PATH] [--key-file FILE]");
    auto r = doma::app::RunRestore(config, vm["from"].as<std::string>());
    return Print(r);
  }
  if (command == "rotate-key") {
    auto r = doma::app::RunRotateKey(config);
    return Print(r);
  }
  if (command == "migrate-data") {
    if (!vm.count("from") || !vm.count("to"))
      return Die("usage: doma migrate-data --from FILE --to postgresql://USER@HOST/DB");
    auto r = doma::app::RunMigrateData(vm["from"].as<std::string>(), vm["to"].as<std::string>());
    return Print(r);
  }
  if (command == "check") {
    auto r = doma::app::RunCheck(config);
    return Print(r);
  }
  if (command == "catalog") {
    if (sub != "check") return Die("usage: doma catalog check [--live] [--db PATH]");
    auto r = doma::app::RunCatalogCheck(config, vm.count("live") > 0);
    if (!r) return Die(r.error().public_message);
    std::printf("%s", r->report.c_str());
    return r->failed ? 1 : 0;
  }
  if (command == "routes") {
    auto r = doma::app::RunServe(config, true);
    if (!r) return Die(r.error().public_message);
    return 0;
  }
  if (command == "digest") {
    if (sub != "run") return Die("usage: doma digest run [--now 2027-01-01T00:00:00Z] [--db PATH]");
    auto r = doma::app::RunDigest(config, vm.count("now") ? vm["now"].as<std::string>() : "");
    if (!r) return Die(r.error().public_message);
    std::printf("%s\n", r->c_str());
    return 0;
  }
  if (command == "help") {
    if (sub == "generate") {
      if (!vm.count("count"))
        return Die("usage: doma help generate --count N [--seed S] [--db PATH]");
      int count = vm["count"].as<int>();
      if (count < 1 || count > 10'000'000) return Die("--count must be between 1 and 10000000");
      auto r = doma::app::RunHelpGenerate(config, count,
                                          vm.count("seed") ? vm["seed"].as<unsigned>() : 73u);
      if (!r) return Die(r.error().public_message);
      std::printf("%s\n", r->c_str());
      return 0;
    }
    if (sub != "jobs")
      return Die(
          "usage: doma help jobs [--now 2027-01-01T00:00:00Z] [--db PATH] | doma help generate "
          "--count N");
    auto r = doma::app::RunHelpJobs(config, vm.count("now") ? vm["now"].as<std::string>() : "");
    if (!r) return Die(r.error().public_message);
    std::printf("%s\n", r->c_str());
    return 0;
  }
  if (command == "user") {
    if (sub != "add")
      return Die("usage: doma user add (--email ADDRESS | --phone NUMBER) --role ROLE");
    if (vm.count("email") == vm.count("phone"))
      return Die("give exactly one of --email and --phone");
    if (!vm.count("role"))
      return Die("--role is required (resident, volunteer, coordinator, editor, admin)");
    std::string login =
        vm.count("email") ? vm["email"].as<std::string>() : vm["phone"].as<std::string>();
    std::string password = ReadPassword();
    auto r = doma::app::RunUserAdd(config, login, password, vm["role"].as<std::string>(),
                                   vm.count("name") ? vm["name"].as<std::string>() : "");
    if (!r) return Die(r.error().public_message);
    std::printf("%s\n", r->c_str());
    return 0;
  }
  return Die("unknown command '" + command + "' (see doma --help)");
}
