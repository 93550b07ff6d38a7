// The index on disk (<db>.index): a magic, the format number, the catalog
// version it reflects and the dictionary's fingerprint, then the snapshot's
// tables; written to a temporary file, fsynced and renamed; read through
// mmap. See CatalogIndex::Save and Load in catalog_index.h for the contract.
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "core/disk.h"
#include "search/catalog_index.h"
#include "search/snapshot.h"

namespace doma::search {

using catalog::ServiceSummary;

namespace {

// The saved index's layout. Change kFormat whenever indexing changes what it
// stores (terms, weights, per-document fields): an index of another format is rebuilt.
constexpr char kMagic[8] = {'D', 'O', 'M', 'A', 'I', 'D', 'X', '\n'};
constexpr std::uint32_t kFormat = 4;

class Writer {
 public:
  void Bytes(const void* p, std::size_t n) { out.append(static_cast<const char*>(p), n); }
  void U32(std::uint32_t v) { Bytes(&v, sizeof v); }
  void I64(std::int64_t v) { Bytes(&v, sizeof v); }
  void Str(std::string_view v) {
    U32(static_cast<std::uint32_t>(v.size()));
    Bytes(v.data(), v.size());
  }
  void Strs(const std::vector<std::string>& v) {
    U32(static_cast<std::uint32_t>(v.size()));
    for (const auto& x : v) Str(x);
  }
  std::string out;
};

// Reads what Writer wrote; any read past the end marks it failed.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool Bytes(void* p, std::size_t n) {
    if (!ok_ || in_.size() - pos_ < n) return ok_ = false;
    std::memcpy(p, in_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  std::uint32_t U32() {
    std::uint32_t v = 0;
    Bytes(&v, sizeof v);
    return v;
  }
  std::int64_t I64() {
    std::int64_t v = 0;
    Bytes(&v, sizeof v);
    return v;
  }
  std::string Str() {
    std::uint32_t n = U32();
    if (!ok_ || in_.size() - pos_ < n) {
      ok_ = false;
      return {};
    }
    std::string v(in_.substr(pos_, n));
    pos_ += n;
    return v;
  }
  std::vector<std::string> Strs() {
    std::uint32_t n = U32();
    std::vector<std::string> v;
    for (std::uint32_t i = 0; ok_ && i < n; ++i) v.push_back(Str());
    return v;
  }
  // A count of items of at least `item_bytes` each, refused if the rest of
  // the file cannot hold them (a damaged count must not allocate gigabytes).
  std::uint32_t Count(std::size_t item_bytes) {
    std::uint32_t n = U32();
    if (ok_ && static_cast<std::uint64_t>(n) * item_bytes > in_.size() - pos_) ok_ = false;
    return ok_ ? n : 0;
  }
  bool AtEnd() const { return ok_ && pos_ == in_.size(); }
  // Gives the pages already parsed back to the kernel (`in` is a private
  // file mapping): otherwise the whole file counts in the process's RSS on
  // top of the index built from it.
  void DropParsed() {
    constexpr std::size_t kStep = 16u << 20, kPage = 4096;
    std::size_t upto = pos_ / kPage * kPage;
    if (upto < dropped_ + kStep) return;
    ::madvise(const_cast<char*>(in_.data()) + dropped_, upto - dropped_, MADV_DONTNEED);
    dropped_ = upto;
  }

 private:
  std::string_view in_;
  std::size_t pos_ = 0;
  std::size_t dropped_ = 0;
  bool ok_ = true;
};

}  // namespace

Status CatalogIndex::Save(const std::string& path, long long version) const {
  auto snap = Current();
  Writer w;
  w.Bytes(kMagic, sizeof kMagic);
  w.U32(kFormat);
  w.I64(version);
  w.Str(fingerprint_);
  {
    std::shared_lock lock(terms_mu_);
    std::vector<const std::string*> by_id(terms_.size());
    for (const auto& [term, id] : terms_) by_id[id] = &term;
    // Terms interned by an Index() still running have no postings here.
    std::size_t n = std::min(by_id.size(), snap->postings.size());
    w.U32(static_cast<std::uint32_t>(n));
    for (std::size_t t = 0; t < n; ++t) {
      w.Str(*by_id[t]);
      const PostingList* l = snap->postings[t].get();
      w.U32(l ? static_cast<std::uint32_t>(l->size()) : 0);
      if (l) w.Bytes(l->data(), l->size() * sizeof(Posting));
    }
  }
  w.U32(static_cast<std::uint32_t>(snap->hot.size()));
  for (std::size_t d = 0; d < snap->hot.size(); ++d) {
    const Hot& h = snap->hot[d];
    w.U32(static_cast<std::uint32_t>(h.categories) | static_cast<std::uint32_t>(h.areas) << 16);
    w.U32(static_cast<std::uint32_t>(h.audiences) | static_cast<std::uint32_t>(h.platforms) << 8 |
          static_cast<std::uint32_t>(h.kind) << 16);
    w.U32(static_cast<std::uint32_t>(h.valid_until));
    w.U32(snap->lengths[d]);
  }
  w.U32(static_cast<std::uint32_t>(snap->category_sets.size()));
  for (std::uint64_t set : snap->category_sets) w.I64(static_cast<std::int64_t>(set));
  w.Strs(snap->category_slugs);
  w.U32(static_cast<std::uint32_t>(snap->area_sets.size()));
  for (const auto& set : snap->area_sets) w.Strs(set);
  w.U32(static_cast<std::uint32_t>(snap->docs.size()));
  for (const auto& d : snap->docs) {
    std::uint8_t present = d ? 1 : 0;
    w.Bytes(&present, 1);
    if (!d) continue;
    const ServiceSummary& s = d->summary;
    for (const std::string* f :
         {&s.id, &s.name, &s.short_description, &s.url, &s.scope, &s.status, &s.cost, &s.settlement,
          &s.created_at, &s.updated_at, &d->browse_key})
      w.Str(*f);
    w.Strs(s.categories);
    w.Strs(s.audiences);
    w.Strs(s.platforms);
  }
  auto words = spelling_.Words();
  w.U32(static_cast<std::uint32_t>(words.size()));
  for (const auto& [word, n] : words) {
    w.Str(word);
    w.U32(n);
  }

  std::string tmp = path + ".tmp";
  if (auto free = FreeBytesAt(path); free) {
    std::uint64_t need = w.out.size() + std::max<std::uint64_t>(w.out.size(), kIndexDiskReserve);
    if (*free < need)
      return Fail(Error::Unavailable(
          fmt::format("search index: not saved, {} bytes free on the disk of {}, {} needed", *free,
                      path, need)));
  }
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    return Fail(Error::Internal("search index: cannot write " + tmp + ": " + std::strerror(errno)));
  std::size_t done = 0;
  while (done < w.out.size()) {
    ssize_t n = ::write(fd, w.out.data() + done, w.out.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(tmp.c_str());
      return Fail(Error::Internal("search index: cannot write " + tmp + ": " + why));
    }
    done += static_cast<std::size_t>(n);
  }
  // Durable before it replaces the previous file: a crash leaves one whole file.
  bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced || ::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return Fail(Error::Internal("search index: cannot save " + path + ": " + std::strerror(errno)));
  }
  return {};
}

bool CatalogIndex::Load(const std::string& path, long long version) {
  // Mapped, not read: the file is ~1 KB per service, parsed once in order.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st {};
  void* map = MAP_FAILED;
  if (::fstat(fd, &st) == 0 && st.st_size > 0)
    map = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED) return false;
  ::madvise(map, static_cast<std::size_t>(st.st_size), MADV_SEQUENTIAL);
  struct Unmap {
    void* p;
    std::size_t n;
    ~Unmap() { ::munmap(p, n); }
  } unmap{map, static_cast<std::size_t>(st.st_size)};
  Reader r(std::string_view(static_cast<const char*>(map), static_cast<std::size_t>(st.st_size)));
  char magic[sizeof kMagic];
  if (!r.Bytes(magic, sizeof magic) || std::memcmp(magic, kMagic, sizeof kMagic) != 0) return false;
  if (r.U32() != kFormat || r.I64() != version || r.Str() != fingerprint_ || !r.ok()) return false;

  auto next = std::make_shared<Snapshot>();
  std::unordered_map<std::string, std::uint32_t> terms;
  std::uint32_t nterms = r.Count(8);
  next->postings.resize(nterms);
  next->dense.resize(nterms);
  for (std::uint32_t t = 0; r.ok() && t < nterms; ++t) {
    terms.emplace(r.Str(), t);
    std::uint32_t n = r.Count(sizeof(Posting));
    if (n == 0) continue;
    PostingList l(n);
    r.Bytes(l.data(), n * sizeof(Posting));
    next->postings[t] = std::make_shared<const PostingList>(std::move(l));
    r.DropParsed();
  }
  if (terms.size() != nterms) return false;
  std::uint32_t nhot = r.Count(16);
  next->hot.resize(nhot);
  next->lengths.resize(nhot);
  for (std::uint32_t d = 0; d < nhot; ++d) {
    Hot& h = next->hot[d];
    std::uint32_t categories = r.U32(), packed = r.U32();
    h.categories = static_cast<std::uint16_t>(categories);
    h.areas = static_cast<std::uint16_t>(categories >> 16);
    h.audiences = static_cast<std::uint8_t>(packed);
    h.platforms = static_cast<std::uint8_t>(packed >> 8);
    h.kind = static_cast<std::uint8_t>(packed >> 16);
    h.valid_until = static_cast<std::int32_t>(r.U32());
    next->lengths[d] = r.U32();
  }
  std::uint32_t nsets = r.Count(8);
  next->category_sets.resize(nsets);
  for (auto& set : next->category_sets) set = static_cast<std::uint64_t>(r.I64());
  next->category_slugs = r.Strs();
  std::uint32_t nareas = r.Count(4);
  next->area_sets.resize(nareas);
  for (auto& set : next->area_sets) set = r.Strs();
  std::uint32_t ndocs = r.Count(1);
  next->docs.resize(ndocs);
  for (auto& d : next->docs) {
    std::uint8_t present = 0;
    if (!r.Bytes(&present, 1)) break;
    if (!present) continue;
    auto doc = std::make_shared<Doc>();
    ServiceSummary& s = doc->summary;
    for (std::string* f : {&s.id, &s.name, &s.short_description, &s.url, &s.scope, &s.status,
                           &s.cost, &s.settlement, &s.created_at, &s.updated_at, &doc->browse_key})
      *f = r.Str();
    s.categories = r.Strs();
    s.audiences = r.Strs();
    s.platforms = r.Strs();
    d = std::move(doc);
    r.DropParsed();
  }
  std::vector<std::pair<std::string, std::uint32_t>> words(r.Count(8));
  for (auto& [word, n] : words) {
    word = r.Str();
    n = r.U32();
  }
  if (!r.AtEnd()) return false;
  // Everything must point inside what was read.
  if (nhot == 0 || ndocs != nhot || nsets == 0 || next->category_slugs.size() > 64 || nareas == 0)
    return false;
  for (std::uint32_t d = 0; d < nhot; ++d) {
    const Hot& h = next->hot[d];
    if (h.categories >= nsets || h.areas >= nareas ||
        ((h.kind & kPresent) != 0) != (next->docs[d] != nullptr))
      return false;
  }
  for (const auto& l : next->postings)
    if (l)
      for (std::size_t i = 0; i < l->size(); ++i)
        if ((*l)[i].doc >= nhot || !(next->hot[(*l)[i].doc].kind & kPresent) ||
            (i > 0 && (*l)[i].doc <= (*l)[i - 1].doc))
          return false;
  for (std::size_t t = 0; t < nterms; ++t) next->dense[t] = DenseFor(next->postings[t].get(), nhot);

  next->Derive();
  next->clicks = std::make_shared<ClickTable>(nhot + nhot / 4);

  std::lock_guard write_lock(write_mu_);
  {
    std::unique_lock lock(terms_mu_);
    terms_ = std::move(terms);
  }
  word_terms_.clear();
  spelling_.Clear();
  for (const auto& [word, n] : words) spelling_.Add(word, n);
  std::lock_guard lock(snapshot_mu_);
  snapshot_ = std::move(next);
  ++generation_;
  return true;
}

}  // namespace doma::search
