#!/usr/bin/env bash
# Benchmark of the webhook path (signature check + store + enqueue) with wrk.
#
#   bench/webhook.sh sqlite            # embedded default: a SQLite file in a throwaway data dir
#   bench/webhook.sh postgres [URL]    # PostgreSQL; URL defaults to $SPECWRIGHT_TEST_POSTGRES
#   bench/webhook.sh probot            # the bar: bench/probot (Probot, handler does nothing, stores nothing)
#   bench/webhook.sh ceiling           # serve's HTTP stack and checks with an inbox that stores nothing
#
# Specwright: starts target/specwright.jar (building it when missing) with throwaway app credentials on a
# throwaway data dir (PostgreSQL: a throwaway schema), checks that one signed delivery is accepted
# (202), warms up, then runs wrk at 4 and at 32 connections and prints throughput and p50/p99.
# Each line also gives the server process's CPU time per request (user + system, from /proc,
# JIT and GC included; a PostgreSQL server's own CPU is not in it), which shared cores disturb
# far less than throughput. Settings: BENCH_DURATION (default 15s), BENCH_WARMUP (default 45s: on
# 2 cores the JVM's JIT compilers are still busy for about 45 s of load, up to a third of the CPU
# in the first 20 s), BENCH_THREADS (default 2), BENCH_PORT (default 3917), BENCH_CONNECTIONS
# (default "4 32"), BENCH_JAR (another build, for before/after pairs), BENCH_KEEP_LOG (a path to
# copy the server's log to before the throwaway directory goes), BENCH_THREAD_CPU=1 (also print
# each run's CPU per request by server thread group: request threads, inbox writer, processing…),
# BENCH_TIMELINE=1 (also print each run's responses per 100 ms window: a stall shows as a dip),
# BENCH_DRAIN=0 (stop after the runs, without waiting for the backlog to drain).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
db="${1:-sqlite}"
duration="${BENCH_DURATION:-15s}"
threads="${BENCH_THREADS:-2}"
port="${BENCH_PORT:-3917}"
connections="${BENCH_CONNECTIONS:-4 32}"
payload="$root/src/test/resources/fixtures/github/webhooks/issues.labeled.json"
secret="bench-webhook-secret"

command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }
if [[ "$db" == probot ]]; then
  command -v npm >/dev/null || { echo "probot needs Node.js 20.18+ and npm" >&2; exit 1; }
  # Installed outside the repository, from the pinned lock file, once.
  probot_dir="${BENCH_PROBOT_DIR:-${TMPDIR:-/tmp}/specwright-bench-probot}"
  if ! cmp -s "$here/probot/package-lock.json" "$probot_dir/package-lock.json" 2>/dev/null \
      || [[ ! -d "$probot_dir/node_modules" ]]; then
    mkdir -p "$probot_dir"
    cp "$here/probot/package.json" "$here/probot/package-lock.json" "$here/probot/index.js" "$probot_dir/"
    (cd "$probot_dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
  cp "$here/probot/index.js" "$probot_dir/"
else
  # shellcheck source=../.ci/java-home
  source "$root/.ci/java-home"
  jar="${BENCH_JAR:-$root/target/specwright.jar}"
  if [[ ! -f "$jar" ]]; then
    (cd "$root" && ./mvnw -B -q -DskipTests -Dspotless.check.skip=true package)
  fi
  if [[ "$db" == ceiling && ! -f "$root/target/test-classes/dev/specwright/web/WebhookCeilingServer.class" ]]; then
    (cd "$root" && ./mvnw -B -q -Dspotless.check.skip=true test-compile)
  fi
fi

export PGOPTIONS="-c client_min_messages=warning"
work="$(mktemp -d)"
schema=""
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  if [[ -n "$schema" ]]; then psql -q "$pg_url" -c "DROP SCHEMA $schema CASCADE" >/dev/null || true; fi
  [[ -n "${BENCH_KEEP_LOG:-}" ]] && cp "$work/server.log" "$BENCH_KEEP_LOG"; rm -rf "$work"
}
trap cleanup EXIT

openssl genrsa -traditional -out "$work/app.pem" 2048 2>/dev/null \
  || openssl genrsa -out "$work/app.pem" 2048 2>/dev/null
export APP_ID=1 PRIVATE_KEY_PATH="$work/app.pem" WEBHOOK_SECRET="$secret"
export PORT="$port" HOST=127.0.0.1 SPECWRIGHT_DATA_DIR="$work/data" LOG_LEVEL=warn
# No GitHub here: point the API at a closed port so the missed-delivery sweep fails at once.
export GITHUB_API_URL="http://127.0.0.1:9"
case "$db" in
  sqlite|probot|ceiling) unset DATABASE_URL ;;
  postgres|postgresql)
    pg_url="${2:-${SPECWRIGHT_TEST_POSTGRES:-}}"
    [[ -n "$pg_url" ]] || { echo "give a postgres:// URL or set SPECWRIGHT_TEST_POSTGRES" >&2; exit 1; }
    schema="bench_$$_$RANDOM"
    psql -q "$pg_url" -c "CREATE SCHEMA $schema" >/dev/null
    sep="?"; [[ "$pg_url" == *"?"* ]] && sep="&"
    export DATABASE_URL="${pg_url}${sep}currentSchema=${schema}"
    ;;
  *) echo "usage: $0 sqlite | postgres [URL] | probot | ceiling" >&2; exit 2 ;;
esac

if [[ "$db" == probot ]]; then
  # Probot answers 200 where Specwright answers 202; the same path so that one wrk script serves.
  export WEBHOOK_PATH=/webhook NODE_ENV=production
  (cd "$probot_dir" && exec node node_modules/probot/bin/probot.js run ./index.js) >"$work/server.log" 2>&1 &
  server_pid=$!
  expected=200
elif [[ "$db" == ceiling ]]; then
  "$JAVA_HOME/bin/java" ${SPECWRIGHT_JAVA_OPTS:-} -cp "$jar:$root/target/test-classes" \
    dev.specwright.web.WebhookCeilingServer >"$work/server.log" 2>&1 &
  server_pid=$!
  expected=202
else
  "$JAVA_HOME/bin/java" ${SPECWRIGHT_JAVA_OPTS:-} -jar "$jar" serve >"$work/server.log" 2>&1 &
  server_pid=$!
  expected=202
fi
health=/healthz; [[ "$db" == probot ]] && health=/ping
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$port$health" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.5
done

signature="sha256=$(openssl dgst -sha256 -hmac "$secret" -r "$payload" | cut -d' ' -f1)"
status="$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$port/webhook" \
  -H 'Content-Type: application/json' -H 'X-GitHub-Event: issues' \
  -H "X-GitHub-Delivery: bench-check-$$" -H "X-Hub-Signature-256: $signature" \
  --data-binary "@$payload")"
[[ "$status" == "$expected" ]] || { echo "a signed delivery got $status, not $expected" >&2; cat "$work/server.log" >&2; exit 1; }

export BENCH_PAYLOAD="$payload" BENCH_SIGNATURE="$signature"
# utime + stime of the server process, in clock ticks (fields 14 and 15 of /proc/PID/stat).
cpu_ticks() { awk '{sub(/.*\) /, ""); print $12 + $13}' "/proc/$server_pid/stat"; }
# The same per thread, summed by thread name with digits masked ("inbox-writer-0" and "-1" together):
# "name<TAB>ticks" lines, for BENCH_THREAD_CPU=1.
thread_ticks() {
  for t in /proc/"$server_pid"/task/*; do
    printf '%s\t%s\n' "$(tr -d '\n' <"$t/comm" | sed 's/[0-9][0-9]*/N/g')" \
      "$(awk '{sub(/.*\) /, ""); print $12 + $13}' "$t/stat" 2>/dev/null || echo 0)"
  done | awk -F'\t' '{sum[$1] += $2} END {for (n in sum) printf "%s\t%d\n", n, sum[n]}'
}
tick_hz="$(getconf CLK_TCK)"
echo "webhook benchmark: $db, $(wc -c <"$payload") byte issues.labeled, $duration per run, $(nproc) cores, $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
BENCH_RUN="warmup" wrk -t"$threads" -c4 -d"${BENCH_WARMUP:-45s}" -s "$here/webhook.lua" "http://127.0.0.1:$port" >/dev/null
for c in $connections; do
  t=$(( threads < c ? threads : c ))
  before="$(cpu_ticks)"
  [[ -n "${BENCH_THREAD_CPU:-}" ]] && threads_before="$(thread_ticks)"
  output="$(BENCH_RUN="c$c" wrk -t"$t" -c"$c" -d"$duration" --timeout 10s -s "$here/webhook.lua" \
    "http://127.0.0.1:$port")"
  result="$(grep '^RESULT' <<<"$output")"
  after="$(cpu_ticks)"
  requests="$(sed -n 's/.*requests=\([0-9]*\).*/\1/p' <<<"$result")"
  cpu_us="$(( (after - before) * 1000000 / tick_hz / (requests > 0 ? requests : 1) ))"
  echo "connections=$c ${result#RESULT } server_cpu_us_per_request=$cpu_us"
  if [[ -n "${BENCH_TIMELINE:-}" ]]; then
    grep '^TIMELINE' <<<"$output" | sed 's/^TIMELINE /  responses_per_100ms: /'
  fi
  if [[ -n "${BENCH_THREAD_CPU:-}" ]]; then
    # CPU per request by thread group over this run, the largest first (JIT and GC threads too).
    awk -F'\t' -v hz="$tick_hz" -v n="${requests:-1}" 'NR == FNR {b[$1] = $2; next}
      {d = $2 - b[$1]; if (d > 0) printf "%d\t%s=%dus\n", d, $1, d * 1000000 / hz / (n > 0 ? n : 1)}' \
      <(echo "$threads_before") <(thread_ticks) | sort -rn | head -8 | cut -f2 | paste -sd' ' \
      | sed 's/^/  thread_cpu_per_request: /'
  fi
done
[[ "$db" == probot || "$db" == ceiling || "${BENCH_DRAIN:-1}" == 0 ]] && exit 0
# Processing runs beside intake and may fall behind in a burst: the backlog the runs left, and how
# fast it drains once the requests stop (specwright_deliveries_pending on /metrics).
pending() {
  curl -s "http://127.0.0.1:$port/metrics" | awk '/^specwright_deliveries_pending /{printf "%d", $2}'
}
backlog="$(pending)"
drain_start="$(date +%s%N)"
while [[ "$(pending)" -gt 0 ]] && (( $(date +%s%N) - drain_start < 600000000000 )); do sleep 0.2; done
drain_ms="$(( ($(date +%s%N) - drain_start) / 1000000 ))"
echo "backlog_after_runs=${backlog:-?} drained_in_ms=$drain_ms left=$(pending)" \
  "drain_rate=$(( ${backlog:-0} * 1000 / (drain_ms > 0 ? drain_ms : 1) ))/s"
if [[ -f "$work/data/specwright.db-wal" ]]; then
  # SQLite: the WAL cannot start over while writes never pause, so a burst grows its file; once
  # the database has been quiet for a second the checkpointer cuts it back (64 MB at most).
  sleep 2.5
  echo "sqlite_file_bytes=$(stat -c %s "$work/data/specwright.db") wal_file_bytes=$(stat -c %s "$work/data/specwright.db-wal")"
fi
accepted="$(curl -s "http://127.0.0.1:$port/metrics" \
  | grep -E '^specwright_webhooks_received_total\{event="issues",outcome="accepted"\}' | awk '{print $2}')"
echo "accepted deliveries (from /metrics): ${accepted:-0}"
