// The queries XapianSearch builds from what a person typed, for the search
// itself and for benchmarks that time Xapian alone on the same query.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

#include "search/lexicon.h"
#include "search/normalize.h"

namespace doma::search {

// The words combined by `op` (AND for the literal query, OR as a fallback),
// each an OP_SYNONYM of its group, AND_MAYBE a boost for matches in names and
// category names. Stopwords are dropped unless nothing else is left.
Xapian::Query TextQuery(const Lexicon& lexicon, const std::vector<Token>& tokens, Xapian::Query::op op);

// `q` restricted to what lists show: offers still valid on `today`, no
// defunct services, and every boolean filter in `filters`.
Xapian::Query Listable(const Xapian::Query& q, const std::string& today, std::vector<Xapian::Query> filters = {});

// The literal query of `text` as the search runs it first, without facets.
Xapian::Query LiteralQuery(const Lexicon& lexicon, std::string_view text, const std::string& today);

}  // namespace doma::search
