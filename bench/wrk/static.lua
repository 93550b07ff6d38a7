-- One fixed path (the URL's), for nginx's reference files and Doma's CSS:
--   wrk -t1 -c32 -d30s --latency -s bench/wrk/static.lua http://127.0.0.1:PORT/static/style.css
-- It still builds the request in Lua and counts statuses in response(), as
-- the other scripts do, so that wrk spends the same per request on both sides.
local dir = debug.getinfo(1, "S").source:sub(2):match("^(.*/)") or "./"
local common = dofile(dir .. "common.lua")
common.install()

local req
function init()
  req = wrk.format("GET", wrk.path)
end

function request()
  return req
end
