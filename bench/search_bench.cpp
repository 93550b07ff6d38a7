// Catalog search in-process, against PostgreSQL's full-text search on the same
// corpus: N synthetic services (tools/synthetic_catalog.h), indexed by the
// real CatalogIndex (Doma's search engine, in memory) and loaded into a PostgreSQL
// table with a generated, weighted `russian` tsvector and a GIN index; then Q
// typical queries drawn from the ~150 distinct ones in bench/queries.txt (one
// a line, most frequent first) with a Zipf distribution (s = 1) over their
// order in the file, the same sequence for both, interleaved query by query so
// that the load of a shared machine falls on both alike. Prints a markdown
// table.
//
//   doma_search_bench [--services 100000] [--queries 1000] [--seed 1] [--home DIR]
//                     [--queries-file bench/queries.txt]  (relative to the current directory)
//                     [--no-pg]  (Doma only, e.g. under perf record)
//                     [--per-query]  (also each distinct query's mean times and matches, on stderr)
//
// The PostgreSQL connection string comes from $DOMA_BENCH_PG (not from the
// command line, where other users could read a password); bench/postgres
// starts a throwaway server and sets it.
//
// Rows:
//   doma      CatalogIndex::Search as the search page calls it (per_page 20,
//             facet counts, corrections when fewer than 3 results);
//   postgres  SELECT id, ts_rank(doc, q) … ORDER BY r DESC LIMIT 20 through
//             libpq with a prepared statement over TCP on 127.0.0.1.
#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "core/text.h"
#include "search/catalog_index.h"
#include "search/lexicon.h"
#include "search/normalize.h"
#include "storage/seed_file.h"
#include "tools/synthetic_catalog.h"

#ifdef DOMA_HAVE_LIBPQ
#include <libpq-fe.h>
#endif

using namespace doma;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

// What people type, most frequent first (the Zipf rank): plain queries, a few
// with a place, English, Latin transliteration, the wrong keyboard layout,
// typos, and a few the catalog has nothing for. One per line in
// bench/queries.txt (UTF-8), shared with the wrk scripts in bench/wrk/;
// blank lines are skipped, a trailing CR is dropped.
std::vector<std::string> LoadQueries(const std::string& path) {
  std::vector<std::string> out;
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    std::fprintf(stderr,
                 "doma_search_bench: cannot read the query list %s: %s\n"
                 "(run from the repository root, or pass --queries-file PATH)\n",
                 path.c_str(), std::strerror(errno));
    std::exit(1);
  }
  std::string line;
  for (int ch; (ch = std::fgetc(f)) != EOF;) {
    if (ch != '\n') {
      line += static_cast<char>(ch);
      continue;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) out.push_back(std::move(line));
    line.clear();
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (!line.empty()) out.push_back(std::move(line));
  std::fclose(f);
  if (out.empty()) {
    std::fprintf(stderr, "doma_search_bench: the query list %s is empty\n", path.c_str());
    std::exit(1);
  }
  return out;
}

std::string Today() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

double Micros(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::micro>(b - a).count();
}

struct Stats {
  double p50 = 0, p99 = 0, mean = 0, max = 0;
};
Stats Summarise(std::vector<double> v) {
  Stats s;
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  auto pct = [&](double p) {
    return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5)];
  };
  s.p50 = pct(0.5);
  s.p99 = pct(0.99);
  s.max = v.back();
  for (double x : v) s.mean += x;
  s.mean /= static_cast<double>(v.size());
  return s;
}
std::string Ms(double us) {
  char buf[32];
  std::snprintf(buf, sizeof buf, us < 10000 ? "%.3f ms" : "%.1f ms", us / 1000);
  return buf;
}

#ifdef DOMA_HAVE_LIBPQ
class Pg {
 public:
  explicit Pg(const std::string& conninfo) : c_(PQconnectdb(conninfo.c_str())) {}
  ~Pg() { PQfinish(c_); }
  bool Ok() const { return PQstatus(c_) == CONNECTION_OK; }
  std::string Error() const { return PQerrorMessage(c_); }
  // Runs SQL; false (and prints the error) on failure.
  bool Exec(const std::string& sql) {
    PGresult* r = PQexec(c_, sql.c_str());
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
    if (!ok)
      std::fprintf(stderr, "postgres: %s: %s", sql.substr(0, 60).c_str(), PQresultErrorMessage(r));
    PQclear(r);
    return ok;
  }
  std::string Value(const std::string& sql) {
    PGresult* r = PQexec(c_, sql.c_str());
    std::string v =
        PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0 ? PQgetvalue(r, 0, 0) : "";
    PQclear(r);
    return v;
  }
  bool Copy(const std::string& sql, const std::string& data) {
    PGresult* r = PQexec(c_, sql.c_str());
    bool ok = PQresultStatus(r) == PGRES_COPY_IN;
    PQclear(r);
    if (!ok) return false;
    constexpr std::size_t kChunk = 1 << 20;
    for (std::size_t i = 0; i < data.size(); i += kChunk)
      if (PQputCopyData(c_, data.data() + i, static_cast<int>(std::min(kChunk, data.size() - i))) !=
          1)
        return false;
    if (PQputCopyEnd(c_, nullptr) != 1) return false;
    r = PQgetResult(c_);
    ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok) std::fprintf(stderr, "postgres: COPY: %s", PQresultErrorMessage(r));
    PQclear(r);
    while ((r = PQgetResult(c_))) PQclear(r);
    return ok;
  }
  bool Prepare(const char* name, const char* sql) {
    PGresult* r = PQprepare(c_, name, sql, 1, nullptr);
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok) std::fprintf(stderr, "postgres: prepare: %s", PQresultErrorMessage(r));
    PQclear(r);
    return ok;
  }
  // Runs the prepared statement; returns the number of rows (-1 on error),
  // reading every value as a client would.
  int Run(const char* name, const std::string& param) {
    const char* values[1] = {param.c_str()};
    PGresult* r = PQexecPrepared(c_, name, 1, values, nullptr, nullptr, 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
      std::fprintf(stderr, "postgres: %s", PQresultErrorMessage(r));
      PQclear(r);
      return -1;
    }
    int n = PQntuples(r);
    for (int i = 0; i < n; ++i)
      sink_ += std::strlen(PQgetvalue(r, i, 0)) + std::strlen(PQgetvalue(r, i, 1));
    PQclear(r);
    return n;
  }

 private:
  PGconn* c_;
  std::size_t sink_ = 0;
};

// A field of PostgreSQL's COPY text format.
void CopyField(std::string& out, const std::string& v) {
  text::AppendEscaped(out, v, {{'\\', "\\\\"}, {'\t', "\\t"}, {'\n', "\\n"}, {'\r', "\\r"}});
}
#endif

}  // namespace

int main(int argc, char** argv) {
  int services_n = 100000, queries_n = 1000;
  unsigned seed = 1;
  bool use_pg = true, per_query = false;
  std::string home = DOMA_SOURCE_DIR;
  std::string queries_file = "bench/queries.txt";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    bool has = i + 1 < argc;
    if (a == "--services" && has)
      services_n = std::atoi(argv[++i]);
    else if (a == "--queries" && has)
      queries_n = std::atoi(argv[++i]);
    else if (a == "--seed" && has)
      seed = static_cast<unsigned>(std::atoi(argv[++i]));
    else if (a == "--home" && has)
      home = argv[++i];
    else if (a == "--queries-file" && has)
      queries_file = argv[++i];
    else if (a == "--no-pg")
      use_pg = false;
    else if (a == "--per-query")
      per_query = true;
    else {
      std::fprintf(stderr,
                   "usage: doma_search_bench [--services N] [--queries Q] [--seed S] [--home DIR] "
                   "[--queries-file FILE] [--no-pg] [--per-query]\n");
      return 2;
    }
  }
  const std::vector<std::string> queries = LoadQueries(queries_file);
  std::string conninfo;
  if (const char* env = std::getenv("DOMA_BENCH_PG"); env && *env) conninfo = env;
#ifndef DOMA_HAVE_LIBPQ
  use_pg = false;
#endif
  if (conninfo.empty()) use_pg = false;

  auto shipped = storage::LoadSeedCatalog(home + "/data/catalog");
  if (!shipped) {
    std::fprintf(stderr, "%s\n", shipped.error().log_detail.c_str());
    return 1;
  }
  auto vocabularies = tools::LoadVocabularies(home + "/data/synthetic/vocabularies.json");
  if (!vocabularies) {
    std::fprintf(stderr, "%s\n", vocabularies.error().log_detail.c_str());
    return 1;
  }
  auto t0 = Clock::now();
  auto services = tools::SyntheticServices(services_n, seed, shipped->categories, **vocabularies);
  for (std::size_t i = 0; i < services.size(); ++i) services[i].seq = static_cast<long long>(i + 1);
  double gen_ms = Micros(t0, Clock::now()) / 1000;

  // Doma: the real search engine.
  auto lexicon = search::Lexicon::Load(home + "/data/search");
  if (!lexicon) {
    std::fprintf(stderr, "%s\n", lexicon.error().log_detail.c_str());
    return 1;
  }
  auto index = std::make_unique<search::CatalogIndex>(*lexicon);
  t0 = Clock::now();
  if (auto r = index->Index(services, shipped->categories); !r) {
    std::fprintf(stderr, "%s\n", r.error().log_detail.c_str());
    return 1;
  }
  index->SetReady();
  double index_ms = Micros(t0, Clock::now()) / 1000;

#ifdef DOMA_HAVE_LIBPQ
  std::unique_ptr<Pg> pg;
  double pg_load_ms = 0;
  std::string pg_size;
  if (use_pg) {
    pg = std::make_unique<Pg>(conninfo);
    if (!pg->Ok()) {
      std::fprintf(stderr, "postgres: %s", pg->Error().c_str());
      return 1;
    }
    // The server's locale must lower-case Cyrillic, or the `russian`
    // stemmer sees "Доставка" unchanged (initdb --locale=C.UTF-8 does).
    if (pg->Value("SELECT to_tsvector('russian', 'ДОСТАВКА')::text") != "'доставк':1") {
      std::fprintf(
          stderr,
          "postgres: the database's locale does not fold Cyrillic (use initdb --locale=C.UTF-8)\n");
      return 1;
    }
    t0 = Clock::now();
    bool ok = pg->Exec("SET client_min_messages = warning") &&
              pg->Exec("DROP TABLE IF EXISTS services") &&
              pg->Exec(
                  "CREATE TABLE services (id text PRIMARY KEY, name text NOT NULL, name_en text "
                  "NOT NULL, "
                  "short_description text NOT NULL, description text NOT NULL, description_en text "
                  "NOT NULL, "
                  "doc tsvector GENERATED ALWAYS AS ("
                  "setweight(to_tsvector('russian', name || ' ' || name_en), 'A') || "
                  "setweight(to_tsvector('russian', short_description), 'B') || "
                  "setweight(to_tsvector('russian', description || ' ' || description_en), 'C')) "
                  "STORED)");
    std::string data;
    data.reserve(services.size() * 900);
    for (const auto& s : services) {
      for (const std::string* f :
           {&s.id, &s.name, &s.name_en, &s.short_description, &s.description, &s.description_en}) {
        CopyField(data, *f);
        data += f == &s.description_en ? '\n' : '\t';
      }
    }
    ok = ok &&
         pg->Copy(
             "COPY services (id, name, name_en, short_description, description, description_en) "
             "FROM STDIN",
             data) &&
         pg->Exec("CREATE INDEX services_doc ON services USING gin (doc)") &&
         pg->Exec("VACUUM ANALYZE services") &&
         pg->Prepare(
             "search",
             "SELECT id, ts_rank(doc, q) AS r FROM services, websearch_to_tsquery('russian', $1) q "
             "WHERE doc @@ q ORDER BY r DESC LIMIT 20");
    if (!ok) return 1;
    pg_load_ms = Micros(t0, Clock::now()) / 1000;
    pg_size = pg->Value(
        "SELECT pg_size_pretty(pg_total_relation_size('services')) || ', GIN index ' || "
        "pg_size_pretty(pg_relation_size('services_doc'))");
  }
#endif

  // The query sequence: Zipf (s = 1) over the list's ranks, own arithmetic
  // on mt19937_64 so that it is the same everywhere.
  std::vector<double> cumulative;
  double total = 0;
  for (std::size_t r = 1; r <= queries.size(); ++r)
    cumulative.push_back(total += 1.0 / static_cast<double>(r));
  std::mt19937_64 rng(seed * 7919u + 17u);
  std::vector<std::size_t> sequence;
  for (int i = 0; i < queries_n; ++i) {
    double u = static_cast<double>(rng() >> 11) * 0x1.0p-53 * total;
    sequence.push_back(static_cast<std::size_t>(
        std::lower_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin()));
  }
  std::vector<bool> drawn(queries.size());
  for (auto q : sequence) drawn[q] = true;

  const std::string today = Today();
  auto doma_search = [&](const std::string& text, long long* total_out) {
    catalog::SearchRequest r;
    r.text = text;
    r.per_page = 20;
    r.today = today;
    auto res = index->Search(r);
    if (!res) {
      std::fprintf(stderr, "search: %s\n", res.error().log_detail.c_str());
      std::exit(1);
    }
    if (total_out) *total_out = res->total;
    return res->corrected_query.has_value() || res->total < 3;
  };

  // Warm-up: every distinct query twice on each engine, matches counted.
  // A query whose literal form finds fewer than 3 services makes Search try
  // corrections (layout, transliteration, spelling): counted apart (those
  // answered by a correction or still finding fewer than 3).
  std::vector<long long> doma_matches(queries.size()), pg_matches(queries.size());
  std::vector<bool> corrected(queries.size());
  for (int round = 0; round < 2; ++round) {
    for (std::size_t q = 0; q < queries.size(); ++q) {
      corrected[q] = doma_search(queries[q], &doma_matches[q]);
#ifdef DOMA_HAVE_LIBPQ
      if (pg) {
        pg->Run("search", queries[q]);
        if (round == 0) {
          std::string lit = queries[q];
          std::string escaped;
          for (char ch : lit) escaped += ch == '\'' ? std::string("''") : std::string(1, ch);
          pg_matches[q] = std::atoll(
              pg->Value(
                    "SELECT count(*) FROM services WHERE doc @@ websearch_to_tsquery('russian', '" +
                    escaped + "')")
                  .c_str());
        }
      }
#endif
    }
  }

  std::vector<double> doma_us, pg_us;
  double doma_hits = 0, pg_hits = 0;
  for (auto q : sequence) {
    const auto& text = queries[q];
    auto a = Clock::now();
    doma_search(text, nullptr);
    doma_us.push_back(Micros(a, Clock::now()));
    doma_hits += static_cast<double>(doma_matches[q]);
#ifdef DOMA_HAVE_LIBPQ
    if (pg) {
      auto e = Clock::now();
      if (pg->Run("search", text) < 0) return 1;
      pg_us.push_back(Micros(e, Clock::now()));
      pg_hits += static_cast<double>(pg_matches[q]);
    }
#endif
  }

  if (per_query) {
    std::map<std::size_t, std::array<double, 3>> by;  // draws, doma, postgres (µs sums)
    for (std::size_t i = 0; i < sequence.size(); ++i) {
      auto& b = by[sequence[i]];
      b[0] += 1;
      b[1] += doma_us[i];
      if (!pg_us.empty()) b[2] += pg_us[i];
    }
    std::fprintf(stderr, "draws\tdoma_ms\tpg_ms\tdoma_matches\tpg_matches\tquery\n");
    for (const auto& [q, b] : by)
      std::fprintf(stderr, "%.0f\t%.3f\t%.3f\t%lld\t%lld\t%s%s\n", b[0], b[1] / b[0] / 1000,
                   b[2] / b[0] / 1000, doma_matches[q], pg_matches[q], queries[q].c_str(),
                   corrected[q] ? " (corrected)" : "");
  }

  auto n = static_cast<double>(sequence.size());
  auto row = [&](const char* what, const std::vector<double>& v, const std::string& matches) {
    auto s = Summarise(v);
    std::printf("| %s | %s | %s | %s | %s | %s |\n", what, Ms(s.p50).c_str(), Ms(s.p99).c_str(),
                Ms(s.mean).c_str(), Ms(s.max).c_str(), matches.c_str());
  };
  int distinct = static_cast<int>(std::count(drawn.begin(), drawn.end(), true));
  double load[3] = {0, 0, 0};
  if (FILE* f = std::fopen("/proc/loadavg", "r")) {
    if (std::fscanf(f, "%lf %lf %lf", &load[0], &load[1], &load[2]) != 3) load[0] = 0;
    std::fclose(f);
  }
  std::printf(
      "Corpus: %d synthetic services (seed %u; generated in %.0f ms). Doma's index built in %.0f "
      "ms.",
      services_n, seed, gen_ms, index_ms);
#ifdef DOMA_HAVE_LIBPQ
  if (pg)
    std::printf(" PostgreSQL %s: COPY + GIN + ANALYZE in %.0f ms, %s.",
                pg->Value("SHOW server_version").c_str(), pg_load_ms, pg_size.c_str());
#endif
  std::printf(
      "\nQueries: %d drawn (Zipf s=1) from %zu typical ones (%d distinct drawn), after a warm-up "
      "of 2 × each; "
      "engines interleaved query by query; load average at the end %.2f.\n\n",
      queries_n, queries.size(), distinct, load[0]);
  std::printf(
      "| what | p50 | p99 | mean | max | matches per query (mean) |\n|---|---|---|---|---|---|\n");
  char m[64];
  std::snprintf(m, sizeof m, "%.0f", doma_hits / n);
  row("Doma `CatalogIndex::Search` (per_page 20, facets, corrections)", doma_us, m);
  if (!pg_us.empty()) {
    std::snprintf(m, sizeof m, "%.0f", pg_hits / n);
    row("PostgreSQL: GIN + `ts_rank`, `websearch_to_tsquery('russian')`, LIMIT 20", pg_us, m);
    auto d = Summarise(doma_us), p = Summarise(pg_us);
    std::printf("| ratio PostgreSQL / Doma | %.1f× | %.1f× | %.1f× | | |\n", p.p50 / d.p50,
                p.p99 / d.p99, p.mean / d.mean);
  }
  std::vector<double> plain_us, fixed_us;
  for (std::size_t i = 0; i < sequence.size(); ++i)
    (corrected[sequence[i]] ? fixed_us : plain_us).push_back(doma_us[i]);
  auto pl = Summarise(plain_us), fx = Summarise(fixed_us);
  std::printf(
      "\nDoma by kind: %zu queries found ≥ 3 services literally: p50 %s, p99 %s; %zu needed "
      "corrections "
      "(typos, layout, Latin, nothing found): p50 %s, p99 %s.\n",
      plain_us.size(), Ms(pl.p50).c_str(), Ms(pl.p99).c_str(), fixed_us.size(), Ms(fx.p50).c_str(),
      Ms(fx.p99).c_str());
  if (pg_us.empty()) {
    std::printf("\n(PostgreSQL skipped: %s)\n",
#ifdef DOMA_HAVE_LIBPQ
                "no $DOMA_BENCH_PG or --no-pg"
#else
                "built without libpq"
#endif
    );
  }
  return 0;
}
