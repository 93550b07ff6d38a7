#include "storage/copy_database.h"

#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <set>

#include "storage/postgres/postgres.h"
#include "storage/sql/sql.h"
#include "storage/sqlite/sqlite.h"

namespace doma::storage {

namespace {

using sql::Connection;
using sql::Statement;

// Parents before children (foreign keys): the order the migrations create
// them in. Every other table of the target is refused, so that a table
// added later cannot be silently left behind.
constexpr const char* kTables[] = {"categories",        "organizations",
                                   "services",          "service_categories",
                                   "service_audiences", "service_platforms",
                                   "service_languages", "service_phones",
                                   "service_areas",     "service_sources",
                                   "service_offers",    "accounts",
                                   "account_roles",     "sessions",
                                   "password_resets",   "outbox",
                                   "audit_log",         "submissions",
                                   "service_history",   "news",
                                   "api_tokens",        "help_requests",
                                   "help_events",       "volunteers",
                                   "settings",          "pending_signups",
                                   "click_sources",     "digest_subscriptions",
                                   "help_pending",      "events"};
// Each backend's own bookkeeping: its change feed (the target's triggers
// write their own as the rows arrive), the catalog's version counter (the
// triggers move it), the throttles' attempts (minutes long), the migrations.
const std::set<std::string> kNotCopied = {"changes", "catalog_version", "attempts",
                                          "schema_migrations"};
// A target already in use: what migrate-data must not overwrite.
constexpr const char* kMustBeEmpty[] = {"accounts",    "services", "help_requests", "news",
                                        "submissions", "outbox",   "volunteers"};

struct Column {
  std::string name, type;  // the target's type (information_schema.data_type)
};

Result<long long> Count(Connection& c, const std::string& table) {
  Statement st(c, "SELECT count(*) FROM " + table);
  auto r = st.Step();
  if (!r) return Fail(r.error());
  return st.Int(0);
}

// Columns that point at a row of their own table (a subcategory's parent,
// a request's previous one or the one it was merged into): copied as NULL,
// then set once every row of the table is there, so that no row order is
// needed.
struct SelfReference {
  const char *table, *key, *column;
};
constexpr SelfReference kSelfReferences[] = {{"categories", "slug", "parent_slug"},
                                             {"help_requests", "id", "previous_id"},
                                             {"help_requests", "id", "duplicate_of"}};

bool IsInteger(const std::string& type) {
  return type == "bigint" || type == "integer" || type == "smallint";
}

void BindValue(Statement& to, int param, const Statement& from, int col, const std::string& type) {
  if (from.IsNull(col))
    to.BindNull(param);
  else if (IsInteger(type))
    to.Bind(param, from.Int(col));
  else if (type == "double precision" || type == "real" || type == "numeric")
    to.BindDouble(param, from.Double(col));
  else  // text, and bytea (sealed bytes, sent as they are)
    to.Bind(param, std::string_view(from.Text(col)));
}

Status CopyTable(Connection& from, Connection& to, const std::string& table,
                 const std::vector<Column>& columns) {
  std::string names, marks;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    names += (i ? ", " : "") + columns[i].name;
    marks += (i ? ", ?" : "?");
  }
  std::vector<std::pair<const SelfReference*, int>> late;  // and the column's index
  int key = -1;
  for (const auto& ref : kSelfReferences)
    if (table == ref.table)
      for (std::size_t i = 0; i < columns.size(); ++i) {
        if (columns[i].name == ref.column) late.emplace_back(&ref, static_cast<int>(i));
        if (columns[i].name == ref.key) key = static_cast<int>(i);
      }
  Statement read(from, fmt::format("SELECT {} FROM {}", names, table));
  Statement write(to, fmt::format("INSERT INTO {}({}) VALUES({})", table, names, marks));
  for (;;) {
    auto row = read.Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      const int col = static_cast<int>(i);
      bool is_late = false;
      for (const auto& [ref, at] : late) is_late = is_late || at == col;
      if (is_late)
        write.BindNull(col + 1);
      else
        BindValue(write, col + 1, read, col, columns[i].type);
    }
    if (auto r = write.Run(); !r) return Fail(r.error());
    write.Reset();
  }
  for (const auto& [ref, at] : late) {
    if (key < 0) return Fail(Error::Internal(fmt::format("{}: no column {}", table, ref->key)));
    Statement again(from, fmt::format("SELECT {}, {} FROM {} WHERE {} IS NOT NULL", ref->key,
                                      ref->column, table, ref->column));
    Statement set(to,
                  fmt::format("UPDATE {} SET {} = ? WHERE {} = ?", table, ref->column, ref->key));
    for (;;) {
      auto row = again.Step();
      if (!row) return Fail(row.error());
      if (!*row) break;
      BindValue(set, 1, again, 1, columns[static_cast<std::size_t>(at)].type);
      BindValue(set, 2, again, 0, columns[static_cast<std::size_t>(key)].type);
      if (auto r = set.Run(); !r) return Fail(r.error());
      set.Reset();
    }
  }
  return {};
}

}  // namespace

Result<std::vector<CopiedTable>> CopySqliteToPostgres(const std::string& sqlite_path,
                                                      const std::string& postgres_address) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(sqlite_path, ec))
    return Fail(
        Error::Invalid("from", fmt::format("{} is not a SQLite database file", sqlite_path)));
  auto source = sqlite::Database::Open(sqlite_path);
  if (!source) return Fail(source.error());
  if (auto r = sqlite::Migrate(**source); !r) return Fail(r.error());
  auto target = postgres::Database::Open(postgres_address);
  if (!target) return Fail(target.error());
  if (auto r = postgres::Migrate(**target); !r) return Fail(r.error());

  // The target's tables and columns, as its migrations made them.
  std::map<std::string, std::vector<Column>> target_columns;
  auto cols = (*target)->All<std::pair<std::string, Column>>(
      "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE "
      "table_schema = current_schema() ORDER BY table_name, ordinal_position",
      [](Statement& st) {
        return std::pair{st.Text(0), Column{st.Text(1), st.Text(2)}};
      });
  if (!cols) return Fail(cols.error());
  for (auto& [table, column] : *cols) target_columns[table].push_back(std::move(column));
  std::set<std::string> listed(std::begin(kTables), std::end(kTables));
  for (const auto& [table, _] : target_columns)
    if (!listed.contains(table) && !kNotCopied.contains(table))
      return Fail(Error::Internal(fmt::format(
          "the target has a table migrate-data does not know ({}): update kTables", table)));

  auto reader = (*source)->Reader();
  if (!reader) return Fail(reader.error());
  Connection& from = **reader;
  // One read transaction: every table as of the same moment.
  if (auto r = from.Exec("BEGIN"); !r) return Fail(r.error());
  struct EndRead {
    Connection& c;
    ~EndRead() { (void)c.Exec("ROLLBACK"); }
  } end_read{from};

  // A table only the source has would be left behind without a word.
  {
    Statement tables(from,
                     "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                     "'sqlite_%'");
    for (;;) {
      auto r = tables.Step();
      if (!r) return Fail(r.error());
      if (!*r) break;
      std::string name = tables.Text(0);
      if (!listed.contains(name) && !kNotCopied.contains(name))
        return Fail(Error::Internal(fmt::format(
            "the SQLite database has a table migrate-data does not know ({}): update kTables",
            name)));
    }
  }
  // Each table's columns: the target's, which the source must all have or
  // lack only where the target has a default; a source column the target
  // lacks would be lost.
  std::map<std::string, std::vector<Column>> copied;
  std::map<std::string, long long> source_rows;
  for (const char* table : kTables) {
    std::set<std::string> in_source;
    Statement info(from, fmt::format("SELECT name FROM pragma_table_info('{}')", table));
    for (;;) {
      auto r = info.Step();
      if (!r) return Fail(r.error());
      if (!*r) break;
      in_source.insert(info.Text(0));
    }
    std::vector<Column>& use = copied[table];
    std::set<std::string> in_target;
    for (const auto& c : target_columns[table]) {
      in_target.insert(c.name);
      if (in_source.contains(c.name)) use.push_back(c);
    }
    for (const auto& c : in_source)
      if (!in_target.contains(c))
        return Fail(Error::Internal(fmt::format(
            "{}.{} exists in the SQLite database but not in PostgreSQL: it would be lost", table,
            c)));
    auto n = Count(from, table);
    if (!n) return Fail(n.error());
    source_rows[table] = *n;
  }

  auto written = (*target)->Write([&](Connection& to) -> Status {
    for (const char* table : kMustBeEmpty) {
      auto n = Count(to, table);
      if (!n) return Fail(n.error());
      if (*n > 0)
        return Fail(Error::Invalid(
            "to",
            fmt::format("the PostgreSQL database already holds data ({} rows in {}): migrate-data "
                        "fills a new "
                        "database only; create an empty one and do not start doma on it before",
                        *n, table)));
    }
    // What the migrations put there (settings' defaults) is replaced.
    for (auto it = std::rbegin(kTables); it != std::rend(kTables); ++it)
      if (auto r = to.Exec(fmt::format("DELETE FROM {}", *it)); !r) return Fail(r.error());
    for (const char* table : kTables)
      if (auto r = CopyTable(from, to, table, copied[table]); !r) {
        // PostgreSQL's detail quotes the failing row, which may hold
        // personal data: the operator gets the table and the reason only.
        Error e = r.error();
        e.log_detail = fmt::format("copying {}: {}", table,
                                   e.log_detail.substr(0, e.log_detail.find_first_of("\n")));
        if (auto at = e.log_detail.find("Failing row"); at != std::string::npos)
          e.log_detail.resize(at);
        return Fail(std::move(e));
      }
    // Identity columns go on after the ids copied.
    Statement ids(to,
                  "SELECT table_name, column_name FROM information_schema.columns WHERE "
                  "table_schema = current_schema() AND is_identity = 'YES'");
    std::vector<std::pair<std::string, std::string>> identity;
    for (;;) {
      auto r = ids.Step();
      if (!r) return Fail(r.error());
      if (!*r) break;
      identity.emplace_back(ids.Text(0), ids.Text(1));
    }
    ids.Reset();
    for (const auto& [table, column] : identity) {
      if (kNotCopied.contains(table)) continue;
      if (auto r = to.Exec(fmt::format(
              "SELECT setval(pg_get_serial_sequence('{0}', '{1}'), COALESCE((SELECT max({1}) "
              "FROM {0}), 0) + 1, false)",
              table, column));
          !r)
        return Fail(r.error());
    }
    for (const char* table : kTables) {
      auto n = Count(to, table);
      if (!n) return Fail(n.error());
      if (*n != source_rows[table])
        return Fail(Error::Internal(
            fmt::format("{}: {} rows copied of {}", table, *n, source_rows[table])));
    }
    return {};
  });
  if (!written) return Fail(written.error());
  std::vector<CopiedTable> out;
  for (const char* table : kTables) out.push_back({table, source_rows[table]});
  return out;
}

}  // namespace doma::storage
