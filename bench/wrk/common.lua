-- Shared by the wrk scripts in this folder (each loads it with dofile):
-- counts every response by status in each thread and prints, in done(), one
-- machine-readable line that bench/run parses:
--   doma-bench requests=N duration_us=N bytes=N p50_us=N p99_us=N
--     connect=N read=N write=N timeout=N status_ge_400=N non2xx=N statuses=200:N,404:N
--     [extra=…]
-- non2xx counts every status outside 200–299 (wrk's own "Non-2xx or 3xx"
-- line counts only statuses above 399). Every run, Doma's and nginx's, goes
-- through a response() callback, so wrk does the same work for both.
local M = {}

function M.read_lines(path)
  local f, err = io.open(path, "r")
  if not f then error("cannot read " .. path .. ": " .. tostring(err)) end
  local out = {}
  for line in f:lines() do
    line = line:gsub("\r$", "")
    if line ~= "" then out[#out + 1] = line end
  end
  f:close()
  if #out == 0 then error(path .. " is empty") end
  return out
end

-- Percent-encodes everything but RFC 3986's unreserved characters (a space
-- becomes %20, UTF-8 bytes become %XX each).
function M.encode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", c:byte()) end))
end

-- Installs setup/response/done as globals. Options (all optional):
--   extra = "name": a global number each thread keeps (e.g. answers that found
--           nothing), summed over the threads and printed in done();
--   inspect = function(status, body): called for every response after it is
--           counted (only the API script looks at bodies).
function M.install(opts)
  opts = opts or {}
  local extra = opts.extra
  -- wrk runs each thread's init() right after that thread's setup(), before
  -- the next thread exists, so a thread cannot count the others: the count
  -- comes from $WRK_THREADS (bench/run sets it to wrk's -t), and a thread
  -- beyond it stops the run rather than repeat another thread's requests.
  local count = tonumber(os.getenv("WRK_THREADS") or "1")
  local threads = {}
  function setup(thread)
    threads[#threads + 1] = thread
    if #threads > count then
      error("wrk runs more threads than WRK_THREADS=" .. count .. ": set WRK_THREADS to wrk's -t")
    end
    thread:set("thread_index", #threads - 1)  -- 0-based
    thread:set("thread_count", count)
  end
  statuses = {}
  if extra then _G[extra] = 0 end
  local inspect = opts.inspect
  function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
    if inspect then inspect(status, body) end
  end
  function done(summary, latency)
    local all, non2xx = {}, 0
    local extra_sum = 0
    for _, t in ipairs(threads) do
      for status, n in pairs(t:get("statuses") or {}) do
        all[status] = (all[status] or 0) + n
        if status < 200 or status > 299 then non2xx = non2xx + n end
      end
      if extra then extra_sum = extra_sum + (t:get(extra) or 0) end
    end
    local keys = {}
    for status in pairs(all) do keys[#keys + 1] = status end
    table.sort(keys)
    local parts = {}
    for _, status in ipairs(keys) do parts[#parts + 1] = status .. ":" .. all[status] end
    local e = summary.errors
    io.write(string.format(
      "doma-bench requests=%d duration_us=%d bytes=%d p50_us=%d p99_us=%d connect=%d read=%d write=%d timeout=%d status_ge_400=%d non2xx=%d statuses=%s%s\n",
      summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(99),
      e.connect, e.read, e.write, e.timeout, e.status, non2xx, table.concat(parts, ","),
      extra and string.format(" %s=%d", extra, extra_sum) or ""))
  end
end

return M
