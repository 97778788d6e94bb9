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

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout
  io.write(string.format(
      "RESULT requests=%d seconds=%.2f rps=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d\n",
      summary.requests, seconds, summary.requests / seconds,
      latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000, bad))
end
