-- The search page with the typical query mix: /search?q=<query> where the
-- query is drawn from bench/queries.txt (most frequent first) with a Zipf
-- distribution, s = 1, over the line ranks — as doma_search_bench draws them.
-- The generator is seeded (BENCH_SEED, default 1, plus the thread's index),
-- so every run sends the same sequence.
--   wrk -t1 -c32 -d30s --latency -s bench/wrk/search_zipf.lua http://127.0.0.1:PORT
-- Run from the repository root (or set BENCH_QUERIES to the list's path).
local dir = debug.getinfo(1, "S").source:sub(2):match("^(.*/)") or "./"
local common = dofile(dir .. "common.lua")
common.install()

local reqs, cumulative, total

function init()
  local queries = common.read_lines(os.getenv("BENCH_QUERIES") or "bench/queries.txt")
  reqs, cumulative, total = {}, {}, 0
  for rank, q in ipairs(queries) do
    total = total + 1 / rank
    cumulative[rank] = total
    reqs[rank] = wrk.format("GET", "/search?q=" .. common.encode(q))
  end
  math.randomseed((tonumber(os.getenv("BENCH_SEED")) or 1) * 7919 + 17 + thread_index)
end

function request()
  -- The first rank whose cumulative weight reaches u.
  local u = math.random() * total
  local lo, hi = 1, #cumulative
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cumulative[mid] < u then lo = mid + 1 else hi = mid end
  end
  return reqs[lo]
end
