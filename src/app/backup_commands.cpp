// `doma backup --to FILE`, `doma backup --verify FILE`, `doma restore --from
// FILE`: one compressed file (tar + gzip, libarchive) holding a consistent
// copy of the database (SQLite's online backup; pg_dump for PostgreSQL), the
// sealing key without which its personal data is unreadable, and a manifest
// with each file's SHA-256. The file is made readable by its owner only: it
// holds the key.
#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sodium.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>

#include "app/app.h"
#include "app/wiring.h"
#include "core/clock.h"
#include "crypto/sodium.h"
#include "storage/copy_database.h"
#include "storage/sqlite/backup.h"

extern char** environ;

namespace doma::app {
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

constexpr const char* kFormat = "doma-backup-1";
constexpr const char* kDatabase = "doma.db";
constexpr const char* kDump = "doma.pgdump";
constexpr const char* kKey = "doma.key";
constexpr const char* kManifest = "manifest.json";

Error Unavailable(std::string message) {
  Error e = Error::Unavailable(message);
  e.log_detail = std::move(message);
  return e;
}

Result<std::string> Sha256(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return Fail(Unavailable("cannot read " + p.string()));
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  std::vector<char> buf(1 << 16);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(buf.data()),
                              static_cast<unsigned long long>(in.gcount()));
  }
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&st, out);
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  return std::string(hex);
}

// A directory beside `near` for the pieces, removed when it goes out of scope.
struct WorkDir {
  fs::path path;
  explicit WorkDir(const fs::path& near) {
    fs::path parent = near.has_parent_path() ? near.parent_path() : fs::current_path();
    std::string tmpl = (parent / ".doma-backup-XXXXXX").string();
    if (char* made = ::mkdtemp(tmpl.data())) path = made;
  }
  ~WorkDir() {
    std::error_code ec;
    if (!path.empty()) fs::remove_all(path, ec);
  }
};

// pg_dump of the database, the password in the environment (never in argv,
// where every user sees it).
Status PgDump(const std::string& address, const fs::path& to) {
  auto url = boost::urls::parse_uri(address);
  if (!url) return Fail(Error::Invalid("db", "not a PostgreSQL address"));
  boost::urls::url u(*url);
  // libpq takes a password in the user part or as ?password=: both leave the
  // address for the environment.
  std::string password = u.password();
  u.remove_password();
  if (auto it = u.params().find("password"); it != u.params().end()) {
    password = (*it).value;
    u.params().erase("password");
  }
  std::string dbname = u.buffer();
  std::vector<std::string> args = {"pg_dump",   "--format=custom", "--no-owner", "--file",
                                   to.string(), "--dbname",        dbname};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  // PGPASSWORD is replaced only by a password the address gave: a setup that
  // keeps it in the environment keeps it.
  std::vector<std::string> env_strings;
  for (char** e = environ; *e; ++e)
    if (password.empty() || !std::string_view(*e).starts_with("PGPASSWORD="))
      env_strings.emplace_back(*e);
  if (!password.empty()) env_strings.push_back("PGPASSWORD=" + password);
  std::vector<char*> envp;
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = 0;
  if (int rc = posix_spawnp(&pid, "pg_dump", nullptr, nullptr, argv.data(), envp.data()); rc != 0)
    return Fail(Unavailable(fmt::format("cannot run pg_dump: {}", std::strerror(rc))));
  int status = 0;
  if (::waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return Fail(Unavailable("pg_dump failed (its message is above)"));
  return {};
}

Status WriteArchive(const fs::path& to, const fs::path& dir,
                    const std::vector<std::string>& names) {
  std::unique_ptr<archive, decltype(&archive_write_free)> a(archive_write_new(),
                                                            &archive_write_free);
  archive_write_set_format_pax_restricted(a.get());
  archive_write_add_filter_gzip(a.get());
  // Readable by its owner only, from the first byte: it holds the key.
  int fd = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    return Fail(
        Unavailable(fmt::format("cannot create {}: {}", to.string(), std::strerror(errno))));
  if (archive_write_open_fd(a.get(), fd) != ARCHIVE_OK) {
    ::close(fd);
    return Fail(Unavailable(std::string("backup: ") + archive_error_string(a.get())));
  }
  std::vector<char> buf(1 << 16);
  for (const auto& name : names) {
    fs::path p = dir / name;
    std::error_code ec;
    auto size = fs::file_size(p, ec);
    if (ec) continue;
    std::unique_ptr<archive_entry, decltype(&archive_entry_free)> e(archive_entry_new(),
                                                                    &archive_entry_free);
    archive_entry_set_pathname(e.get(), name.c_str());
    archive_entry_set_size(e.get(), static_cast<la_int64_t>(size));
    archive_entry_set_filetype(e.get(), AE_IFREG);
    archive_entry_set_perm(e.get(), 0600);
    if (archive_write_header(a.get(), e.get()) != ARCHIVE_OK) break;
    std::ifstream in(p, std::ios::binary);
    while (in) {
      in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
      if (in.gcount() > 0 &&
          archive_write_data(a.get(), buf.data(), static_cast<std::size_t>(in.gcount())) < 0)
        break;
    }
  }
  bool ok = archive_write_close(a.get()) == ARCHIVE_OK;
  std::string err = ok ? "" : archive_error_string(a.get());
  if (ok && ::fsync(fd) != 0) ok = false, err = std::strerror(errno);
  ::close(fd);
  if (!ok) {
    std::error_code ec;
    fs::remove(to, ec);
    return Fail(Unavailable(fmt::format("cannot write {}: {} (disk full?)", to.string(), err)));
  }
  return {};
}

// Unpacks the backup's known files into `dir`; anything else is refused.
Result<std::vector<std::string>> ReadArchive(const fs::path& from, const fs::path& dir) {
  std::unique_ptr<archive, decltype(&archive_read_free)> a(archive_read_new(), &archive_read_free);
  archive_read_support_filter_gzip(a.get());
  archive_read_support_format_tar(a.get());
  if (archive_read_open_filename(a.get(), from.c_str(), 1 << 16) != ARCHIVE_OK)
    return Fail(Error::Invalid("from", fmt::format("{} is not a Doma backup: {}", from.string(),
                                                   archive_error_string(a.get()))));
  std::vector<std::string> names;
  archive_entry* e = nullptr;
  int rc = ARCHIVE_OK;
  while ((rc = archive_read_next_header(a.get(), &e)) == ARCHIVE_OK) {
    std::string name = archive_entry_pathname(e);
    if (name != kDatabase && name != kDump && name != kKey && name != kManifest)
      return Fail(Error::Invalid("from", fmt::format("{} holds an unexpected file «{}»: not a "
                                                     "Doma backup",
                                                     from.string(), name)));
    int fd = ::open((dir / name).c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
      return Fail(Unavailable(fmt::format("cannot unpack {}: {}", name, std::strerror(errno))));
    int data = archive_read_data_into_fd(a.get(), fd);
    ::close(fd);
    if (data != ARCHIVE_OK)
      return Fail(Error::Invalid(
          "from", fmt::format("{} is damaged: {}", from.string(), archive_error_string(a.get()))));
    names.push_back(name);
  }
  if (rc != ARCHIVE_EOF)
    return Fail(Error::Invalid(
        "from", fmt::format("{} is damaged: {}", from.string(), archive_error_string(a.get()))));
  return names;
}

// Checks an unpacked backup: the manifest (which must list exactly the files
// unpacked beside it), every file's SHA-256, and for SQLite the database's
// own integrity checks. Returns what it holds.
Result<std::string> Verify(const fs::path& dir, const std::vector<std::string>& unpacked,
                           const std::string& file) {
  std::ifstream in(dir / kManifest);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  boost::system::error_code ec;
  json::value m = json::parse(text, ec);
  const json::object* o = !ec && m.is_object() ? &m.get_object() : nullptr;
  auto str = [&](std::string_view k) -> std::string {
    const json::value* v = o ? o->if_contains(k) : nullptr;
    return v && v->is_string() ? std::string(v->get_string()) : "";
  };
  const json::value* listed = o ? o->if_contains("files") : nullptr;
  if (!o || str("format") != kFormat || str("created_at").empty() || str("backend").empty() ||
      !listed || !listed->is_object())
    return Fail(Error::Invalid("from", file + " has no valid Doma backup manifest"));
  const auto& files = listed->get_object();
  std::set<std::string> in_manifest, in_archive;
  for (const auto& [name, sum] : files) in_manifest.emplace(name);
  for (const auto& n : unpacked)
    if (n != kManifest) in_archive.insert(n);
  for (const auto& n : in_archive)
    if (!in_manifest.contains(n))
      return Fail(
          Error::Invalid("from", fmt::format("{}: the manifest does not list {}", file, n)));
  for (const auto& n : in_manifest)
    if (!in_archive.contains(n))
      return Fail(Error::Invalid(
          "from", fmt::format("{}: the manifest lists {}, which is not in it", file, n)));
  for (const auto& [name, sum] : files) {
    auto actual = Sha256(dir / std::string(name));
    if (!actual || !sum.is_string() || *actual != sum.get_string())
      return Fail(Error::Invalid("from", fmt::format("{}: {} does not match its checksum (damaged)",
                                                     file, std::string(name))));
  }
  std::string report =
      fmt::format("{}: made {} from {}; ", file, str("created_at"), str("backend"));
  if (files.contains(kDatabase)) {
    Config probe;
    probe.db_path = (dir / kDatabase).string();
    auto s = OpenStorageFor(probe, nullptr);
    if (!s) return Fail(s.error());
    auto problems = (*s)->check_integrity();
    if (!problems) return Fail(Describe(problems.error()));
    if (!problems->empty())
      return Fail(Error::Invalid(
          "from", fmt::format("{}: the database is damaged: {}", file, problems->front())));
    auto services = (*s)->catalog->CountServices();
    report += fmt::format("database intact ({} services)", services.value_or(-1));
  } else {
    report += "a pg_dump archive (restore it with pg_restore, see docs/operations.md)";
  }
  report += files.contains(kKey) ? ", with its key\n" : ", no key file\n";
  return report;
}

}  // namespace

Result<std::string> RunBackup(const Config& c, const std::string& to, bool with_key) {
  std::error_code ec;
  if (to.empty()) return Fail(Error::Invalid("to", "give the file to write: --to FILE"));
  if (fs::exists(to, ec)) return Fail(Error::Invalid("to", to + " exists already"));
  // Mid-rotation the data may be sealed with either key: a backup of it
  // with one of them might never restore.
  if (std::string key = KeyPath(c); !key.empty() && fs::exists(key + ".new", ec))
    return Fail(Error::Invalid("key-file", key + ".new exists: a key rotation did not finish; "
                                                 "run doma rotate-key again, then back up"));
  if (sodium_init() < 0) return Fail(Unavailable("libsodium cannot initialise"));
  WorkDir work(to);
  if (work.path.empty()) return Fail(Unavailable("cannot make a directory beside " + to));
  std::vector<std::string> names;
  json::object sums;
  const bool pg = storage::IsPostgres(c.db_path);
  if (pg) {
    if (auto r = PgDump(c.db_path, work.path / kDump); !r) return Fail(r.error());
    names.push_back(kDump);
  } else {
    if (!fs::exists(c.db_path, ec))
      return Fail(Error::Invalid("db", c.db_path + " does not exist"));
    auto pages = storage::sqlite::BackupTo(c.db_path, (work.path / kDatabase).string());
    if (!pages) return Fail(pages.error());
    names.push_back(kDatabase);
  }
  if (std::string key = KeyPath(c); with_key && !key.empty() && fs::exists(key, ec)) {
    fs::copy_file(key, work.path / kKey, ec);
    if (ec) return Fail(Unavailable(fmt::format("cannot copy the key {}: {}", key, ec.message())));
    names.push_back(kKey);
  }
  for (const auto& n : names) {
    auto sum = Sha256(work.path / n);
    if (!sum) return Fail(sum.error());
    sums[n] = *sum;
  }
  json::object manifest{{"format", kFormat},
                        {"created_at", SystemClock().NowIso()},
                        {"backend", pg ? "postgresql" : "sqlite"},
                        {"files", std::move(sums)}};
  {
    std::ofstream out(work.path / kManifest);
    out << json::serialize(manifest);
    if (!out) return Fail(Unavailable("cannot write the manifest (disk full?)"));
  }
  names.push_back(kManifest);
  fs::path partial = fs::path(to).string() + ".partial";
  fs::remove(partial, ec);
  if (auto r = WriteArchive(partial, work.path, names); !r) return Fail(r.error());
  fs::rename(partial, to, ec);
  if (ec) return Fail(Unavailable(fmt::format("cannot write {}: {}", to, ec.message())));
  return fmt::format("backed up {}{} to {} ({} bytes)\n", storage::Shown(c.db_path),
                     names.size() > 2 ? " and its key" : "", to, fs::file_size(to, ec));
}

Result<std::string> RunVerifyBackup(const std::string& file) {
  WorkDir work(fs::temp_directory_path() / "x");
  if (work.path.empty()) return Fail(Unavailable("cannot make a temporary directory"));
  auto names = ReadArchive(file, work.path);
  if (!names) return Fail(names.error());
  return Verify(work.path, *names, file);
}

Result<std::string> RunRestore(const Config& c, const std::string& from) {
  std::error_code ec;
  if (storage::IsPostgres(c.db_path))
    return Fail(Error::Invalid("db",
                               "a PostgreSQL backup is restored with pg_restore into an empty "
                               "database (docs/operations.md); doma restore makes SQLite files"));
  if (fs::exists(c.db_path, ec))
    return Fail(Error::Invalid("db", c.db_path + " exists: restore into a path that does not"));
  std::string key = KeyPath(c);
  if (fs::exists(key, ec))
    return Fail(Error::Invalid("key-file", key + " exists: restore into a path that does not"));
  fs::path target(c.db_path);
  if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
  WorkDir work(target);
  if (work.path.empty()) return Fail(Unavailable("cannot make a directory beside " + c.db_path));
  auto names = ReadArchive(from, work.path);
  if (!names) return Fail(names.error());
  if (std::find(names->begin(), names->end(), kDatabase) == names->end())
    return Fail(Error::Invalid("from", from + " holds no SQLite database (a pg_dump backup?)"));
  auto report = Verify(work.path, *names, from);
  if (!report) return Fail(report.error());
  // Verify opened the copy (and may have brought its schema up to date):
  // that copy is what is restored, checked.
  fs::rename(work.path / kDatabase, c.db_path, ec);
  if (ec)
    return Fail(
        Unavailable(fmt::format("cannot move the database to {}: {}", c.db_path, ec.message())));
  if (fs::exists(work.path / "doma.db-wal", ec))
    fs::rename(work.path / "doma.db-wal", c.db_path + "-wal", ec);
  if (std::find(names->begin(), names->end(), kKey) != names->end() && !key.empty()) {
    fs::rename(work.path / kKey, key, ec);
    if (ec)
      return Fail(Unavailable(fmt::format("cannot move the key to {}: {}", key, ec.message())));
  }
  return *report + fmt::format("restored into {}\n", c.db_path);
}

Result<std::string> RunMigrateData(const std::string& from, const std::string& to) {
  if (!storage::IsPostgres(to))
    return Fail(Error::Invalid("to", "--to must be a postgresql:// address"));
  if (storage::IsPostgres(from))
    return Fail(Error::Invalid("from", "--from must be a SQLite database file"));
  auto lock = DatabaseLock::Take(from, true);  // no server may write meanwhile
  if (!lock) return Fail(lock.error());
  auto copied = storage::CopySqliteToPostgres(from, to);
  if (!copied) return Fail(Describe(copied.error()));
  std::string out;
  long long total = 0;
  for (const auto& t : *copied) {
    out += fmt::format("{:<18} {:>9}\n", t.name, t.rows);
    total += t.rows;
  }
  std::error_code ec;
  const std::string key = from + ".key";
  out += fmt::format("copied {} rows from {} to {}\n", total, from, storage::Shown(to));
  out += fs::exists(key, ec)
             ? fmt::format(
                   "every node must read the same key: copy {} to each node and start it with "
                   "--key-file (or key-file = in doma.conf); without it no address or phone can "
                   "be read\n",
                   key)
             : fmt::format(
                   "no key file beside {} ({}): the sealed data needs the key it was "
                   "sealed with\n",
                   from, key);
  return out;
}

Result<std::string> RunRotateKey(const Config& c) {
  if (!crypto::Init()) return Fail(Unavailable("libsodium cannot initialise"));
  const std::string key = KeyPath(c);
  std::error_code ec;
  if (key.empty() || !fs::exists(key, ec))
    return Fail(Error::Invalid(
        "key-file",
        "no key file to rotate (" + (key.empty() ? "name it with --key-file" : key) + ")"));
  auto lock = DatabaseLock::Take(c.db_path, true);
  if (!lock) return Fail(lock.error());
  auto old_key = crypto::SecretBoxSealer::FromKeyFile(key);
  if (!old_key) return Fail(Describe(old_key.error()));
  // The new key is written (and synced, with its directory) beside the old
  // one before anything is re-sealed, with the old one's owner (the service's
  // user, when root runs this); a run that stops half-way finds it and goes
  // on with it.
  const std::string next = key + ".new";
  const fs::path dir = fs::path(key).parent_path().empty() ? "." : fs::path(key).parent_path();
  auto sync_dir = [&] {
    if (int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); fd >= 0) {
      ::fsync(fd);
      ::close(fd);
    }
  };
  const bool resumed = fs::exists(next, ec);
  auto new_key = crypto::SecretBoxSealer::FromKeyFile(next);
  if (!new_key) return Fail(Describe(new_key.error()));
  struct stat owner {};
  if (!resumed && ::stat(key.c_str(), &owner) == 0 &&
      ::chown(next.c_str(), owner.st_uid, owner.st_gid) != 0) {
    const std::string why = std::strerror(errno);
    fs::remove(next, ec);
    return Fail(Unavailable(fmt::format("cannot give {} the owner of {}: {}", next, key, why)));
  }
  sync_dir();
  auto storage = OpenStorageFor(c, nullptr);
  crypto::SodiumSecrets new_digests;
  new_digests.UseDigestKey((*new_key)->DigestKey());
  auto report = storage ? (*storage)->rotate_key(
                              **old_key, **new_key,
                              [&](const std::string& v) { return new_digests.Digest(v); },
                              SystemClock().NowIso())
                        : Result<std::string>(Fail(storage.error()));
  if (!report) {
    // Nothing was re-sealed: a new key made by this run goes (one that an
    // earlier run left stays: data may be sealed with it).
    if (!resumed) fs::remove(next, ec);
    return Fail(Describe(report.error()));
  }
  // The database now opens with the new key only: it takes the old one's place.
  if (::rename(next.c_str(), key.c_str()) != 0)
    return Fail(Unavailable(fmt::format(
        "the data is sealed with {} but it could not replace {}: {}; move it there by hand "
        "before starting doma",
        next, key, std::strerror(errno))));
  sync_dir();
  return fmt::format(
      "{}{}the new key is in {}; copy it to every node, then take a new backup (the "
      "old backups need the old key)\n",
      resumed ? "went on with the new key of a rotation that had stopped\n" : "", *report, key);
}

}  // namespace doma::app
