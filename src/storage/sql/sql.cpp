#include "storage/sql/sql.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/clock.h"

namespace doma::storage::sql {

Statement::Statement(Connection& conn, std::string_view sql) : conn_(conn), sql_(sql) {
  cur_ = conn.Acquire(sql_);
}

Statement::~Statement() {
  if (cur_) conn_.Release(sql_, cur_);
}

Statement& Statement::Bind(int i, std::string_view v) {
  if (cur_) cur_->BindText(i, v);
  return *this;
}
Statement& Statement::Bind(int i, long long v) {
  if (cur_) cur_->BindInt(i, v);
  return *this;
}
Statement& Statement::BindDouble(int i, double v) {
  if (cur_) cur_->BindDouble(i, v);
  return *this;
}
Statement& Statement::BindNull(int i) {
  if (cur_) cur_->BindNull(i);
  return *this;
}
Statement& Statement::BindOptional(int i, const std::optional<int>& v) {
  return v ? Bind(i, static_cast<long long>(*v)) : BindNull(i);
}
Statement& Statement::BindText(int i, std::string_view v) {
  return v.empty() ? BindNull(i) : Bind(i, v);
}

Result<bool> Statement::Step() {
  if (!cur_) return Fail(conn_.LastError(fmt::format("prepare: {}", sql_)));
  auto r = cur_->Step();
  if (!r) {
    Error e = r.error();
    e.log_detail = fmt::format("{} ({})", e.log_detail, sql_.substr(0, 200));
    return Fail(std::move(e));
  }
  return r;
}

Status Statement::Run() {
  while (true) {
    auto r = Step();
    if (!r) return Fail(r.error());
    if (!*r) break;
  }
  Reset();
  return {};
}

void Statement::Reset() {
  if (cur_) cur_->Reset();
}

Result<long long> FirstInt(Statement& st) {
  auto row = st.Step();
  if (!row) return Fail(row.error());
  return *row ? st.Int(0) : 0;
}

Result<long long> CountRows(Statement& st) {
  long long n = 0;
  if (auto e = ForEachRow(st, [&] { ++n; }); !e) return Fail(e.error());
  return n;
}

Result<int> ApplyMigrations(Database& db, std::span<const Migration> migrations,
                            std::string_view first) {
  int applied = 0;
  for (const auto& m : migrations) {
    auto r = db.Write([&](Connection& c) -> Result<bool> {
      if (!first.empty())
        if (auto e = c.Exec(first); !e) return Fail(e.error());
      Statement check(c, "SELECT 1 FROM schema_migrations WHERE version = ?");
      check.Bind(1, static_cast<long long>(m.version));
      auto exists = check.Step();
      if (!exists) return Fail(exists.error());
      if (*exists) return false;
      if (auto e = c.Exec(m.sql); !e) {
        Error err = e.error();
        err.log_detail = fmt::format("migration {} ({}): {}", m.version, m.name, err.log_detail);
        return Fail(std::move(err));
      }
      Statement mark(c, "INSERT INTO schema_migrations(version, name, applied_at) VALUES(?, ?, ?)");
      mark.Bind(1, static_cast<long long>(m.version))
          .Bind(2, m.name)
          .Bind(3, SystemClock().NowIso());
      if (auto e = mark.Run(); !e) return Fail(e.error());
      return true;
    });
    if (!r) return Fail(r.error());
    if (*r) ++applied;
  }
  // A database a newer doma has migrated: this binary does not know its
  // schema, and writing to it could damage what the newer one wrote (an
  // upgrade rolled back by reinstalling the old package, say). Refused, with
  // the way back.
  int known = 0;
  for (const auto& m : migrations) known = std::max(known, m.version);
  auto newest = db.First<long long>("SELECT max(version) FROM schema_migrations",
                                    [](Statement& st) { return st.Int(0); });
  if (!newest) return Fail(newest.error());
  if (*newest && **newest > known)
    return Fail(Error::Unavailable(fmt::format(
        "the database {} has schema version {}, newer than this doma knows ({}): it was "
        "upgraded by a newer doma. Run that version again, or restore the backup taken before "
        "the upgrade (docs/operations.md, Upgrade)",
        db.where(), **newest, known)));
  return applied;
}

}  // namespace doma::storage::sql
