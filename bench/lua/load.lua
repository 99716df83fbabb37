-- wrk script for flashsale's benchmark: every request carries the bearer token of the next user in a token file
-- (one JWT a line, minted by lib/mint.mjs), so the load comes from many distinct users, not one.
--
--   wrk -t T -c C -d MAX -s load.lua URL -- MODE TOKENS QUOTA OUT_DIR T [SALE_ID]
--
-- MODE     snapup: POST /api/snap-up/checkouts {"promotionVariantId": SALE_ID, "quantity": 1}
--          the candidates for the HTTP + JWT ceiling, all authenticated and cheap:
--          invalid: the same POST with quantity 11 (400 VALIDATION_FAILED, refused before any store is asked)
--          checkouts: GET /api/checkouts (200, the caller's checkouts: none, one indexed MySQL query)
--          checkout404: GET /api/checkouts/{random uuid} (404 after one MySQL and one Redis lookup)
--          unmapped: GET /api/bench/unmapped (404 from Spring MVC)
-- TOKENS   the token file; thread i of T takes lines i, i+T, i+2T, ... and cycles through them
-- QUOTA    total requests over all threads (0: run for wrk's -d); a thread sends exactly its share (delay()
--          parks its connections once the share is out), waits for every answer, then stops and writes "done"
--          to its progress file so that bench/run can stop wrk at once
-- OUT_DIR  progress files (progress.<thread>) and, at the end, result.json
-- T        wrk's thread count again (a thread can't learn it otherwise)
--
-- Records per thread, with wall-clock times: answers per HTTP status and per problem "code", answers per
-- second and status, first/last answer, first/last 202, and how many 429/503 answers carried Retry-After (a
-- deliberate refusal, as against a failure). wrk's own latency histogram gives the percentiles.
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk, bench_timespec *tp);
]]
local ts = ffi.new("bench_timespec")
local function now_ms()
  ffi.C.clock_gettime(0, ts) -- CLOCK_REALTIME, to line up with the other probes of the run
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

-- setup phase (its own Lua state)
local threads = {}
local nthreads = 0
function setup(thread)
  thread:set("tid", nthreads)
  nthreads = nthreads + 1
  table.insert(threads, thread)
end

-- running phase (one Lua state per thread); globals, so that done() can read them with thread:get()
requests, count, next_index = {}, 0, 1
by_status, by_code, per_second = {}, {}, {}
first_ms, last_ms, first_ok_ms, last_ok_ms = 0, 0, 0, 0
answered, accepted, reserved = 0, 0, 0
retry_after_429, retry_after_503 = 0, 0
progress_ms = 0

local hex = "0123456789abcdef"
local function random_uuid()
  local t = {}
  for i = 1, 32 do
    local r = math.random(1, 16)
    t[i] = hex:sub(r, r)
  end
  local s = table.concat(t)
  return s:sub(1, 8) .. "-" .. s:sub(9, 12) .. "-4" .. s:sub(14, 16) .. "-a" .. s:sub(18, 20) .. "-" .. s:sub(21, 32)
end

local function write_progress(final)
  local f = io.open(progress_file, "w")
  if f then
    f:write(string.format("%d %d %s\n", answered, accepted, final and "done" or "running"))
    f:close()
  end
end

function init(args)
  mode, quota, out_dir = args[1], tonumber(args[3]), args[4]
  local threads_total = tonumber(args[5])
  local sale = args[6] or "0"
  progress_file = out_dir .. "/progress." .. tid
  math.randomseed(os.time() + tid * 7919)
  local body = '{"promotionVariantId":' .. sale .. ',"quantity":' .. (mode == "invalid" and 11 or 1) .. '}'
  local paths = { checkouts = "/api/checkouts", unmapped = "/api/bench/unmapped" }
  local i = 0
  for line in io.lines(args[2]) do
    if i % threads_total == tid and #line > 0 then
      count = count + 1
      if mode == "snapup" or mode == "invalid" then
        requests[count] = wrk.format("POST", "/api/snap-up/checkouts",
          { ["Authorization"] = "Bearer " .. line, ["Content-Type"] = "application/json" }, body)
      elseif paths[mode] then
        requests[count] = wrk.format("GET", paths[mode], { ["Authorization"] = "Bearer " .. line })
      else
        requests[count] = line -- checkout404: the token; the path changes with every request
      end
    end
    i = i + 1
  end
  if quota > 0 then
    -- this thread's share of the quota; the first threads take the remainder
    local share = math.floor(quota / threads_total)
    if tid < quota % threads_total then share = share + 1 end
    quota = share
  end
  write_progress(false)
end

-- called before every request: lets a request go while this thread's share isn't used up, else parks the connection
function delay()
  if quota == 0 then return 0 end
  if reserved < quota then
    reserved = reserved + 1
    return 0
  end
  return 3600000
end

function request()
  local r = requests[next_index]
  next_index = next_index + 1
  if next_index > count then next_index = 1 end
  if mode ~= "checkout404" then
    return r
  end
  return wrk.format("GET", "/api/checkouts/" .. random_uuid(), { ["Authorization"] = "Bearer " .. r })
end

function response(status, headers, body)
  local t = now_ms()
  if first_ms == 0 then first_ms = t end
  last_ms = t
  answered = answered + 1
  by_status[status] = (by_status[status] or 0) + 1
  -- flat keys "second:status": wrk's thread:get() can't carry nested tables
  local key = math.floor(t / 1000) .. ":" .. status
  per_second[key] = (per_second[key] or 0) + 1
  if status == 202 then
    accepted = accepted + 1
    if first_ok_ms == 0 then first_ok_ms = t end
    last_ok_ms = t
  elseif status >= 400 then
    local code = body and body:match('"code":"([A-Z_]+)"') or "none"
    local key = status .. " " .. code
    by_code[key] = (by_code[key] or 0) + 1
    if headers["Retry-After"] or headers["retry-after"] then
      if status == 429 then retry_after_429 = retry_after_429 + 1 end
      if status == 503 then retry_after_503 = retry_after_503 + 1 end
    end
  end
  if quota > 0 and answered >= quota then
    write_progress(true)
    wrk.thread:stop()
  elseif answered % 2000 == 0 or t - progress_ms >= 1000 then
    -- at least once a second: bench/run takes a thread that reports nothing for 40 s for stalled
    progress_ms = t
    write_progress(false)
  end
end

-- done phase (the setup state again): gather the threads' records into one JSON file
local function json(v)
  local t = type(v)
  if t == "table" then
    local parts = {}
    for k, x in pairs(v) do
      parts[#parts + 1] = string.format("%q:%s", tostring(k), json(x))
    end
    return "{" .. table.concat(parts, ",") .. "}"
  elseif t == "number" then
    return string.format("%.3f", v)
  elseif t == "nil" then
    return "null"
  end
  return string.format("%q", tostring(v))
end

function done(summary, latency, requests_stats)
  local out = {
    summary = {
      duration_us = summary.duration, requests = summary.requests, bytes = summary.bytes,
      errors = summary.errors,
    },
    latency_us = {
      min = latency.min, max = latency.max, mean = latency.mean, stdev = latency.stdev,
      p50 = latency:percentile(50), p90 = latency:percentile(90), p99 = latency:percentile(99),
      p999 = latency:percentile(99.9),
    },
    threads = {},
  }
  for i, thread in ipairs(threads) do
    out.threads[i] = {
      answered = thread:get("answered"), accepted = thread:get("accepted"),
      first_ms = thread:get("first_ms"), last_ms = thread:get("last_ms"),
      first_ok_ms = thread:get("first_ok_ms"), last_ok_ms = thread:get("last_ok_ms"),
      by_status = thread:get("by_status"), by_code = thread:get("by_code"), per_second = thread:get("per_second"),
      retry_after_429 = thread:get("retry_after_429"), retry_after_503 = thread:get("retry_after_503"),
    }
  end
  local dir = threads[1]:get("out_dir")
  local f = assert(io.open(dir .. "/result.json", "w"))
  f:write(json(out))
  f:close()
end
