-- wrk script for bench/webhook.sh: POSTs one real, signed 13.8 KB issues.labeled delivery
-- (fixtures/github/webhooks/issues.labeled.json) with a fresh X-GitHub-Delivery on every request,
-- as GitHub would. The body never changes, so its signature is computed once by webhook.sh and
-- passed in the environment; only the delivery id (thread number + counter) varies.

local payload_file = os.getenv("BENCH_PAYLOAD")
local signature = os.getenv("BENCH_SIGNATURE")
local run = os.getenv("BENCH_RUN") or "run"

local f = assert(io.open(payload_file, "rb"))
local body = f:read("*a")
f:close()

local threads = {}
local next_id = 0

-- BENCH_TIMELINE=1: count responses per 100 ms window (monotonic clock, through LuaJIT's FFI), so
-- that a stall shows as windows with few responses, where a percentile only says that one happened.
local timeline = (os.getenv("BENCH_TIMELINE") or "") ~= ""
if timeline then
  local ffi = require("ffi")
  ffi.cdef [[
    typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
    int clock_gettime(int clock, bench_timespec *ts);
  ]]
  local now = ffi.new("bench_timespec")
  windows = {}
  function response(status, headers, body)
    ffi.C.clock_gettime(1, now) -- CLOCK_MONOTONIC
    local w = tonumber(now.tv_sec) * 10 + math.floor(tonumber(now.tv_nsec) / 1e8)
    windows[w] = (windows[w] or 0) + 1
  end
end

function setup(thread)
  next_id = next_id + 1
  thread:set("tid", next_id)
  table.insert(threads, thread)
end

local headers
local counter = 0
local prefix

function init(args)
  prefix = run .. "-" .. tid .. "-"
  headers = {
    ["Content-Type"] = "application/json",
    ["User-Agent"] = "GitHub-Hookshot/bench",
    ["X-GitHub-Event"] = "issues",
    ["X-GitHub-Hook-ID"] = "1",
    ["X-Hub-Signature-256"] = signature,
  }
end

function request()
  counter = counter + 1
  headers["X-GitHub-Delivery"] = prefix .. counter
  return wrk.format("POST", "/webhook", headers, body)
end

-- "TIMELINE median=… min=… slow=… counts=…": responses per 100 ms window over all threads, the
-- first and last (partial) windows left out; slow counts windows below a third of the median.
local function timeline_line()
  local all, first, last = {}, nil, nil
  for _, t in ipairs(threads) do
    for w, n in pairs(t:get("windows")) do
      all[w] = (all[w] or 0) + n
      if not first or w < first then first = w end
      if not last or w > last then last = w end
    end
  end
  local counts = {}
  if first then
    for w = first + 1, last - 1 do table.insert(counts, all[w] or 0) end
  end
  if #counts == 0 then return "TIMELINE none\n" end
  local sorted = {}
  for i, n in ipairs(counts) do sorted[i] = n end
  table.sort(sorted)
  local median = sorted[math.floor((#sorted + 1) / 2)]
  local slow = 0
  for _, n in ipairs(counts) do if n * 3 < median then slow = slow + 1 end end
  return string.format("TIMELINE median=%d min=%d slow=%d counts=%s\n",
      median, sorted[1], slow, table.concat(counts, ","))
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout
  io.write(string.format(
      "RESULT requests=%d seconds=%.2f rps=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d\n",
      summary.requests, seconds, summary.requests / seconds,
      latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000, bad))
  if timeline then io.write(timeline_line()) end
end
