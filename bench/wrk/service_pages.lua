-- Service pages: /services/{id} over every id of the seeded catalog, in an
-- order shuffled once with a fixed seed (the same each run); thread k of n
-- starts k/n of the way through the list.
--   wrk -t1 -c32 -d30s --latency -s bench/wrk/service_pages.lua http://127.0.0.1:PORT -- IDS_FILE
-- IDS_FILE has one service id per line (bench/run writes it from the
-- database: SELECT id FROM services ORDER BY seq).
local dir = debug.getinfo(1, "S").source:sub(2):match("^(.*/)") or "./"
local common = dofile(dir .. "common.lua")
common.install()

local reqs, pos

function init(args)
  local file = args[1] or os.getenv("BENCH_SERVICE_IDS")
  if not file then error("service_pages.lua: pass the ids file after --, or set BENCH_SERVICE_IDS") end
  local ids = common.read_lines(file)
  math.randomseed(4242)
  for i = #ids, 2, -1 do
    local j = math.random(i)
    ids[i], ids[j] = ids[j], ids[i]
  end
  reqs = {}
  for i, id in ipairs(ids) do reqs[i] = wrk.format("GET", "/services/" .. common.encode(id)) end
  pos = math.floor(#reqs * thread_index / thread_count)
end

function request()
  pos = pos % #reqs + 1
  return reqs[pos]
end
