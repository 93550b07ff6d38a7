// What the SQLite help repository's files share (internal to storage/sqlite).
#pragma once

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "domain/help/repository.h"
#include "storage/sql/sql.h"

namespace doma::storage::sql {

// Kinds and other word lists as stored: space-separated.
std::string JoinWords(const std::vector<std::string>& v);
std::vector<std::string> SplitWords(const std::string& s);
// A request's personal data as sealed: JSON, and back.
std::string PersonalJson(const help::Personal& p);
help::Personal PersonalFrom(const boost::json::object& o);
// An audit entry inside the current write.
Status AuditIn(Connection& c, const help::AuditNote& n, const std::string& now_iso);
// E-mail or phone of an account (empty when none), inside the current transaction.
Result<std::string> ContactIn(Connection& c, long long account_id);

}  // namespace doma::storage::sql
