// Posting lists of the in-memory catalog index and the arithmetic on them.
// A list holds (document, within-document frequency) pairs sorted by
// document; lists are immutable once published and shared between versions
// of the index. Everything here is inline: it runs once per candidate
// document in the hot loop of query_execution.cpp.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <vector>

namespace doma::search {

// Xapian's BM25 defaults, so that ranking stays what it was.
inline constexpr float kK1 = 1.0f, kB = 0.5f, kMinNorm = 0.5f;

struct Posting {
  std::uint32_t doc;
  std::uint32_t wdf;
};
using PostingList = std::vector<Posting>;
// wdf by docid (0: absent, capped at 255) for terms in many documents: a
// conjunction then tests them with one load per candidate instead of a
// search through the list. At 100,000 services, ~100 KB per such term.
using DenseList = std::vector<std::uint8_t>;

inline std::shared_ptr<const DenseList> DenseFor(const PostingList* l, std::size_t ndocs) {
  if (!l || l->size() < 256 || l->size() * 16 < ndocs) return nullptr;
  auto d = std::make_shared<DenseList>(l->back().doc + 1, 0);
  for (const Posting& p : *l)
    (*d)[p.doc] = static_cast<std::uint8_t>(std::min<std::uint32_t>(p.wdf, 255));
  return d;
}

inline float Bm25(float idf, std::uint32_t wdf, float norm) {
  float f = static_cast<float>(wdf);
  return idf * f * (kK1 + 1) / (f + norm);
}

inline float Idf(std::size_t docs, std::size_t df) {
  double n = static_cast<double>(docs), d = static_cast<double>(df);
  return static_cast<float>(std::log(1.0 + (n - d + 0.5) / (d + 0.5)));
}

// First index >= i whose doc is >= target (galloping: lists are sorted).
inline std::size_t Seek(const PostingList& l, std::size_t i, std::uint32_t target) {
  if (i >= l.size() || l[i].doc >= target) return i;
  std::size_t step = 1, lo = i, hi = i + 1;
  while (hi < l.size() && l[hi].doc < target) {
    lo = hi;
    step <<= 1;
    hi = lo + step;
  }
  hi = std::min(hi, l.size());
  return static_cast<std::size_t>(
      std::lower_bound(l.begin() + static_cast<std::ptrdiff_t>(lo),
                       l.begin() + static_cast<std::ptrdiff_t>(hi), target,
                       [](const Posting& p, std::uint32_t t) { return p.doc < t; }) -
      l.begin());
}

// Union of sorted lists, wdfs of one document summed.
inline PostingList Merge(const PostingList& a, const PostingList& b) {
  PostingList out;
  out.reserve(a.size() + b.size());
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i].doc < b[j].doc)
      out.push_back(a[i++]);
    else if (b[j].doc < a[i].doc)
      out.push_back(b[j++]);
    else {
      out.push_back({a[i].doc, a[i].wdf + b[j].wdf});
      ++i, ++j;
    }
  }
  out.insert(out.end(), a.begin() + static_cast<std::ptrdiff_t>(i), a.end());
  out.insert(out.end(), b.begin() + static_cast<std::ptrdiff_t>(j), b.end());
  return out;
}

}  // namespace doma::search
